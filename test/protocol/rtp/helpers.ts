// Byte helpers for the RTP and RTCP tests: vectors are written as spaced hex, as in the RFC figures.
import assert from 'node:assert/strict';
import { ParseError, type RtpErrorCode } from '../../../src/protocol/rtp/index.js';

/** Bytes from hex with any spacing: `hex('80 e0 12 34')`. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  assert.equal(clean.length % 2, 0, 'odd hex');
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/** Lower-case hex of bytes, for comparing with a vector. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** ASCII bytes as hex. */
export function ascii(text: string): string {
  return Buffer.from(text, 'latin1').toString('hex');
}

/** Asserts that `fn` throws the module's ParseError with `code`. */
export function throwsCode(fn: () => unknown, code: RtpErrorCode): void {
  assert.throws(fn, (err: unknown) => err instanceof ParseError && err.code === code, `expected ParseError ${code}`);
}
