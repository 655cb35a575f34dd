// The plain description an RTP session is configured from: what the jsep layer reads out of
// the negotiated SDP (mids, payload types with clock rates and RTX apt, rtcp-fb, a=extmap,
// a=ssrc and a=ssrc-group:FID, rids) and the engine's tunables with their defaults.
import type { ExtmapEntry } from '../extmap.js';
import type { Random } from '../../types.js';

/** RFC 4585 §4.2 a=rtcp-fb values negotiated for a payload type, and transport-cc. */
export interface RtpFeedback {
  /** `nack`: generic NACK (RFC 4585 §6.2.1). */
  nack?: boolean;
  /** `nack pli` (RFC 4585 §6.3.1). */
  pli?: boolean;
  /** `ccm fir` (RFC 5104 §4.3.1). */
  fir?: boolean;
  /** `transport-cc` (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
  transportCc?: boolean;
}

/**
 * What a payload format says about its packets, plugged in per payload type so the frame
 * assembler can find frame boundaries and key frames (the depacketizers implement it).
 */
export interface FramePolicy {
  /** Whether this packet starts a frame (VP8: S bit with partition 0); absent means "after a marker". */
  isFrameStart?(payload: Uint8Array): boolean;
  /** Whether this packet belongs to a key frame (looked at on a frame's first packet). */
  isKeyFrame?(payload: Uint8Array): boolean;
}

/** One negotiated payload type of a media section. */
export interface CodecDescription {
  payloadType: number;
  /** RTP clock rate in Hz (a=rtpmap), for jitter and the SR timestamp mapping. */
  clockRate: number;
  /** The RTX payload type whose fmtp apt names this one (RFC 4588 §8.6), when negotiated. */
  rtxPayloadType?: number;
  feedback?: RtpFeedback;
  frames?: FramePolicy;
  /** Video RED (RFC 2198) wrapping the other codecs' payloads: receivers unwrap its primary block. */
  red?: boolean;
}

/** One SSRC the peer signalled (a=ssrc), with its repair SSRC from a=ssrc-group:FID (RFC 4588 §8.2). */
export interface SignalledSsrc {
  ssrc: number;
  rtxSsrc?: number;
}

/** The receiving side of one media section. */
export interface ReceiverDescription {
  /** The key events and stats name the receiver by (the jsep layer uses the transceiver's mid). */
  id: string;
  /** The a=mid value matched against the MID header extension (RFC 8843 §9.2). */
  mid?: string;
  kind: 'audio' | 'video';
  codecs: CodecDescription[];
  ssrcs?: SignalledSsrc[];
  /** RFC 8853 simulcast receive: the rids of a=rid ... recv (one stream each). */
  rids?: string[];
}

/** One encoding of a sender (one SSRC, plus its RTX SSRC). */
export interface EncodingDescription {
  ssrc: number;
  rtxSsrc?: number;
  /** RFC 8852 rid written in the RtpStreamId extension (simulcast). */
  rid?: string;
  /** RTCRtpEncodingParameters.active; false sends nothing. */
  active?: boolean;
  /** RTCRtpEncodingParameters.maxBitrate in bits per second; media beyond it waits in the pacer. */
  maxBitrateBps?: number;
}

/** The sending side of one media section. */
export interface SenderDescription {
  id: string;
  mid?: string;
  kind: 'audio' | 'video';
  /** The payload types the peer accepts (with the feedback it asked for). */
  codecs: CodecDescription[];
  encodings: EncodingDescription[];
}

/** Everything negotiated for a bundle (one transport). */
export interface RtpSessionDescription {
  /** a=extmap of the bundle (RFC 8843 §9.1: one id space per transport). */
  extensions?: ExtmapEntry[];
  /** a=extmap-allow-mixed (RFC 8285 §6). */
  extmapAllowMixed?: boolean;
  /** a=rtcp-rsize (RFC 5506): feedback may go alone, without SR/RR and SDES. */
  reducedSizeRtcp?: boolean;
  receivers?: ReceiverDescription[];
  senders?: SenderDescription[];
}

/** Engine options; every time is in ms, every size in bytes. */
export interface RtpSessionOptions {
  /** Injected randomness: initial sequence numbers, timestamp offsets, RTCP interval jitter, SSRCs. */
  random: Random;
  /** RFC 7022 CNAME sent in SDES. */
  cname: string;
  /** Added to nowMs to get Unix ms for the NTP time of SRs (the driver passes wall clock minus its monotonic clock). */
  wallClockOffsetMs?: number;
  /** Largest RTCP datagram built (default 1200). */
  rtcpMaxBytes?: number;
  /** Receive streams kept at most, signalled ones included (default 64). */
  maxReceiveStreams?: number;
  /** An unsignalled SSRC replaces the one in its slot only when that one is at least this old (default 500). */
  ssrcSwitchCooldownMs?: number;
  /** Send history per SSRC: packets kept (default 1000) and age (default 1000 ms). */
  historyMaxPackets?: number;
  historyMaxAgeMs?: number;
  /** Longest a gap holds frame delivery when NACK is negotiated (default 500 ms; the wait is 8 RTT + 60 ms, at least 120 ms, up to this); without NACK, `reorderWaitMs`. */
  jitterMaxWaitMs?: number;
  /** How long a gap waits for reordered packets before it is NACKed or, without NACK, skipped (default 10 ms). */
  reorderWaitMs?: number;
  /** NACK retries per packet (default 10) and the age after which a packet is given up (default 1000 ms). */
  nackMaxRetries?: number;
  nackMaxAgeMs?: number;
  /** Least time between two key frame requests of one stream (default 300 ms). */
  keyFrameRequestIntervalMs?: number;
  /** No packet for this long makes a receive stream inactive (mute candidate; default 2000 ms). */
  inactiveAfterMs?: number;
  /** Regular RTCP interval before randomisation: video (default 1000) and audio-only (default 5000). */
  videoRtcpIntervalMs?: number;
  audioRtcpIntervalMs?: number;
  /** How often transport-wide feedback is sent while packets arrive (default 100 ms). */
  twccIntervalMs?: number;
  /**
   * Where transport-wide sequence numbers come from (draft-holmer-rmcat-transport-wide-cc-
   * extensions-01 §2: one counter per transport); the session counts from 1 by itself when absent.
   */
  transportSequencer?: { next(): number };
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<RtpSessionOptions, 'transportSequencer'>> & Pick<RtpSessionOptions, 'transportSequencer'>;

/** Fills in the defaults documented on RtpSessionOptions. */
export function resolveOptions(o: RtpSessionOptions): ResolvedOptions {
  return {
    random: o.random,
    cname: o.cname,
    wallClockOffsetMs: o.wallClockOffsetMs ?? 0,
    rtcpMaxBytes: o.rtcpMaxBytes ?? 1200,
    maxReceiveStreams: o.maxReceiveStreams ?? 64,
    ssrcSwitchCooldownMs: o.ssrcSwitchCooldownMs ?? 500,
    historyMaxPackets: o.historyMaxPackets ?? 1000,
    historyMaxAgeMs: o.historyMaxAgeMs ?? 1000,
    jitterMaxWaitMs: o.jitterMaxWaitMs ?? 500,
    reorderWaitMs: o.reorderWaitMs ?? 10,
    nackMaxRetries: o.nackMaxRetries ?? 10,
    nackMaxAgeMs: o.nackMaxAgeMs ?? 1000,
    keyFrameRequestIntervalMs: o.keyFrameRequestIntervalMs ?? 300,
    inactiveAfterMs: o.inactiveAfterMs ?? 2000,
    videoRtcpIntervalMs: o.videoRtcpIntervalMs ?? 1000,
    audioRtcpIntervalMs: o.audioRtcpIntervalMs ?? 5000,
    twccIntervalMs: o.twccIntervalMs ?? 100,
    ...(o.transportSequencer === undefined ? {} : { transportSequencer: o.transportSequencer }),
  };
}
