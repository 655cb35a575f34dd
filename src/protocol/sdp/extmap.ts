// a=extmap (RFC 8285 §8): RTP header extension id <-> URI.
import { badValue, fields, parseIntIn, splitFirst } from './grammar.js';

/** Directions an extmap may carry (RFC 8285 §8). */
export type ExtmapDirection = 'sendonly' | 'recvonly' | 'sendrecv' | 'inactive';

/** A parsed `a=extmap:<id>[/<direction>] <uri> [<attributes>]` value. */
export interface Extmap {
  id: number;
  direction?: ExtmapDirection;
  uri: string;
  /** Extension attributes after the URI, verbatim. */
  attributes?: string;
}

const EXTMAP_DIRECTIONS: ReadonlySet<string> = new Set(['sendonly', 'recvonly', 'sendrecv', 'inactive']);

/** Parses an `a=extmap` value; throws ParseError when malformed. */
export function parseExtmap(value: string): Extmap {
  const f = fields(value);
  if (f.length < 2) badValue('extmap', `expected "<id> <uri>", got ${JSON.stringify(value)}`);
  const [idText, direction] = splitFirst(f[0]!, '/');
  // RFC 8285 §6: ids 1-14 (one-byte), 1-255 (two-byte); 4096-4351 only during negotiation.
  const id = parseIntIn(idText, 1, 4351, 'a=extmap id');
  if (id > 255 && id < 4096) badValue('extmap', `id ${id} is outside the valid ranges`);
  const map: Extmap = { id, uri: f[1]! };
  if (direction !== undefined) {
    if (!EXTMAP_DIRECTIONS.has(direction)) badValue('extmap', `bad direction ${JSON.stringify(direction)}`);
    map.direction = direction as ExtmapDirection;
  }
  if (f.length > 2) map.attributes = f.slice(2).join(' ');
  return map;
}

/** Writes an `a=extmap` value. */
export function serializeExtmap(map: Extmap): string {
  let out = map.direction === undefined ? `${map.id}` : `${map.id}/${map.direction}`;
  out += ` ${map.uri}`;
  if (map.attributes !== undefined) out += ` ${map.attributes}`;
  return out;
}
