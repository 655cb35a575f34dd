// The IceAgent's options, events, states and counters.
import type { Random } from '../types.js';
import type { IceCandidate, LocalCandidate } from './candidate.js';

/** RTCIceTransportState values (W3C WebRTC §5.6). */
export type IceState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';

/** What the agent reports; drain with `pollEvent`. */
export type IceEvent =
  /** A gathered local candidate to signal (host or srflx). */
  | { type: 'candidate'; candidate: LocalCandidate }
  /** Every local candidate of this generation has been reported. */
  | { type: 'gathering-complete' }
  | { type: 'state'; state: IceState }
  /** The pair data now flows on; `local` is the candidate the peer sees (may be prflx). */
  | { type: 'selected-pair'; local: LocalCandidate; remote: IceCandidate }
  /** The role changed to repair a role conflict (RFC 8445 §7.3.1.1, §7.2.5.1). */
  | { type: 'role-changed'; controlling: boolean };

/** Construction parameters. Durations are milliseconds. */
export interface IceAgentOptions {
  /** Initial role (RFC 8445 §6.1.1): the offerer of a full-ICE session controls. */
  controlling: boolean;
  /** 64-bit tie-breaker for role conflicts (RFC 8445 §7.3.1.1); random per agent. */
  tieBreaker: bigint;
  localUfrag: string;
  localPwd: string;
  /** Randomness for transaction IDs and timer jitter. */
  random: Random;
  /** Ta, the pacing between new checks (RFC 8445 §14.2: 50 ms; lower is fine on a LAN). */
  taMs?: number;
  /** Initial RTO of a connectivity check (RFC 8445 §14.3: 500 ms floor; lower on a LAN). */
  checkRtoMs?: number;
  /** Rc for checks: requests sent before a pair fails (RFC 8489 default 7). */
  checkMaxRequests?: number;
  /** Initial RTO of srflx gathering requests to STUN servers. */
  gatherRtoMs?: number;
  /** Requests sent to a STUN server before giving up on it. */
  gatherMaxRequests?: number;
  /** RFC 7675 §5.1 consent period (5 s), randomized by ±20%. */
  consentIntervalMs?: number;
  /** RFC 7675 §5.1 consent timeout (30 s): then the state is 'failed'. */
  consentTimeoutMs?: number;
  /** Nothing received from the peer for this long: 'disconnected' (browsers: 2.5-5 s). */
  disconnectedTimeoutMs?: number;
  /** Controlling agent: how long to wait for a better pair after the first valid one. */
  nominationDelayMs?: number;
  /** RFC 8445 §6.1.2.5: upper bound on the check list size (100). */
  maxPairs?: number;
  /** RFC 8863 §3: the PAC timer; no failure is declared before it runs out (39.5 s). */
  pacTimeoutMs?: number;
}

/** The options with their defaults filled in. */
export type ResolvedIceOptions = Required<Omit<IceAgentOptions, 'controlling' | 'tieBreaker' | 'localUfrag' | 'localPwd' | 'random'>>;

/** Defaults for the optional parameters. */
export const ICE_DEFAULTS: ResolvedIceOptions = {
  taMs: 50,
  checkRtoMs: 500,
  checkMaxRequests: 7,
  gatherRtoMs: 500,
  gatherMaxRequests: 5,
  consentIntervalMs: 5000,
  consentTimeoutMs: 30000,
  disconnectedTimeoutMs: 5000,
  nominationDelayMs: 500,
  maxPairs: 100,
  pacTimeoutMs: 39_500,
};

/** Counters for stats and debugging; bad input is dropped and counted here. */
export interface IceAgentStats {
  /** STUN datagrams that failed to parse. */
  malformed: number;
  /** Messages with a wrong FINGERPRINT. */
  badFingerprint: number;
  /** Requests answered with an error (400, 401, 420, 487). */
  requestsRejected: number;
  /** Requests answered with success. */
  requestsAnswered: number;
  /** Responses that matched no transaction or failed integrity. */
  responsesIgnored: number;
  /** Requests received on an address that is not a local base. */
  unknownBase: number;
  /** Checks between a loopback and a non-loopback address, dropped. */
  crossLoopback: number;
  checksSent: number;
  checksSucceeded: number;
  checksFailed: number;
  consentRequestsSent: number;
  /** Nomination (USE-CANDIDATE) checks that failed: an error response, a bad answer or a timeout. */
  nominationsFailed: number;
  roleConflicts: number;
  /** Remote candidates (signalled or peer-reflexive) dropped past MAX_REMOTE_CANDIDATES, and signalled TCP ones aimed at a Fetch bad port. */
  remoteCandidatesDropped: number;
  /** Pairs not formed or dropped to keep the check list within maxPairs (RFC 8445 §6.1.2.5). */
  pairsDropped: number;
  /**
   * Error responses (400, 401) to unauthenticated requests not sent: larger than the request,
   * or past UNAUTHENTICATED_ERRORS_PER_SECOND.
   */
  errorResponsesSuppressed: number;
}
