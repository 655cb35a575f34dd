// The TransportStack's inputs and outputs: its options, what a remote description gives
// it, and the events it reports (with the data channel manager's, renamed for the API).
import type { KeyObject } from 'node:crypto';
import type { ChannelOptions, DataChannelManager } from '../datachannel/index.js';
import type { RemoteFingerprint } from '../dtls/index.js';
import type { IceSnapshot, IceState } from '../ice/index.js';
import type { RtpSessionEvent } from '../rtp/session/index.js';
import type { Random } from '../types.js';
import type { MediaOptions, MediaStats } from './media.js';

/** What the stack reports; drain with `pollEvent`. */
export type StackEvent =
  /**
   * A gathered local candidate (`candidate:...`); null when gathering completed. `url` names
   * the STUN or TURN server of a srflx or relay candidate, `relayProtocol` a relay's transport.
   */
  | { type: 'local-candidate'; candidate: string | null; url?: string; relayProtocol?: 'udp' | 'tcp' | 'tls' }
  | { type: 'ice-state'; state: IceState }
  | { type: 'selected-pair'; local: string; remote: string }
  | { type: 'dtls-state'; state: 'connecting' | 'connected' | 'failed' | 'closed'; remoteCertificate?: Uint8Array }
  /**
   * `reason` says why a closed association ended: 'shutdown' (graceful, RFC 9260 §9.2) or
   * a failure ('too many retransmissions', 'peer-abort: ...', 'dtls closed', ...).
   */
  | { type: 'sctp-state'; state: 'connected' | 'closed'; maxChannels?: number; reason?: string }
  /** The remote opened a channel with DCEP. */
  | { type: 'channel-opened'; id: number; options: ChannelOptions }
  | { type: 'channel-open'; id: number }
  /** `sizeBytes`: the message's payload bytes (W3C webrtc-stats RTCDataChannelStats bytesReceived). */
  | { type: 'channel-message'; id: number; data: string | Uint8Array; sizeBytes: number }
  | { type: 'channel-buffered-amount'; id: number; bytes: number }
  | { type: 'channel-closing'; id: number }
  | { type: 'channel-closed'; id: number }
  /** What the RTP session reported: a frame, a stream active or inactive, a key frame request, ... */
  | { type: 'rtp'; event: RtpSessionEvent };

/** What the remote description says about the transport. */
export interface RemoteTransport {
  ufrag: string;
  pwd: string;
  fingerprints: RemoteFingerprint[];
  candidates: string[];
  endOfCandidates: boolean;
  /** The largest UDP datagram the peer says it reads (null: assume 1200-byte packets only). */
  maxDatagram?: number | null;
  /** The peer's SCTP port, its a=sctp-port (RFC 8841 §5); default 5000. */
  sctpPort?: number;
  /**
   * The peer's a=sctp-init (SNAP, draft-hancke-tsvwg-snap), given only when our own
   * description carried ours (`StackOptions.sctpInit`): SCTP then skips its handshake.
   */
  sctpInit?: Uint8Array | null;
  /**
   * Our applied description carried our a=sctp-init. With no valid `sctpInit` back, the
   * peer may still have taken ours for SNAP (the attribute lost from its answer on the
   * way): a DTLS server then does not wait for an INIT for ever (SctpAssociation.awaitInit).
   */
  sctpInitSent?: boolean;
}

/** How the stack is set up. */
export interface StackOptions {
  certificate: { der: Uint8Array; privateKey: KeyObject };
  localUfrag: string;
  localPwd: string;
  random: Random;
  /** ICE pacing and retransmission, sized for LAN/loopback by default. */
  ice?: { taMs?: number; checkRtoMs?: number; nominationDelayMs?: number };
  /** First DTLS retransmission timeout (ms). */
  dtlsInitialRtoMs?: number;
  /** Largest message SCTP sends (the peer's a=max-message-size). */
  maxMessageSize?: number;
  /** Largest message SCTP accepts (our a=max-message-size; 0 any size): larger ones are refused as they arrive. */
  maxReceiveMessageSize?: number;
  /** Our SCTP port, the a=sctp-port of our description (RFC 8841 §5); default 5000. */
  sctpPort?: number;
  /** Our a=sctp-init (SCTP's newSnapInit): the association takes its Initiate Tag and initial TSN. */
  sctpInit?: Uint8Array;
  /**
   * DTLS-SRTP protection profiles offered (client) or accepted (server) in use_srtp, in order
   * of preference (RFC 5764 §4.1.1); default all four implemented, GCM first. [] turns SRTP off.
   */
  srtpProfiles?: readonly number[];
  /** RTP session options (CNAME, wall clock offset, tunables); the stack supplies the randomness. */
  media?: MediaOptions;
}

/** The stack event for a data channel manager event. */
export function channelEvent(e: NonNullable<ReturnType<DataChannelManager['pollEvent']>>): StackEvent | undefined {
  switch (e.type) {
    case 'channel-open':
      return { type: 'channel-opened', id: e.id, options: e.options };
    case 'open':
      return { type: 'channel-open', id: e.id };
    case 'message':
      return { type: 'channel-message', id: e.id, data: e.data, sizeBytes: e.sizeBytes };
    case 'buffered-amount':
      return { type: 'channel-buffered-amount', id: e.id, bytes: e.bytes };
    case 'closing':
      return { type: 'channel-closing', id: e.id };
    case 'closed':
      return { type: 'channel-closed', id: e.id };
    default:
      return undefined;
  }
}

/** What getStats reads from the stack: copies, fixed once made. Times are the driver's `nowMs`. */
export interface StackStats {
  /** ICE candidates, pairs and counters, once the agent exists. */
  ice: IceSnapshot | undefined;
  /** The DTLS role, once a=setup or a ClientHello decided it. */
  dtlsRole: 'client' | 'server' | undefined;
  /** What DTLS agreed, from 'connected' on: see DtlsConnection.agreed. */
  dtls: { cipherSuite: string; version: string; peerCertificates: readonly Uint8Array[] } | undefined;
  /** The media plane's counters and the RTP session's streams (W3C webrtc-stats RTP entries). */
  media?: MediaStats;
}
