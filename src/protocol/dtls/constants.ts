// Registry values DTLS 1.2 uses (IANA TLS parameters; RFC 5246, RFC 6347, RFC 8422, RFC 5764).

/** Record content types (RFC 5246 §6.2.1). */
export const ContentType = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
} as const;

/** Handshake message types (RFC 5246 §7.4, RFC 6347 §4.3.2). */
export const HandshakeType = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  helloVerifyRequest: 3,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  clientKeyExchange: 16,
  finished: 20,
} as const;

/** DTLS 1.2 on the wire: {254, 253} (RFC 6347 §4.1). */
export const DTLS1_2 = 0xfefd;
/** DTLS 1.0 on the wire: {254, 255}; some stacks put it in the first ClientHello's record. */
export const DTLS1_0 = 0xfeff;

/** Alert levels (RFC 5246 §7.2). */
export const AlertLevel = { warning: 1, fatal: 2 } as const;

/** Alert descriptions (RFC 5246 §7.2, RFC 5746, RFC 7301). */
export const AlertDescription = {
  closeNotify: 0,
  unexpectedMessage: 10,
  badRecordMac: 20,
  recordOverflow: 22,
  handshakeFailure: 40,
  badCertificate: 42,
  unsupportedCertificate: 43,
  certificateUnknown: 46,
  illegalParameter: 47,
  decodeError: 50,
  decryptError: 51,
  protocolVersion: 70,
  insufficientSecurity: 71,
  internalError: 80,
  userCanceled: 90,
  noRenegotiation: 100,
  unsupportedExtension: 110,
} as const;

/** Extension types this stack reads or writes. */
export const ExtensionType = {
  supportedGroups: 10, // RFC 8422 §5.1.1
  ecPointFormats: 11, // RFC 8422 §5.1.2
  signatureAlgorithms: 13, // RFC 5246 §7.4.1.4.1
  useSrtp: 14, // RFC 5764 §4.1.1
  extendedMasterSecret: 23, // RFC 7627 §5.1
  renegotiationInfo: 0xff01, // RFC 5746 §3.2
} as const;

/** Named groups for ECDHE (RFC 8422 §5.1.1, RFC 7748). */
export const NamedGroup = { secp256r1: 23, x25519: 29 } as const;

/** ECCurveType named_curve (RFC 8422 §5.4). */
export const CURVE_TYPE_NAMED = 3;

/** The only point format: uncompressed (RFC 8422 §5.1.2). */
export const POINT_FORMAT_UNCOMPRESSED = 0;

/** ClientCertificateType values for CertificateRequest (RFC 5246 §7.4.4, RFC 8422 §5.5). */
export const ClientCertificateType = { rsaSign: 1, ecdsaSign: 64 } as const;

/** SRTP protection profiles (RFC 5764 §4.1.2, RFC 7714 §14.2). */
export const SrtpProfile = {
  AES128_CM_HMAC_SHA1_80: 0x0001,
  AES128_CM_HMAC_SHA1_32: 0x0002,
  AEAD_AES_128_GCM: 0x0007,
  AEAD_AES_256_GCM: 0x0008,
} as const;

/** The signalling cipher suite value for secure renegotiation (RFC 5746 §3.3). */
export const TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

/** Size of the DTLS record header (RFC 6347 §4.1). */
export const RECORD_HEADER_BYTES = 13;
/** Size of the DTLS handshake header (RFC 6347 §4.2.2). */
export const HANDSHAKE_HEADER_BYTES = 12;
/** Largest plaintext a record may carry: 2^14 (RFC 5246 §6.2.1). */
export const MAX_PLAINTEXT_BYTES = 16384;
/** Largest record payload: 2^14 + 2048 (RFC 5246 §6.2.3). */
export const MAX_CIPHERTEXT_BYTES = 16384 + 2048;
