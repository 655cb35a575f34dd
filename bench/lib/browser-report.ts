// Console report of the browser throughput case: one line per direction and size, then
// a table of MB/s with the Node<->Chromium / Chromium<->Chromium ratio.
import type { BrowserThroughputResult, DirectionResult } from '../cases/browser-throughput.js';
import { fmt, renderTable } from './table.js';

const KiB = 1024;
const MiB = 1024 * 1024;

/** A direction's figure with its legs, or why there is none. */
function detail(d: DirectionResult): string {
  if (d.status === 'failed') return `FAILED: ${d.error ?? ''}`;
  const legs = `${fmt(d.mbPerSec)} MB/s (legs: ${d.legsMbPerSec.map((x) => fmt(x)).join(' / ')})`;
  const timeout = d.status === 'timeout' ? ` TIMEOUT, ${fmt(d.receivedBytes / MiB)} MiB received` : d.legsCompleted < d.legsPlanned ? ` ${d.legsCompleted}/${d.legsPlanned} legs in the time limit` : '';
  const missed = d.missedLowEvents ? `, ${d.missedLowEvents} missed bufferedamountlow` : '';
  return legs + timeout + missed;
}

/** The lines printed for one Node stack's run of the case (`exit`: how its child ended). */
export function browserThroughputReport(r: BrowserThroughputResult, exit: string): string[] {
  const id = r.node;
  const out: string[] = [];
  const clocks = r.clocks.map((c) => `${fmt(c.offsetMs, 2)} ms (±${fmt(c.roundTripMs / 2, 2)})`).join(', ');
  out.push(`  Chromium ${r.browser?.version ?? '?'} and ${id}; tab clock - Node clock: ${clocks}; candidates signalled: ${r.candidates.signalled} of ${r.candidates.gathered} (127.0.0.1 UDP only)  [exit: ${exit}]`);
  out.push(
    r.nonLoopbackAddresses.length === 0
      ? '  network: a private namespace with only lo (nothing else to send to)'
      : `  network: the host's; candidates filtered to 127.0.0.1, but Chromium may pair its sockets on ${r.nonLoopbackAddresses.join(', ')} with them and be answered there`,
  );
  out.push(`  connect: chromium<->chromium ${fmt(r.connectMs.chromiumChromium, 0)} ms, ${id}<->chromium ${fmt(r.connectMs.nodeChromium, 0)} ms; load average ${fmt(r.loadAverage.start, 2)} -> ${fmt(r.loadAverage.end, 2)}`);
  const line = (label: string, d: DirectionResult): string => `  ${`${d.from} -> ${d.to}`.padEnd(24)} ${label.padStart(7)}  ${detail(d)}`;
  for (const d of r.warmup) out.push(line('warm-up', d));
  for (const s of r.sizes) for (const d of [s.chromiumToChromium, s.nodeToChromium, s.chromiumToNode]) out.push(line(`${s.messageBytes / KiB} KiB`, d));

  const cell = (d: DirectionResult): string => (d.status === 'ok' ? fmt(d.mbPerSec) : d.status === 'timeout' ? `timeout(${fmt(d.mbPerSec)})` : 'failed');
  const rel = (x: number | undefined): string => (x === undefined ? '-' : `x${x.toFixed(2)}`);
  const rows: string[][] = [['direction', ...r.sizes.flatMap((s) => [`${s.messageBytes / KiB} KiB MB/s`, `${id}/chromium`])]];
  rows.push(['chromium -> chromium', ...r.sizes.flatMap((s) => [cell(s.chromiumToChromium), s.chromiumToChromium.status === 'ok' ? 'base' : '-'])]);
  rows.push([`${id} -> chromium`, ...r.sizes.flatMap((s) => [cell(s.nodeToChromium), rel(s.ratioNodeToChromium)])]);
  rows.push([`chromium -> ${id}`, ...r.sizes.flatMap((s) => [cell(s.chromiumToNode), rel(s.ratioChromiumToNode)])]);
  out.push('', renderTable(rows));
  out.push(`  ${id}/chromium = ${id}<->Chromium MB/s over Chromium<->Chromium MB/s at the same size (same run); > 1 means the Node pair is faster.`);
  return out;
}
