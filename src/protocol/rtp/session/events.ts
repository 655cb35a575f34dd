// What an RtpSession reports through pollEvent, for the API layer (tracks, mute, stats,
// encoders) and for the congestion controller to come.
import type { HeaderExtension } from '../header-extensions.js';
import type { Remb } from '../rtcp-remb.js';
import type { TransportFeedback } from '../rtcp-twcc.js';
import type { AssembledFrame } from './frame-assembler.js';

/** A complete frame of a receive stream, in order. */
export interface FrameEvent {
  type: 'frame';
  receiverId: string;
  ssrc: number;
  rid: string | undefined;
  frame: AssembledFrame;
}

/** A receive stream got its first packet, or its first after being inactive (unmute). */
export interface StreamActiveEvent {
  type: 'stream-active';
  receiverId: string;
  ssrc: number;
  rid: string | undefined;
}

/** A receive stream got nothing for `inactiveAfterMs` (a mute candidate). */
export interface StreamInactiveEvent {
  type: 'stream-inactive';
  receiverId: string;
  ssrc: number;
}

/** The peer said goodbye for a source of a receiver (RFC 3550 §6.6); the stream is gone. */
export interface ByeEvent {
  type: 'bye';
  receiverId: string;
  ssrc: number;
  reason: string | undefined;
}

/** A receive stream was replaced by a new SSRC in its slot (the old one's state is gone). */
export interface StreamReplacedEvent {
  type: 'stream-replaced';
  receiverId: string;
  oldSsrc: number;
  newSsrc: number;
}

/** Frames were dropped at an unrepaired gap; a key frame was asked for when `requested`. */
export interface KeyFrameNeededEvent {
  type: 'key-frame-needed';
  receiverId: string;
  ssrc: number;
  /** PLI or FIR sent now (false when throttled or neither was negotiated). */
  requested: 'pli' | 'fir' | false;
}

/** The peer asked one of our senders for a key frame (RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR). */
export interface KeyFrameRequestEvent {
  type: 'key-frame-request';
  senderId: string;
  ssrc: number;
  via: 'pli' | 'fir';
}

/** A receiver estimated maximum bitrate from the peer, as parsed. */
export interface RembEvent {
  type: 'remb';
  remb: Remb;
}

/** Transport-wide feedback from the peer, as parsed. */
export interface TransportFeedbackEvent {
  type: 'transport-feedback';
  feedback: TransportFeedback;
}

/** RFC 3550 §8.2: the peer uses one of our SSRCs; our encoding moved to a new one (a BYE went for the old). */
export interface LocalSsrcChangedEvent {
  type: 'local-ssrc-changed';
  senderId: string;
  encodingIndex: number;
  oldSsrc: number;
  newSsrc: number;
}

/** A media packet of a receiver whose packets are tapped (RtpSession.setPacketTap), RTX and RED unwrapped. */
export interface RtpPacketEvent {
  type: 'rtp-packet';
  receiverId: string;
  rid: string | undefined;
  packet: ReceivedRtpPacket;
}

/** A received RTP packet as the tap hands it out: copies, valid after the call. */
export interface ReceivedRtpPacket {
  /** The media SSRC (a retransmission's original one). */
  ssrc: number;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  csrcs: number[];
  /** The header extensions as received (RFC 8285 elements by id). */
  extensions: HeaderExtension[];
  payload: Uint8Array;
  /** Whether it came as an RTX retransmission (RFC 4588). */
  retransmission: boolean;
  /** Arrival, on the session's nowMs clock. */
  receivedMs: number;
}

/** Any event of an RtpSession. */
export type RtpSessionEvent =
  | FrameEvent
  | StreamActiveEvent
  | StreamInactiveEvent
  | ByeEvent
  | StreamReplacedEvent
  | KeyFrameNeededEvent
  | KeyFrameRequestEvent
  | RembEvent
  | TransportFeedbackEvent
  | LocalSsrcChangedEvent
  | RtpPacketEvent;

/** A datagram to protect with SRTP (`rtp`) or SRTCP (`rtcp`) and send. */
export interface RtpTransmit {
  kind: 'rtp' | 'rtcp';
  data: Uint8Array;
  /** The transport-wide sequence number the RTP packet carries, for a congestion controller to note its send time. */
  transportSequence?: number;
}
