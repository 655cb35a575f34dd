// Small lexical helpers shared by the SDP parsers (RFC 8866 §9 ABNF terminals).
import { ParseError, type SdpErrorCode } from './errors.js';

// RFC 8866 §9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
const TOKEN = /^[!#-'*+\-.0-9A-Z^-~]+$/;
const DIGITS = /^[0-9]{1,15}$/;

/** True when `text` is a non-empty RFC 8866 token. */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/** True when `text` is 1 to 15 decimal digits (always a safe integer). */
export function isDigits(text: string): boolean {
  return DIGITS.test(text);
}

/** Splits on runs of spaces, ignoring leading and trailing ones. */
export function fields(text: string): string[] {
  return text.split(' ').filter((f) => f !== '');
}

/** Splits at the first `sep`; the second half is undefined when `sep` is absent. */
export function splitFirst(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + sep.length)];
}

/** Throws the ParseError a typed attribute view uses for a malformed value. */
export function badValue(attribute: string, message: string): never {
  throw new ParseError('SDP_BAD_ATTRIBUTE_VALUE', `a=${attribute}: ${message}`);
}

/** Parses a decimal integer in [min, max], or throws a ParseError with `code`. */
export function parseIntIn(
  text: string,
  min: number,
  max: number,
  what: string,
  code: SdpErrorCode = 'SDP_BAD_ATTRIBUTE_VALUE',
): number {
  const n = isDigits(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new ParseError(code, `${what} must be an integer in [${min}, ${max}], got ${JSON.stringify(text)}`);
  }
  return n;
}

/** Parses an RTP payload type 0-127 (RFC 3550 §5.1: PT is 7 bits). */
export function parsePayloadType(text: string, attribute: string): number {
  return parseIntIn(text, 0, 127, `a=${attribute} payload type`);
}

/** Throws RangeError when a model value cannot be written on one SDP line. */
export function assertLineSafe(text: string, what: string): string {
  // RFC 8866 §9: byte-string excludes NUL, CR and LF, so none may reach the wire.
  if (/[\0\r\n]/.test(text)) throw new RangeError(`${what} contains NUL, CR or LF`);
  return text;
}
