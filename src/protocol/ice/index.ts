// Public face of ICE (RFC 8445, RFC 8838 trickle, RFC 7675 consent): the sans-IO agent and
// the candidate helpers the driver and JSEP layers need.
export { IceAgent } from './agent.js';
export { NOMINATION_ATTEMPTS, UNAUTHENTICATED_ERRORS_PER_SECOND } from './agent-core.js';
export { muxTransaction, muxUfrag } from './mux-key.js';
export { MAX_REMOTE_CANDIDATES } from './remote-candidates.js';
export {
  ICE_DEFAULTS,
  type IceAgentOptions,
  type IceAgentStats,
  type IceEvent,
  type IceState,
} from './agent-types.js';
export {
  ACTIVE_TCP_PORT,
  TCP_TYPE_PREFERENCE,
  TYPE_PREFERENCE,
  candidateAddress,
  candidatePriority,
  computeFoundation,
  localPreferenceOf,
  toSdpCandidate,
  type IceCandidate,
  type IceCandidateType,
  type LocalCandidate,
  type RelayProtocol,
  type RemoteCandidate,
  type SignalledCandidate,
  type TcpType,
} from './candidate.js';
export { FrameReader, MAX_FRAME_BYTES, frame } from './framing.js';
export { pairPriority, type CandidatePair, type PairState } from './checklist.js';
export type { CandidateSnapshot, IceSnapshot, PairCounters, PairSnapshot, TrafficCounters } from './stats.js';
