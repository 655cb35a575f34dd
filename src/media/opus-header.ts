// The two Ogg Opus header packets (RFC 7845 §5): the identification header OpusHead and the
// comment header OpusTags.
import { MediaFileError } from './errors.js';

/** The identification header (RFC 7845 §5.1). */
export interface OpusHead {
  /** Version; the upper four bits must be 0 (RFC 7845 §5.1 item 2). Writers put 1. */
  version: number;
  /** Output channel count, 1-255. */
  channels: number;
  /** Samples at 48 kHz to discard from the decoder output at the start. */
  preSkip: number;
  /** The original input sample rate in Hz (informational; 0 when unknown). */
  inputSampleRate: number;
  /** Gain to apply to the output, in Q7.8 dB. */
  outputGain: number;
  /** Channel mapping family: 0 (mono/stereo), 1 (Vorbis order), 255 (none) or another. */
  mappingFamily: number;
  /** Streams in each packet (family 0: 1). */
  streamCount: number;
  /** Of those, the stereo (coupled) ones (family 0: 1 for stereo, else 0). */
  coupledCount: number;
  /** Decoded channel for each output channel (family 0: [0] or [0, 1]). */
  mapping: number[];
}

/** The comment header (RFC 7845 §5.2). */
export interface OpusTags {
  /** The encoder's name. */
  vendor: string;
  /** "NAME=value" comments. */
  comments: string[];
}

const HEAD_MAGIC = [0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64]; // "OpusHead"
const TAGS_MAGIC = [0x4f, 0x70, 0x75, 0x73, 0x54, 0x61, 0x67, 0x73]; // "OpusTags"
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function startsWith(b: Uint8Array, magic: number[]): boolean {
  return b.length >= magic.length && magic.every((x, i) => b[i] === x);
}

/** True when a packet starts with "OpusHead". */
export function isOpusHead(b: Uint8Array): boolean {
  return startsWith(b, HEAD_MAGIC);
}

function bad(message: string): never {
  throw new MediaFileError('OPUS_BAD_HEADER', message);
}

/** Parses OpusHead (RFC 7845 §5.1); throws OPUS_BAD_HEADER. */
export function parseOpusHead(b: Uint8Array): OpusHead {
  if (!isOpusHead(b)) bad('the first packet is not OpusHead');
  if (b.length < 19) bad(`OpusHead of ${b.length} bytes`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const version = b[8]!;
  // RFC 7845 §5.1: a version with a major part (upper 4 bits) other than 0 is incompatible.
  if (version >> 4 !== 0) bad(`OpusHead version ${version}`);
  const channels = b[9]!;
  if (channels === 0) bad('OpusHead with 0 channels');
  const head: OpusHead = {
    version,
    channels,
    preSkip: v.getUint16(10, true),
    inputSampleRate: v.getUint32(12, true),
    outputGain: v.getInt16(16, true),
    mappingFamily: b[18]!,
    streamCount: 1,
    coupledCount: channels === 2 ? 1 : 0,
    mapping: channels === 2 ? [0, 1] : [0],
  };
  if (head.mappingFamily === 0) {
    // RFC 7845 §5.1.1.1: family 0 is mono or stereo, with no mapping table.
    if (channels > 2) bad(`mapping family 0 with ${channels} channels`);
    return head;
  }
  if (b.length < 21 + channels) bad(`OpusHead of ${b.length} bytes for a mapping table of ${channels} channels`);
  head.streamCount = b[19]!;
  head.coupledCount = b[20]!;
  // RFC 7845 §5.1.1: at least one stream, no more coupled than streams, at most 255 decoded channels.
  if (head.streamCount === 0) bad('OpusHead with 0 streams');
  if (head.coupledCount > head.streamCount) bad(`${head.coupledCount} coupled streams of ${head.streamCount}`);
  if (head.streamCount + head.coupledCount > 255) bad('more than 255 decoded channels');
  // RFC 7845 §5.1.1.2: family 1 is 1 to 8 channels in Vorbis order.
  if (head.mappingFamily === 1 && channels > 8) bad(`mapping family 1 with ${channels} channels`);
  head.mapping = Array.from(b.subarray(21, 21 + channels));
  for (const m of head.mapping) if (m !== 255 && m >= head.streamCount + head.coupledCount) bad(`mapping entry ${m} beyond ${head.streamCount + head.coupledCount} decoded channels`);
  return head;
}

/** Serializes OpusHead (RFC 7845 §5.1); RangeError on values out of range. */
export function serializeOpusHead(h: OpusHead): Uint8Array {
  const family0 = h.mappingFamily === 0;
  const out = new Uint8Array(family0 ? 19 : 21 + h.channels);
  const v = new DataView(out.buffer);
  out.set(HEAD_MAGIC);
  out[8] = h.version;
  out[9] = h.channels;
  v.setUint16(10, h.preSkip, true);
  v.setUint32(12, h.inputSampleRate, true);
  v.setInt16(16, h.outputGain, true);
  out[18] = h.mappingFamily;
  if (!family0) {
    if (h.mapping.length !== h.channels) throw new RangeError(`mapping of ${h.mapping.length} entries for ${h.channels} channels`);
    out[19] = h.streamCount;
    out[20] = h.coupledCount;
    out.set(h.mapping, 21);
  }
  // What is written must read back: the same checks as the parser, as RangeError.
  try {
    parseOpusHead(out);
  } catch (err) {
    throw new RangeError(`invalid OpusHead: ${(err as Error).message}`);
  }
  return out;
}

/** Parses OpusTags (RFC 7845 §5.2); throws OPUS_BAD_HEADER. */
export function parseOpusTags(b: Uint8Array): OpusTags {
  if (!startsWith(b, TAGS_MAGIC)) bad('the second packet is not OpusTags');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 8;
  const text = (): string => {
    if (at + 4 > b.length) bad('OpusTags ends within a length field');
    const n = v.getUint32(at, true);
    at += 4;
    if (n > b.length - at) bad(`OpusTags string of ${n} bytes past the packet end`);
    const s = b.subarray(at, at + n);
    at += n;
    try {
      return utf8.decode(s);
    } catch {
      return bad('OpusTags string is not UTF-8');
    }
  };
  const vendor = text();
  if (at + 4 > b.length) bad('OpusTags ends before its comment count');
  const count = v.getUint32(at, true);
  at += 4;
  // Each comment takes at least its 4-byte length: a count beyond that is a lie, caught before looping.
  if (count > (b.length - at) / 4) bad(`${count} comments cannot fit in ${b.length - at} bytes`);
  const comments: string[] = [];
  for (let i = 0; i < count; i++) comments.push(text());
  // RFC 7845 §5.2: anything after the comments is padding or binary data, kept by nobody here.
  return { vendor, comments };
}

/** Serializes OpusTags (RFC 7845 §5.2). */
export function serializeOpusTags(t: OpusTags): Uint8Array {
  const strings = [t.vendor, ...t.comments].map((s) => encoder.encode(s));
  const out = new Uint8Array(8 + 4 + strings.reduce((n, s) => n + 4 + s.length, 0));
  const v = new DataView(out.buffer);
  out.set(TAGS_MAGIC);
  let at = 8;
  const put = (s: Uint8Array): void => {
    v.setUint32(at, s.length, true);
    out.set(s, at + 4);
    at += 4 + s.length;
  };
  put(strings[0]!);
  v.setUint32(at, t.comments.length, true);
  at += 4;
  for (const s of strings.slice(1)) put(s);
  return out;
}
