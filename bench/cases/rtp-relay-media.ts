// The media side of the rtp-relay case, per stack: how a publisher sends a VP8-like video
// stream, how the relay forwards what one connection receives to another without decoding,
// and how a subscriber counts what arrives.
// - purertc: frames through its nonstandard EncodedTrackSource; the relay reads the RTP
//   packets of the incoming track after SRTP (receiverRtp) and writes each into the outgoing
//   track (RtpTrackSource.writeRtp), as an SFU does: never depacketized or decoded.
// - werift: RTP packets through track.writeRtp; the relay writes every packet its remote
//   track emits (onReceiveRtp) into the outgoing track, as werift's own SFU examples do.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR } from '../lib/paths.js';
import { purertcSource } from '../stacks/purertc.js';
import type { PeerConnectionLike, StackId } from '../stacks/types.js';

/** A synthetic encoded video frame: a VP8 frame tag and filler. */
export interface SyntheticFrame {
  data: Uint8Array;
  keyFrame: boolean;
  /** Frame index from the stream's start. */
  index: number;
}

/** Where the relay sends what it forwards (a stack's outgoing track). */
export type ForwardSink = unknown;

/** One stack's media plumbing for the case. */
export interface RelayMedia {
  /** Adds a video track to the publisher's connection; returns how to send one frame. */
  publish(pc: PeerConnectionLike): (frame: SyntheticFrame) => void;
  /** Adds the outgoing video track to one of the relay's connections to a subscriber. */
  outbound(pc: PeerConnectionLike): ForwardSink;
  /** Forwards everything the connection from a publisher receives to `sink`; `count` per unit forwarded. */
  forward(pc: PeerConnectionLike, sink: ForwardSink, count: () => void): void;
  /** Counts the media bytes a subscriber's connection receives. */
  subscribe(pc: PeerConnectionLike, onBytes: (bytes: number) => void): void;
}

/** Bytes of VP8-like payload per packet (a 1200-byte packet with RTP and VP8 headers around it). */
export const RELAY_PACKET_PAYLOAD_BYTES = 1042;

/** A frame of `bytes`: a VP8 key frame (RFC 6386 §9.1 frame tag, start code, 320x240) or an interframe. */
export function syntheticFrame(index: number, bytes: number, keyEvery: number): SyntheticFrame {
  const keyFrame = index % keyEvery === 0;
  const data = new Uint8Array(bytes).fill(0x5b);
  // RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame; show_frame set.
  data.set(keyFrame ? [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00] : [0x11, 0x02, 0x00]);
  return { data, keyFrame, index };
}

interface ForwardedRtp {
  ssrc: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}
interface PurertcMediaModule {
  EncodedTrackSource: new (init: { kind: 'video' }) => { track: unknown; push(frame: { codec: string; data: Uint8Array; timestamp: number; keyFrame: boolean }): void };
  RtpTrackSource: new (init: { kind: 'video'; codec: string }) => { track: unknown; writeRtp(packet: ForwardedRtp): void };
  receiverFrames(receiver: unknown): AsyncIterable<{ codec: string; data: Uint8Array; timestamp: number; keyFrame: boolean }>;
  receiverRtp(receiver: unknown): AsyncIterable<ForwardedRtp>;
}
type TrackPc = PeerConnectionLike & { addTrack(track: unknown, ...streams: unknown[]): unknown; ontrack: ((e: { receiver: unknown; track: unknown }) => void) | null };

