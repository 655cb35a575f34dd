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
import { defineEventHandlers, type EventHandler } from './event-handlers.js';
import { createMediaStreamTrack, getTrackSource, type MediaStreamTrack } from './media-stream-track.js';
import { ReaderQueue } from './reader-queue.js';
import type { WrittenRtpPacket } from './rtp-track-source.js';
import { RTCRtpReceiver } from './rtp-receiver.js';
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
  /** Received frames: the simulcast layer (RFC 8852 rid) they came on, when the peer sends several. */
  rid?: string;
  /** Sent audio: the RFC 6464 level in -dBov (0 loudest, 127 silence) written in ssrc-audio-level when negotiated. */
  audioLevel?: number;
}

/** What a source hands its senders: an encoded frame, or an RTP packet written as is. */
export type SourceOutput = { kind: 'frame'; frame: EncodedMediaFrame } | { kind: 'rtp'; packet: WrittenRtpPacket };

/** A sink the RTP sender side registers on a source (internal). */
type SourceSink = (out: SourceOutput) => void;

const sinks = new WeakMap<TrackSource, Set<SourceSink>>();
const owners = new WeakMap<TrackSource, EventTarget>();

/** One run of a frame generator for one sink (internal). */
export interface FrameGeneratorRun {
  /** Ends the run (its timers go). */
  stop(): void;
  /** The peer asked for a key frame (PLI/FIR): the next frame is one. */
  requestKeyFrame(): void;
}

/** A source that makes its own frames: started per sink with the sink's track (internal). */
export type FrameGenerator = (track: MediaStreamTrack, sink: (frame: EncodedMediaFrame) => void, encoding: () => GeneratorEncoding | undefined) => FrameGeneratorRun;

/** What a generated source reads of the sending encoding (W3C webrtc RTCRtpEncodingParameters). */
export interface GeneratorEncoding {
  scaleResolutionDownBy?: number;
  maxFramerate?: number;
}

const generators = new WeakMap<TrackSource, FrameGenerator>();
const runs = new WeakMap<TrackSource, Set<FrameGeneratorRun>>();

/** A receiver of `track`'s frames asked for a key frame: generated sources make one next. */
function requestGeneratedKeyFrame(track: MediaStreamTrack): void {
  for (const run of runs.get(getTrackSource(track)) ?? []) run.requestKeyFrame();
}

/** Internal: frames of `source` come from `generator` (getUserMedia's fake devices), one run per sink. */
export function setFrameGenerator(source: TrackSource, generator: FrameGenerator): void {
  generators.set(source, generator);
}

/** Internal: registers `sink` for what is pushed into the source of `track`; returns the unsubscribe. */
export function onSourceOutput(track: MediaStreamTrack, sink: SourceSink, encoding: () => GeneratorEncoding | undefined = () => undefined): () => void {
  const source = getTrackSource(track);
  let set = sinks.get(source);
  if (set === undefined) sinks.set(source, (set = new Set()));
  set.add(sink);
  const run = generators.get(source)?.(track, (frame) => sink({ kind: 'frame', frame }), encoding);
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

/** Internal: hands `out` to every sender of the source of `track`. */
export function emitSourceOutput(track: MediaStreamTrack, out: SourceOutput): void {
  const set = sinks.get(getTrackSource(track));
  if (set === undefined || track.readyState === 'ended') return;
  for (const sink of [...set]) sink(out);
}

/** Internal: makes `owner` (an EncodedTrackSource or RtpTrackSource) the target of its track's key frame requests. */
export function registerSourceOwner(track: MediaStreamTrack, owner: EventTarget): void {
  owners.set(getTrackSource(track), owner);
}

/** Internal: tells the source of `track` that a key frame is wanted (the peer's PLI/FIR, a new sender). */
export function requestKeyFrameOf(track: MediaStreamTrack, reason: KeyFrameRequestReason): void {
  requestGeneratedKeyFrame(track);
  owners.get(getTrackSource(track))?.dispatchEvent(new KeyFrameRequestEvent(reason));
}

/** Why a key frame is asked for: the peer's RTCP (RFC 4585 §6.3.1, RFC 5104 §4.3.1), a replaceTrack, frames dropped at maxBitrate, setParameters' encodingOptions keyFrame. */
export type KeyFrameRequestReason = 'pli' | 'fir' | 'replace-track' | 'bitrate' | 'parameters';

/** Nonstandard `keyframerequest` event of a source: the next frame pushed should be a key frame. */
export class KeyFrameRequestEvent extends Event {
  /** What asked. */
  readonly reason: KeyFrameRequestReason;
  /** An event saying why. */
  constructor(reason: KeyFrameRequestReason) {
    super('keyframerequest');
    this.reason = reason;
  }
}

/** Nonstandard: a track fed with encoded frames, for RTCPeerConnection.addTrack; fires `keyframerequest`. */
export class EncodedTrackSource extends EventTarget {
  /** The track to add to a peer connection (clones share this source). */
  readonly track: MediaStreamTrack;
  readonly #kind: 'audio' | 'video';
  /** Handler of `keyframerequest` events. */
  declare onkeyframerequest: EventHandler<EncodedTrackSource>;

  /** A source of `kind` frames. */
  constructor(init: { kind: 'audio' | 'video'; label?: string }) {
    super();
    if (init?.kind !== 'audio' && init?.kind !== 'video') throw new TypeError(`EncodedTrackSource: kind must be 'audio' or 'video'`);
    this.#kind = init.kind;
    this.track = createMediaStreamTrack({ kind: init.kind, label: init.label ?? `encoded ${init.kind}` });
    registerSourceOwner(this.track, this);
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
    if (frame.audioLevel !== undefined && !(Number.isInteger(frame.audioLevel) && frame.audioLevel >= 0 && frame.audioLevel <= 127)) {
      throw new TypeError('EncodedTrackSource.push: audioLevel is an integer -dBov in 0..127');
    }
    emitSourceOutput(this.track, { kind: 'frame', frame });
  }
}

defineEventHandlers(EncodedTrackSource, ['keyframerequest']);

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
        // RFC 3550 §5.1: a packet whose payload is all padding carries no media (libwebrtc's
        // senders probe bandwidth with them on an audio SSRC), and RFC 6716 §3.4 [R1]: an Opus
        // packet is at least one byte.
        push: (p) =>
          p.payload.length === 0
            ? undefined
            : { data: p.payload, timestamp: p.timestamp, firstSequenceNumber: p.sequenceNumber, lastSequenceNumber: p.sequenceNumber, keyFrame: true },
      };
  }
}

