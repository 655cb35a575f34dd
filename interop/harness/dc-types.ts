// What data-channel scenarios record on each side, in one shape for the page and for Node,
// so that the checks compare like with like.
import type { Digest } from './payload.js';

/** A channel's attributes as one side reports them. */
export interface ChannelInfo {
  label: string;
  protocol: string;
  id: number | null;
  ordered: boolean;
  maxRetransmits: number | null;
  maxPacketLifeTime: number | null;
  negotiated: boolean;
  readyState: string;
}

/** One event on a channel, with the channel's readyState as its listener saw it. */
export interface ChannelEvent {
  /** `datachannel` is the peer connection's event that announced the channel, if any. */
  type: 'datachannel' | 'open' | 'closing' | 'close' | 'error' | 'echo-failed';
  readyState: string;
  /** For `error`: the RTCError's name, errorDetail and sctpCauseCode; for `echo-failed`: why. */
  detail?: string;
}

/** One message sent and the echo that came back for it. */
export interface EchoRecord {
  sent: Digest;
  echoed: Digest;
  /** How many times it was sent before an echo came (more than 1 only on a lossy plan). */
  attempts: number;
  /** Echoes of earlier messages or sends that came late and were set aside (lossy plans). */
  late: number;
}

/** A peer connection's state and history as one side reports it. */
export interface PeerReport {
  connectionState: string;
  signalingState: string;
  /** `connectionState` at each connectionstatechange event, in order. */
  connectionStates: string[];
  /** How many connectionstatechange events had fired when the page or Node called close(). */
  connectionEventsAtClose: number | null;
  /** `sctp.maxMessageSize`, or null without an SCTP transport. */
  maxMessageSize: number | null;
  /** Every channel this side knows, created or announced, by label. */
  channels: ChannelInfo[];
}
