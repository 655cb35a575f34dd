// Byte helpers of the SCTP codecs: the big-endian field access every codec shares, and a
// constant-time comparison.

export { pad4, readU16, readU32, writeU16, writeU32 } from '../bytes.js';

/** Whether two byte strings are equal, in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
