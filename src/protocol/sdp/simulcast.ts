// a=simulcast (RFC 8853 §5.1): which RIDs are sent and received as simulcast streams.
import { badValue, fields } from './grammar.js';
import { isRidId } from './rid.js';

/** One RID in a simulcast list; `paused` is the "~" prefix. */
export interface SimulcastRid {
  rid: string;
  paused: boolean;
}

/**
 * A parsed `a=simulcast` value. Each direction is a list of streams; each stream is a list
 * of alternative RIDs (the ',' lists between ';').
 */
export interface Simulcast {
  send?: SimulcastRid[][];
  recv?: SimulcastRid[][];
}

function parseStreamList(text: string): SimulcastRid[][] {
  // RFC 8853 §5.1: sc-str-list = sc-alt-list *(";" sc-alt-list); sc-alt-list = sc-id *("," sc-id)
  return text.split(';').map((alternatives) =>
    alternatives.split(',').map((scId) => {
      const paused = scId.startsWith('~');
      const rid = paused ? scId.slice(1) : scId;
      if (!isRidId(rid)) badValue('simulcast', `bad rid-id ${JSON.stringify(scId)}`);
      return { rid, paused };
    }),
  );
}

function serializeStreamList(streams: SimulcastRid[][]): string {
  return streams.map((alts) => alts.map((r) => (r.paused ? `~${r.rid}` : r.rid)).join(',')).join(';');
}

/** Parses an `a=simulcast` value; throws ParseError when malformed. */
export function parseSimulcast(value: string): Simulcast {
  const f = fields(value);
  // RFC 8853 §5.1: sc-value = (sc-send [SP sc-recv]) / (sc-recv [SP sc-send])
  if (f.length !== 2 && f.length !== 4) {
    badValue('simulcast', `expected "send|recv <list>", got ${JSON.stringify(value)}`);
  }
  const out: Simulcast = {};
  for (let i = 0; i < f.length; i += 2) {
    const direction = f[i]!;
    if ((direction !== 'send' && direction !== 'recv') || out[direction] !== undefined) {
      badValue('simulcast', `bad or repeated direction ${JSON.stringify(direction)}`);
    }
    out[direction] = parseStreamList(f[i + 1]!);
  }
  return out;
}

/** Writes an `a=simulcast` value, send list first. */
export function serializeSimulcast(s: Simulcast): string {
  const parts: string[] = [];
  if (s.send) parts.push(`send ${serializeStreamList(s.send)}`);
  if (s.recv) parts.push(`recv ${serializeStreamList(s.recv)}`);
  return parts.join(' ');
}
