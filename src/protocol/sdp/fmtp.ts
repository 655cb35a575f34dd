// a=fmtp (RFC 8866 §6.15): format-specific parameters, usually "k=v;k=v".
import { ParseError } from './errors.js';
import { badValue, parsePayloadType, splitFirst } from './grammar.js';

/** A parsed `a=fmtp:<pt> <parameters>` value; `parameters` is kept verbatim. */
export interface Fmtp {
  payloadType: number;
  /** Everything after the first space; '' when there is none. */
  parameters: string;
}

/** Parses an `a=fmtp` value; throws ParseError when malformed. */
export function parseFmtp(value: string): Fmtp {
  const [pt, rest] = splitFirst(value.trimStart(), ' ');
  if (pt === '') badValue('fmtp', 'missing payload type');
  return { payloadType: parsePayloadType(pt, 'fmtp'), parameters: (rest ?? '').trim() };
}

/** Writes an `a=fmtp` value. */
export function serializeFmtp(fmtp: Fmtp): string {
  return fmtp.parameters === '' ? `${fmtp.payloadType}` : `${fmtp.payloadType} ${fmtp.parameters}`;
}

/**
 * Parses "k=v;k;k2=v2" into an ordered Map: a bare item (e.g. telephone-event "0-16" or
 * RED "111/111") maps to undefined. Items are trimmed, keys keep their case, a repeated
 * key keeps its last value; an empty key throws ParseError.
 */
export function parseFmtpParameters(parameters: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (parameters.trim() === '') return out;
  for (const item of parameters.split(';')) {
    const trimmed = item.trim();
    if (trimmed === '') continue; // tolerate "a=1;;b=2" and a trailing ';'
    const [key, v] = splitFirst(trimmed, '=');
    const k = key.trim();
    if (k === '') {
      throw new ParseError('SDP_BAD_ATTRIBUTE_VALUE', `a=fmtp: empty parameter name in ${JSON.stringify(item)}`);
    }
    out.set(k, v?.trim());
  }
  return out;
}

/** Writes a parameter Map as "k=v;k" (the inverse of parseFmtpParameters). */
export function serializeFmtpParameters(parameters: ReadonlyMap<string, string | undefined>): string {
  const items: string[] = [];
  for (const [k, v] of parameters) items.push(v === undefined ? k : `${k}=${v}`);
  return items.join(';');
}
