// A simulated path between two RTP sessions in simulated time: seeded loss, reordering
// (extra delay), duplication and a fixed one-way delay per direction, plus media sources that
// push video-like frames (several packets, marker on the last) and audio-like packets.
import { ExtensionUri, type ExtmapEntry } from '../../../../src/protocol/rtp/index.js';
import {
  RtpSession,
  type FramePolicy,
  type ReceiverDescription,
  type RtpSessionDescription,
  type RtpSessionEvent,
  type RtpSessionOptions,
  type SenderDescription,
} from '../../../../src/protocol/rtp/session/index.js';
import type { Random } from '../../../../src/protocol/types.js';
import { mulberry32, seededRandom } from '../../../helpers/seeded-random.js';

/** The payload format of the test frames: byte 0 flags (1 = frame start, 2 = key frame), u32 frame number, u8 packet index, u8 packet count. */
export const TEST_FRAMES: FramePolicy = {
  isFrameStart: (payload) => payload.length > 0 && (payload[0]! & 1) === 1,
  isKeyFrame: (payload) => payload.length > 0 && (payload[0]! & 2) === 2,
};

export const EXTENSIONS: ExtmapEntry[] = [
  { id: 1, uri: ExtensionUri.MID },
  { id: 2, uri: ExtensionUri.RID },
  { id: 3, uri: ExtensionUri.REPAIRED_RID },
  { id: 4, uri: ExtensionUri.TRANSPORT_WIDE_CC },
];

export const VIDEO_PT = 96;
export const RTX_PT = 97;
export const AUDIO_PT = 111;

/** Feedback a video codec negotiates in these tests. */
export const VIDEO_FEEDBACK = { nack: true, pli: true, transportCc: true };

/** The description of a peer sending video (mid 0) and audio (mid 1) and receiving the same. */
export function description(own: { videoSsrc: number; rtxSsrc: number; audioSsrc: number }, options?: { rtx?: boolean; nack?: boolean; reducedSize?: boolean; frames?: FramePolicy }): RtpSessionDescription {
  const rtx = options?.rtx !== false;
  const feedback = { ...VIDEO_FEEDBACK, nack: options?.nack !== false };
  const videoCodec = { payloadType: VIDEO_PT, clockRate: 90000, feedback, frames: options?.frames ?? TEST_FRAMES, ...(rtx ? { rtxPayloadType: RTX_PT } : {}) };
  const audioCodec = { payloadType: AUDIO_PT, clockRate: 48000, feedback: { transportCc: true } };
  const receivers: ReceiverDescription[] = [
    { id: 'video', mid: '0', kind: 'video', codecs: [videoCodec] },
    { id: 'audio', mid: '1', kind: 'audio', codecs: [audioCodec] },
  ];
  const senders: SenderDescription[] = [
    { id: 'video', mid: '0', kind: 'video', codecs: [videoCodec], encodings: [{ ssrc: own.videoSsrc, ...(rtx ? { rtxSsrc: own.rtxSsrc } : {}) }] },
    { id: 'audio', mid: '1', kind: 'audio', codecs: [audioCodec], encodings: [{ ssrc: own.audioSsrc }] },
  ];
  return { extensions: EXTENSIONS, reducedSizeRtcp: options?.reducedSize !== false, receivers, senders };
}

/** Impairments of one direction. */
export interface PathOptions {
  delayMs: number;
  loss?: number;
  /** Probability a datagram is held back by `reorderDelayMs` more. */
  reorder?: number;
  reorderDelayMs?: number;
  duplicate?: number;
  /** Drop RTCP too (default false: only RTP is lost unless said). */
  loseRtcp?: boolean;
}

interface InFlight {
  atMs: number;
  order: number;
  to: 0 | 1;
  kind: 'rtp' | 'rtcp';
  data: Uint8Array;
}

/** Two sessions and the path between them. */
export class Sim {
  readonly peers: [RtpSession, RtpSession];
  readonly events: [RtpSessionEvent[], RtpSessionEvent[]] = [[], []];
  nowMs = 0;
  private flight: InFlight[] = [];
  private order = 0;
  private readonly rand: () => number;
  /** Datagrams each peer sent, by kind. */
  readonly sent: [Uint8Array[], Uint8Array[]] = [[], []];
  readonly sentRtcp: [Uint8Array[], Uint8Array[]] = [[], []];
  /** Optional hook: called with every datagram a peer sends; return false to drop it. */
  filter: ((from: 0 | 1, kind: 'rtp' | 'rtcp', data: Uint8Array) => boolean) | undefined;

  constructor(
    seed: number,
    descriptions: [RtpSessionDescription, RtpSessionDescription],
    readonly paths: [PathOptions, PathOptions],
    options?: Partial<RtpSessionOptions>,
    randoms?: [Random, Random],
  ) {
    this.rand = mulberry32(seed);
    this.peers = [
      new RtpSession({ random: randoms?.[0] ?? seededRandom(seed + 1), cname: 'a', ...options }, descriptions[0]),
      new RtpSession({ random: randoms?.[1] ?? seededRandom(seed + 2), cname: 'b', ...options }, descriptions[1]),
    ];
  }

