// Copies a session's per-stream state into the plain snapshots of stats.ts.
import { ntpToMs } from '../report-math.js';
import type { RtpSession } from './session.js';
import type { InboundRtpSnapshot, OutboundRtpSnapshot, RtpSessionStats } from './stats.js';

/** The stats of every stream of `session` now. */
export function snapshotStats(session: RtpSession): RtpSessionStats {
  const inbound: InboundRtpSnapshot[] = [];
  for (const s of session.receiveStreams.values()) {
    const desc = s.slot.receiver.desc;
    const sr = s.statistics.lastSr;
    inbound.push({
      ...s.counters,
      receiverId: desc.id,
      mid: desc.mid,
      kind: desc.kind,
      ssrc: s.ssrc,
      rtxSsrc: s.slot.rtxSsrc,
      rid: s.slot.rid,
      packetsLost: s.statistics.cumulativeLost(),
      jitter: s.statistics.jitter / s.statistics.clockRate,
      framesAssembled: s.assembler.framesAssembled,
      framesDropped: s.assembler.framesDropped,
      packetsDiscarded: s.assembler.packetsDiscarded,
      nackRequests: s.nack?.requested ?? 0,
      nackGiveUps: s.nack?.gaveUp ?? 0,
      nackRecovered: s.nack?.recovered ?? 0,
      cname: s.cname,
      remoteOutbound:
        sr === undefined ? undefined : { remoteTimestamp: ntpToMs(sr.ntpSeconds, sr.ntpFraction), packetsSent: sr.packetCount, bytesSent: sr.octetCount, reportsSent: s.statistics.srCount },
    });
  }
  const outbound: OutboundRtpSnapshot[] = session.sendStreams.map((s) => ({
    ...s.counters,
    senderId: s.sender.id,
    encodingIndex: s.encodingIndex,
    mid: s.sender.mid,
    kind: s.sender.kind,
    ssrc: s.ssrc,
    rtxSsrc: s.rtxSsrc,
    rid: s.rid,
    active: s.active,
    maxBitrateBps: s.maxBitrateBps,
    remoteInbound: { ...s.remote },
  }));
  return { inbound, outbound, session: { ...session.counters, demuxDrops: { ...session.counters.demuxDrops } }, roundTripTimeMs: session.rttMs, availableOutgoingBitrateBps: session.outgoingBitrate.estimateBps };
}
