// A minimal ASN.1 DER writer (ITU-T X.690), enough to build X.509 certificates
// (RFC 5280). Every function is pure and returns the complete encoding (tag, length,
// contents) of one value, so values compose by nesting calls.

/** Universal tag numbers used here (X.680 §8.4). */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

const utf8 = new TextEncoder();

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The DER length octets for a contents length (X.690 §8.1.3, definite form only). */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`DER: bad length ${length}`);
  // X.690 §10.1: DER uses the short form whenever the length fits in 7 bits.
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A complete TLV with a single-octet identifier (tag numbers below 31). */
export function tlv(tag: number, contents: Uint8Array): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f) {
    throw new RangeError(`DER: unsupported identifier octet ${tag}`);
  }
  return concat([Uint8Array.of(tag), encodeLength(contents.length), contents]);
}

/** SEQUENCE of already-encoded values, in the given order. */
export function sequence(...items: Uint8Array[]): Uint8Array {
  return tlv(Tag.SEQUENCE, concat(items));
}

/** SET OF already-encoded values; X.690 §11.6: DER orders the elements by their encodings. */
export function set(...items: Uint8Array[]): Uint8Array {
  const sorted = [...items].sort(compareBytes);
  return tlv(Tag.SET, concat(sorted));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  // X.690 §11.6: the shorter encoding is padded with trailing zeros, so it sorts first.
  return a.length - b.length;
}

/** INTEGER holding the non-negative big-endian magnitude `bytes` (e.g. a serial number). */
export function integerFromUnsigned(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const body = bytes.length === 0 ? Uint8Array.of(0) : bytes.subarray(start);
  // X.690 §8.3.2: two's complement, so a leading 1 bit needs a 0x00 octet in front.
  return tlv(Tag.INTEGER, (body[0]! & 0x80) !== 0 ? concat([Uint8Array.of(0), body]) : body);
}

/** INTEGER from a bigint or safe integer, in the minimal two's complement form (X.690 §8.3). */
export function integer(value: bigint | number): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`DER: ${value} is not a safe integer`);
  }
  let v = BigInt(value);
  const out: number[] = [];
  // Emit octets least significant first until the remaining value is pure sign extension
  // of the last octet's top bit (X.690 §8.3.2: no redundant leading 0x00 or 0xff octets).
  for (;;) {
    const octet = Number(v & 0xffn);
    out.unshift(octet);
    v >>= 8n;
    if ((v === 0n && (octet & 0x80) === 0) || (v === -1n && (octet & 0x80) !== 0)) break;
  }
  return tlv(Tag.INTEGER, Uint8Array.from(out));
}

/** OBJECT IDENTIFIER from dotted form, e.g. "1.2.840.10045.4.3.2" (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  if (!/^\d+(\.\d+)+$/.test(dotted)) throw new RangeError(`DER: bad OID ${dotted}`);
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const [first, second] = arcs as [bigint, bigint];
  if (first > 2n || (first < 2n && second > 39n)) throw new RangeError(`DER: bad OID ${dotted}`);
  // X.690 §8.19.4: the first two arcs share one subidentifier, 40 * first + second.
  const subids = [first * 40n + second, ...arcs.slice(2)];
  const out: number[] = [];
  for (const id of subids) {
    // X.690 §8.19.2: base 128, high bit set on every octet but the last.
    const group = [Number(id & 0x7fn)];
    for (let rest = id >> 7n; rest > 0n; rest >>= 7n) group.unshift(Number(rest & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(Tag.OID, Uint8Array.from(out));
}

/** NULL (X.690 §8.8). */
export function nullValue(): Uint8Array {
  return Uint8Array.of(Tag.NULL, 0);
}

/** BOOLEAN; X.690 §11.1: DER encodes TRUE as 0xff. */
export function boolean(value: boolean): Uint8Array {
  return Uint8Array.of(Tag.BOOLEAN, 1, value ? 0xff : 0);
}