async function purertcMedia(): Promise<RelayMedia> {
  const file = purertcSource() === 'dist' ? path.join(ROOT_DIR, 'dist', 'index.mjs') : path.join(ROOT_DIR, 'src', 'index.ts');
  const { EncodedTrackSource, RtpTrackSource, receiverFrames, receiverRtp } = (await import(pathToFileURL(file).href)) as PurertcMediaModule;
  type Sink = InstanceType<typeof RtpTrackSource>;
  const drain = async <T>(items: AsyncIterable<T>, each: (item: T) => void): Promise<void> => {
    try {
      for await (const item of items) each(item);
    } catch {
      // The iterator ends (or fails) when the connection closes: nothing left to count.
    }
  };
  return {
    publish(pc) {
      const source = new EncodedTrackSource({ kind: 'video' });
      (pc as TrackPc).addTrack(source.track);
      return (f) => source.push({ codec: 'video/VP8', data: f.data, timestamp: Math.round((f.index * 1e6) / 30), keyFrame: f.keyFrame });
    },
    outbound(pc) {
      const source = new RtpTrackSource({ kind: 'video', codec: 'video/VP8' });
      (pc as TrackPc).addTrack(source.track);
      return source;
    },
    forward(pc, sink, count) {
      (pc as TrackPc).ontrack = (e) =>
        void drain(receiverRtp(e.receiver), (packet) => {
          (sink as Sink).writeRtp(packet);
          count();
        });
    },
    subscribe(pc, onBytes) {
      (pc as TrackPc).ontrack = (e) => void drain(receiverFrames(e.receiver), (frame) => onBytes(frame.data.length));
    },
  };
}

interface WeriftRtp {
  payload: Buffer;
}
interface WeriftTrack {
  writeRtp(rtp: Buffer | WeriftRtp): void;
  onReceiveRtp: { subscribe(f: (rtp: WeriftRtp) => void): unknown };
}
interface WeriftModule {
  MediaStreamTrack: new (init: { kind: 'video' }) => WeriftTrack;
  RtpHeader: new (init: object) => unknown;
  RtpPacket: new (header: unknown, payload: Buffer) => { serialize(): Buffer };
}
type WeriftPc = PeerConnectionLike & { addTrack(track: WeriftTrack): unknown; ontrack: ((e: { track: WeriftTrack }) => void) | null };

async function weriftMedia(): Promise<RelayMedia> {
  const { MediaStreamTrack, RtpHeader, RtpPacket } = (await import('werift')) as unknown as WeriftModule;
  return {
    publish(pc) {
      const track = new MediaStreamTrack({ kind: 'video' });
      (pc as WeriftPc).addTrack(track);
      let seq = 0;
      return (f) => {
        // RFC 7741 §4.2: a one-byte payload descriptor, S set on the frame's first packet.
        for (let off = 0; off < f.data.length; off += RELAY_PACKET_PAYLOAD_BYTES) {
          const chunk = f.data.subarray(off, off + RELAY_PACKET_PAYLOAD_BYTES);
          const payload = Buffer.alloc(chunk.length + 1);
          payload[0] = off === 0 ? 0x10 : 0x00;
          payload.set(chunk, 1);
          const last = off + RELAY_PACKET_PAYLOAD_BYTES >= f.data.length;
          const header = new RtpHeader({ payloadType: 96, sequenceNumber: seq, timestamp: f.index * 3000, marker: last, ssrc: 1 });
          seq = (seq + 1) & 0xffff;
          track.writeRtp(new RtpPacket(header, payload).serialize());
        }
      };
    },
    outbound(pc) {
      const track = new MediaStreamTrack({ kind: 'video' });
      (pc as WeriftPc).addTrack(track);
      return track;
    },
    forward(pc, sink, count) {
      (pc as WeriftPc).ontrack = (e) => {
        e.track.onReceiveRtp.subscribe((rtp) => {
          (sink as WeriftTrack).writeRtp(rtp);
          count();
        });
      };
    },
    subscribe(pc, onBytes) {
      // Media bytes: the payload less its one-byte VP8 descriptor, as purertc counts frame bytes.
      (pc as WeriftPc).ontrack = (e) => void e.track.onReceiveRtp.subscribe((rtp) => onBytes(rtp.payload.length - 1));
    },
  };
}

/** The stacks the rtp-relay case drives. */
export const RELAY_STACKS: readonly StackId[] = ['purertc', 'werift'];

/** The media plumbing of `id`. */
export async function relayMedia(id: StackId): Promise<RelayMedia> {
  if (id === 'purertc') return purertcMedia();
  if (id === 'werift') return weriftMedia();
  throw new Error(`the rtp-relay case drives purertc and werift, not ${id}`);
}
