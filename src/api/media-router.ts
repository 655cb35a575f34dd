// Routes the RTP session's events to the W3C objects (remote tracks unmute on their first
// packet, W3C webrtc §5.3 / mediacapture-main §4.3.1.1) and the encoded frames between the
// nonstandard encoded-media surface and the transport.
import type { TransceiverRecord } from '../jsep/model.js';
import type { RtpSessionEvent } from '../protocol/rtp/session/index.js';
import type { OutgoingRtpPacket } from '../protocol/rtp/session/index.js';
import { depacketizerFor, frameQueueOf, onEncodedFrames, packetizerFor, requestKeyFrame, type Depacketizer, type EncodedMediaFrame, type Packetizer } from './encoded-media.js';
import { queueTask } from './operations.js';
import { setTrackMuted, type MediaStreamTrack } from './media-stream-track.js';

/** What the router needs of its peer connection. */
export interface RouterHost {
  /** Transceivers with their receiver object and tracks. */
  entries(): Iterable<{ record: TransceiverRecord; receiver: object; receiverTrack: MediaStreamTrack; senderTrack: MediaStreamTrack | null }>;
  sendRtp(mid: string, packet: OutgoingRtpPacket, captureMs: number): void;
  isClosed(): boolean;
}

/** Largest RTP payload sent: 1200-byte datagrams less RTP header, extensions and SRTP tag. */
const MAX_PAYLOAD_BYTES = 1100;

/** Media routing of one peer connection. */
export class MediaRouter {
  readonly #depacketizers = new Map<string, Depacketizer | null>();
  readonly #packetizers = new Map<string, Packetizer | null>();
  readonly #subscribed = new Map<MediaStreamTrack, () => void>();
  readonly #firstTimestamp = new Map<string, number>();

  constructor(private readonly host: RouterHost) {}

  /** Subscribes to the encoded frames of every sender's track (after each applied description). */
  attachSenders(): void {
    for (const e of this.host.entries()) {
      const track = e.senderTrack;
      if (track === null || this.#subscribed.has(track)) continue;
      this.#subscribed.set(track, onEncodedFrames(track, (f) => this.#send(track, f)));
    }
  }

  #send(track: MediaStreamTrack, frame: EncodedMediaFrame): void {
    if (this.host.isClosed()) return;
    for (const e of this.host.entries()) {
      const t = e.record;
      if (e.senderTrack !== track || t.mid === null) continue;
      const codec = t.sender.negotiatedCodecs.find((c) => c.mimeType.toLowerCase() === frame.codec.toLowerCase());
      if (codec === undefined) continue;
      const key = `${t.mid}/${codec.payloadType}`;
      let p = this.#packetizers.get(key);
      if (p === undefined) this.#packetizers.set(key, (p = packetizerFor(codec.mimeType, () => Math.floor(Math.random() * 0x8000)) ?? null));
      if (p === null) continue;
      // RFC 3550 §5.1: the timestamp runs at the codec's clock rate.
      const timestamp = Math.round((frame.timestamp * codec.clockRate) / 1e6) >>> 0;
      const now = performance.now();
      for (const payload of p.packetize(frame, MAX_PAYLOAD_BYTES)) {
        this.host.sendRtp(t.mid, { payloadType: codec.payloadType, timestamp, marker: payload.marker, payload: payload.payload }, now);
      }
    }
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
      case 'frame': {
        const entry = this.#entry(e.receiverId);
        if (entry === undefined) return;
        const queue = frameQueueOf(entry.receiver);
        if (!queue.reading) return;
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
          queue.push(frame);
        }
        return;
      }
      case 'key-frame-request': {
        // RFC 4585 §6.3.1 / RFC 5104 §4.3.1: sources that make their own frames answer with a key frame.
        const track = this.#entry(e.senderId)?.senderTrack;
        if (track) requestKeyFrame(track);
        return;
      }
      default:
        return;
    }
  }

  #entry(mid: string): ReturnType<RouterHost['entries']> extends Iterable<infer E> ? E | undefined : never {
    for (const e of this.host.entries()) if (e.record.mid === mid) return e;
    return undefined;
  }

  /** The connection closed: readers end, subscriptions go. */
  close(): void {
    for (const off of this.#subscribed.values()) off();
    this.#subscribed.clear();
    for (const e of this.host.entries()) frameQueueOf(e.receiver).end();
  }
}
