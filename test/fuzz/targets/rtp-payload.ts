// RTP payload formats: each video depacketizer (VP8, VP9, H.264, AV1) fed sessions of real
// packets from the media fixtures in order, with jumps, skips, duplicates, mutated payloads
// and sequence number and timestamp glitches; and every payload parser (descriptors, STAP-A and
// FU-A, AV1 aggregation, RED, telephone-event, Opus TOC, SPS, VP8/VP9/AV1 headers) on mutated
// payloads with its round trip. Frame size cap under fuzz: 2048 bytes (DepacketizerOptions).
import fc from 'fast-check';
import {
  Av1Depacketizer,
  Av1Packetizer,
  H264Depacketizer,
  H264Packetizer,
  opusPacketSamples,
  parseAv1Payload,
  parseAv1SequenceHeader,
  parseH264Payload,
  parseH264Sps,
  ParseError,
  parseProfileLevelId,
  parseRed,
  parseTelephoneEvent,
  parseVp8Descriptor,
  parseVp8FrameHeader,
  parseVp9Descriptor,
  parseVp9FrameHeader,
  serializeRed,
  serializeTelephoneEvent,
  serializeVp8Descriptor,
  serializeVp9Descriptor,
  splitAnnexB,
  Vp8Depacketizer,
  Vp8Packetizer,
  Vp9Depacketizer,
  Vp9Packetizer,
  type DepacketizedFrame,
  type PacketizedPayload,
  type ReceivedPayload,
} from '../../../src/protocol/rtp/payload/index.js';
import { isDeepStrictEqual } from 'node:util';
import { readAnnexB, readIvf } from '../../protocol/rtp/payload/media.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, returnsOrThrows, type Meter, type Target } from '../harness/target.js';

/** The frame size cap of the depacketizers under fuzz: some fixture key frames are above it. */
const MAX_FRAME_BYTES = 2048;

interface Codec {
  name: string;
  frames: Uint8Array[];
  packetize(frames: Uint8Array[], mtu: number): PacketizedPayload[][];
  depacketizer(): { push(p: ReceivedPayload): DepacketizedFrame | undefined; stats: { frames: number; packets: number } };
}

interface SeedPacket {
  payload: Uint8Array;
  marker: boolean;
  timestamp: number;
}

let codecs: Codec[] = [];
let sessions: SeedPacket[][] = [];

function load(): void {
  if (codecs.length > 0) return;
  const vp8 = readIvf('vp8.ivf').frames;
  const vp9 = readIvf('vp9.ivf').frames;
  const av1 = readIvf('av1.ivf').frames;
  const h264 = [...readAnnexB('h264-baseline.h264'), ...readAnnexB('h264-high-cropped.h264')];
  codecs = [
    { name: 'vp8', frames: vp8, packetize: (f, mtu) => { const p = new Vp8Packetizer(); return f.map((d) => p.packetize({ data: d, keyFrame: (d[0]! & 1) === 0 }, mtu)); }, depacketizer: () => new Vp8Depacketizer({ maxFrameBytes: MAX_FRAME_BYTES }) },
    { name: 'vp9', frames: vp9, packetize: (f, mtu) => { const p = new Vp9Packetizer(); return f.map((d) => p.packetize({ data: d, keyFrame: parseVp9FrameHeader(d).keyFrame }, mtu)); }, depacketizer: () => new Vp9Depacketizer({ maxFrameBytes: MAX_FRAME_BYTES }) },
    { name: 'h264', frames: h264, packetize: (f, mtu) => { const p = new H264Packetizer(); return f.map((d) => p.packetize({ data: d, keyFrame: false }, mtu)); }, depacketizer: () => new H264Depacketizer({ maxFrameBytes: MAX_FRAME_BYTES }) },
    { name: 'av1', frames: av1, packetize: (f, mtu) => { const p = new Av1Packetizer(); return f.map((d, i) => p.packetize({ data: d, keyFrame: i % 5 === 0 }, mtu)); }, depacketizer: () => new Av1Depacketizer({ maxFrameBytes: MAX_FRAME_BYTES }) },
  ];
  // Each codec's session: its frames at a small and a usual payload budget, one after the other.
  sessions = codecs.map((c) => [120, 1200].flatMap((mtu, k) => c.packetize(c.frames, mtu).flatMap((list, i) => list.map((p) => ({ ...p, timestamp: (k * 100 + i) * 3000 })))));
}

