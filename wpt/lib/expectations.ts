// wpt/expectations.json: per file, the harness status, the subtests expected to PASS and
// how long the file took. Any difference in status or passes fails the run, so a
// regression fails CI and a fix shows (and is then recorded with --update); the timings
// set the file's time limits (limits.ts).
import { roundMs, timingMoved } from './limits.js';
import type { FileResult, HarnessStatus } from './results.js';

/** What one file is expected to do. */
export interface FileExpectation {
  harness: HarnessStatus;
  /** Exact names of the subtests expected to pass, sorted. */
  pass: string[];
  /** How long the file took, in ms (rounded up to 100 ms); absent for a skipped file. */
  ms?: number;
  /** Present when the file ran into its time limit: when its last subtest settled, in ms. */
  settleMs?: number;
  /**
   * Subtests whose outcome varies from run to run (written by hand, each noted with its
   * cause in wpt/README.md): either outcome is accepted, and --update never records them as
   * passes.
   */
  flaky?: string[];
}

/** File path (relative to WPT_DIR) -> expectation. */
export type Expectations = Record<string, FileExpectation>;

/** The expectation recorded for a file, if any. */
export function expectationFor(expectations: Expectations, file: string): FileExpectation | undefined {
  return Object.getOwnPropertyDescriptor(expectations, file)?.value as FileExpectation | undefined;
}

/** One way a run differs from the expectations. */
export type Mismatch =
  | { kind: 'missing'; file: string }
  | { kind: 'harness'; file: string; expected: HarnessStatus; actual: HarnessStatus }
  | { kind: 'regression'; file: string; subtest: string; actual: string; message?: string }
  | { kind: 'unexpected-pass'; file: string; subtest: string };

/** Sets an own entry; plain assignment would treat a file named `__proto__` specially. */
function setEntry(target: Expectations, file: string, value: FileExpectation): void {
  Object.defineProperty(target, file, { value, writable: true, enumerable: true, configurable: true });
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The expectation a result would record. */
export function expectationOf(result: FileResult): FileExpectation {
  const pass = [...new Set(result.subtests.filter((s) => s.status === 'PASS').map((s) => s.name))];
  const e: FileExpectation = { harness: result.harness, pass: pass.sort(compareNames) };
  if (result.harness === 'SKIP') return e;
  e.ms = roundMs(result.ms);
  if (result.timedOut) e.settleMs = roundMs(result.settleMs ?? 0);
  return e;
}

/**
 * What a run records for a file that was recorded before: the new status and passes; the
 * old timings unless the new ones moved a lot (or the file changed between completing and
 * timing out), so updates do not churn every file's numbers.
 */
function rerecord(old: FileExpectation | undefined, result: FileResult): FileExpectation {
  const next = expectationOf(result);
  if (old?.flaky !== undefined) {
    const flaky = new Set(old.flaky);
    next.pass = next.pass.filter((name) => !flaky.has(name));
    next.flaky = [...old.flaky];
  }
  if (!old || next.ms === undefined || old.ms === undefined) return next;
  if ((old.settleMs === undefined) !== (next.settleMs === undefined)) return next;
  if (!timingMoved(old.ms, next.ms)) next.ms = old.ms;
  if (next.settleMs !== undefined && !timingMoved(old.settleMs, next.settleMs)) next.settleMs = old.settleMs;
  return next;
}

function optionalTime(v: unknown, file: string, key: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`expectations: bad ${key} for ${file}`);
  return v;
}

