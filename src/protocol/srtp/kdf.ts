// Session key derivation (RFC 3711 §4.3) with the AES-CM PRF (§4.3.3), key derivation rate 0
// as DTLS-SRTP uses it (RFC 5764 §4.1.2: no key_derivation_rate parameter, so 0).
import { AES_BLOCK_BYTES, AesCtr } from '../../crypto/index.js';
import type { SrtpProfile } from './profiles.js';

/** The key derivation labels (RFC 3711 §4.3.2, §4.3.1). */
export const KdfLabel = {
  srtpEncryption: 0x00,
  srtpAuthentication: 0x01,
  srtpSalt: 0x02,
  srtcpEncryption: 0x03,
  srtcpAuthentication: 0x04,
  srtcpSalt: 0x05,
} as const;

/** The session keys of one direction for SRTP or for SRTCP. */
export interface SessionKeys {
  /** k_e, the session encryption key. */
  readonly encryptionKey: Uint8Array;
  /** k_a, the session authentication key (empty for AEAD profiles). */
  readonly authenticationKey: Uint8Array;
  /** k_s, the session salt. */
  readonly salt: Uint8Array;
}

// RFC 3711 §4.3.1: the master salt is 112 bits. RFC 7714 §11 keeps the AES-CM PRF for its
// 96-bit salt; the salt then fills the high 96 of the 112 bits (the low 16 stay zero),
// which is how libsrtp and pion feed it to the PRF.
const PRF_SALT_BYTES = 14;

/**
 * `length` bytes of PRF output for `label` (RFC 3711 §4.3.1, §4.3.3): with r = 0 (KDR 0),
 * x = key_id XOR master_salt where key_id = label || 0^48, and the output is the AES-CM
 * keystream from IV = x * 2^16 under the master key (AES-256 for a 256-bit master key,
 * RFC 7714 §11 and RFC 6188 §7).
 */
export function deriveKey(prf: AesCtr, masterSalt: Uint8Array, label: number, length: number): Uint8Array {
  if (masterSalt.length > PRF_SALT_BYTES) throw new RangeError(`master salt of ${masterSalt.length} bytes`);
  const iv = new Uint8Array(AES_BLOCK_BYTES);
  iv.set(masterSalt);
  // key_id is 56 bits (8-bit label, 48-bit r) aligned with the low end of the 112-bit
  // salt, so the label meets salt byte 14 - 7 = 7.
  iv[7]! ^= label;
  return prf.keystream(iv, length);
}

/** The SRTP and SRTCP session keys that one master key and salt give under `profile`. */
export function deriveSessionKeys(profile: SrtpProfile, masterKey: Uint8Array, masterSalt: Uint8Array): { rtp: SessionKeys; rtcp: SessionKeys } {
  if (masterKey.length !== profile.keyBytes) throw new RangeError(`${profile.name}: master key of ${masterKey.length} bytes, ${profile.keyBytes} expected`);
  if (masterSalt.length !== profile.saltBytes) throw new RangeError(`${profile.name}: master salt of ${masterSalt.length} bytes, ${profile.saltBytes} expected`);
  const prf = new AesCtr(masterKey);
  const keys = (enc: number, auth: number, salt: number): SessionKeys => ({
    encryptionKey: deriveKey(prf, masterSalt, enc, profile.keyBytes),
    authenticationKey: profile.authKeyBytes > 0 ? deriveKey(prf, masterSalt, auth, profile.authKeyBytes) : new Uint8Array(0),
    salt: deriveKey(prf, masterSalt, salt, profile.saltBytes),
  });
  return {
    rtp: keys(KdfLabel.srtpEncryption, KdfLabel.srtpAuthentication, KdfLabel.srtpSalt),
    rtcp: keys(KdfLabel.srtcpEncryption, KdfLabel.srtcpAuthentication, KdfLabel.srtcpSalt),
  };
}
