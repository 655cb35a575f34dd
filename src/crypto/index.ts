// Public face of src/crypto: thin wrappers over node:crypto used across the stack.
export * as der from './der.js';
export {
  DEFAULT_CERTIFICATE_LIFETIME_MS,
  generateCertificateKeyPair,
  generateSelfSignedCertificate,
  generateSelfSignedCertificateSync,
  type CertificateAlgorithm,
  type CertificateKeyPair,
  type CertificateKeyParams,
  type CertificateOptions,
  type GeneratedCertificate,
} from './certificate.js';
export {
  FINGERPRINT_ALGORITHMS,
  colonHex,
  fingerprint,
  isFingerprintAlgorithm,
  type FingerprintAlgorithm,
} from './hash.js';
export { certificatePublicKey, certificateSpki } from './x509.js';
export { randomBytes, randomIceChars, randomUint32, type RandomSource } from './random.js';
export { AES_BLOCK_BYTES, AesCtr, AesGcm, GCM_NONCE_BYTES, GCM_TAG_BYTES } from './aes.js';
