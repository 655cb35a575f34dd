// a=ssrc and a=ssrc-group (RFC 5576 §4.1-4.2): source-specific attributes.
import { badValue, fields, isToken, parseIntIn, splitFirst } from './grammar.js';

/** A parsed `a=ssrc:<ssrc> <attribute>[:<value>]` value. */
export interface SsrcAttribute {
  ssrc: number;
  /** e.g. "cname", "msid". */
  attribute: string;
  /** Everything after the first ':' (may hold spaces, as "msid:<stream> <track>" does). */
  value?: string;
}

/** A parsed `a=ssrc-group:<semantics> <ssrc> ...` value (e.g. FID, SIM, FEC-FR). */
export interface SsrcGroup {
  semantics: string;
  ssrcs: number[];
}

/** Parses an SSRC: an unsigned 32-bit decimal (RFC 5576 §4.1). */
function parseSsrcId(text: string, attribute: string): number {
  return parseIntIn(text, 0, 0xffffffff, `a=${attribute} ssrc`);
}

/** Parses an `a=ssrc` value; throws ParseError when malformed. */
export function parseSsrc(value: string): SsrcAttribute {
  const [idText, rest] = splitFirst(value.trimStart(), ' ');
  const ssrc = parseSsrcId(idText, 'ssrc');
  if (rest === undefined) badValue('ssrc', 'missing source attribute');
  const [attribute, attrValue] = splitFirst(rest.trimStart(), ':');
  // RFC 5576 §4.1: the source attribute follows RFC 4566 att-field syntax, a token.
  if (!isToken(attribute)) badValue('ssrc', `bad source attribute ${JSON.stringify(attribute)}`);
  return attrValue === undefined ? { ssrc, attribute } : { ssrc, attribute, value: attrValue };
}

/** Writes an `a=ssrc` value. */
export function serializeSsrc(s: SsrcAttribute): string {
  return s.value === undefined ? `${s.ssrc} ${s.attribute}` : `${s.ssrc} ${s.attribute}:${s.value}`;
}

/** Parses an `a=ssrc-group` value; throws ParseError when malformed. */
export function parseSsrcGroup(value: string): SsrcGroup {
  const f = fields(value);
  if (f.length === 0 || !isToken(f[0]!)) badValue('ssrc-group', `bad semantics in ${JSON.stringify(value)}`);
  return { semantics: f[0]!, ssrcs: f.slice(1).map((s) => parseSsrcId(s, 'ssrc-group')) };
}

/** Writes an `a=ssrc-group` value. */
export function serializeSsrcGroup(g: SsrcGroup): string {
  return [g.semantics, ...g.ssrcs.map(String)].join(' ');
}
