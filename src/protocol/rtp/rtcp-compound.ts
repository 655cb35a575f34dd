// RTCP datagrams: compound packets (RFC 3550 §6.1) and reduced-size ones (RFC 5506), split
// into typed packets and written back. Framing errors reject the datagram; a packet whose
// body does not parse is kept raw as 'invalid' and the others still count.
import { checkIntIn, checkRoom, readU16, writeU16 } from './bytes.js';
import { ParseError } from './errors.js';
import { parseApp, appBodyLength, writeAppBody, type AppPacket } from './rtcp-app.js';
import { byeBodyLength, parseGoodbye, writeByeBody, type Goodbye } from './rtcp-bye.js';
import { PsfbFormat, RtcpPacketType, RtpfbFormat, RTCP_HEADER_BYTES, type RawRtcpPacket } from './rtcp-header.js';
import { nackBodyLength, parseGenericNack, writeNackBody, type GenericNack } from './rtcp-nack.js';
import { firBodyLength, parseFir, parsePli, writeFeedbackHeader, writeFirBody, type FullIntraRequest, type PictureLossIndication } from './rtcp-psfb.js';
import { isRembBody, parseRemb, rembBodyLength, writeRembBody, type Remb } from './rtcp-remb.js';
import { parseReceiverReport, parseSenderReport, reportBodyLength, writeReportBody, type ReceiverReport, type SenderReport } from './rtcp-report.js';
import { parseSourceDescription, sdesBodyLength, writeSdesBody, type SourceDescription } from './rtcp-sdes.js';
import { parseTransportFeedback, twccBodyLength, writeTwccBody, type TransportFeedback } from './rtcp-twcc.js';

/** Any RTCP packet of a compound, discriminated by `type`. */
export type RtcpPacket =
  | SenderReport
  | ReceiverReport
  | SourceDescription
  | Goodbye
  | AppPacket
  | GenericNack
  | TransportFeedback
  | PictureLossIndication
  | FullIntraRequest
  | Remb
  | RawRtcpPacket;

/** Options of `parseRtcp`. */
export interface RtcpParseOptions {
  /**
   * Refuse a datagram whose first packet is not SR or RR (RFC 3550 §6.1). Off by default:
   * WebRTC endpoints accept reduced-size RTCP (RFC 5506, RFC 8834 §4.6).
   */
  requireCompound?: boolean;
}

/** Decodes one packet's body by its type; throws ParseError when malformed. */
function parseOne(packetType: number, count: number, body: Uint8Array): RtcpPacket {
  switch (packetType) {
    case RtcpPacketType.SR:
      return parseSenderReport(count, body);
    case RtcpPacketType.RR:
      return parseReceiverReport(count, body);
    case RtcpPacketType.SDES:
      return parseSourceDescription(count, body);
    case RtcpPacketType.BYE:
      return parseGoodbye(count, body);
    case RtcpPacketType.APP:
      return parseApp(count, body);
    case RtcpPacketType.RTPFB:
      if (count === RtpfbFormat.NACK) return parseGenericNack(body);
      if (count === RtpfbFormat.TRANSPORT_CC) return parseTransportFeedback(body);
      break;
    case RtcpPacketType.PSFB:
      if (count === PsfbFormat.PLI) return parsePli(body);
      if (count === PsfbFormat.FIR) return parseFir(body);
      if (count === PsfbFormat.AFB && isRembBody(body)) return parseRemb(body);
      break;
  }
  return { type: 'unknown', packetType, count, body };
}

/**
 * Parses an RTCP datagram into its packets. Throws ParseError when the framing is broken: a
 * header that does not fit, a version other than 2, a length running past the datagram, bad
 * padding (RFC 3550 Appendix A.2), or with `requireCompound` a first packet other than SR/RR.
 * Unknown types and feedback formats come back as 'unknown', known ones with a malformed
 * body as 'invalid' (RFC 3550 §6.1: unknown packet types are ignored, not fatal).
 */
export function parseRtcp(bytes: Uint8Array, options?: RtcpParseOptions): RtcpPacket[] {
  const packets: RtcpPacket[] = [];
  const length = bytes.length;
  if (length === 0) throw new ParseError('RTCP_TRUNCATED', 'empty RTCP datagram');
  let o = 0;
  while (o < length) {
    if (length - o < RTCP_HEADER_BYTES) throw new ParseError('RTCP_TRUNCATED', `${length - o} bytes left where an RTCP header starts`);
    const b0 = bytes[o]!;
    if (b0 >> 6 !== 2) throw new ParseError('RTCP_BAD_VERSION', `RTCP version ${b0 >> 6}`);
    const packetType = bytes[o + 1]!;
    // RFC 3550 §6.4.1: the length is in 32-bit words minus one, so it includes the header.
    const end = o + 4 * (readU16(bytes, o + 2) + 1);
    if (end > length) throw new ParseError('RTCP_BAD_LENGTH', `an RTCP packet of ${end - o} bytes with ${length - o} left`);
    let body = bytes.subarray(o + RTCP_HEADER_BYTES, end);
    if (b0 & 0x20) {
      // RFC 3550 §6.4.1: the last octet of a padded packet counts the padding, itself included.
      const padding = body.length === 0 ? 0 : body[body.length - 1]!;
      if (padding === 0 || padding > body.length) throw new ParseError('RTCP_BAD_PADDING', `padding of ${padding} in a ${body.length}-byte body`);
      body = body.subarray(0, body.length - padding);
    }
    if (o === 0 && options?.requireCompound && packetType !== RtcpPacketType.SR && packetType !== RtcpPacketType.RR) {
      throw new ParseError('RTCP_NOT_COMPOUND', `first RTCP packet of type ${packetType}, not SR or RR`);
    }
    const count = b0 & 0x1f;
    try {
      packets.push(parseOne(packetType, count, body));
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      packets.push({ type: 'invalid', packetType, count, body, reason: `${err.code}: ${err.message}` });
    }
    o = end;
  }
  return packets;
}