/** Parses expectations.json, checking its shape. */
export function parseExpectations(text: string): Expectations {
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('expectations: not an object');
  const out: Expectations = {};
  for (const [file, value] of Object.entries(data as Record<string, unknown>)) {
    const v = value as Partial<FileExpectation> | null;
    if (!v || typeof v.harness !== 'string' || !Array.isArray(v.pass) || !v.pass.every((n) => typeof n === 'string')) {
      throw new Error(`expectations: bad entry for ${file}`);
    }
    const e: FileExpectation = { harness: v.harness, pass: [...v.pass] };
    const ms = optionalTime(v.ms, file, 'ms');
    const settleMs = optionalTime(v.settleMs, file, 'settleMs');
    if (ms !== undefined) e.ms = ms;
    if (settleMs !== undefined) e.settleMs = settleMs;
    if (v.flaky !== undefined) {
      if (!Array.isArray(v.flaky) || !v.flaky.every((n) => typeof n === 'string')) throw new Error(`expectations: bad flaky list for ${file}`);
      e.flaky = [...v.flaky];
    }
    setEntry(out, file, e);
  }
  return out;
}

/** Serialises expectations with files and names sorted, one name per line. */
export function serializeExpectations(expectations: Expectations): string {
  const sorted: Expectations = {};
  for (const file of Object.keys(expectations).sort(compareNames)) {
    const e = Object.getOwnPropertyDescriptor(expectations, file)!.value as FileExpectation;
    setEntry(sorted, file, {
      harness: e.harness,
      ...(e.ms !== undefined ? { ms: e.ms } : {}),
      ...(e.settleMs !== undefined ? { settleMs: e.settleMs } : {}),
      pass: [...e.pass].sort(compareNames),
      ...(e.flaky !== undefined ? { flaky: [...e.flaky].sort(compareNames) } : {}),
    });
  }
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** Compares a run's results with the expectations for the files that ran. */
export function diffExpectations(expectations: Expectations, results: FileResult[]): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const result of results) {
    const expected = Object.getOwnPropertyDescriptor(expectations, result.file)?.value as FileExpectation | undefined;
    if (!expected) {
      mismatches.push({ kind: 'missing', file: result.file });
      continue;
    }
    if (expected.harness !== result.harness) {
      mismatches.push({ kind: 'harness', file: result.file, expected: expected.harness, actual: result.harness });
    }
    const byName = new Map(result.subtests.map((s) => [s.name, s] as const));
    const expectedPass = new Set(expected.pass);
    const flaky = new Set(expected.flaky ?? []);
    for (const name of expected.pass) {
      const actual = byName.get(name);
      if (actual?.status === 'PASS') continue;
      mismatches.push({
        kind: 'regression', file: result.file, subtest: name, actual: actual?.status ?? 'MISSING',
        ...(actual?.message ? { message: actual.message } : {}),
      });
    }
    for (const s of result.subtests) {
      if (s.status === 'PASS' && !expectedPass.has(s.name) && !flaky.has(s.name)) {
        mismatches.push({ kind: 'unexpected-pass', file: result.file, subtest: s.name });
      }
    }
  }
  return mismatches;
}

/**
 * The expectations after a run: the files that ran take their new results; with
 * `replaceAll` (a run of the whole scope) entries for files that did not run are dropped,
 * otherwise they are kept as they were.
 */
export function updateExpectations(old: Expectations, results: FileResult[], replaceAll: boolean): Expectations {
  const next: Expectations = replaceAll ? {} : { ...old };
  for (const result of results) {
    const previous = Object.getOwnPropertyDescriptor(old, result.file)?.value as FileExpectation | undefined;
    setEntry(next, result.file, rerecord(previous, result));
  }
  return next;
}

/** One line describing a mismatch. */
export function describeMismatch(m: Mismatch): string {
  switch (m.kind) {
    case 'missing':
      return `${m.file}: not in expectations (run with --update to record it)`;
    case 'harness':
      return `${m.file}: harness status ${m.actual}, expected ${m.expected}`;
    case 'regression':
      return `${m.file}: REGRESSION ${JSON.stringify(m.subtest)} is ${m.actual}, expected PASS${m.message ? ` (${m.message.split('\n')[0]})` : ''}`;
    case 'unexpected-pass':
      return `${m.file}: NEW PASS ${JSON.stringify(m.subtest)} (not in expectations; run with --update)`;
  }
}
