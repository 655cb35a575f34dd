// The cipher suites this stack implements: ECDHE with AES-GCM (RFC 5289 §3.2, RFC 8422 §6).
import type { PrfHash } from './prf.js';

/** What a cipher suite id means. */
export interface CipherSuiteInfo {
  /** Two-byte id. */
  id: number;
  /** IANA name. */
  name: string;
  /** Key type the server's certificate must have. */
  authentication: 'ecdsa' | 'rsa';
  /** node:crypto AEAD cipher name. */
  cipher: 'aes-128-gcm' | 'aes-256-gcm';
  /** AES key length. */
  keyBytes: 16 | 32;
  /** Hash used by the PRF and for the Finished transcript (RFC 5289 §3.2). */
  prfHash: PrfHash;
}

/** Cipher suite ids by name. */
export const CipherSuite = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 0xc02b,
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 0xc02c,
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 0xc02f,
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 0xc030,
} as const;

const SUITES: readonly CipherSuiteInfo[] = [
  { id: 0xc02b, name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', authentication: 'ecdsa', cipher: 'aes-128-gcm', keyBytes: 16, prfHash: 'sha256' },
  { id: 0xc02f, name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', authentication: 'rsa', cipher: 'aes-128-gcm', keyBytes: 16, prfHash: 'sha256' },
  { id: 0xc02c, name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', authentication: 'ecdsa', cipher: 'aes-256-gcm', keyBytes: 32, prfHash: 'sha384' },
  { id: 0xc030, name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', authentication: 'rsa', cipher: 'aes-256-gcm', keyBytes: 32, prfHash: 'sha384' },
];

/** Every supported suite, in the order a client offers them (AES-128 first, as browsers do). */
export const SUPPORTED_CIPHER_SUITES: readonly number[] = SUITES.map((s) => s.id);

/** The suite with this id, if supported. */
export function cipherSuiteInfo(id: number): CipherSuiteInfo | undefined {
  return SUITES.find((s) => s.id === id);
}
