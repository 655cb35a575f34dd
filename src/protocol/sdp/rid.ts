// a=rid (RFC 8851 §10): an RTP stream id with its direction and restrictions.
import { badValue, parsePayloadType, splitFirst } from './grammar.js';

/** Direction of a RID: the offerer sends it, or receives it. */
export type RidDirection = 'send' | 'recv';

/** A parsed `a=rid:<id> <send|recv> [pt=<fmt>,...;][<key>[=<value>];...]` value. */
export interface Rid {
  id: string;
  direction: RidDirection;
  /** The `pt=` list, which the grammar places first; omitted when absent. */
  payloadTypes?: number[];
  /** The other restrictions (max-width, max-fps, depend, ...) in order; bare keys map to undefined. */
  params: Map<string, string | undefined>;
}

// RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_")
const RID_ID = /^[A-Za-z0-9_-]+$/;
// RFC 8851 §10: rid-param-other key = 1*(alpha-numeric / "-")
const PARAM_KEY = /^[A-Za-z0-9-]+$/;

/** True when `text` is a valid rid-id. */
export function isRidId(text: string): boolean {
  return RID_ID.test(text);
}

/** Parses an `a=rid` value; throws ParseError when malformed. */
export function parseRid(value: string): Rid {
  const [id, afterId] = splitFirst(value.trim(), ' ');
  if (!isRidId(id)) badValue('rid', `bad rid-id ${JSON.stringify(id)}`);
  const [direction, paramText] = splitFirst((afterId ?? '').trimStart(), ' ');
  if (direction !== 'send' && direction !== 'recv') {
    badValue('rid', `direction must be send or recv, got ${JSON.stringify(direction)}`);
  }
  const rid: Rid = { id, direction, params: new Map() };
  const items = (paramText ?? '').split(';').map((s) => s.trim());
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item === '') {
      if (items.length === 1) break; // no restrictions at all
      badValue('rid', 'empty restriction');
    }
    const [key, v] = splitFirst(item, '=');
    if (key === 'pt') {
      // RFC 8851 §10: the pt= list, when present, is the first restriction.
      if (i !== 0 || v === undefined) badValue('rid', 'pt= must be the first restriction and have a value');
      rid.payloadTypes = v.split(',').map((pt) => parsePayloadType(pt.trim(), 'rid'));
      continue;
    }
    if (!PARAM_KEY.test(key)) badValue('rid', `bad restriction name ${JSON.stringify(key)}`);
    rid.params.set(key, v);
  }
  return rid;
}

/** Writes an `a=rid` value. */
export function serializeRid(rid: Rid): string {
  const items: string[] = [];
  if (rid.payloadTypes !== undefined) items.push(`pt=${rid.payloadTypes.join(',')}`);
  for (const [k, v] of rid.params) items.push(v === undefined ? k : `${k}=${v}`);
  const head = `${rid.id} ${rid.direction}`;
  return items.length === 0 ? head : `${head} ${items.join(';')}`;
}