/** One step of a session: which packet comes next and how it is spoilt. */
interface Step {
  /** 0-5 the next packet of the session, 6 a jump to packet n, 7 skip one, 8 the previous again, 9 `bytes` instead. */
  kind: number;
  /** Bit 0 flips the marker, bit 1 moves the sequence number by (n % 5) - 2, bit 2 sets the timestamp to n. */
  flags: number;
  n: number;
  bytes: Uint8Array;
}

/** A session for one codec. */
interface SessionInput {
  codec: number;
  steps: Step[];
}

function allSeedPayloads(): Uint8Array[] {
  load();
  return sessions.flat().map((p) => p.payload);
}

const stepArb = (seeds: Uint8Array[]): fc.Arbitrary<Step> =>
  fc.record({
    kind: fc.oneof({ arbitrary: fc.nat(5), weight: 6 }, { arbitrary: fc.integer({ min: 6, max: 9 }), weight: 3 }),
    flags: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.nat(7), weight: 1 }),
    n: fc.nat(),
    bytes: bytesFrom(seeds, { maxBytes: 1500, maxEdits: 3 }),
  });

/** Each depacketizer fed a spoilt session. */
export const rtpDepacketizers: Target<SessionInput> = {
  name: 'rtp-depacketizers',
  description: 'VP8, VP9, H.264 and AV1 depacketizers fed fixture packet sessions with jumps, skips, duplicates, mutated payloads and seq/timestamp glitches; never a throw, no frame over the cap, and two real frames still come out',
  shortRuns: 1000,
  setup: async () => load(),
  arbitrary: () => fc.record({ codec: fc.nat(3), steps: fc.array(stepArb(allSeedPayloads()), { minLength: 1, maxLength: 120, size: 'large' }) }),
  run(input: SessionInput, meter: Meter): void {
    load();
    const codec = codecs[input.codec % codecs.length]!;
    const session = sessions[input.codec % sessions.length]!;
    const d = codec.depacketizer();
    let cursor = 0;
    let seq = 60000;
    let previous: ReceivedPayload | undefined;
    let emitted = 0;
    for (const step of input.steps) {
      let packet: ReceivedPayload;
      if (step.kind === 8 && previous) {
        packet = previous;
      } else {
        if (step.kind === 6) cursor = step.n % session.length;
        if (step.kind === 7) cursor++;
        const seed = session[cursor++ % session.length]!;
        packet = { payload: step.kind === 9 ? step.bytes : seed.payload, marker: seed.marker !== ((step.flags & 1) === 1), sequenceNumber: 0, timestamp: seed.timestamp };
        if (step.flags & 2) seq += (step.n % 5) - 2;
        packet.sequenceNumber = seq++ & 0xffff;
        if (step.flags & 4) packet.timestamp = step.n >>> 0;
      }
      previous = packet;
      const frame = meter.input(() => {
        try {
          return d.push(packet);
        } catch (err) {
          throw new PropertyFailure(`${codec.name} depacketizer threw ${describe(err)}`);
        }
      });
      if (frame) {
        emitted++;
        check(frame.data.length <= MAX_FRAME_BYTES, () => `${codec.name}: a ${frame.data.length}-byte frame passed the ${MAX_FRAME_BYTES}-byte cap`);
      }
    }
    check(d.stats.frames === emitted && d.stats.packets === input.steps.length, () => `${codec.name}: stats disagree with what came out`);
    // The two smallest frames, sent cleanly after a gap: at least the second comes out intact
    // (H.264 and AV1 may discard the first: after a gap nothing says where a frame starts).
    const small = [...codec.frames].sort((a, b) => a.length - b.length).slice(0, 2);
    const clean = codec.packetize(small, 1200);
    const out: Uint8Array[] = [];
    seq += 1000;
    clean.forEach((list, i) => {
      for (const p of list) {
        const f = d.push({ payload: p.payload, marker: p.marker, sequenceNumber: seq++ & 0xffff, timestamp: 0x7000_0000 + i * 3000 });
        if (f) out.push(f.data);
      }
    });
    check(out.length >= 1 && Buffer.compare(Buffer.from(out[out.length - 1]!), Buffer.from(small[1]!)) === 0, () => `${codec.name}: clean frames after the fuzz did not come out intact (${out.length} out)`);
  },
  encode: (input) =>
    frames.encode(
      input.codec,
      input.steps.map((s) => Uint8Array.from([s.kind, s.flags, s.n >>> 24, (s.n >>> 16) & 0xff, (s.n >>> 8) & 0xff, s.n & 0xff, ...s.bytes])),
    ),
  decode: (b) => {
    const { tag, items } = frames.decode(b);
    return { codec: tag, steps: items.map((d) => ({ kind: d[0]!, flags: d[1]!, n: ((d[2]! << 24) | (d[3]! << 16) | (d[4]! << 8) | d[5]!) >>> 0, bytes: d.subarray(6) })) };
  },
};

