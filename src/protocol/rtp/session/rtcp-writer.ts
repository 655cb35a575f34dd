// Builds the RTCP datagrams a session sends: regular compound reports (RFC 3550 §6.1: SR or RR
// first, then SDES with the CNAME), feedback sent at once (RFC 4585 §3.5, reduced-size per
// RFC 5506 when negotiated, else behind an RR and SDES), and BYE (§6.6). Every datagram stays
// under the size limit; report blocks beyond 31 go in further RR packets (§6.4.2).
import type { ReportBlock, ReceiverReport, SenderReport } from '../rtcp-report.js';
import { rtcpSize, serializeRtcp, type RtcpPacket } from '../rtcp-compound.js';
import { SdesItemType, type SourceDescription } from '../rtcp-sdes.js';

/** RFC 3550 §6.4.1: the RC field holds 31 report blocks at most. */
const MAX_BLOCKS = 31;

/** The RTCP datagram builder of a session. */
export class RtcpWriter {
  /** Builds a writer sending `cname` (RFC 7022) in datagrams of at most `maxBytes`. */
  constructor(
    private readonly cname: string,
    private readonly maxBytes: number,
  ) {}

  private sdes(ssrcs: readonly number[]): SourceDescription {
    return { type: 'sdes', chunks: ssrcs.slice(0, MAX_BLOCKS).map((ssrc) => ({ ssrc, items: [{ type: SdesItemType.CNAME, text: this.cname }] })) };
  }

  private rr(ssrc: number, reports: ReportBlock[] = []): ReceiverReport {
    return { type: 'rr', ssrc, reports, extension: new Uint8Array(0) };
  }

  /**
   * Regular reports: the SRs of streams that sent (or one RR from `reporterSsrc` when none
   * did), the report blocks spread over them and further RRs, each datagram ending in SDES.
   */
  reports(srs: SenderReport[], reporterSsrc: number, blocks: ReportBlock[]): Uint8Array[] {
    const reports: (SenderReport | ReceiverReport)[] = srs.length > 0 ? srs.map((sr) => ({ ...sr, reports: [] })) : [this.rr(reporterSsrc)];
    let i = 0;
    // The first report packet carries blocks first; the rest go in further RRs (RFC 3550 §6.4.2).
    const head = reports[0]!;
    while (i < blocks.length && head.reports.length < MAX_BLOCKS && rtcpSize([head]) + 24 + 64 <= this.maxBytes) head.reports.push(blocks[i++]!);
    while (i < blocks.length) {
      const extra = this.rr(reporterSsrc);
      while (i < blocks.length && extra.reports.length < MAX_BLOCKS && rtcpSize([extra]) + 24 + 64 <= this.maxBytes) extra.reports.push(blocks[i++]!);
      reports.push(extra);
    }
    const out: Uint8Array[] = [];
    let datagram: (SenderReport | ReceiverReport)[] = [];
    const finish = (): void => {
      if (datagram.length === 0) return;
      const ssrcs = [...new Set(datagram.map((r) => r.ssrc))];
      out.push(serializeRtcp([...datagram, this.sdes(ssrcs)]));
      datagram = [];
    };
    for (const r of reports) {
      const next = [...datagram, r];
      if (datagram.length > 0 && rtcpSize([...next, this.sdes(next.map((x) => x.ssrc))]) > this.maxBytes) finish();
      datagram.push(r);
    }
    finish();
    return out;
  }

  /**
   * Feedback packets sent now (RFC 4585 §3.5.2 immediate mode, as WebRTC endpoints send it):
   * alone when reduced-size RTCP was negotiated (RFC 5506 §3), else after an RR without blocks
   * and the SDES a compound packet needs (RFC 3550 §6.1).
   */
  feedback(packets: RtcpPacket[], senderSsrc: number, reducedSize: boolean): Uint8Array[] {
    const prefix: RtcpPacket[] = reducedSize ? [] : [this.rr(senderSsrc), this.sdes([senderSsrc])];
    const out: Uint8Array[] = [];
    let datagram: RtcpPacket[] = [...prefix];
    for (const p of packets) {
      if (datagram.length > prefix.length && rtcpSize([...datagram, p]) > this.maxBytes) {
        out.push(serializeRtcp(datagram));
        datagram = [...prefix];
      }
      datagram.push(p);
    }
    if (datagram.length > prefix.length) out.push(serializeRtcp(datagram));
    return out;
  }

  /** RFC 3550 §6.6: a compound ending in BYE for `ssrcs` (at most 31 per packet), with the report it must start with. */
  bye(first: SenderReport | undefined, reporterSsrc: number, ssrcs: number[], reason?: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < ssrcs.length; i += MAX_BLOCKS) {
      const batch = ssrcs.slice(i, i + MAX_BLOCKS);
      const report = first ?? this.rr(reporterSsrc);
      const bye: RtcpPacket = reason === undefined ? { type: 'bye', ssrcs: batch } : { type: 'bye', ssrcs: batch, reason };
      out.push(serializeRtcp([report, this.sdes([report.ssrc]), bye]));
    }
    return out;
  }
}
