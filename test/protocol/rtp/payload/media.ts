// Test helpers: the media fixtures under test/fixtures/media/rtp-payload (made with Debian's ffmpeg from
// testsrc; see README there), read into frames, and a loop that packetizes frames and feeds
// the payloads to a depacketizer as numbered RTP packets.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canStartAccessUnit, joinAnnexB, nalType, splitAnnexB, type DepacketizedFrame, type PacketizedPayload, type ReceivedPayload } from '../../../../src/protocol/rtp/payload/index.js';

const DIR = fileURLToPath(new URL('../../../fixtures/media/rtp-payload/', import.meta.url));

/** The bytes of a fixture. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(DIR + name));
}

/** The frames of an IVF file (32-byte file header, then 12-byte frame headers). */
export function readIvf(name: string): { fourcc: string; width: number; height: number; frames: Uint8Array[] } {
  const b = fixture(name);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerSize = v.getUint16(6, true);
  const frames: Uint8Array[] = [];
  for (let o = headerSize; o + 12 <= b.length; ) {
    const size = v.getUint32(o, true);
    frames.push(b.subarray(o + 12, o + 12 + size));
    o += 12 + size;
  }
  return { fourcc: String.fromCharCode(...b.subarray(8, 12)), width: v.getUint16(12, true), height: v.getUint16(14, true), frames };
}

/** The access units of an Annex B file, each rewritten with 4-byte start codes. */
export function readAnnexB(name: string): Uint8Array[] {
  const units: Uint8Array[][] = [];
  let sawSlice = false;
  for (const nal of splitAnnexB(fixture(name))) {
    const t = nalType(nal[0]!);
    if (units.length === 0 || (sawSlice && canStartAccessUnit(nal[0]!, nal[1]))) {
      units.push([]);
      sawSlice = false;
    }
    units[units.length - 1]!.push(nal);
    if (t >= 1 && t <= 5) sawSlice = true;
  }
  return units.map(joinAnnexB);
}

/** Numbers payloads as RTP packets: consecutive sequence numbers from `seq`, one timestamp per frame. */
export function number(frames: PacketizedPayload[][], seq = 65530, timestamp = 0xfffff000, step = 3000): ReceivedPayload[] {
  const out: ReceivedPayload[] = [];
  frames.forEach((f, i) => {
    for (const p of f) out.push({ payload: p.payload, marker: p.marker, sequenceNumber: seq++ & 0xffff, timestamp: (timestamp + i * step) >>> 0 });
  });
  return out;
}

/** Pushes packets into anything with `push` and collects the frames. */
export function feed(d: { push(p: ReceivedPayload): DepacketizedFrame | undefined }, packets: ReceivedPayload[]): DepacketizedFrame[] {
  const out: DepacketizedFrame[] = [];
  for (const p of packets) {
    const f = d.push(p);
    if (f) out.push(f);
  }
  return out;
}

/** Hex of bytes, for byte-exact assertions. */
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** Bytes of a hex string (spaces ignored). */
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
