// The SRTP protection profiles DTLS-SRTP negotiates, with their transform parameters
// (RFC 5764 §4.1.2, RFC 7714 §14.2).

/** DTLS-SRTP protection profile identifiers (RFC 5764 §4.1.2, RFC 7714 §14.2). */
export const SrtpProfileId = {
  AES128_CM_HMAC_SHA1_80: 0x0001,
  AES128_CM_HMAC_SHA1_32: 0x0002,
  AEAD_AES_128_GCM: 0x0007,
  AEAD_AES_256_GCM: 0x0008,
} as const;

/** One profile's parameters; lengths in bytes. */
export interface SrtpProfile {
  /** The DTLS-SRTP identifier (the two octets of SRTPProtectionProfile). */
  readonly id: number;
  /** The RFC's name, e.g. SRTP_AES128_CM_HMAC_SHA1_80. */
  readonly name: string;
  /** AES counter mode with HMAC-SHA1 (RFC 3711), or AES-GCM (RFC 7714). */
  readonly kind: 'cm-hmac' | 'gcm';
  /** Master and session encryption key length. */
  readonly keyBytes: number;
  /** Master and session salt length. */
  readonly saltBytes: number;
  /** Session authentication key length (0 for AEAD). */
  readonly authKeyBytes: number;
  /** Authentication tag appended to SRTP packets. */
  readonly srtpTagBytes: number;
  /** Authentication tag appended to SRTCP packets. */
  readonly srtcpTagBytes: number;
}

/** Every profile this stack implements, by DTLS-SRTP id, in our order of preference. */
export const SRTP_PROFILES: ReadonlyMap<number, SrtpProfile> = new Map<number, SrtpProfile>([
  // RFC 7714 §14.2: AES_128_GCM, 128-bit key, 96-bit salt, 16-octet tag for SRTP and SRTCP.
  [SrtpProfileId.AEAD_AES_128_GCM, { id: 0x0007, name: 'SRTP_AEAD_AES_128_GCM', kind: 'gcm', keyBytes: 16, saltBytes: 12, authKeyBytes: 0, srtpTagBytes: 16, srtcpTagBytes: 16 }],
  // RFC 7714 §14.2: AES_256_GCM, 256-bit key, 96-bit salt, 16-octet tag.
  [SrtpProfileId.AEAD_AES_256_GCM, { id: 0x0008, name: 'SRTP_AEAD_AES_256_GCM', kind: 'gcm', keyBytes: 32, saltBytes: 12, authKeyBytes: 0, srtpTagBytes: 16, srtcpTagBytes: 16 }],
  // RFC 5764 §4.1.2: AES_128_CM, 128-bit key, 112-bit salt, HMAC-SHA1 with a 160-bit key
  // and an 80-bit tag.
  [SrtpProfileId.AES128_CM_HMAC_SHA1_80, { id: 0x0001, name: 'SRTP_AES128_CM_HMAC_SHA1_80', kind: 'cm-hmac', keyBytes: 16, saltBytes: 14, authKeyBytes: 20, srtpTagBytes: 10, srtcpTagBytes: 10 }],
  // RFC 5764 §4.1.2: the same with a 32-bit SRTP tag; "SRTCP auth_tag_length: 80", since
  // the short tag applies to SRTP only.
  [SrtpProfileId.AES128_CM_HMAC_SHA1_32, { id: 0x0002, name: 'SRTP_AES128_CM_HMAC_SHA1_32', kind: 'cm-hmac', keyBytes: 16, saltBytes: 14, authKeyBytes: 20, srtpTagBytes: 4, srtcpTagBytes: 10 }],
]);

/** The profile with DTLS-SRTP id `id`, or undefined when this stack does not implement it. */
export function srtpProfile(id: number): SrtpProfile | undefined {
  return SRTP_PROFILES.get(id);
}
