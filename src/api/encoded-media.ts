// Nonstandard encoded-media surface (docs/media.md): an EncodedTrackSource whose track an
// RTCRtpSender sends (the frames pushed are packetized, RFC 7741/9628/6184/AV1-RTP/7587, and
// sent through the RTP session), and receiverFrames(receiver), the assembled frames of a
// remote track as an async iterator. No codec is needed: frames stay encoded.
import {
  Av1Depacketizer,
  Av1Packetizer,
  H264Depacketizer,
  H264Packetizer,
  Vp8Depacketizer,
  Vp8Packetizer,
  Vp9Depacketizer,
  Vp9Packetizer,
  type DepacketizedFrame,
  type PacketizedPayload,
  type ReceivedPayload,
} from '../protocol/rtp/payload/index.js';
import { createMediaStreamTrack, getTrackSource, type MediaStreamTrack } from './media-stream-track.js';
import type { TrackSource } from './track-source.js';

/** One encoded frame, pushed into an EncodedTrackSource or read from a receiver. */
export interface EncodedMediaFrame {
  /** The codec's mime type: `video/VP8`, `video/VP9`, `video/H264`, `video/AV1`, `audio/opus`, `audio/PCMU`, `audio/PCMA`. */
  codec: string;
  /** The bitstream: a VP8/VP9 frame, an H.264 Annex B access unit, an AV1 temporal unit, one Opus packet, G.711 samples. */
  data: Uint8Array;
  /** Presentation time in microseconds (as WebCodecs), from any origin; received frames: from the stream's first. */
  timestamp: number;
  /** Whether the frame decodes on its own (always true for audio). */
  keyFrame: boolean;
  /** Received video key frames: the size the bitstream says. */
  width?: number;
  height?: number;
  /** Received frames: the RTP timestamp they carried. */
  rtpTimestamp?: number;
}

/** A sink the RTP sender side registers on a source (internal). */
type FrameSink = (frame: EncodedMediaFrame) => void;

const sinks = new WeakMap<TrackSource, Set<FrameSink>>();

/** One run of a frame generator for one sink (internal). */
export interface FrameGeneratorRun {
  /** Ends the run (its timers go). */
  stop(): void;
  /** The peer asked for a key frame (PLI/FIR): the next frame is one. */
  requestKeyFrame(): void;
}

/** A source that makes its own frames: started per sink with the sink's track (internal). */
export type FrameGenerator = (track: MediaStreamTrack, sink: FrameSink) => FrameGeneratorRun;

const generators = new WeakMap<TrackSource, FrameGenerator>();
const runs = new WeakMap<TrackSource, Set<FrameGeneratorRun>>();

/** Internal: a receiver of `track`'s frames asked for a key frame; generated sources make one next. */
export function requestKeyFrame(track: MediaStreamTrack): void {
  for (const run of runs.get(getTrackSource(track)) ?? []) run.requestKeyFrame();
}

/** Internal: frames of `source` come from `generator` (getUserMedia's fake devices), one run per sink. */
export function setFrameGenerator(source: TrackSource, generator: FrameGenerator): void {
  generators.set(source, generator);
}

/** Internal: registers `sink` for the frames pushed into the source of `track`; returns the unsubscribe. */
export function onEncodedFrames(track: MediaStreamTrack, sink: FrameSink): () => void {
  const source = getTrackSource(track);
  let set = sinks.get(source);
  if (set === undefined) sinks.set(source, (set = new Set()));
  set.add(sink);
  const run = generators.get(source)?.(track, sink);
  if (run !== undefined) {
    if (!runs.has(source)) runs.set(source, new Set());
    runs.get(source)!.add(run);
  }
  return () => {
    set.delete(sink);
    if (run === undefined) return;
    run.stop();
    runs.get(source)?.delete(run);
  };
}

/** Nonstandard: a track fed with encoded frames, for RTCPeerConnection.addTrack. */
export class EncodedTrackSource {
  /** The track to add to a peer connection (clones share this source). */
  readonly track: MediaStreamTrack;
  readonly #kind: 'audio' | 'video';

  /** A source of `kind` frames. */
  constructor(init: { kind: 'audio' | 'video'; label?: string }) {
    if (init?.kind !== 'audio' && init?.kind !== 'video') throw new TypeError(`EncodedTrackSource: kind must be 'audio' or 'video'`);
    this.#kind = init.kind;
    this.track = createMediaStreamTrack({ kind: init.kind, label: init.label ?? `encoded ${init.kind}` });
  }

  /**
   * Sends a frame on every RTCRtpSender whose track comes from this source and whose
   * connection negotiated `frame.codec`; frames of a codec not negotiated are not sent.
   */
  push(frame: EncodedMediaFrame): void {
    if (typeof frame?.codec !== 'string' || !(frame.data instanceof Uint8Array) || !Number.isFinite(frame.timestamp)) {
      throw new TypeError('EncodedTrackSource.push: a frame needs codec, data (Uint8Array) and a finite timestamp');
    }
    if (!frame.codec.toLowerCase().startsWith(`${this.#kind}/`)) throw new TypeError(`EncodedTrackSource.push: ${frame.codec} is not ${this.#kind}`);
    const set = sinks.get(getTrackSource(this.track));
    if (set === undefined || this.track.readyState === 'ended') return;
    for (const sink of [...set]) sink(frame);
  }
}

