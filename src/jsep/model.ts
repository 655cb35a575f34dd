// The negotiation state JSEP works on: transceiver records (the spec's internal slots of
// RTCRtpTransceiver, RTCRtpSender and RTCRtpReceiver that signaling reads and writes) and
// the m-line layout of a description.
import type { CodecParams, HeaderExtensionParams, MediaKind } from './codecs.js';

/** RTCRtpTransceiverDirection */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' | 'stopped';

/** RTCSdpType */
export type SdpType = 'offer' | 'pranswer' | 'answer' | 'rollback';

/** RTCSignalingState */
export type SignalingState =
  | 'stable'
  | 'have-local-offer'
  | 'have-remote-offer'
  | 'have-local-pranswer'
  | 'have-remote-pranswer'
  | 'closed';

/** What signaling knows of an RTCRtpSender. */
export interface SenderRecord {
  /** The track's id, or null when the sender has no track. */
  trackId: string | null;
  /** Kind of the attached track, if any. */
  trackKind: MediaKind | null;
  /** [[AssociatedMediaStreamIds]] */
  streamIds: string[];
  /** Rids of the send encodings when there are several (simulcast), else empty. */
  rids: string[];
  ssrc: number;
  rtxSsrc: number;
  /** [[LastStableStateSenderTransport]] etc. are implicit: one bundle transport. */
  negotiatedCodecs: CodecParams[];
  negotiatedExtensions: HeaderExtensionParams[];
}

/** What signaling knows of an RTCRtpReceiver. */
export interface ReceiverRecord {
  /** Id of the receiver's track (created with the transceiver). */
  trackId: string;
  /** [[AssociatedRemoteMediaStreams]]: ids of the remote streams the track belongs to. */
  streamIds: string[];
  /** Track id the remote side announced in a=msid, if any. */
  remoteTrackId: string | null;
  /** [[ReceiveCodecs]] */
  negotiatedCodecs: CodecParams[];
  negotiatedExtensions: HeaderExtensionParams[];
  /** SSRCs the remote announced for this m-section. */
  remoteSsrcs: number[];
}

/** The internal slots of an RTCRtpTransceiver that JSEP reads and writes. */
export interface TransceiverRecord {
  /** Unique per peer connection; stable identity for the API layer. */
  readonly id: number;
  readonly kind: MediaKind;
  mid: string | null;
  /** [[Direction]] */
  direction: Direction;
  /** [[CurrentDirection]] */
  currentDirection: Direction | null;
  /** [[FiredDirection]] */
  firedDirection: Direction | null;
  /** [[Stopping]] */
  stopping: boolean;
  /** [[Stopped]] */
  stopped: boolean;
  /** [[Receptive]] */
  receptive: boolean;
  /** Created by addTrack (may be reused by a remote offer, JSEP §5.10). */
  createdByAddTrack: boolean;
  /** Index of the m-line this transceiver is associated with, if any. */
  mLineIndex: number | null;
  /**
   * [[SenderTransport]] / [[ReceiverTransport]] are set (W3C §4.4.1.6: by a local
   * description, or by a remote answer); purertc has one transport for the bundle.
   */
  hasTransport: boolean;
  /** [[PreferredCodecs]] (empty: our default order). */
  codecPreferences: CodecParams[];
  /** Proposed mid from the last created offer (before SLD assigns it). */
  sender: SenderRecord;
  receiver: ReceiverRecord;
}

/** Kind of an m-line. */
export type SectionKind = MediaKind | 'application';

/** One m-line of a description as JSEP lays it out. */
export interface Section {
  /** 'other': an m-section of a kind purertc does not know, answered rejected. */
  kind: SectionKind | 'other';
  mid: string;
  /** Port 0. */
  rejected: boolean;
  /** The transceiver of an audio/video section, if one is associated. */
  transceiver: TransceiverRecord | null;
}

/** Copy of the slots of a transceiver that rollback restores (JSEP §4.1.8.2). */
export interface TransceiverSnapshot {
  record: TransceiverRecord;
  mid: string | null;
  mLineIndex: number | null;
  currentDirection: Direction | null;
  firedDirection: Direction | null;
  receptive: boolean;
  receiverStreamIds: string[];
  remoteTrackId: string | null;
  stopped: boolean;
  stopping: boolean;
  hasTransport: boolean;
}

/** Snapshot the rollback-relevant slots of a transceiver. */
export function snapshotTransceiver(t: TransceiverRecord): TransceiverSnapshot {
  return {
    record: t,
    mid: t.mid,
    mLineIndex: t.mLineIndex,
    currentDirection: t.currentDirection,
    firedDirection: t.firedDirection,
    receptive: t.receptive,
    receiverStreamIds: [...t.receiver.streamIds],
    remoteTrackId: t.receiver.remoteTrackId,
    stopped: t.stopped,
    stopping: t.stopping,
    hasTransport: t.hasTransport,
  };
}

/** Restore a snapshot taken by {@link snapshotTransceiver}. */
export function restoreTransceiver(s: TransceiverSnapshot): void {
  const t = s.record;
  t.mid = s.mid;
  t.mLineIndex = s.mLineIndex;
  t.currentDirection = s.currentDirection;
  t.firedDirection = s.firedDirection;
  t.receptive = s.receptive;
  t.receiver.streamIds = s.receiverStreamIds;
  t.receiver.remoteTrackId = s.remoteTrackId;
  t.stopped = s.stopped;
  t.stopping = s.stopping;
  t.hasTransport = s.hasTransport;
}

/** Whether a direction includes sending. */
export function sends(d: Direction | null): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

/** Whether a direction includes receiving. */
export function receives(d: Direction | null): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}

/** Direction from send/receive flags. */
export function directionOf(send: boolean, recv: boolean): Direction {
  if (send && recv) return 'sendrecv';
  if (send) return 'sendonly';
  if (recv) return 'recvonly';
  return 'inactive';
}

/** The direction as seen from the other side (sendonly <-> recvonly). */
export function reverseDirection(d: Direction): Direction {
  return directionOf(receives(d), sends(d));
}
