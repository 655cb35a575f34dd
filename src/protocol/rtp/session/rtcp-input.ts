// What a session does with each RTCP packet it receives: SRs feed LSR/DLSR and remote-outbound
// stats (RFC 3550 §6.4.1), report blocks on our SSRCs give remote-inbound stats and the RTT,
// SDES names sources, BYE ends streams (§6.6), NACKs are answered with retransmissions (RFC 4585
// §6.2.1, RFC 4588), PLI and FIR become key frame requests (RFC 4585 §6.3.1, RFC 5104 §4.3.1),
// REMB and transport-wide feedback are surfaced as parsed.
import type { ReportBlock } from '../rtcp-report.js';
import { SdesItemType } from '../rtcp-sdes.js';
import { sequencesFromNackPairs } from '../rtcp-nack.js';
import type { RtcpPacket } from '../rtcp-compound.js';
import type { RtpSession } from './session.js';

/** A CNAME longer than this is cut (RFC 3550 §6.5: items are at most 255 bytes anyway). */
const MAX_CNAME_CHARS = 255;

function onReportBlocks(session: RtpSession, blocks: readonly ReportBlock[], nowMs: number): void {
  const wallMs = nowMs + session.options.wallClockOffsetMs;
  for (const block of blocks) {
    const stream = session.sendBySsrc.get(block.ssrc);
    // Blocks on sources other than ours (the peer's other streams, a mixer's) are not for us.
    if (stream === undefined) continue;
    const rtt = stream.onReportBlock(block, wallMs);
    if (rtt !== undefined) session.rttMs = rtt;
  }
}

/** Handles one packet of a received RTCP datagram at `nowMs`. */
export function handleRtcpPacket(session: RtpSession, p: RtcpPacket, nowMs: number): void {
  const c = session.counters;
  switch (p.type) {
    case 'sr': {
      const stream = session.receiveStreams.get(p.ssrc);
      if (stream !== undefined) stream.statistics.onSenderReport(p, nowMs);
      onReportBlocks(session, p.reports, nowMs);
      return;
    }
    case 'rr':
      onReportBlocks(session, p.reports, nowMs);
      return;
    case 'sdes':
      for (const chunk of p.chunks) {
        const stream = session.receiveStreams.get(chunk.ssrc);
        const cname = chunk.items.find((i) => i.type === SdesItemType.CNAME);
        if (stream !== undefined && cname !== undefined) stream.cname = cname.text.slice(0, MAX_CNAME_CHARS);
      }
      return;
    case 'bye':
      for (const ssrc of p.ssrcs) {
        const stream = session.receiveStreams.get(ssrc);
        if (stream === undefined) {
          c.rtcpUnknownSsrc++;
          continue;
        }
        // RFC 3550 §6.6: the source left; its slot is free for a new SSRC at once.
        session.events.push({ type: 'bye', receiverId: stream.receiverId, ssrc, reason: p.reason });
        session.removeReceiveStream(ssrc);
        session.demux.unbind(ssrc);
      }
      return;
    case 'nack': {
      const stream = session.sendBySsrc.get(p.mediaSsrc);
      if (stream === undefined) {
        c.rtcpUnknownSsrc++;
        return;
      }
      // At most 17 numbers per 4-byte entry, so the work is bounded by the datagram's size.
      stream.onNack(sequencesFromNackPairs(p.pairs), nowMs, session.nackRttMs);
      return;
    }
    case 'pli': {
      const stream = session.sendBySsrc.get(p.mediaSsrc);
      if (stream === undefined) {
        c.rtcpUnknownSsrc++;
        return;
      }
      stream.counters.pliCount++;
      session.events.push({ type: 'key-frame-request', senderId: stream.sender.id, ssrc: stream.ssrc, via: 'pli' });
      return;
    }
    case 'fir':
      for (const entry of p.entries) {
        const stream = session.sendBySsrc.get(entry.ssrc);
        if (stream === undefined) continue;
        // RFC 5104 §4.3.1.2: a repeated command sequence number is the same request sent again.
        if (stream.firSeen.get(p.senderSsrc) === entry.sequenceNumber) continue;
        if (stream.firSeen.size >= 16 && !stream.firSeen.has(p.senderSsrc)) stream.firSeen.clear();
        stream.firSeen.set(p.senderSsrc, entry.sequenceNumber);
        stream.counters.firCount++;
        session.events.push({ type: 'key-frame-request', senderId: stream.sender.id, ssrc: stream.ssrc, via: 'fir' });
      }
      return;
    case 'remb':
      session.outgoingBitrate.onRemb(p.bitrateBps, nowMs);
      session.events.push({ type: 'remb', remb: p });
      return;
    case 'twcc':
      session.outgoingBitrate.onTransportFeedback(p, nowMs);
      session.events.push({ type: 'transport-feedback', feedback: p });
      return;
    case 'app':
    case 'unknown':
    case 'invalid':
      c.rtcpPacketsIgnored++;
      return;
  }
}
