// What the ICE agent counts for getStats (W3C webrtc-stats §RTCIceCandidatePairStats,
// §RTCTransportStats, §RTCIceCandidateStats): integers kept on each pair and on the agent,
// incremented in place as checks and datagrams pass, and copied out by `snapshot` only
// when stats are asked for. Times are the driver's `nowMs`.
import type { IceCandidate, IceCandidateType, LocalCandidate } from './candidate.js';
import type { CandidatePair, PairState } from './checklist.js';

/** Counters of one candidate pair; -1 marks a time or round trip not yet measured. */
export interface PairCounters {
  /** Connectivity checks sent, retransmissions not included. */
  requestsSent: number;
  /** Authenticated checks received (retransmissions and consent checks included). */
  requestsReceived: number;
  /** Success responses sent. */
  responsesSent: number;
  /** Success responses received, to checks and to consent requests. */
  responsesReceived: number;
  /** RFC 7675 consent requests sent. */
  consentRequestsSent: number;
  /** Sum of the round trips measured from responses (ms). */
  totalRoundTripMs: number;
  /** The latest round trip measured (ms), or -1. */
  currentRoundTripMs: number;
  /** Non-STUN datagrams and their bytes, each way. */
  packetsSent: number;
  bytesSent: number;
  packetsReceived: number;
  bytesReceived: number;
  /** When the last non-STUN datagram left / arrived on the pair (ms), or -1. */
  lastPacketSentMs: number;
  lastPacketReceivedMs: number;
}

/** Zeroed pair counters. */
export function newPairCounters(): PairCounters {
  return {
    requestsSent: 0,
    requestsReceived: 0,
    responsesSent: 0,
    responsesReceived: 0,
    consentRequestsSent: 0,
    totalRoundTripMs: 0,
    currentRoundTripMs: -1,
    packetsSent: 0,
    bytesSent: 0,
    packetsReceived: 0,
    bytesReceived: 0,
    lastPacketSentMs: -1,
    lastPacketReceivedMs: -1,
  };
}

/** Non-STUN datagrams over the whole ICE transport, whatever pair they took. */
export interface TrafficCounters {
  packetsSent: number;
  bytesSent: number;
  packetsReceived: number;
  bytesReceived: number;
}

/** A candidate as stats report it. */
export interface CandidateSnapshot {
  /** The agent's candidate object: an identity key, stable while the agent keeps it. */
  readonly ref: object;
  type: IceCandidateType;
  address: string;
  port: number;
  protocol: 'udp' | 'tcp';
  /** TCP candidates: RFC 6544 tcptype (W3C webrtc-stats RTCIceCandidateStats.tcpType). */
  tcpType?: 'active' | 'passive' | 'so';
  priority: number;
  foundation: string;
  relatedAddress?: string;
  relatedPort?: number;
  /** Local srflx and relay: the URL of the STUN or TURN server it came from. */
  url?: string;
  /** Local relay: the transport to the TURN server. */
  relayProtocol?: 'udp' | 'tcp' | 'tls';
  /** Remote: learnt from a check (peer reflexive) and never signalled. */
  learned: boolean;
}

/** A candidate pair as stats report it. */
export interface PairSnapshot {
  /** The agent's pair object: an identity key, stable while the pair exists. */
  readonly ref: object;
  /** `ref` of the local candidate (the one the peer sees: prflx once a check learnt it). */
  readonly local: object;
  /** `ref` of the remote candidate. */
  readonly remote: object;
  state: PairState;
  nominated: boolean;
  priority: bigint;
  counters: PairCounters;
}

/** The ICE agent's part of a stats report. */
export interface IceSnapshot {
  controlling: boolean;
  localCandidates: CandidateSnapshot[];
  remoteCandidates: CandidateSnapshot[];
  pairs: PairSnapshot[];
  /** `ref` of the selected pair, while one is in use. */
  selectedPair: object | undefined;
  /** W3C webrtc-stats: selections made or lost, 0 until the first pair is selected. */
  selectedPairChanges: number;
  traffic: TrafficCounters;
}

/** What `snapshot` reads from the agent. */
export interface IceStatsSource {
  controlling: boolean;
  locals: readonly LocalCandidate[];
  remotes: readonly IceCandidate[];
  isLearned(c: IceCandidate): boolean;
  /** The check list, and the selected pair (which an ICE restart keeps off the list). */
  pairs: readonly CandidatePair[];
  selected: CandidatePair | undefined;
  selectedPairChanges: number;
  traffic: TrafficCounters;
}

function candidate(c: IceCandidate | LocalCandidate, learned: boolean): CandidateSnapshot {
  const out: CandidateSnapshot = {
    ref: c,
    type: c.type,
    address: c.address,
    port: c.port,
    protocol: c.transport,
    priority: c.priority,
    foundation: c.foundation,
    learned,
  };
  if (c.tcpType !== undefined) out.tcpType = c.tcpType;
  if (c.relatedAddress !== undefined) out.relatedAddress = c.relatedAddress;
  if (c.relatedPort !== undefined) out.relatedPort = c.relatedPort;
  const url = (c as LocalCandidate).url;
  if (url !== undefined) out.url = url;
  const relayProtocol = (c as LocalCandidate).relayProtocol;
  if (relayProtocol !== undefined) out.relayProtocol = relayProtocol;
  return out;
}

/** Copies what stats need out of the agent; the copy does not change afterwards. */
export function snapshot(s: IceStatsSource): IceSnapshot {
  const pairs = s.selected && !s.pairs.includes(s.selected) ? [...s.pairs, s.selected] : s.pairs;
  const locals: Array<IceCandidate | LocalCandidate> = [...s.locals];
  const remotes = [...s.remotes];
  for (const p of pairs) {
    if (!remotes.includes(p.remote)) remotes.push(p.remote);
    const local = p.validLocal ?? p.local;
    if (!locals.includes(local)) locals.push(local);
  }
  return {
    controlling: s.controlling,
    localCandidates: locals.map((c) => candidate(c, false)),
    remoteCandidates: remotes.map((c) => candidate(c, s.isLearned(c))),
    pairs: pairs.map((p) => ({
      ref: p,
      local: p.validLocal ?? p.local,
      remote: p.remote,
      state: p.state,
      nominated: p.nominated,
      priority: p.priority,
      counters: { ...p.counters },
    })),
    selectedPair: s.selected,
    selectedPairChanges: s.selectedPairChanges,
    traffic: { ...s.traffic },
  };
}
