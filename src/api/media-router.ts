// Routes the RTP session's events to the W3C objects (remote tracks unmute on their first
// packet, W3C webrtc §5.3 / mediacapture-main §4.3.1.1), the received frames and packets to
// the nonstandard readers (receiverFrames, receiverRtp), the peer's key frame requests to the
// sources, and the sources' output to the send path (media-sender.ts).
import type { TransceiverRecord } from '../jsep/model.js';
import type { RtpPacketEvent, RtpSession, RtpSessionEvent } from '../protocol/rtp/session/index.js';
import type { OutgoingRtpPacket } from '../protocol/rtp/session/index.js';
import { depacketizerFor, endFrameReaders, frameReadersOf, requestKeyFrameOf, setKeyFrameRequester, type Depacketizer, type EncodedMediaFrame } from './encoded-media.js';
import { MediaSender, type SenderEntry } from './media-sender.js';
import { queueTask } from './operations.js';
import { setTrackMuted, type MediaStreamTrack } from './media-stream-track.js';
import { endRtpReaders, extensionsByUri, rtpReadersOf, setRtpTapControl } from './rtp-track-source.js';

/** One transceiver as the router sees it. */
export interface RouterEntry extends SenderEntry {
  receiver: object;
  receiverTrack: MediaStreamTrack;
}

/** What the router needs of its peer connection. */
export interface RouterHost {
  /** Transceivers with their receiver object, tracks and the sender's encodings. */
  entries(): Iterable<RouterEntry>;
  sendRtp(mid: string, packet: OutgoingRtpPacket, captureMs: number): void;
  /** Runs `fn` on the transport's RTP session (undefined before one exists). */
  withRtpSession<T>(fn: (session: RtpSession, nowMs: number) => T): T | undefined;
  /** Asks the peer for a key frame on the receiver of `mid`; false without a transport. */
  requestKeyFrame(mid: string): boolean;
  isClosed(): boolean;
}

/** Media routing of one peer connection. */
export class MediaRouter {
  readonly #depacketizers = new Map<string, Depacketizer | null>();
  readonly #firstTimestamp = new Map<string, number>();
  /** The send path. */
  readonly sender: MediaSender;

  constructor(private readonly host: RouterHost) {
    this.sender = new MediaSender({ senders: () => host.entries(), sendRtp: host.sendRtp, withRtpSession: host.withRtpSession, isClosed: host.isClosed });
  }

  /** After each applied description: senders subscribe, encodings reach the session, raw readers get their tap. */
  attachSenders(): void {
    this.sender.attach(true);
    for (const e of this.host.entries()) {
      const mid = e.record.mid;
      if (mid === null) continue;
      setRtpTapControl(e.receiver, (on) => void this.host.withRtpSession((s) => s.observers.setTap(mid, on)));
      setKeyFrameRequester(e.receiver, () => !this.host.isClosed() && this.host.requestKeyFrame(mid));
    }
  }

  /** W3C webrtc §5.3.4: the sources of a receiver heard in the last 10 s, timestamps on performance.timeOrigin. */
  sources(record: TransceiverRecord, kind: 'ssrc' | 'csrc'): Array<{ timestamp: number; source: number; rtpTimestamp: number; audioLevel?: number }> {
    const mid = record.mid;
    if (mid === null) return [];
    const list = this.host.withRtpSession((s, nowMs) => s.observers.table(mid).list(kind, nowMs)) ?? [];
    return list.map((e) => {
      const out: { timestamp: number; source: number; rtpTimestamp: number; audioLevel?: number } = { timestamp: performance.timeOrigin + e.receivedMs, source: e.source, rtpTimestamp: e.rtpTimestamp };
      // W3C webrtc §5.3.4: audioLevel is 10^(-dBov/20), 127 -dBov (silence) being 0.
      if (e.audioLevel !== undefined) out.audioLevel = e.audioLevel === 127 ? 0 : Math.pow(10, -e.audioLevel / 20);
      return out;
    });
  }

