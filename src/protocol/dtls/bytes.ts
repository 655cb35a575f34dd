// Byte helpers for the TLS presentation language (RFC 5246 §4): a bounds-checked reader
// and writers for big-endian integers and length-prefixed vectors.
import { ParseError } from './errors.js';
import { concatBytes } from '../bytes.js';

/** Reads big-endian fields from a byte array, throwing ParseError past its end. */
export class Reader {
  private pos = 0;

  /** Reads `bytes` from the start. */
  constructor(private readonly bytes: Uint8Array) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** One unsigned byte. */
  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  /** A 16-bit unsigned integer. */
  u16(): number {
    this.need(2);
    const b = this.bytes;
    const v = (b[this.pos]! << 8) | b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  /** A 24-bit unsigned integer. */
  u24(): number {
    this.need(3);
    const b = this.bytes;
    const v = (b[this.pos]! << 16) | (b[this.pos + 1]! << 8) | b[this.pos + 2]!;
    this.pos += 3;
    return v;
  }

  /** A 48-bit unsigned integer (record sequence numbers); exact in a JS number. */
  u48(): number {
    const hi = this.u16();
    const mid = this.u16();
    return hi * 0x100000000 + mid * 0x10000 + this.u16();
  }

  /** `n` bytes, as a view into the input (no copy). */
  bytesOf(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A vector with a 1-byte length prefix (`<min..max>` bounds checked). */
  vec8(min = 0, max = 0xff): Uint8Array {
    return this.bounded(this.u8(), min, max);
  }

  /** A vector with a 2-byte length prefix. */
  vec16(min = 0, max = 0xffff): Uint8Array {
    return this.bounded(this.u16(), min, max);
  }

  /** A vector with a 3-byte length prefix. */
  vec24(min = 0, max = 0xffffff): Uint8Array {
    return this.bounded(this.u24(), min, max);
  }

  /** Throws unless every byte has been read. */
  end(what: string): void {
    if (this.remaining !== 0) throw new ParseError('DTLS_TRAILING_BYTES', `${this.remaining} bytes after ${what}`);
  }

  private bounded(n: number, min: number, max: number): Uint8Array {
    if (n < min || n > max) throw new ParseError('DTLS_BAD_LENGTH', `vector length ${n} outside ${min}..${max}`);
    return this.bytesOf(n);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new ParseError('DTLS_TRUNCATED', `need ${n} bytes at offset ${this.pos}, have ${this.remaining}`);
    }
  }
}

/** Two bytes, big-endian. */
export function u16(v: number): Uint8Array {
  return Uint8Array.of((v >>> 8) & 0xff, v & 0xff);
}

/** Three bytes, big-endian. */
export function u24(v: number): Uint8Array {
  return Uint8Array.of((v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

/** The concatenation of byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

/** A vector with a 1-byte length prefix. */
export function vec8(body: Uint8Array): Uint8Array {
  if (body.length > 0xff) throw new RangeError(`vector of ${body.length} bytes exceeds 2^8-1`);
  return concat(Uint8Array.of(body.length), body);
}

/** A vector with a 2-byte length prefix. */
export function vec16(body: Uint8Array): Uint8Array {
  if (body.length > 0xffff) throw new RangeError(`vector of ${body.length} bytes exceeds 2^16-1`);
  return concat(u16(body.length), body);
}

/** A vector with a 3-byte length prefix. */
export function vec24(body: Uint8Array): Uint8Array {
  if (body.length > 0xffffff) throw new RangeError(`vector of ${body.length} bytes exceeds 2^24-1`);
  return concat(u24(body.length), body);
}

/** A list of 16-bit values as a vector with a 2-byte length prefix. */
export function u16List(values: readonly number[]): Uint8Array {
  const body = new Uint8Array(values.length * 2);
  values.forEach((v, i) => body.set(u16(v), i * 2));
  return vec16(body);
}

/** Parses the body of a vector of 16-bit values; an odd length is a ParseError. */
export function parseU16List(body: Uint8Array): number[] {
  if (body.length % 2 !== 0) throw new ParseError('DTLS_BAD_LENGTH', 'odd length for a list of uint16');
  const out: number[] = [];
  for (let i = 0; i < body.length; i += 2) out.push((body[i]! << 8) | body[i + 1]!);
  return out;
}