/** Frames kept for a reader that does not keep up; older ones are dropped (counted). */
export const MAX_QUEUED_FRAMES = 300;

/** One reader of a receiver's frames, of one simulcast layer or of all. */
export interface FrameReader {
  queue: ReaderQueue<EncodedMediaFrame>;
  rid: string | undefined;
}

const readers = new WeakMap<object, Set<FrameReader>>();

const keyFrameRequesters = new WeakMap<object, () => boolean>();

/** Internal: how a receiver asks its remote sender for a key frame (set once its media is negotiated). */
export function setKeyFrameRequester(receiver: object, request: () => boolean): void {
  keyFrameRequesters.set(receiver, request);
}

/**
 * Nonstandard: asks the peer sending to `receiver` for a key frame, with PLI (RFC 4585
 * §6.3.1) or FIR (RFC 5104 §4.3.1) as negotiated, at most one per 300 ms. A relay calls it
 * when one of its own receivers asks for a key frame. Returns false when the receiver has
 * no negotiated media yet or its connection is closed.
 */
export function requestKeyFrame(receiver: RTCRtpReceiver): boolean {
  if (!(receiver instanceof RTCRtpReceiver)) throw new TypeError('requestKeyFrame: the argument is not an RTCRtpReceiver');
  return keyFrameRequesters.get(receiver)?.() ?? false;
}

/** Internal: the frame readers of a receiver. */
export function frameReadersOf(receiver: object): ReadonlySet<FrameReader> {
  return readers.get(receiver) ?? new Set();
}

/** Options of receiverFrames. */
export interface ReceiverFramesOptions {
  /** Only the frames of this simulcast layer (RFC 8853 rid); all layers when absent. */
  rid?: string;
}

/**
 * Nonstandard: the encoded frames of a receiver's remote track, assembled and depacketized,
 * from the first one after this call; ends when the connection closes. With `{ rid }`, the
 * frames of one received simulcast layer only.
 */
export function receiverFrames(receiver: object, options: ReceiverFramesOptions = {}): AsyncIterableIterator<EncodedMediaFrame> {
  if (options.rid !== undefined && typeof options.rid !== 'string') throw new TypeError('receiverFrames: rid must be a string');
  let set = readers.get(receiver);
  if (set === undefined) readers.set(receiver, (set = new Set()));
  const reader: FrameReader = { queue: new ReaderQueue(MAX_QUEUED_FRAMES), rid: options.rid };
  if (ended.has(receiver)) reader.queue.end();
  set.add(reader);
  return reader.queue.iterator(() => set.delete(reader));
}

const ended = new WeakSet<object>();

/** Internal: the connection of `receiver` closed; its readers end and later ones end at once. */
export function endFrameReaders(receiver: object): void {
  ended.add(receiver);
  for (const r of frameReadersOf(receiver)) r.queue.end();
}
