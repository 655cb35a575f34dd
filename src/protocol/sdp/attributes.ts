// Lookup helpers over a= lines, plus the flag attributes that need no value parser.
import { ParseError } from './errors.js';
import type { SdpAttribute } from './types.js';

/** Value of the first `a=key` line; '' for a flag attribute, undefined when absent. */
export function getAttribute(list: readonly SdpAttribute[], key: string): string | undefined {
  for (const a of list) if (a.key === key) return a.value ?? '';
  return undefined;
}

/** Values of every `a=key` line, in order ('' for flag attributes). */
export function getAttributes(list: readonly SdpAttribute[], key: string): string[] {
  const out: string[] = [];
  for (const a of list) if (a.key === key) out.push(a.value ?? '');
  return out;
}

/** True when at least one `a=key` line is present. */
export function hasAttribute(list: readonly SdpAttribute[], key: string): boolean {
  return list.some((a) => a.key === key);
}

/** The four media direction attributes (RFC 8866 §6.7). */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTIONS: ReadonlySet<string> = new Set<SdpDirection>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** True when `key` is one of the direction attribute names. */
export function isDirection(key: string): key is SdpDirection {
  return DIRECTIONS.has(key);
}

/**
 * The direction attribute in `list`, or undefined when there is none (the caller applies
 * the session-level or sendrecv default). Throws ParseError when two differ.
 */
export function getDirection(list: readonly SdpAttribute[]): SdpDirection | undefined {
  let found: SdpDirection | undefined;
  for (const a of list) {
    if (!isDirection(a.key)) continue;
    // RFC 8866 §6.7: at most one of these appears per section; they are flags.
    if (a.value !== undefined || (found !== undefined && found !== a.key)) {
      throw new ParseError('SDP_BAD_ATTRIBUTE_VALUE', `conflicting or malformed direction a=${a.key}`);
    }
    found = a.key;
  }
  return found;
}

/** Returns a copy of `list` with any direction attribute replaced by `direction`. */
export function setDirection(list: readonly SdpAttribute[], direction: SdpDirection): SdpAttribute[] {
  const out: SdpAttribute[] = [];
  let placed = false;
  for (const a of list) {
    if (!isDirection(a.key)) out.push(a);
    else if (!placed) {
      out.push({ key: direction });
      placed = true;
    }
  }
  if (!placed) out.push({ key: direction });
  return out;
}

/** True when `a=extmap-allow-mixed` is present (RFC 8285 §6: one- and two-byte headers may mix). */
export function isExtmapAllowMixed(list: readonly SdpAttribute[]): boolean {
  return hasAttribute(list, 'extmap-allow-mixed');
}
