// Sender and receiver reports with their report blocks (RFC 3550 §6.4.1, §6.4.2).
import { checkIntIn, readU32, writeU24, writeU32 } from './bytes.js';
import { badPacket } from './rtcp-header.js';

/** RFC 3550 §6.4.1: one reception report block, 24 bytes. */
export interface ReportBlock {
  /** SSRC of the source reported on. */
  ssrc: number;
  /** Fraction lost since the last report, in 1/256 (0-255). */
  fractionLost: number;
  /** Cumulative number of packets lost, 24-bit signed (duplicates can make it negative). */
  cumulativeLost: number;
  /** Extended highest sequence number received (cycles in the high 16 bits). */
  highestSequence: number;
  /** Interarrival jitter, in RTP timestamp units. */
  jitter: number;
  /** Middle 32 bits of the NTP time of the last SR received from that source (0 if none). */
  lastSr: number;
  /** Delay since that SR was received, in 1/65536 s. */
  delaySinceLastSr: number;
}

/** RFC 3550 §6.4.1: a sender report. */
export interface SenderReport {
  type: 'sr';
  ssrc: number;
  /** NTP timestamp: seconds since 1900 (32 bits) and fraction (32 bits). */
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
  /** Profile-specific extension after the report blocks, raw; empty when absent. */
  extension: Uint8Array;
}

/** RFC 3550 §6.4.2: a receiver report. */
export interface ReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: ReportBlock[];
  /** Profile-specific extension after the report blocks, raw; empty when absent. */
  extension: Uint8Array;
}

const BLOCK_BYTES = 24;
const SENDER_INFO_BYTES = 20;

function parseBlocks(body: Uint8Array, o: number, count: number): ReportBlock[] {
  if (o + count * BLOCK_BYTES > body.length) badPacket(`${count} report blocks do not fit in ${body.length} bytes`);
  const reports: ReportBlock[] = [];
  for (let i = 0; i < count; i++, o += BLOCK_BYTES) {
    reports.push({
      ssrc: readU32(body, o),
      fractionLost: body[o + 4]!,
      // RFC 3550 §6.4.1: the cumulative number of packets lost is a signed 24-bit integer.
      cumulativeLost: ((body[o + 5]! << 24) | (body[o + 6]! << 16) | (body[o + 7]! << 8)) >> 8,
      highestSequence: readU32(body, o + 8),
      jitter: readU32(body, o + 12),
      lastSr: readU32(body, o + 16),
      delaySinceLastSr: readU32(body, o + 20),
    });
  }
  return reports;
}

/** Parses an SR body (after the 4-byte header); `count` is the RC field. */
export function parseSenderReport(count: number, body: Uint8Array): SenderReport {
  if (body.length < 4 + SENDER_INFO_BYTES) badPacket(`SR of ${body.length} bytes`);
  const end = 4 + SENDER_INFO_BYTES + count * BLOCK_BYTES;
  return {
    type: 'sr',
    ssrc: readU32(body, 0),
    ntpSeconds: readU32(body, 4),
    ntpFraction: readU32(body, 8),
    rtpTimestamp: readU32(body, 12),
    packetCount: readU32(body, 16),
    octetCount: readU32(body, 20),
    reports: parseBlocks(body, 4 + SENDER_INFO_BYTES, count),
    extension: body.subarray(end),
  };
}

/** Parses an RR body; `count` is the RC field. */
export function parseReceiverReport(count: number, body: Uint8Array): ReceiverReport {
  if (body.length < 4) badPacket(`RR of ${body.length} bytes`);
  return { type: 'rr', ssrc: readU32(body, 0), reports: parseBlocks(body, 4, count), extension: body.subarray(4 + count * BLOCK_BYTES) };
}

/** Body bytes of an SR or RR. */
export function reportBodyLength(p: SenderReport | ReceiverReport): number {
  if (p.reports.length > 31) throw new RangeError(`${p.reports.length} report blocks is over 31 (send several reports)`);
  return 4 + (p.type === 'sr' ? SENDER_INFO_BYTES : 0) + p.reports.length * BLOCK_BYTES + p.extension.length;
}

/** Checks and writes one 32-bit field. */
function u32(out: Uint8Array, o: number, v: number, what: string): void {
  checkIntIn(v, 0, 0xffffffff, what);
  writeU32(out, o, v);
}

/** Writes an SR or RR body at `o`. */
export function writeReportBody(p: SenderReport | ReceiverReport, out: Uint8Array, o: number): void {
  u32(out, o, p.ssrc, 'SSRC');
  o += 4;
  if (p.type === 'sr') {
    u32(out, o, p.ntpSeconds, 'NTP seconds');
    u32(out, o + 4, p.ntpFraction, 'NTP fraction');
    u32(out, o + 8, p.rtpTimestamp, 'RTP timestamp');
    u32(out, o + 12, p.packetCount, 'packet count');
    u32(out, o + 16, p.octetCount, 'octet count');
    o += SENDER_INFO_BYTES;
  }
  for (const r of p.reports) {
    u32(out, o, r.ssrc, 'report block SSRC');
    checkIntIn(r.fractionLost, 0, 255, 'fraction lost');
    checkIntIn(r.cumulativeLost, -0x800000, 0x7fffff, 'cumulative lost');
    out[o + 4] = r.fractionLost;
    writeU24(out, o + 5, r.cumulativeLost & 0xffffff);
    u32(out, o + 8, r.highestSequence, 'extended highest sequence number');
    u32(out, o + 12, r.jitter, 'jitter');
    u32(out, o + 16, r.lastSr, 'LSR');
    u32(out, o + 20, r.delaySinceLastSr, 'DLSR');
    o += BLOCK_BYTES;
  }
  out.set(p.extension, o);
}
