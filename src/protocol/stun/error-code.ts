// ERROR-CODE (RFC 8489 §14.8) and UNKNOWN-ATTRIBUTES (§14.13).
import { StunAttr } from './constants.js';
import { ParseError } from './errors.js';
import { getAttribute, type StunAttribute, type StunMessage } from './message.js';

/** A decoded ERROR-CODE: number 300-699 and its reason phrase. */
export interface StunError {
  code: number;
  reason: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** An ERROR-CODE attribute. */
export function errorCodeAttr(code: number, reason: string): StunAttribute {
  // RFC 8489 §14.8: the class is 3 to 6 and the number 0 to 99.
  if (!Number.isInteger(code) || code < 300 || code > 699) throw new RangeError(`bad STUN error code ${code}`);
  const text = encoder.encode(reason);
  // RFC 8489 §14.8: the reason phrase MUST be fewer than 128 characters (up to 763 bytes).
  if (text.length > 763) throw new RangeError('reason phrase too long');
  const value = new Uint8Array(4 + text.length);
  value[2] = Math.floor(code / 100);
  value[3] = code % 100;
  value.set(text, 4);
  return { type: StunAttr.ErrorCode, value };
}

/** ERROR-CODE, if present; throws {@link ParseError} when malformed. */
export function getErrorCode(msg: StunMessage): StunError | undefined {
  const a = getAttribute(msg, StunAttr.ErrorCode);
  if (a === undefined) return undefined;
  const v = a.value;
  if (v.length < 4 || v.length > 4 + 763) throw new ParseError('STUN_BAD_ATTRIBUTE', 'bad ERROR-CODE length');
  const cls = v[2]! & 0x07;
  const num = v[3]!;
  if (cls < 3 || cls > 6 || num > 99) throw new ParseError('STUN_BAD_ATTRIBUTE', `bad error code ${cls}${num}`);
  return { code: cls * 100 + num, reason: decoder.decode(v.subarray(4)) };
}

/** An UNKNOWN-ATTRIBUTES attribute listing attribute types. */
export function unknownAttributesAttr(types: readonly number[]): StunAttribute {
  const value = new Uint8Array(types.length * 2);
  types.forEach((t, i) => {
    value[2 * i] = t >>> 8;
    value[2 * i + 1] = t & 0xff;
  });
  return { type: StunAttr.UnknownAttributes, value };
}

/** UNKNOWN-ATTRIBUTES, if present; throws {@link ParseError} when malformed. */
export function getUnknownAttributes(msg: StunMessage): number[] | undefined {
  const a = getAttribute(msg, StunAttr.UnknownAttributes);
  if (a === undefined) return undefined;
  if (a.value.length % 2 !== 0) throw new ParseError('STUN_BAD_ATTRIBUTE', 'odd UNKNOWN-ATTRIBUTES length');
  const out: number[] = [];
  for (let i = 0; i < a.value.length; i += 2) out.push((a.value[i]! << 8) | a.value[i + 1]!);
  return out;
}
