// The RTP packet (RFC 3550 §5.1): fixed header, CSRC list, extension block, payload and
// padding. Parsing returns views into the datagram (no copy); serializing writes into a new
// buffer or into the caller's.
import { checkIntIn, checkRoom, pad4, readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { ParseError } from './errors.js';
import {
  chooseExtensionForm,
  findHeaderExtension,
  headerExtensionsLength,
  parseHeaderExtensions,
  validateHeaderExtensions,
  writeHeaderExtensionBlock,
  type HeaderExtension,
  type HeaderExtensionForm,
} from './header-extensions.js';

/** RFC 3550 §5.1: the fixed header is 12 bytes. */
export const RTP_HEADER_BYTES = 12;

const NO_CSRCS: readonly number[] = Object.freeze([]);
const EMPTY: Uint8Array = new Uint8Array(0);

/** A parsed RTP packet; `extension` and `payload` are views into the parsed datagram. */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** Contributing sources (RFC 3550 §5.1), empty for most packets. */
  csrcs: readonly number[];
  /** The 16-bit "defined by profile" value of the extension block, undefined when X is 0. */
  extensionProfile: number | undefined;
  /** The extension block's content after its 4-byte header; empty when there is none. */
  extension: Uint8Array;
  /** Payload with any padding removed. */
  payload: Uint8Array;
  /** Padding bytes removed from the end (0 when P is 0; the count octet included). */
  paddingLength: number;
  /** Bytes of fixed header, CSRCs and extension block: where the payload starts. */
  headerLength: number;
}

/** What `serializeRtpPacket` writes: a parsed RtpPacket fits, as does a packet being built. */
export interface RtpPacketInit {
  marker?: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs?: readonly number[];
  /** RFC 8285 elements; their form is chosen per packet. When set, the raw fields below are ignored. */
  extensions?: readonly HeaderExtension[];
  /** A raw extension block's profile value, written as is with `extension` when `extensions` is absent. */
  extensionProfile?: number | undefined;
  /** A raw extension block's content (a multiple of 4 bytes). */
  extension?: Uint8Array;
  payload: Uint8Array;
  /** Padding to append (RFC 3550 §5.1: the last byte holds the count, itself included); 0-255. */
  paddingLength?: number;
}

/** Serializer options. */
export interface RtpSerializeOptions {
  /** a=extmap-allow-mixed was negotiated (RFC 8285 §6): the two-byte form may be used. */
  extmapAllowMixed?: boolean;
}

/**
 * Parses an RTP packet (RFC 3550 §5.1). Throws ParseError when it is shorter than its
 * header says, is not version 2, has a padding count of zero or beyond the bytes after the
 * header, or has an extension block (or RFC 8285 element) that does not fit.
 */
export function parseRtpPacket(bytes: Uint8Array): RtpPacket {
  const length = bytes.length;
  if (length < RTP_HEADER_BYTES) throw new ParseError('RTP_TOO_SHORT', `${length} bytes is shorter than the RTP header`);
  const b0 = bytes[0]!;
  if (b0 >> 6 !== 2) throw new ParseError('RTP_BAD_VERSION', `RTP version ${b0 >> 6}`);
  const csrcCount = b0 & 0x0f;
  let o = RTP_HEADER_BYTES + 4 * csrcCount;
  if (o > length) throw new ParseError('RTP_TOO_SHORT', `${csrcCount} CSRCs do not fit`);
  let csrcs = NO_CSRCS;
  if (csrcCount > 0) {
    const list: number[] = [];
    for (let i = 0; i < csrcCount; i++) list.push(readU32(bytes, RTP_HEADER_BYTES + 4 * i));
    csrcs = list;
  }
  let extensionProfile: number | undefined;
  let extension = EMPTY;
  if (b0 & 0x10) {
    // RFC 3550 §5.3.1: 16 bits defined by profile, then the length in 32-bit words.
    if (o + 4 > length) throw new ParseError('RTP_TOO_SHORT', 'the extension header does not fit');
    extensionProfile = readU16(bytes, o);
    const end = o + 4 + 4 * readU16(bytes, o + 2);
    if (end > length) throw new ParseError('RTP_BAD_EXTENSION', 'the extension block runs past the packet');
    extension = bytes.subarray(o + 4, end);
    validateHeaderExtensions(extensionProfile, extension);
    o = end;
  }
  let paddingLength = 0;
  if (b0 & 0x20) {
    // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
    paddingLength = bytes[length - 1]!;
    if (paddingLength === 0 || paddingLength > length - o) {
      throw new ParseError('RTP_BAD_PADDING', `padding of ${paddingLength} bytes with ${length - o} after the header`);
    }
  }
  const b1 = bytes[1]!;
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: readU16(bytes, 2),
    timestamp: readU32(bytes, 4),
    ssrc: readU32(bytes, 8),
    csrcs,
    extensionProfile,
    extension,
    payload: bytes.subarray(o, length - paddingLength),
    paddingLength,
    headerLength: o,
  };
}

