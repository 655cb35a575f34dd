// The RTP stats objects of a bundle transport (W3C webrtc-stats §RTCCodecStats,
// §RTCInboundRtpStreamStats, §RTCOutboundRtpStreamStats, §RTCRemoteInboundRtpStreamStats,
// §RTCRemoteOutboundRtpStreamStats, §RTCMediaSourceStats) from the RTP session's snapshot and
// the transceivers. Nothing here counts: the session counted as packets passed.
import type { CodecParams } from '../../jsep/codecs.js';
import type { InboundRtpSnapshot, OutboundRtpSnapshot, RtpSessionStats } from '../../protocol/rtp/session/index.js';
import { TRANSPORT_ID, type StatsIds } from './ids.js';
import type { StatsDict } from './transport.js';

/** One transceiver as the RTP stats see it. */
export interface RtpStatsEntry {
  mid: string | null;
  /** The RTCRtpSender and RTCRtpReceiver objects (selector identity). */
  sender: object;
  receiver: object;
  /** The sender's track (a local track), or null. */
  senderTrack: { id: string; kind: string } | null;
  /** The receiver's track. */
  receiverTrack: { id: string };
  /** The codecs negotiated to send (the peer's payload types) and to receive (ours). */
  sendCodecs: readonly CodecParams[];
  receiveCodecs: readonly CodecParams[];
}

/** Stream objects of one transceiver: what a sender or receiver selector starts from. */
export interface RtpRoots {
  outbound: Map<object, string[]>;
  inbound: Map<object, string[]>;
}

const kindLetter = (kind: 'audio' | 'video'): string => (kind === 'audio' ? 'A' : 'V');

/** Adds codec, inbound-rtp, outbound-rtp, remote-*-rtp and media-source objects to `out`. */
export function rtpStats(
  out: Map<string, StatsDict>,
  rtp: RtpSessionStats | undefined,
  entries: readonly RtpStatsEntry[],
  ids: StatsIds,
  timestamp: number,
): RtpRoots {
  const roots: RtpRoots = { outbound: new Map(), inbound: new Map() };
  // W3C webrtc-stats §RTCMediaSourceStats: one per track attached to a sender.
  for (const e of entries) {
    const track = e.senderTrack;
    if (track === null || (track.kind !== 'audio' && track.kind !== 'video')) continue;
    const id = ids.mediaSource(track, track.kind);
    out.set(id, { id, type: 'media-source', timestamp, trackIdentifier: track.id, kind: track.kind });
  }
  if (rtp === undefined) return roots;
  const byMid = (mid: string | undefined): RtpStatsEntry | undefined => entries.find((e) => e.mid !== null && e.mid === mid);
  for (const s of rtp.outbound) {
    const entry = byMid(s.senderId);
    const id = `O${TRANSPORT_ID}${kindLetter(s.kind)}${s.ssrc}`;
    const dict = outboundStats(s, id, timestamp);
    const codecId = s.lastPayloadType === undefined ? undefined : codecStats(out, entry?.sendCodecs, s.lastPayloadType, 'O', timestamp);
    if (codecId !== undefined) dict.codecId = codecId;
    if (s.mid !== undefined) dict.mid = s.mid;
    const track = entry?.senderTrack;
    if (track && (track.kind === 'audio' || track.kind === 'video')) dict.mediaSourceId = ids.mediaSource(track, track.kind);
    const r = s.remoteInbound;
    // W3C webrtc-stats §RTCRemoteInboundRtpStreamStats: exists once a report block about the SSRC came.
    if (r.reportsReceived > 0) {
      const rid = `RI${kindLetter(s.kind)}${s.ssrc}`;
      dict.remoteId = rid;
      const remote: StatsDict = {
        id: rid,
        type: 'remote-inbound-rtp',
        timestamp,
        ssrc: s.ssrc,
        kind: s.kind,
        transportId: TRANSPORT_ID,
        packetsLost: r.packetsLost,
        jitter: r.jitter,
        localId: id,
        fractionLost: r.fractionLost,
        reportsReceived: r.reportsReceived,
        totalRoundTripTime: r.totalRoundTripTime,
        roundTripTimeMeasurements: r.roundTripTimeMeasurements,
      };
      if (codecId !== undefined) remote.codecId = codecId;
      if (r.roundTripTime !== undefined) remote.roundTripTime = r.roundTripTime;
      out.set(rid, remote);
    }
    out.set(id, dict);
    if (entry) push(roots.outbound, entry.sender, id);
  }
  for (const s of rtp.inbound) {
    const entry = byMid(s.receiverId);
    const id = `I${TRANSPORT_ID}${kindLetter(s.kind)}${s.ssrc}`;
    const dict = inboundStats(s, id, timestamp);
    const codecId = s.lastPayloadType === undefined ? undefined : codecStats(out, entry?.receiveCodecs, s.lastPayloadType, 'I', timestamp);
    if (codecId !== undefined) dict.codecId = codecId;
    if (entry) dict.trackIdentifier = entry.receiverTrack.id;
    const mid = s.mid ?? entry?.mid ?? undefined;
    if (mid !== undefined) dict.mid = mid;
    const sr = s.remoteOutbound;
    // W3C webrtc-stats §RTCRemoteOutboundRtpStreamStats: exists once an SR about the SSRC came.
    if (sr !== undefined) {
      const rid = `RO${kindLetter(s.kind)}${s.ssrc}`;
      dict.remoteId = rid;
      const remote: StatsDict = {
        id: rid,
        type: 'remote-outbound-rtp',
        timestamp,
        ssrc: s.ssrc,
        kind: s.kind,
        transportId: TRANSPORT_ID,
        packetsSent: sr.packetsSent,
        bytesSent: sr.bytesSent,
        localId: id,
        remoteTimestamp: sr.remoteTimestamp,
        reportsSent: sr.reportsSent,
      };
      if (codecId !== undefined) remote.codecId = codecId;
      out.set(rid, remote);
    }
    out.set(id, dict);
    if (entry) push(roots.inbound, entry.receiver, id);
  }
  return roots;
}

