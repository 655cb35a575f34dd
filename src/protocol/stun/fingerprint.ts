// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554e.
import { StunAttr } from './constants.js';
import { crc32 } from './crc32.js';
import type { StunMessage } from './message.js';

/** RFC 8489 §14.7: the CRC is XORed with this constant ("STUN"). */
export const FINGERPRINT_XOR = 0x5354554e;

/** The 4-byte FINGERPRINT value for a message prefix whose length field already counts it. */
export function fingerprintValue(prefix: Uint8Array): Uint8Array {
  const v = (crc32(prefix) ^ FINGERPRINT_XOR) >>> 0;
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

/**
 * Checks FINGERPRINT on a parsed message: `undefined` when absent, else whether it matches.
 * FINGERPRINT is the last attribute, so the header length already covers it as sent.
 */
export function checkFingerprint(msg: StunMessage): boolean | undefined {
  const last = msg.attributes[msg.attributes.length - 1];
  if (last === undefined || last.type !== StunAttr.Fingerprint) return undefined;
  if (msg.raw === undefined || last.offset === undefined || last.value.length !== 4) return false;
  // The length field must end exactly after FINGERPRINT for the CRC to be the sender's.
  if (last.offset + 8 !== msg.raw.length) return false;
  const want = fingerprintValue(msg.raw.subarray(0, last.offset));
  const got = last.value;
  return want[0] === got[0] && want[1] === got[1] && want[2] === got[2] && want[3] === got[3];
}