/** BIT STRING of whole octets, or with `unusedBits` (0-7) padding bits in the last octet. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new RangeError(`DER: bad unused bit count ${unusedBits}`);
  }
  const body = concat([Uint8Array.of(unusedBits), bytes]);
  // X.690 §11.2.1: DER requires the unused bits to be zero.
  if (unusedBits > 0) body[body.length - 1]! &= (0xff << unusedBits) & 0xff;
  return tlv(Tag.BIT_STRING, body);
}

/** OCTET STRING (X.690 §8.7, primitive form as DER requires). */
export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(Tag.OCTET_STRING, bytes);
}

/** UTF8String. */
export function utf8String(text: string): Uint8Array {
  return tlv(Tag.UTF8_STRING, utf8.encode(text));
}

/** PrintableString; throws RangeError on characters outside its set (X.680 §41.4). */
export function printableString(text: string): Uint8Array {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) {
    throw new RangeError(`DER: ${JSON.stringify(text)} is not a PrintableString`);
  }
  return tlv(Tag.PRINTABLE_STRING, utf8.encode(text));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function timeDigits(ms: number): { year: number; rest: string } {
  if (!Number.isFinite(ms)) throw new RangeError(`DER: bad time ${ms}`);
  const d = new Date(ms);
  const rest =
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2);
  return { year: d.getUTCFullYear(), rest };
}

/** UTCTime "YYMMDDHHMMSSZ" for years 1950-2049 (RFC 5280 §4.1.2.5.1); sub-second part dropped. */
export function utcTime(ms: number): Uint8Array {
  const { year, rest } = timeDigits(ms);
  if (year < 1950 || year > 2049) throw new RangeError(`DER: UTCTime cannot hold year ${year}`);
  return tlv(Tag.UTC_TIME, utf8.encode(`${pad(year % 100, 2)}${rest}Z`));
}

/** GeneralizedTime "YYYYMMDDHHMMSSZ" without fractions (RFC 5280 §4.1.2.5.2). */
export function generalizedTime(ms: number): Uint8Array {
  const { year, rest } = timeDigits(ms);
  if (year < 0 || year > 9999) throw new RangeError(`DER: GeneralizedTime cannot hold year ${year}`);
  return tlv(Tag.GENERALIZED_TIME, utf8.encode(`${pad(year, 4)}${rest}Z`));
}

/**
 * An X.509 `Time`: RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on
 * (and, as a deviation for dates RFC 5280 never expects, before 1950).
 */
export function time(ms: number): Uint8Array {
  const year = new Date(ms).getUTCFullYear();
  return year >= 1950 && year <= 2049 ? utcTime(ms) : generalizedTime(ms);
}

/** Context-specific constructed `[n] EXPLICIT` wrapper around one encoded value (n < 31). */
export function explicit(tagNumber: number, inner: Uint8Array): Uint8Array {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) {
    throw new RangeError(`DER: unsupported context tag ${tagNumber}`);
  }
  return tlv(0xa0 | tagNumber, inner);
}

/** One element found by {@link readElement}: its identifier octet and where its contents lie. */
export interface DerElement {
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first contents octet. */
  contentsStart: number;
  /** Offset just past the element. */
  end: number;
}

/**
 * Reads the element at `offset` (single-octet identifiers, definite lengths in minimal
 * form as DER requires). Throws RangeError on anything malformed or running past `limit`.
 */
export function readElement(bytes: Uint8Array, offset: number, limit = bytes.length): DerElement {
  if (offset + 2 > limit) throw new RangeError('DER: truncated element');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new RangeError('DER: multi-octet identifiers are not supported');
  let at = offset + 1;
  const first = bytes[at++]!;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    // X.690 §8.1.3.5 / §10.1: no indefinite form, no length beyond what fits here.
    if (count === 0 || count > 4 || at + count > limit) throw new RangeError('DER: bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at++]!;
    if (length < 0x80 || bytes[at - count] === 0) throw new RangeError('DER: length not in minimal form');
  }
  const end = at + length;
  if (end > limit) throw new RangeError('DER: element runs past its container');
  return { tag, start: offset, contentsStart: at, end };
}

/** The children of a constructed element, in order. */
export function children(bytes: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = parent.contentsStart; at < parent.end; ) {
    const child = readElement(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}
