// Public face of the DTLS 1.2 engine: the connection, its options and events, and the
// stateless codecs (for tests, fuzzing and tools).
export { DtlsConnection, type DtlsState } from './connection.js';
export type { DtlsCertificate, DtlsEvent, DtlsOptions, DtlsStats, RemoteFingerprint } from './types.js';
export { DtlsStateError, ParseError as DtlsParseError, type DtlsErrorCode } from './errors.js';
export { AlertDescription, AlertLevel, ContentType, HandshakeType, SrtpProfile } from './constants.js';
export { CipherSuite } from './suites.js';
export { parseDatagram, parseRecord, serializeRecord, type DtlsRecord } from './record.js';
export { parseHandshakeFragments, serializeHandshakeFragment, type HandshakeFragment } from './handshake.js';
export { exportKeyingMaterial, prf } from './prf.js';
