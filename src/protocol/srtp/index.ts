// Public face of SRTP and SRTCP (RFC 3711, RFC 7714) keyed by DTLS-SRTP (RFC 5764): one
// SrtpContext per direction, the profile table, and the keying from DTLS. Sans-IO.
export { MAX_SRTCP_INDEX, SrtpContext, type SrtpContextOptions } from './context.js';
export { SrtpError, type SrtpErrorCode } from './errors.js';
export {
  DTLS_SRTP_EXPORTER_LABEL,
  srtpContextsFromDtls,
  srtpContextsFromKeyingMaterial,
  srtpKeyingMaterialBytes,
  type DtlsSrtpSource,
  type SrtpContextPair,
  type SrtpPairOptions,
} from './keying.js';
export { SRTP_PROFILES, SrtpProfileId, srtpProfile, type SrtpProfile } from './profiles.js';
export { DEFAULT_REPLAY_WINDOW, MAX_REPLAY_WINDOW } from './replay.js';
export { SRTP_FAILURES, type FailureCounts, type SrtpFailure, type SrtpStats } from './stats.js';
export { DEFAULT_MAX_STREAMS } from './streams.js';
