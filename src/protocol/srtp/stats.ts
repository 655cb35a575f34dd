// Counters of one SRTP context, for stats and logs.

/** Why unprotect dropped a packet. */
export type SrtpFailure =
  /** Shorter than a header, E || index and the tag. */
  | 'too-short'
  /** Not version 2, or a header (CSRCs, extension) longer than the packet. */
  | 'malformed'
  /** The tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §5.2.2). */
  | 'auth-failed'
  /** Its index was already received (RFC 3711 §3.3.2). */
  | 'replayed'
  /** Its index is left of the replay window, or before the stream's first packet across a wrap. */
  | 'too-old';

/** Every failure kind, in a fixed order. */
export const SRTP_FAILURES: readonly SrtpFailure[] = ['too-short', 'malformed', 'auth-failed', 'replayed', 'too-old'];

/** Counts per failure kind. */
export type FailureCounts = Record<SrtpFailure, number>;

/** A snapshot of a context's counters. */
export interface SrtpStats {
  /** RTP packets protected. */
  rtpProtected: number;
  /** SRTP packets unprotected (authenticated and decrypted). */
  rtpUnprotected: number;
  /** RTCP packets protected. */
  rtcpProtected: number;
  /** SRTCP packets unprotected. */
  rtcpUnprotected: number;
  /** SRTP packets dropped, by reason. */
  rtpDropped: FailureCounts;
  /** SRTCP packets dropped, by reason. */
  rtcpDropped: FailureCounts;
  /** Receive streams (SSRCs) tracked for SRTP and for SRTCP. */
  rtpStreams: number;
  /** See rtpStreams. */
  rtcpStreams: number;
  /** Receive streams forgotten to make room for a new SSRC (the least recently used). */
  streamsEvicted: number;
}

/** Zeroed failure counts. */
export function noFailures(): FailureCounts {
  return { 'too-short': 0, malformed: 0, 'auth-failed': 0, replayed: 0, 'too-old': 0 };
}
