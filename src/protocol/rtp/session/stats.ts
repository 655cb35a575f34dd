// The counters and snapshots an RtpSession reports, shaped after W3C webrtc-stats (§7.3
// inbound-rtp, §7.4 outbound-rtp, §7.5 remote-inbound-rtp, §7.6 remote-outbound-rtp) so the
// API layer maps them field for field, plus the session's own drop counters.
import type { DemuxDropReason } from './demux.js';
import type { InboundCounters } from './receive-stream.js';
import type { OutboundCounters, RemoteInbound } from './send-stream.js';

/** What the session counted itself: input refused or ignored, and output made. */
export interface SessionCounters {
  rtpPacketsReceived: number;
  rtpParseErrors: number;
  rtcpDatagramsReceived: number;
  rtcpParseErrors: number;
  /** RTCP packets of unknown type or with a malformed body (RFC 3550 §6.1: ignored). */
  rtcpPacketsIgnored: number;
  /** RTCP about SSRCs we do not know (feedback for no sender of ours, BYE for no stream). */
  rtcpUnknownSsrc: number;
  /** RTP packets the demux placed nowhere, by reason. */
  demuxDrops: Record<DemuxDropReason, number>;
  /** RTX packets without an OSN (padding probes; RFC 4588 §4). */
  rtxPaddingReceived: number;
  /** Video RED packets not unwrapped: malformed, or a primary block that is not media (ULPFEC). */
  redDropped: number;
  /** RFC 3550 §8.2: the peer used one of our SSRCs. */
  ssrcCollisions: number;
  rtcpDatagramsSent: number;
  rtcpBytesSent: number;
  /** sendRtp calls for a sender or encoding the description does not have. */
  unknownSenderPackets: number;
}

/** A zeroed SessionCounters. */
export function newSessionCounters(): SessionCounters {
  return {
    rtpPacketsReceived: 0,
    rtpParseErrors: 0,
    rtcpDatagramsReceived: 0,
    rtcpParseErrors: 0,
    rtcpPacketsIgnored: 0,
    rtcpUnknownSsrc: 0,
    demuxDrops: {
      'bad-extension': 0,
      'unknown-mid': 0,
      'unknown-ssrc': 0,
      'ambiguous-payload-type': 0,
      'unknown-payload-type': 0,
      'unknown-rid': 0,
      'rtx-unassociated': 0,
      'ssrc-cooldown': 0,
      'ssrc-mid-mismatch': 0,
      'stream-limit': 0,
    },
    rtxPaddingReceived: 0,
    redDropped: 0,
    ssrcCollisions: 0,
    rtcpDatagramsSent: 0,
    rtcpBytesSent: 0,
    unknownSenderPackets: 0,
  };
}

/** W3C webrtc-stats §7.6: what the peer's last SR on a received SSRC said. */
export interface RemoteOutbound {
  /** Unix ms of the SR's NTP time (the peer's clock). */
  remoteTimestamp: number;
  packetsSent: number;
  bytesSent: number;
  reportsSent: number;
}

/** One received stream: inbound-rtp fields and the remote-outbound-rtp view. */
export interface InboundRtpSnapshot extends InboundCounters {
  receiverId: string;
  mid: string | undefined;
  kind: 'audio' | 'video';
  ssrc: number;
  rtxSsrc: number | undefined;
  rid: string | undefined;
  /** RFC 3550 A.3 cumulative lost (negative with duplicates). */
  packetsLost: number;
  /** Seconds (A.8 jitter over the clock rate). */
  jitter: number;
  /** Frames assembled and dropped (video framesReceived and framesDropped; audio counts packets as frames). */
  framesAssembled: number;
  framesDropped: number;
  /** Packets discarded by the reorder buffer (late, duplicate, of dropped frames). */
  packetsDiscarded: number;
  /** Sequence numbers requested in NACKs (retries counted), given up, and recovered (nonstandard). */
  nackRequests: number;
  nackGiveUps: number;
  nackRecovered: number;
  cname: string | undefined;
  remoteOutbound: RemoteOutbound | undefined;
}

/** One sent encoding: outbound-rtp fields and the remote-inbound-rtp view. */
export interface OutboundRtpSnapshot extends OutboundCounters {
  senderId: string;
  encodingIndex: number;
  mid: string | undefined;
  kind: 'audio' | 'video';
  ssrc: number;
  rtxSsrc: number | undefined;
  rid: string | undefined;
  active: boolean;
  maxBitrateBps: number | undefined;
  remoteInbound: RemoteInbound;
}

/** Everything getStats needs from a session. */
export interface RtpSessionStats {
  inbound: InboundRtpSnapshot[];
  outbound: OutboundRtpSnapshot[];
  session: SessionCounters;
  /** The latest round-trip time measured from report blocks, ms. */
  roundTripTimeMs: number | undefined;
  /** What REMB or transport-wide feedback says the path carries, bits per second (W3C webrtc-stats availableOutgoingBitrate). */
  availableOutgoingBitrateBps: number | undefined;
}
