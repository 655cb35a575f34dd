// The text report: a per-file table, non-passing details, coverage and the totals line.
import { formatCoverage, type FileResult, type RunSummary } from './results.js';

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The per-file table: file, passed/total, Chromium passes, status, time. */
export function formatTable(summary: RunSummary): string {
  const rows = summary.files.map((f) => [
    f.file,
    `${f.passed}/${f.total}`,
    String(f.chromium),
    f.killed ? `${f.harness} (killed)` : f.harness,
    f.harness === 'SKIP' ? '-' : `${(f.ms / 1000).toFixed(1)}s`,
  ]);
  const header = ['file', 'passed/total', 'chromium', 'status', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = [false, true, true, false, true];
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i]!, right[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Harness messages and non-passing subtests of each file (for --verbose). */
export function formatDetails(results: FileResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const failing = r.subtests.filter((s) => s.status !== 'PASS');
    if (r.harness === 'OK' && failing.length === 0) continue;
    out.push(`${r.file}: ${r.harness}${r.message ? ` ${firstLine(r.message)}` : ''}`);
    for (const s of failing) out.push(`  ${s.status.padEnd(8)} ${JSON.stringify(s.name)}${s.message ? `: ${firstLine(s.message)}` : ''}`);
    if (r.output) out.push(...r.output.trimEnd().split('\n').slice(-20).map((l) => `  | ${l}`));
  }
  return out.join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Coverage of what Chromium passes: the whole scope, per area, and idlharness. */
export function formatCoverageLines(summary: RunSummary): string {
  const rows = summary.areas.map((a) => [a.name, String(a.files), formatCoverage(a), `${a.passed}/${a.total}`]);
  rows.push(['all', String(summary.files.length), formatCoverage(summary.scope), `${summary.passed}/${summary.passed + summary.failed}`]);
  const header = ['area', 'files', 'Chromium passes covered', 'passed/total'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `Coverage of Chromium passes (our passes among the subtests Chromium passes), by area (wpt/lib/areas.ts):`,
    `  ${line(header)}`,
    ...rows.map((r) => `  ${line(r)}`),
    ...summary.areas.filter((a) => a.excluded > 0).map((a) =>
      `  ${a.name} excluding ${a.excluded} that need a decoder or a playing media element (wpt/lib/needs-media-element.ts): ${formatCoverage({ covered: a.covered - a.excludedCovered, chromium: a.chromium - a.excluded })}`),
    `  idlharness: ${formatCoverage(summary.idl)}`,
  ].join('\n');
}

/** Timing: wall time, summed file time, the slowest files. */
export function formatTimings(summary: RunSummary, wallMs: number, jobs: number): string {
  const total = summary.files.reduce((sum, f) => sum + f.ms, 0);
  const slow = summary.files.filter((f) => f.harness !== 'SKIP').sort((a, b) => b.ms - a.ms).slice(0, 5)
    .map((f) => `${f.file} ${(f.ms / 1000).toFixed(1)}s`).join(', ');
  const ran = summary.files.filter((f) => f.harness !== 'SKIP').length;
  return `Time: ${(wallMs / 1000).toFixed(1)}s wall, ${(total / 1000).toFixed(1)}s in ${ran} files, ${jobs} jobs; slowest: ${slow || 'none'}`;
}

/** The last line of every run. */
export function formatTotals(summary: RunSummary): string {
  return `WPT: ${summary.passed} passed, ${summary.failed} failed`;
}
