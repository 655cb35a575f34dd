// Result types shared by the runner, the child and the report, and the summary sums.
import { areaNames, areaOf } from './areas.js';
import { needsMediaElement } from './needs-media-element.js';
import { testUrlPath } from './urls.js';

/** A subtest's outcome, as testharness.js names them. */
export type SubtestStatus = 'PASS' | 'FAIL' | 'TIMEOUT' | 'NOTRUN' | 'PRECONDITION_FAILED';

/**
 * A file's outcome: testharness.js harness statuses, plus CRASH when the child died and
 * SKIP for a file the scope list says cannot run in Node (it never starts).
 */
export type HarnessStatus = 'OK' | 'ERROR' | 'TIMEOUT' | 'PRECONDITION_FAILED' | 'CRASH' | 'SKIP';

/** testharness.js `Test` status codes, in order. */
export const SUBTEST_STATUSES: readonly SubtestStatus[] = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];

/** testharness.js `TestsStatus` codes, in order. */
export const HARNESS_STATUSES: readonly HarnessStatus[] = ['OK', 'ERROR', 'TIMEOUT', 'PRECONDITION_FAILED'];

/** One subtest's result. */
export interface SubtestResult {
  name: string;
  status: SubtestStatus;
  message?: string;
}

/** One test file's result. */
export interface FileResult {
  /** Path relative to WPT_DIR, as in the scope list. */
  file: string;
  harness: HarnessStatus;
  /** The harness message (error text, why it crashed or was killed). */
  message?: string;
  /** Subtests in the order the harness created them. */
  subtests: SubtestResult[];
  /** Wall time of the child process. */
  ms: number;
  /** The child overran the hard time limit and was killed. */
  killed: boolean;
  /** The tail of the child's stdout/stderr, when it crashed or was killed. */
  output?: string;
  /**
   * The file ran into its time limit: the harness timed out (a subtest TIMEOUT, the
   * harness's own status, or the file lasted as long as its harness timeout) or the
   * child was killed.
   */
  timedOut?: boolean;
  /** Ms after the child started at which the last subtest finished or the last uncaught error came. */
  settleMs?: number;
  /** The harness timeout and hard limit it ran under, in ms. */
  limits?: { harnessMs: number; hardMs: number };
}

/** A file of the Chromium baseline (chromium-baseline.json). */
export interface BaselineFile {
  harness: string;
  subtests: Record<string, string>;
  messages?: Record<string, string>;
  ms?: number;
}

/** chromium-baseline.json. */
export interface Baseline {
  browser?: string;
  files: Record<string, BaselineFile>;
}

/** Looks up a file of the scope in the baseline (keyed by served URL path). */
export function baselineFor(baseline: Baseline | undefined, file: string): BaselineFile | undefined {
  if (!baseline) return undefined;
  for (const key of [testUrlPath(file), file]) if (Object.hasOwn(baseline.files, key)) return baseline.files[key];
  return undefined;
}

/** Names of the subtests Chromium passes in a baseline file. */
export function chromiumPasses(entry: BaselineFile | undefined): Set<string> {
  const names = new Set<string>();
  if (entry) for (const [name, status] of Object.entries(entry.subtests)) if (status === 'PASS') names.add(name);
  return names;
}

/** Per-file numbers for the report. */
export interface FileSummary {
  file: string;
  harness: HarnessStatus;
  /** Our passing subtests. */
  passed: number;
  /** Subtests we reported, plus those only the baseline knows (counted as NOTRUN). */
  total: number;
  /** Subtests Chromium passes. */
  chromium: number;
  /** Of those, how many we pass. */
  covered: number;
  /** Of Chromium's passes, those that need a decoder or a playing media element (needs-media-element.ts). */
  excluded: number;
  /** Of those, how many we pass. */
  excludedCovered: number;
  ms: number;
  killed: boolean;
}