  /** One event of the RTP session. */
  onRtp(e: RtpSessionEvent): void {
    switch (e.type) {
      case 'stream-active':
      case 'stream-inactive':
      case 'bye': {
        const entry = this.#entry(e.receiverId);
        if (entry === undefined) return;
        // mediacapture-main §4.3.1.1: the muted state changes in a queued task.
        const muted = e.type !== 'stream-active';
        queueTask(() => {
          if (!this.host.isClosed()) setTrackMuted(entry.receiverTrack, muted);
        });
        return;
      }
      case 'frame':
        return this.#frame(e);
      case 'rtp-packet':
        return this.#packet(e);
      case 'key-frame-request': {
        // RFC 4585 §6.3.1 / RFC 5104 §4.3.1: the pusher of the sender's track is told, in a task.
        const track = this.#entry(e.senderId)?.senderTrack;
        if (track) queueTask(() => this.host.isClosed() || requestKeyFrameOf(track, e.via));
        return;
      }
      default:
        return;
    }
  }

  #frame(e: Extract<RtpSessionEvent, { type: 'frame' }>): void {
    const entry = this.#entry(e.receiverId);
    if (entry === undefined) return;
    const readers = [...frameReadersOf(entry.receiver)].filter((r) => r.queue.reading && (r.rid === undefined || r.rid === e.rid));
    if (readers.length === 0) return;
    const codec = entry.record.receiver.negotiatedCodecs.find((c) => c.payloadType === e.frame.payloadType);
    if (codec === undefined) return;
    const key = `${e.receiverId}/${e.ssrc}/${codec.payloadType}`;
    let d = this.#depacketizers.get(key);
    if (d === undefined) this.#depacketizers.set(key, (d = depacketizerFor(codec.mimeType) ?? null));
    if (d === null) return;
    for (const p of e.frame.packets) {
      const out = d.push({ payload: p.payload, marker: p.marker, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp });
      if (out === undefined) continue;
      const first = this.#firstTimestamp.get(key) ?? out.timestamp;
      this.#firstTimestamp.set(key, first);
      const frame: EncodedMediaFrame = {
        codec: codec.mimeType,
        data: out.data,
        timestamp: Math.round((((out.timestamp - first) >>> 0) * 1e6) / codec.clockRate),
        keyFrame: out.keyFrame,
        rtpTimestamp: out.timestamp,
      };
      if (out.width !== undefined) frame.width = out.width;
      if (out.height !== undefined) frame.height = out.height;
      if (e.rid !== undefined) frame.rid = e.rid;
      for (const r of readers) r.queue.push(frame);
    }
  }

  #packet(e: RtpPacketEvent): void {
    const entry = this.#entry(e.receiverId);
    if (entry === undefined) return;
    const readers = rtpReadersOf(entry.receiver);
    if (readers.size === 0) return;
    const r = entry.record.receiver;
    const p = e.packet;
    const uris = new Map(r.negotiatedExtensions.map((x) => [x.id, x.uri]));
    const out = {
      ssrc: p.ssrc,
      payloadType: p.payloadType,
      codec: r.negotiatedCodecs.find((c) => c.payloadType === p.payloadType)?.mimeType,
      sequenceNumber: p.sequenceNumber,
      timestamp: p.timestamp,
      marker: p.marker,
      csrcs: p.csrcs,
      extensions: extensionsByUri(p.extensions, uris),
      payload: p.payload,
      rid: e.rid,
      retransmission: p.retransmission,
      receivedAt: performance.timeOrigin + p.receivedMs,
    };
    for (const q of readers) q.push(out);
  }

  #entry(mid: string): RouterEntry | undefined {
    for (const e of this.host.entries()) if (e.record.mid === mid) return e;
    return undefined;
  }

  /** The connection closed: readers end, subscriptions and timers go. */
  close(): void {
    this.sender.close();
    for (const e of this.host.entries()) {
      endFrameReaders(e.receiver);
      endRtpReaders(e.receiver);
    }
  }
}