/** Whether a parsed datagram is compound (RFC 3550 §6.1: starts with SR or RR) rather than reduced-size (RFC 5506). */
export function isCompoundRtcp(packets: readonly RtcpPacket[]): boolean {
  const first = packets[0];
  return first !== undefined && (first.type === 'sr' || first.type === 'rr');
}

/** Packet type, count field and body length of a packet to write. */
function describe(p: RtcpPacket): [packetType: number, count: number, bodyLength: number] {
  switch (p.type) {
    case 'sr':
      return [RtcpPacketType.SR, p.reports.length, reportBodyLength(p)];
    case 'rr':
      return [RtcpPacketType.RR, p.reports.length, reportBodyLength(p)];
    case 'sdes':
      return [RtcpPacketType.SDES, p.chunks.length, sdesBodyLength(p)];
    case 'bye':
      return [RtcpPacketType.BYE, p.ssrcs.length, byeBodyLength(p)];
    case 'app':
      return [RtcpPacketType.APP, p.subtype, appBodyLength(p)];
    case 'nack':
      return [RtcpPacketType.RTPFB, RtpfbFormat.NACK, nackBodyLength(p)];
    case 'twcc':
      return [RtcpPacketType.RTPFB, RtpfbFormat.TRANSPORT_CC, twccBodyLength(p)];
    case 'pli':
      return [RtcpPacketType.PSFB, PsfbFormat.PLI, 8];
    case 'fir':
      return [RtcpPacketType.PSFB, PsfbFormat.FIR, firBodyLength(p)];
    case 'remb':
      return [RtcpPacketType.PSFB, PsfbFormat.AFB, rembBodyLength(p)];
    case 'unknown':
    case 'invalid':
      checkIntIn(p.packetType, 0, 255, 'RTCP packet type');
      checkIntIn(p.count, 0, 31, 'RTCP count field');
      return [p.packetType, p.count, p.body.length];
  }
}

function writeBody(p: RtcpPacket, out: Uint8Array, o: number): void {
  switch (p.type) {
    case 'sr':
    case 'rr':
      return writeReportBody(p, out, o);
    case 'sdes':
      return writeSdesBody(p, out, o);
    case 'bye':
      return writeByeBody(p, out, o);
    case 'app':
      return writeAppBody(p, out, o);
    case 'nack':
      return writeNackBody(p, out, o);
    case 'twcc':
      return writeTwccBody(p, out, o);
    case 'pli':
      return writeFeedbackHeader(p.senderSsrc, p.mediaSsrc, out, o);
    case 'fir':
      return writeFirBody(p, out, o);
    case 'remb':
      return writeRembBody(p, out, o);
    case 'unknown':
    case 'invalid':
      out.set(p.body, o);
  }
}

/** Bytes a packet takes on the wire: header, body, and padding to 32 bits. */
function packetLength(bodyLength: number): number {
  return RTCP_HEADER_BYTES + ((bodyLength + 3) & ~3);
}

/** The size `writeRtcp` needs for `packets`; throws RangeError for values that cannot be written. */
export function rtcpSize(packets: readonly RtcpPacket[]): number {
  let n = 0;
  for (const p of packets) n += packetLength(describe(p)[2]);
  return n;
}

/**
 * Writes `packets` back to back (a compound or reduced-size datagram) into `out` at `offset`;
 * returns the offset after them. A body that is not a whole number of 32-bit words gets RTCP
 * padding (P bit, count in the last octet), as libwebrtc pads transport feedback. Throws
 * RangeError for values out of range or when `out` is too small.
 */
export function writeRtcp(packets: readonly RtcpPacket[], out: Uint8Array, offset = 0): number {
  let o = offset;
  for (const p of packets) {
    const [packetType, count, bodyLength] = describe(p);
    const total = packetLength(bodyLength);
    if (total > 4 * 0x10000) throw new RangeError(`an RTCP packet of ${total} bytes is over the 16-bit length field`);
    checkRoom(out, o, total);
    const padding = total - RTCP_HEADER_BYTES - bodyLength;
    out[o] = 0x80 | (padding > 0 ? 0x20 : 0) | count;
    out[o + 1] = packetType;
    writeU16(out, o + 2, total / 4 - 1);
    writeBody(p, out, o + RTCP_HEADER_BYTES);
    if (padding > 0) {
      const end = o + total;
      out.fill(0, end - padding, end - 1);
      out[end - 1] = padding;
    }
    o += total;
  }
  return o;
}

/** Serializes `packets` into a new buffer of exactly their size. */
export function serializeRtcp(packets: readonly RtcpPacket[]): Uint8Array {
  const out = new Uint8Array(rtcpSize(packets));
  writeRtcp(packets, out, 0);
  return out;
}