/**
 * Fills in the subtests the baseline lists but the file never reported (it stopped
 * early, or never got that far) as NOTRUN, so a file that breaks at load time still
 * counts its subtests as failures and the totals do not shrink when things get worse.
 */
export function withBaselineSubtests(result: FileResult, entry: BaselineFile | undefined): SubtestResult[] {
  const subtests = [...result.subtests];
  if (!entry) return subtests;
  const seen = new Set(subtests.map((s) => s.name));
  for (const name of Object.keys(entry.subtests)) {
    if (!seen.has(name)) subtests.push({ name, status: 'NOTRUN', message: 'not reported by this run' });
  }
  return subtests;
}

/** Summarises one file against the baseline. */
export function summarizeFile(result: FileResult, baseline: Baseline | undefined): FileSummary {
  const entry = baselineFor(baseline, result.file);
  const all = withBaselineSubtests(result, entry);
  const chromium = chromiumPasses(entry);
  const needs = needsMediaElement(result.file);
  const excluded = [...chromium].filter((name) => Object.hasOwn(needs, name)).length;
  let passed = 0;
  let covered = 0;
  let excludedCovered = 0;
  for (const s of all) {
    if (s.status !== 'PASS') continue;
    passed++;
    if (chromium.has(s.name)) covered++;
    if (chromium.has(s.name) && Object.hasOwn(needs, s.name)) excludedCovered++;
  }
  return {
    file: result.file, harness: result.harness, passed, total: all.length, chromium: chromium.size, covered,
    excluded, excludedCovered, ms: result.ms, killed: result.killed,
  };
}

/** Sums over the files of one area (areas.ts). */
export interface AreaSummary {
  name: string;
  files: number;
  passed: number;
  total: number;
  covered: number;
  chromium: number;
  /** Chromium passes that need a decoder or a playing media element, and how many of them we pass. */
  excluded: number;
  excludedCovered: number;
}

/** Sums over the whole run. */
export interface RunSummary {
  files: FileSummary[];
  passed: number;
  failed: number;
  /** Coverage of Chromium's passes over the whole scope. */
  scope: { covered: number; chromium: number };
  /** The same, for idlharness files only. */
  idl: { covered: number; chromium: number };
  /** The same per area, in report order; areas with no file in the run are left out. */
  areas: AreaSummary[];
}

/** Summarises a run: per file, totals, and coverage of what Chromium passes. */
export function summarizeRun(results: FileResult[], baseline: Baseline | undefined): RunSummary {
  const files = results.map((r) => summarizeFile(r, baseline));
  const areas = new Map<string, AreaSummary>(areaNames().map((name) => [name, { name, files: 0, passed: 0, total: 0, covered: 0, chromium: 0, excluded: 0, excludedCovered: 0 }]));
  const summary: RunSummary = { files, passed: 0, failed: 0, scope: { covered: 0, chromium: 0 }, idl: { covered: 0, chromium: 0 }, areas: [] };
  for (const f of files) {
    const area = areas.get(areaOf(f.file))!;
    area.files++;
    area.passed += f.passed;
    area.total += f.total;
    area.covered += f.covered;
    area.chromium += f.chromium;
    area.excluded += f.excluded;
    area.excludedCovered += f.excludedCovered;
    summary.passed += f.passed;
    summary.failed += f.total - f.passed;
    summary.scope.covered += f.covered;
    summary.scope.chromium += f.chromium;
    if (/(^|\/)idlharness[^/]*$/.test(f.file)) {
      summary.idl.covered += f.covered;
      summary.idl.chromium += f.chromium;
    }
  }
  summary.areas = [...areas.values()].filter((a) => a.files > 0);
  return summary;
}

/** `covered/chromium (pct%)`, with `n/a` when there is nothing to cover. */
export function formatCoverage(c: { covered: number; chromium: number }): string {
  if (c.chromium === 0) return `${c.covered}/0 (n/a)`;
  return `${c.covered}/${c.chromium} (${((100 * c.covered) / c.chromium).toFixed(1)}%)`;
}
