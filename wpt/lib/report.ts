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
    `${(f.ms / 1000).toFixed(1)}s`,
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

/** Coverage of what Chromium passes, for the scope and for idlharness. */
export function formatCoverageLines(summary: RunSummary): string {
  return [
    `Coverage of Chromium passes (our passes among the subtests Chromium passes):`,
    `  scope:      ${formatCoverage(summary.scope)}`,
    `  idlharness: ${formatCoverage(summary.idl)}`,
  ].join('\n');
}

/** Timing: wall time, summed file time, the slowest files. */
export function formatTimings(summary: RunSummary, wallMs: number, jobs: number): string {
  const total = summary.files.reduce((sum, f) => sum + f.ms, 0);
  const slow = [...summary.files].sort((a, b) => b.ms - a.ms).slice(0, 5)
    .map((f) => `${f.file} ${(f.ms / 1000).toFixed(1)}s`).join(', ');
  return `Time: ${(wallMs / 1000).toFixed(1)}s wall, ${(total / 1000).toFixed(1)}s in ${summary.files.length} files, ${jobs} jobs; slowest: ${slow || 'none'}`;
}

/** The last line of every run. */
export function formatTotals(summary: RunSummary): string {
  return `WPT: ${summary.passed} passed, ${summary.failed} failed`;
}