function push(map: Map<object, string[]>, key: object, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/**
 * W3C webrtc-stats §RTCCodecStats: one object per payload type in use per transport and
 * direction, with Chromium's id `C<I|O><transport>_<pt>[_<fmtp>]`. Returns its id.
 */
function codecStats(out: Map<string, StatsDict>, codecs: readonly CodecParams[] | undefined, pt: number, dir: 'I' | 'O', timestamp: number): string | undefined {
  const c = codecs?.find((x) => x.payloadType === pt);
  if (c === undefined) return undefined;
  const id = `C${dir}${TRANSPORT_ID}_${pt}${c.sdpFmtpLine ? `_${c.sdpFmtpLine}` : ''}`;
  if (out.has(id)) return id;
  const dict: StatsDict = { id, type: 'codec', timestamp, transportId: TRANSPORT_ID, payloadType: pt, mimeType: c.mimeType, clockRate: c.clockRate };
  if (c.channels !== undefined) dict.channels = c.channels;
  if (c.sdpFmtpLine) dict.sdpFmtpLine = c.sdpFmtpLine;
  out.set(id, dict);
  return id;
}

function outboundStats(s: OutboundRtpSnapshot, id: string, timestamp: number): StatsDict {
  const dict: StatsDict = {
    id,
    type: 'outbound-rtp',
    timestamp,
    ssrc: s.ssrc,
    kind: s.kind,
    transportId: TRANSPORT_ID,
    packetsSent: s.packetsSent,
    bytesSent: s.bytesSent,
    headerBytesSent: s.headerBytesSent,
    retransmittedPacketsSent: s.retransmittedPacketsSent,
    retransmittedBytesSent: s.retransmittedBytesSent,
    nackCount: s.nackCount,
    active: s.active,
  };
  if (s.rtxSsrc !== undefined) dict.rtxSsrc = s.rtxSsrc;
  if (s.rid !== undefined) dict.rid = s.rid;
  // W3C webrtc-stats: firCount, pliCount and framesSent exist for video only; so does
  // encodingIndex, the index of the stream's encoding in the sender's sendEncodings.
  if (s.kind === 'video') {
    dict.encodingIndex = s.encodingIndex;
    dict.firCount = s.firCount;
    dict.pliCount = s.pliCount;
    dict.framesSent = s.framesSent;
    // Frames reach purertc encoded (see keyFramesSent): those sent are those encoded for the stream.
    dict.framesEncoded = s.framesSent;
    dict.keyFramesEncoded = s.keyFramesSent;
  }
  return dict;
}

function inboundStats(s: InboundRtpSnapshot, id: string, timestamp: number): StatsDict {
  const dict: StatsDict = {
    id,
    type: 'inbound-rtp',
    timestamp,
    ssrc: s.ssrc,
    kind: s.kind,
    transportId: TRANSPORT_ID,
    packetsReceived: s.packetsReceived,
    packetsLost: s.packetsLost,
    jitter: s.jitter,
    bytesReceived: s.bytesReceived,
    headerBytesReceived: s.headerBytesReceived,
    packetsDiscarded: s.packetsDiscarded,
    retransmittedPacketsReceived: s.retransmittedPacketsReceived,
    retransmittedBytesReceived: s.retransmittedBytesReceived,
    nackCount: s.nackCount,
  };
  if (s.rtxSsrc !== undefined) dict.rtxSsrc = s.rtxSsrc;
  if (s.rid !== undefined) dict.rid = s.rid;
  if (s.lastPacketReceivedTimestamp !== undefined) dict.lastPacketReceivedTimestamp = s.lastPacketReceivedTimestamp;
  // W3C webrtc-stats: frame counts, firCount and pliCount exist for video only; framesDropped
  // counts frames the assembler gave up on before any decoder could have them.
  if (s.kind === 'video') {
    dict.firCount = s.firCount;
    dict.pliCount = s.pliCount;
    dict.framesReceived = s.framesAssembled;
    dict.framesDropped = s.framesDropped;
  }
  return dict;
}
