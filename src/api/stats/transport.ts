// The bundle transport's stats objects (W3C webrtc-stats §RTCTransportStats,
// §RTCIceCandidatePairStats, §RTCIceCandidateStats) from a TransportStats snapshot and the
// W3C transport objects' state.
import type { TransportStats } from '../../io/index.js';
import type { CandidateSnapshot, PairSnapshot } from '../../protocol/ice/index.js';
import { TRANSPORT_ID, type StatsIds } from './ids.js';

/** A stats dictionary as the report holds it. */
export type StatsDict = Record<string, unknown>;

/** What the transport objects report besides the engines (TransportLink's view). */
export interface TransportView {
  /** RTCIceTransport.role while no ICE agent runs. */
  iceRole: 'unknown' | 'controlling' | 'controlled';
  /** RTCIceTransport.state and RTCDtlsTransport.state. */
  iceState: string;
  dtlsState: string;
  localUfrag: string | null;
  remoteUfrag: string | null;
  /** `CF...` of the local certificate the transport presents. */
  localCertificateId: string | null;
  /** `CF...` of the remote certificate, once DTLS has it. */
  remoteCertificateId: string | null;
}

/** Adds transport, candidate-pair, local-candidate and remote-candidate objects to `out`. */
export function transportStats(
  out: Map<string, StatsDict>,
  view: TransportView,
  engines: TransportStats | undefined,
  ids: StatsIds,
  timestamp: number,
): void {
  const ice = engines?.ice;
  const traffic = ice?.traffic;
  const transport: StatsDict = {
    id: TRANSPORT_ID,
    type: 'transport',
    timestamp,
    // W3C webrtc-stats: cumulative counters are 0, not absent, until something is counted.
    packetsSent: traffic?.packetsSent ?? 0,
    packetsReceived: traffic?.packetsReceived ?? 0,
    bytesSent: traffic?.bytesSent ?? 0,
    bytesReceived: traffic?.bytesReceived ?? 0,
    iceRole: ice ? (ice.controlling ? 'controlling' : 'controlled') : view.iceRole,
    dtlsState: view.dtlsState,
    iceState: view.iceState,
    dtlsRole: engines?.dtlsRole ?? 'unknown',
    selectedCandidatePairChanges: ice?.selectedPairChanges ?? 0,
  };
  if (view.localUfrag !== null) transport.iceLocalUsernameFragment = view.localUfrag;
  if (view.localCertificateId !== null) transport.localCertificateId = view.localCertificateId;
  if (view.remoteCertificateId !== null) transport.remoteCertificateId = view.remoteCertificateId;
  // W3C webrtc-stats: tlsVersion only exists once DTLS negotiation is complete.
  if (engines?.dtls) {
    transport.tlsVersion = engines.dtls.version;
    transport.dtlsCipher = engines.dtls.cipherSuite;
  }
  // W3C webrtc-stats RTCTransportStats.srtpCipher: the IANA name of the DTLS-SRTP profile, once keyed.
  if (engines?.media?.srtpCipher !== undefined) transport.srtpCipher = engines.media.srtpCipher;
  out.set(TRANSPORT_ID, transport);
  if (!ice) return;
  const origin = engines.clockOriginMs;
  for (const p of ice.pairs) {
    const dict = pairStats(p, ids, timestamp, origin);
    out.set(dict.id as string, dict);
    if (p.ref === ice.selectedPair) {
      transport.selectedCandidatePairId = dict.id;
      // W3C webrtc-stats §7.13 availableOutgoingBitrate: what congestion feedback (REMB, or the rate TWCC acknowledges) says the pair carries.
      const bps = engines.media?.rtp?.availableOutgoingBitrateBps;
      if (bps !== undefined) dict.availableOutgoingBitrate = bps;
    }
  }
  for (const c of ice.localCandidates) {
    const dict = candidateStats(c, 'local-candidate', view.localUfrag, ids, timestamp);
    out.set(dict.id as string, dict);
  }
  for (const c of ice.remoteCandidates) {
    const dict = candidateStats(c, 'remote-candidate', view.remoteUfrag, ids, timestamp);
    out.set(dict.id as string, dict);
  }
}

function pairStats(p: PairSnapshot, ids: StatsIds, timestamp: number, origin: number): StatsDict {
  const c = p.counters;
  const dict: StatsDict = {
    id: ids.pair(p.ref, p.local, p.remote),
    type: 'candidate-pair',
    timestamp,
    transportId: TRANSPORT_ID,
    localCandidateId: ids.candidate(p.local),
    remoteCandidateId: ids.candidate(p.remote),
    state: p.state,
    nominated: p.nominated,
    // RFC 8445 §6.1.2.3 pair priority, a 64-bit value (as Chromium reports it, a number).
    priority: Number(p.priority),
    packetsSent: c.packetsSent,
    packetsReceived: c.packetsReceived,
    bytesSent: c.bytesSent,
    bytesReceived: c.bytesReceived,
    // W3C webrtc-stats: seconds, summed over every response (responsesReceived).
    totalRoundTripTime: c.totalRoundTripMs / 1000,
    requestsSent: c.requestsSent,
    requestsReceived: c.requestsReceived,
    responsesSent: c.responsesSent,
    responsesReceived: c.responsesReceived,
    consentRequestsSent: c.consentRequestsSent,
  };
  // Instantaneous values exist only once measured (W3C webrtc-stats §"Guidelines").
  if (c.currentRoundTripMs >= 0) dict.currentRoundTripTime = c.currentRoundTripMs / 1000;
  if (c.lastPacketSentMs >= 0) dict.lastPacketSentTimestamp = origin + c.lastPacketSentMs;
  if (c.lastPacketReceivedMs >= 0) dict.lastPacketReceivedTimestamp = origin + c.lastPacketReceivedMs;
  return dict;
}

function candidateStats(
  c: CandidateSnapshot,
  type: 'local-candidate' | 'remote-candidate',
  ufrag: string | null,
  ids: StatsIds,
  timestamp: number,
): StatsDict {
  const dict: StatsDict = {
    id: ids.candidate(c.ref),
    type,
    timestamp,
    transportId: TRANSPORT_ID,
  };
  // W3C webrtc-stats RTCIceCandidateStats.address: a remote address the application was
  // never given (a peer-reflexive candidate learnt from a check) is not exposed.
  if (!c.learned) dict.address = c.address;
  dict.port = c.port;
  dict.protocol = c.protocol;
  dict.candidateType = c.type;
  // W3C webrtc-stats RTCIceCandidateStats.tcpType: TCP candidates only.
  if (c.tcpType !== undefined) dict.tcpType = c.tcpType;
  dict.priority = c.priority;
  // W3C webrtc-stats: url only for local srflx and relay candidates.
  if (c.url !== undefined && type === 'local-candidate') dict.url = c.url;
  // W3C webrtc-stats RTCIceCandidateStats.relayProtocol: local relay candidates only.
  if (c.relayProtocol !== undefined && type === 'local-candidate') dict.relayProtocol = c.relayProtocol;
  dict.foundation = c.foundation;
  if (c.relatedAddress !== undefined) dict.relatedAddress = c.relatedAddress;
  if (c.relatedPort !== undefined) dict.relatedPort = c.relatedPort;
  if (ufrag !== null) dict.usernameFragment = ufrag;
  return dict;
}