/** Packetizes frames of one codec (one per sender and codec: VP8/VP9 keep a PictureID). */
export interface Packetizer {
  packetize(frame: EncodedMediaFrame, maxPayloadBytes: number): PacketizedPayload[];
}

/** A packetizer for a mime type, or undefined when purertc cannot carry it. */
export function packetizerFor(mimeType: string, random: () => number): Packetizer | undefined {
  const video = (p: { packetize(f: { data: Uint8Array; keyFrame: boolean }, max: number): PacketizedPayload[] }): Packetizer => ({
    packetize: (f, max) => p.packetize({ data: f.data, keyFrame: f.keyFrame }, max),
  });
  switch (mimeType.toLowerCase()) {
    case 'video/vp8':
      return video(new Vp8Packetizer({ pictureId: random() & 0x7fff }));
    case 'video/vp9':
      return video(new Vp9Packetizer({ pictureId: random() & 0x7fff }));
    case 'video/h264':
      return video(new H264Packetizer());
    case 'video/av1':
      return video(new Av1Packetizer());
    case 'audio/opus':
    case 'audio/pcmu':
    case 'audio/pcma':
      // RFC 7587 §4.2: one Opus packet per RTP packet; G.711 frames go as pushed (RFC 3551 §4.5.14).
      return { packetize: (f) => [{ payload: f.data, marker: false }] };
    default:
      return undefined;
  }
}

/** Reassembles the frames of one codec from the packets of an assembled RTP frame. */
export interface Depacketizer {
  push(packet: ReceivedPayload): DepacketizedFrame | undefined;
}

/** A depacketizer for a mime type; audio formats take each payload as a frame. */
export function depacketizerFor(mimeType: string): Depacketizer | undefined {
  switch (mimeType.toLowerCase()) {
    case 'video/vp8':
      return new Vp8Depacketizer();
    case 'video/vp9':
      return new Vp9Depacketizer();
    case 'video/h264':
      return new H264Depacketizer();
    case 'video/av1':
      return new Av1Depacketizer();
    default:
      if (!mimeType.toLowerCase().startsWith('audio/')) return undefined;
      return {
        push: (p) => ({ data: p.payload, timestamp: p.timestamp, firstSequenceNumber: p.sequenceNumber, lastSequenceNumber: p.sequenceNumber, keyFrame: true }),
      };
  }
}

/** The frames queued for one receiver's readers (internal). */
export class FrameQueue {
  readonly #frames: EncodedMediaFrame[] = [];
  readonly #waiting: Array<(r: IteratorResult<EncodedMediaFrame>) => void> = [];
  #done = false;
  /** Frames kept for a reader that does not keep up; older ones are dropped (counted). */
  static readonly MAX_QUEUED = 300;
  /** Frames dropped because no reader took them in time. */
  dropped = 0;
  /** Whether a reader is attached (frames are only kept once one is). */
  reading = false;

  /** Queues a frame for the reader. */
  push(frame: EncodedMediaFrame): void {
    if (this.#done || !this.reading) return;
    const w = this.#waiting.shift();
    if (w !== undefined) return w({ value: frame, done: false });
    if (this.#frames.length >= FrameQueue.MAX_QUEUED) {
      this.#frames.shift();
      this.dropped++;
    }
    this.#frames.push(frame);
  }

  /** Ends the iteration (track ended or connection closed). */
  end(): void {
    this.#done = true;
    for (const w of this.#waiting.splice(0)) w({ value: undefined, done: true });
  }

  /** The async iterator a reader gets. */
  iterator(): AsyncIterableIterator<EncodedMediaFrame> {
    this.reading = true;
    const next = (): Promise<IteratorResult<EncodedMediaFrame>> => {
      const f = this.#frames.shift();
      if (f !== undefined) return Promise.resolve({ value: f, done: false });
      if (this.#done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => this.#waiting.push(resolve));
    };
    const it: AsyncIterableIterator<EncodedMediaFrame> = {
      next,
      return: () => {
        this.reading = false;
        this.#frames.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }
}

const queues = new WeakMap<object, FrameQueue>();

/** Internal: the frame queue of a receiver (made on first use). */
export function frameQueueOf(receiver: object): FrameQueue {
  let q = queues.get(receiver);
  if (q === undefined) queues.set(receiver, (q = new FrameQueue()));
  return q;
}

/**
 * Nonstandard: the encoded frames of a receiver's remote track, assembled and depacketized,
 * from the first one after this call; ends when the connection closes.
 */
export function receiverFrames(receiver: object): AsyncIterableIterator<EncodedMediaFrame> {
  return frameQueueOf(receiver).iterator();
}
