// The Opus packet framing of RFC 6716 §3: the TOC byte (§3.1), the four frame count codes
// (§3.2) and the rules a well-formed packet keeps (§3.4, R1-R7). Enough to know a packet's
// duration and the size of each frame without decoding anything.
import { MediaFileError } from './errors.js';

/** RFC 6716 §3.2.1: no frame is longer than 1275 bytes. */
const MAX_FRAME_BYTES = 1275;
/** RFC 6716 §3.2.5 R5: a packet holds at most 120 ms of audio (5760 samples at 48 kHz). */
export const OPUS_MAX_PACKET_SAMPLES = 5760;

/** What the framing of one Opus packet says. */
export interface OpusPacketInfo {
  /** The TOC configuration number, 0-31 (RFC 6716 §3.1, Table 2). */
  config: number;
  /** SILK-only, hybrid or CELT-only. */
  mode: 'silk' | 'hybrid' | 'celt';
  /** Audio bandwidth. */
  bandwidth: 'narrowband' | 'mediumband' | 'wideband' | 'superwideband' | 'fullband';
  /** The s bit: stereo. */
  stereo: boolean;
  /** Samples per frame at 48 kHz (120 = 2.5 ms ... 2880 = 60 ms). */
  frameSamples: number;
  /** Size in bytes of each frame (0 for a DTX or lost frame). */
  frameSizes: number[];
  /** Samples of the whole packet at 48 kHz. */
  durationSamples: number;
  /** Padding bytes (code 3 only). */
  paddingBytes: number;
}

// RFC 6716 §3.1 Table 2: frame sizes per configuration, in 48 kHz samples.
const SILK_SAMPLES = [480, 960, 1920, 2880];
const HYBRID_SAMPLES = [480, 960];
const CELT_SAMPLES = [120, 240, 480, 960];

/** Frame size and mode of a TOC configuration number (RFC 6716 §3.1 Table 2). */
export function opusConfig(config: number): Pick<OpusPacketInfo, 'mode' | 'bandwidth' | 'frameSamples'> {
  if (config < 12) {
    const bw = (['narrowband', 'mediumband', 'wideband'] as const)[config >> 2]!;
    return { mode: 'silk', bandwidth: bw, frameSamples: SILK_SAMPLES[config & 3]! };
  }
  if (config < 16) return { mode: 'hybrid', bandwidth: config < 14 ? 'superwideband' : 'fullband', frameSamples: HYBRID_SAMPLES[config & 1]! };
  const bw = (['narrowband', 'wideband', 'superwideband', 'fullband'] as const)[(config - 16) >> 2]!;
  return { mode: 'celt', bandwidth: bw, frameSamples: CELT_SAMPLES[config & 3]! };
}

function bad(message: string): never {
  throw new MediaFileError('OPUS_BAD_PACKET', message);
}

/** RFC 6716 §3.2.1: a frame length in one byte (0-251) or two (252-1275). */
function frameLength(b: Uint8Array, at: number, end: number): [length: number, bytes: number] {
  if (at >= end) bad('frame length missing');
  const first = b[at]!;
  if (first < 252) return [first, 1];
  if (at + 1 >= end) bad('second byte of a frame length missing');
  return [first + 4 * b[at + 1]!, 2];
}

/** Parses the framing of one Opus packet (RFC 6716 §3.2); throws OPUS_BAD_PACKET when malformed. */
export function parseOpusPacket(b: Uint8Array): OpusPacketInfo {
  // R1: at least one byte.
  if (b.length < 1) bad('empty packet');
  const toc = b[0]!;
  const config = toc >> 3;
  const info = opusConfig(config);
  const stereo = (toc & 0x04) !== 0;
  const code = toc & 0x03;
  const n = b.length;
  let frameSizes: number[];
  let paddingBytes = 0;
  if (code === 0) {
    // §3.2.2: one frame. R2: at most 1275 bytes.
    frameSizes = [n - 1];
  } else if (code === 1) {
    // §3.2.3: two frames of equal size. R3: N-1 even.
    if ((n - 1) % 2 !== 0) bad(`code 1 packet with an odd payload of ${n - 1} bytes`);
    frameSizes = [(n - 1) / 2, (n - 1) / 2];
  } else if (code === 2) {
    // §3.2.4: two frames, the first one's length given. R4: it fits.
    const [first, used] = frameLength(b, 1, n);
    if (1 + used + first > n) bad(`code 2 first frame of ${first} bytes past the packet end`);
    frameSizes = [first, n - 1 - used - first];
  } else {
    // §3.2.5: M frames, CBR or VBR, optional padding.
    if (n < 2) bad('code 3 packet without its frame count byte');
    const vbr = (b[1]! & 0x80) !== 0;
    const padded = (b[1]! & 0x40) !== 0;
    const m = b[1]! & 0x3f;
    // R5: at least one frame, at most 120 ms.
    if (m === 0) bad('code 3 packet with 0 frames');
    if (m * info.frameSamples > OPUS_MAX_PACKET_SAMPLES) bad(`${m} frames of ${info.frameSamples} samples exceed 120 ms`);
    let at = 2;
    if (padded) {
      // Each padding length byte of 255 adds 254 and another byte follows.
      for (;;) {
        if (at >= n) bad('padding length runs past the packet end');
        const p = b[at++]!;
        paddingBytes += p === 255 ? 254 : p;
        if (p !== 255) break;
      }
    }
    let left = n - at - paddingBytes;
    // R6/R7: the padding and the header fit in the packet.
    if (left < 0) bad(`${paddingBytes} bytes of padding past the packet end`);
    frameSizes = [];
    if (vbr) {
      for (let i = 0; i < m - 1; i++) {
        const [len, used] = frameLength(b, at, n - paddingBytes);
        at += used;
        left -= used;
        frameSizes.push(len);
      }
      const lengthsTotal = frameSizes.reduce((s, x) => s + x, 0);
      // R7: the frame lengths fit, and the last frame is what is left.
      if (lengthsTotal > left) bad(`VBR frame lengths of ${lengthsTotal} bytes exceed the ${left} bytes left`);
      frameSizes.push(left - lengthsTotal);
    } else {
      // R6: the payload divides into M equal frames.
      if (left % m !== 0) bad(`CBR payload of ${left} bytes does not divide into ${m} frames`);
      for (let i = 0; i < m; i++) frameSizes.push(left / m);
    }
  }
  for (const size of frameSizes) if (size > MAX_FRAME_BYTES) bad(`frame of ${size} bytes (at most ${MAX_FRAME_BYTES})`);
  return { config, ...info, stereo, frameSizes, durationSamples: frameSizes.length * info.frameSamples, paddingBytes };
}

/** The duration of an Opus packet in 48 kHz samples, from its TOC alone (RFC 6716 §3.1, §3.2). */
export function opusPacketSamples(b: Uint8Array): number {
  if (b.length < 1) bad('empty packet');
  const { frameSamples } = opusConfig(b[0]! >> 3);
  const code = b[0]! & 3;
  if (code === 0) return frameSamples;
  if (code !== 3) return 2 * frameSamples;
  if (b.length < 2) bad('code 3 packet without its frame count byte');
  const m = b[1]! & 0x3f;
  if (m === 0 || m * frameSamples > OPUS_MAX_PACKET_SAMPLES) bad(`code 3 packet with ${m} frames of ${frameSamples} samples`);
  return m * frameSamples;
}