/** The RFC 8285 elements of a parsed packet (views into it); empty without a one- or two-byte block. */
export function rtpHeaderExtensions(packet: Pick<RtpPacket, 'extensionProfile' | 'extension'>): HeaderExtension[] {
  return parseHeaderExtensions(packet.extensionProfile, packet.extension);
}

/** The value of the element with local `id` in a parsed packet, or undefined. */
export function getRtpHeaderExtension(packet: Pick<RtpPacket, 'extensionProfile' | 'extension'>, id: number): Uint8Array | undefined {
  return findHeaderExtension(packet.extensionProfile, packet.extension, id);
}

/** The RFC 8285 form `p`'s elements are written in, or undefined when it has none (or a raw block). */
function formOf(p: RtpPacketInit, allowMixed: boolean): HeaderExtensionForm | undefined {
  return p.extensions !== undefined && p.extensions.length > 0 ? chooseExtensionForm(p.extensions, allowMixed) : undefined;
}

/** Bytes the extension block of `p` takes, header included; 0 when it has none. */
function extensionBlockLength(p: RtpPacketInit, form: HeaderExtensionForm | undefined): number {
  if (p.extensions !== undefined) return form === undefined ? 0 : 4 + pad4(headerExtensionsLength(p.extensions, form));
  if (p.extensionProfile === undefined) return 0;
  const raw = p.extension ?? EMPTY;
  if (raw.length % 4 !== 0 || raw.length > 4 * 0xffff) throw new RangeError(`a raw extension block of ${raw.length} bytes is not a whole number of 32-bit words`);
  return 4 + raw.length;
}

function sizeWith(p: RtpPacketInit, form: HeaderExtensionForm | undefined): number {
  const csrcCount = p.csrcs?.length ?? 0;
  if (csrcCount > 15) throw new RangeError(`${csrcCount} CSRCs is over 15`);
  return RTP_HEADER_BYTES + 4 * csrcCount + extensionBlockLength(p, form) + p.payload.length + (p.paddingLength ?? 0);
}

/** The size `writeRtpPacket` needs for `p`; throws RangeError for values that cannot be written. */
export function rtpPacketSize(p: RtpPacketInit, options?: RtpSerializeOptions): number {
  return sizeWith(p, formOf(p, options?.extmapAllowMixed === true));
}

/**
 * Writes `p` into `out` at `offset` and returns the offset after it. Throws RangeError when
 * a field is out of range, the extensions need a form not allowed, or `out` is too small.
 */
export function writeRtpPacket(p: RtpPacketInit, out: Uint8Array, offset = 0, options?: RtpSerializeOptions): number {
  checkIntIn(p.payloadType, 0, 127, 'payload type');
  checkIntIn(p.sequenceNumber, 0, 0xffff, 'sequence number');
  checkIntIn(p.timestamp, 0, 0xffffffff, 'timestamp');
  checkIntIn(p.ssrc, 0, 0xffffffff, 'SSRC');
  const padding = p.paddingLength ?? 0;
  checkIntIn(padding, 0, 255, 'padding length');
  const form = formOf(p, options?.extmapAllowMixed === true);
  checkRoom(out, offset, sizeWith(p, form));
  const csrcs = p.csrcs ?? NO_CSRCS;
  const hasExtension = p.extensions !== undefined ? form !== undefined : p.extensionProfile !== undefined;
  out[offset] = 0x80 | (padding > 0 ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | csrcs.length;
  out[offset + 1] = (p.marker ? 0x80 : 0) | p.payloadType;
  writeU16(out, offset + 2, p.sequenceNumber);
  writeU32(out, offset + 4, p.timestamp);
  writeU32(out, offset + 8, p.ssrc);
  let o = offset + RTP_HEADER_BYTES;
  for (const c of csrcs) {
    checkIntIn(c, 0, 0xffffffff, 'CSRC');
    writeU32(out, o, c);
    o += 4;
  }
  if (p.extensions !== undefined) {
    if (form !== undefined) o = writeHeaderExtensionBlock(out, o, p.extensions, form);
  } else if (p.extensionProfile !== undefined) {
    checkIntIn(p.extensionProfile, 0, 0xffff, 'extension profile');
    const raw = p.extension ?? EMPTY;
    writeU16(out, o, p.extensionProfile);
    writeU16(out, o + 2, raw.length / 4);
    out.set(raw, o + 4);
    o += 4 + raw.length;
  }
  out.set(p.payload, o);
  o += p.payload.length;
  if (padding > 0) {
    out.fill(0, o, o + padding - 1);
    out[o + padding - 1] = padding;
    o += padding;
  }
  return o;
}

/** Serializes `p` into a new buffer of exactly its size. */
export function serializeRtpPacket(p: RtpPacketInit, options?: RtpSerializeOptions): Uint8Array {
  const out = new Uint8Array(rtpPacketSize(p, options));
  writeRtpPacket(p, out, 0, options);
  return out;
}
