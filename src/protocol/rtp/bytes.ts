// Byte helpers of the RTP and RTCP codecs: the big-endian field access every codec shares,
// and the range checks of the serializers.

export { pad4, readU16, readU24, readU32, writeU16, writeU24, writeU32 } from '../bytes.js';

/** Whether `v` is an integer in [min, max]. */
export function isIntIn(v: number, min: number, max: number): boolean {
  return Number.isInteger(v) && v >= min && v <= max;
}

/** Throws a RangeError naming `what` unless `v` is an integer in [min, max] (serializer arguments). */
export function checkIntIn(v: number, min: number, max: number, what: string): void {
  if (!isIntIn(v, min, max)) throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${v}`);
}

/** Throws a RangeError unless `out` has room for `size` bytes at `offset`. */
export function checkRoom(out: Uint8Array, offset: number, size: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + size > out.length) {
    throw new RangeError(`${size} bytes do not fit at offset ${offset} of a ${out.length}-byte buffer`);
  }
}