/** The parsers, selected by the input's first byte. */
const PARSERS: Array<[string, (b: Uint8Array) => void]> = [
  ['VP8 descriptor', (b) => {
    const d = parseVp8Descriptor(b).descriptor;
    check(isDeepStrictEqual(parseVp8Descriptor(serializeVp8Descriptor(d)).descriptor, d), () => 'VP8 descriptor round trip changed it');
  }],
  ['VP9 descriptor', (b) => {
    const d = parseVp9Descriptor(b).descriptor;
    check(isDeepStrictEqual(parseVp9Descriptor(serializeVp9Descriptor(d)).descriptor, d), () => 'VP9 descriptor round trip changed it');
  }],
  ['H.264 payload', (b) => void parseH264Payload(b)],
  ['AV1 payload', (b) => void parseAv1Payload(b)],
  ['RED', (b) => {
    const r = parseRed(b);
    check(Buffer.compare(Buffer.from(serializeRed(r)), Buffer.from(b)) === 0, () => 'RED round trip changed the bytes');
  }],
  ['telephone-event', (b) => {
    const e = parseTelephoneEvent(b);
    check(isDeepStrictEqual(parseTelephoneEvent(serializeTelephoneEvent(e)), e), () => 'telephone-event round trip changed it');
  }],
  ['Opus TOC', (b) => void opusPacketSamples(b)],
  ['SPS', (b) => {
    for (const nal of splitAnnexB(b)) if ((nal[0]! & 0x1f) === 7) parseH264Sps(nal);
    parseH264Sps(b);
  }],
  ['VP8/VP9/AV1 headers', (b) => {
    for (const f of [parseVp8FrameHeader, parseVp9FrameHeader, parseAv1SequenceHeader]) returnsOrThrows(ParseError, () => f(b), f.name);
  }],
  ['profile-level-id', (b) => void parseProfileLevelId(Buffer.from(b).toString('latin1'))],
];

function parserSeeds(): Uint8Array[] {
  const out = allSeedPayloads().filter((_, i) => i % 3 === 0).map((p) => p.subarray(0, 64));
  out.push(Uint8Array.of(0xef, 0x0f, 0x00, 0x03, 0x6f, 1, 2, 3, 4), Uint8Array.of(0x05, 0x8a, 0x03, 0x20), Uint8Array.of(0xfc, 0xff), Buffer.from('42e01f'));
  for (const f of [...readAnnexB('h264-baseline.h264').slice(0, 1), ...readAnnexB('h264-high-cropped.h264').slice(0, 1)]) for (const nal of splitAnnexB(f)) if ((nal[0]! & 0x1f) === 7) out.push(nal);
  for (const name of ['vp8.ivf', 'vp9.ivf', 'av1.ivf']) out.push(readIvf(name).frames[0]!.subarray(0, 48));
  return out;
}

/** Every payload parser on mutated payloads. */
export const rtpPayloadParsers: Target<Uint8Array> = {
  name: 'rtp-payload-parsers',
  description: 'VP8/VP9 descriptors, STAP-A/FU-A, AV1 aggregation, RED, telephone-event, Opus TOC, SPS, VP8/VP9 frame and AV1 sequence headers, profile-level-id: return or ParseError; round trips',
  shortRuns: 20000,
  setup: async () => load(),
  arbitrary: () => fc.tuple(fc.nat(PARSERS.length - 1), bytesFrom(parserSeeds(), { maxBytes: 512 })).map(([k, b]) => Uint8Array.of(k, ...b)),
  run(input: Uint8Array, meter: Meter): void {
    if (input.length === 0) return;
    const [name, parse] = PARSERS[input[0]! % PARSERS.length]!;
    meter.input(() => returnsOrThrows(ParseError, () => parse(input.subarray(1)), name));
  },
  encode: (b) => b,
  decode: (b) => b,
};
