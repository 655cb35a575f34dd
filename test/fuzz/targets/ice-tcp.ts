// ICE-TCP framing (RFC 4571 §2): the FrameReader fed mutated framed streams (STUN, DTLS-like
// and empty packets), cut at arbitrary places. It never throws, the packets it reads do not
// depend on where the stream was cut, and what it holds stays within one partial packet.
import { FrameReader, MAX_FRAME_BYTES, frame } from '../../../src/protocol/ice/index.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, type Meter, type Target } from '../harness/target.js';
import { captured } from './seeds.js';

/** Framed streams of captured STUN traffic, a DTLS-looking record, and an empty frame. */
function streamSeeds(): Uint8Array[] {
  const packets = [...captured('stun').slice(0, 6), new Uint8Array([22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3, 1, 2, 3]), new Uint8Array(0)];
  const one = (list: Uint8Array[]): Uint8Array => Uint8Array.from(list.flatMap((p) => [...frame(p)]));
  return [one(packets), one(packets.slice(0, 2)), one([new Uint8Array(600).fill(9)])];
}

/** Reads a stream pushed in chunks of the given sizes (cycled); copies of the packets. */
function readIn(stream: Uint8Array, sizes: readonly number[]): { packets: Uint8Array[]; maxPending: number } {
  const reader = new FrameReader();
  const packets: Uint8Array[] = [];
  let maxPending = 0;
  for (let o = 0, k = 0; o < stream.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length]!);
    reader.push(stream.subarray(o, o + n));
    o += n;
    maxPending = Math.max(maxPending, reader.pendingBytes);
    for (let p = reader.poll(); p; p = reader.poll()) packets.push(Uint8Array.from(p));
  }
  return { packets, maxPending };
}

/** FrameReader over a mutated stream, whole and in cuts. */
export const iceTcpFraming: Target<Uint8Array> = {
  name: 'ice-tcp-framing',
  description: 'RFC 4571 FrameReader on mutated framed streams of STUN and DTLS packets, pushed whole and cut in chunks of sizes taken from the input: never throws, the same packets either way, at most one partial packet held',
  shortRuns: 12000,
  arbitrary: () => bytesFrom(streamSeeds(), { maxBytes: 4096 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      const whole = readIn(input, [input.length || 1]);
      const sizes = [...input.subarray(0, 8)].map((b) => (b % 97) + 1);
      const cut = readIn(input, sizes.length > 0 ? sizes : [1]);
      check(whole.packets.length === cut.packets.length, () => `${whole.packets.length} packets whole, ${cut.packets.length} cut`);
      for (let i = 0; i < whole.packets.length; i++) {
        const a = whole.packets[i]!;
        const b = cut.packets[i]!;
        check(a.length === b.length && a.every((x, j) => x === b[j]), () => `packet ${i} differs when cut`);
        check(a.length > 0 && a.length <= MAX_FRAME_BYTES, () => `packet of ${a.length} bytes`);
      }
      check(cut.maxPending <= MAX_FRAME_BYTES + 2, () => `held ${cut.maxPending} bytes`);
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};