  /** Moves output of both peers onto the path. */
  drain(): void {
    for (const from of [0, 1] as const) {
      const peer = this.peers[from];
      for (let t = peer.pollTransmit(); t !== undefined; t = peer.pollTransmit()) {
        (t.kind === 'rtp' ? this.sent : this.sentRtcp)[from].push(t.data);
        if (this.filter !== undefined && !this.filter(from, t.kind, t.data)) continue;
        const path = this.paths[from];
        const canLose = t.kind === 'rtp' || path.loseRtcp === true;
        if (canLose && this.rand() < (path.loss ?? 0)) continue;
        const copies = this.rand() < (path.duplicate ?? 0) ? 2 : 1;
        for (let i = 0; i < copies; i++) {
          const extra = this.rand() < (path.reorder ?? 0) ? (path.reorderDelayMs ?? 15) : 0;
          this.flight.push({ atMs: this.nowMs + path.delayMs + extra + i, order: this.order++, to: from === 0 ? 1 : 0, kind: t.kind, data: t.data });
        }
      }
      for (let e = peer.pollEvent(); e !== undefined; e = peer.pollEvent()) this.events[from].push(e);
    }
  }

  /**
   * Runs until `untilMs`, calling `tick(nowMs)` at each multiple of `tickMs` (the media
   * sources). Bounded: at most 5 million steps.
   */
  run(untilMs: number, tickMs?: number, tick?: (nowMs: number) => void): void {
    let nextTick = tickMs === undefined ? Infinity : Math.ceil(this.nowMs / tickMs) * tickMs;
    let sameTime = 0;
    for (let steps = 0; steps < 5_000_000; steps++) {
      this.drain();
      let next = nextTick;
      for (const p of this.peers) {
        const t = p.pollTimeout();
        if (t !== undefined && t < next) next = t;
      }
      for (const f of this.flight) if (f.atMs < next) next = f.atMs;
      if (next > untilMs) {
        this.nowMs = untilMs;
        break;
      }
      // A timer that does not move on would spin here: fail instead of hanging.
      sameTime = next <= this.nowMs ? sameTime + 1 : 0;
      if (sameTime > 10_000) throw new Error(`simulation stuck at ${this.nowMs} ms`);
      this.nowMs = Math.max(this.nowMs, next);
      const due = this.flight.filter((f) => f.atMs <= this.nowMs).sort((a, b) => a.atMs - b.atMs || a.order - b.order);
      this.flight = this.flight.filter((f) => f.atMs > this.nowMs);
      for (const f of due) {
        const peer = this.peers[f.to];
        if (f.kind === 'rtp') peer.handleRtp(f.data, this.nowMs);
        else peer.handleRtcp(f.data, this.nowMs);
      }
      for (const p of this.peers) {
        const t = p.pollTimeout();
        if (t !== undefined && t <= this.nowMs) p.handleTimeout(this.nowMs);
      }
      if (this.nowMs >= nextTick) {
        tick?.(this.nowMs);
        nextTick += tickMs!;
      }
    }
    this.drain();
  }
}

/** A video-like source: `packetsPerFrame` packets per frame at `fps`, a key frame every `keyEvery` frames. */
export class VideoSource {
  frame = 0;
  constructor(
    private readonly session: RtpSession,
    readonly packetsPerFrame = 5,
    readonly payloadBytes = 1000,
    readonly keyEvery = 90,
    readonly senderId = 'video',
  ) {}

  /** Sends the next frame at `nowMs` (timestamp 90 kHz from nowMs). */
  push(nowMs: number, key = this.frame % this.keyEvery === 0): void {
    const n = this.packetsPerFrame;
    for (let i = 0; i < n; i++) {
      const payload = new Uint8Array(this.payloadBytes);
      payload[0] = (i === 0 ? 1 : 0) | (key ? 2 : 0);
      new DataView(payload.buffer).setUint32(1, this.frame);
      payload[5] = i;
      payload[6] = n;
      this.session.sendRtp(this.senderId, { payloadType: VIDEO_PT, timestamp: Math.round(nowMs * 90), marker: i === n - 1, payload }, nowMs);
    }
    this.frame++;
  }
}

/** The frame number and packet checks of a received test frame: true when whole and in order. */
export function frameIsWhole(packets: readonly { payload: Uint8Array }[]): { number: number; whole: boolean } {
  const first = packets[0]!.payload;
  const number = new DataView(first.buffer, first.byteOffset).getUint32(1);
  const count = first[6]!;
  const whole = packets.length === count && packets.every((p, i) => p.payload[5] === i && new DataView(p.payload.buffer, p.payload.byteOffset).getUint32(1) === number);
  return { number, whole };
}
