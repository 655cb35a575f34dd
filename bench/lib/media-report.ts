// The console tables of the media cases (srtp, rtp-relay): one row per stack, the figures and
// the purertc/peer ratios, from the jobs' results.
import type { RtpRelayParams, RtpRelayResult } from '../cases/rtp-relay.js';
import { SRTP_BENCH_PROFILES, type SrtpResult } from '../cases/srtp.js';
import type { StackId } from '../stacks/types.js';
import { fmt, ratio, renderTable } from './table.js';

/** A job's outcome as run.ts keeps it (only what the tables read). */
interface Outcome<R> {
  status: string;
  result?: R;
}

/** The SRTP table: packets per second each way, per profile, and whether the bytes agree with purertc's. */
export function srtpReport(res: Record<string, Outcome<SrtpResult>>, stacks: readonly StackId[]): string[] {
  const rows: string[][] = [['stack', 'profile', 'protect pkt/s', 'purertc/peer', 'unprotect pkt/s', 'purertc/peer', 'SRTP bytes']];
  const ours = res.purertc?.result;
  for (const id of stacks) {
    const o = res[id];
    if (!o) continue;
    for (const profile of SRTP_BENCH_PROFILES) {
      const r = o.result?.profiles[profile.name];
      const base = ours?.profiles[profile.name];
      const same = id === 'purertc' ? 'base' : r && base ? (r.protectedSha256 === base.protectedSha256 ? 'same as purertc' : 'DIFFER') : '-';
      rows.push([
        id,
        profile.name,
        r ? fmt(r.protectPps, 0) : o.status,
        ratio(base?.protectPps, r?.protectPps, id === 'purertc'),
        r ? fmt(r.unprotectPps, 0) : o.status,
        ratio(base?.unprotectPps, r?.unprotectPps, id === 'purertc'),
        same,
      ]);
    }
  }
  return [
    renderTable(rows),
    '  One core, 1200-byte RTP packets. purertc/peer > 1 means purertc is faster. Each stack unprotected every packet it protected',
    '  back to the same bytes; "same as purertc": its SRTP packets hashed equal to purertc\'s under the same keys.',
  ];
}

/** The relay table: the largest stream count under the CPU limit and what stopped the search. */
export function relayReport(res: Record<string, Outcome<RtpRelayResult>>, stacks: readonly StackId[], p: RtpRelayParams): string[] {
  const at = (r: RtpRelayResult | undefined): RtpRelayResult['steps'][number] | undefined => r?.steps.find((s) => s.streams === r.maxStreams);
  const perStream = (r: RtpRelayResult | undefined): number | undefined => {
    const s = at(r);
    return s ? s.relayCpuPercent / s.streams : undefined;
  };
  const max = (r: RtpRelayResult | undefined): number | undefined => (r && r.maxStreams > 0 ? r.maxStreams : undefined);
  const ours = res.purertc?.result;
  const rows: string[][] = [['stack', `streams under ${p.cpuLimitPercent}%`, 'purertc/peer', 'relay CPU % there', 'CPU % per stream', 'purertc/peer per stream', 'stopped by', 'forwards']];
  for (const id of stacks) {
    const o = res[id];
    if (!o) continue;
    const r = o.result;
    rows.push([
      id,
      r ? String(r.maxStreams) : o.status,
      ratio(max(ours), max(r), id === 'purertc'),
      fmt(at(r)?.relayCpuPercent),
      fmt(perStream(r), 2),
      ratio(perStream(ours), perStream(r), id === 'purertc'),
      r ? r.stoppedBy : '-',
      r ? `${r.unit}s` : '-',
    ]);
  }
  return [
    renderTable(rows),
    `  Streams: purertc/peer > 1 means purertc relays more. CPU per stream: purertc/peer < 1 means purertc spends less.`,
    `  Steps tried: ${p.steps.join(', ')}; stopped by: cpu-limit (the next step reached ${p.cpuLimitPercent}%), delivery (under ${p.minDelivered * 100}% of the`,
    '  bytes arrived), generator (the publishers could not keep the rate), last-step, time, connect.',
  ];
}
