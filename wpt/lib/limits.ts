// Per-file time limits, from what the expectations recorded of the file's last run: a
// file that completes gets a few times its duration; a file that ran into its time limit
// (it waits for something that never comes, such as media) gets a few times the moment
// its last subtest settled, so it stops soon after nothing more can happen.
import type { FileExpectation } from './expectations.js';

/** A `timeout=long` file's default harness timeout is this many times a normal one's. */
export const LONG_FACTOR = 6;
/** The hard limit (SIGKILL) comes this long after the harness timeout. */
export const KILL_MARGIN_MS = 5_000;
/** A completing file may take this many times its recorded duration... */
export const DURATION_FACTOR = 2;
/** ...and at least this much more. */
export const DURATION_SLACK_MS = 5_000;
/** A timed-out file's harness stops at this many times its recorded settle time... */
export const SETTLE_FACTOR = 2;
/** ...and at least this much after it. */
export const SETTLE_SLACK_MS = 3_000;

/** The limits one file runs under. */
export interface FileLimits {
  /** testharness.js's harness timeout: at it, every unfinished subtest is reported TIMEOUT. */
  harnessMs: number;
  /** The hard limit: the child is killed (for a page that never lets the harness finish). */
  hardMs: number;
  /** Where the limits came from, for the report. */
  source: 'default' | 'duration' | 'settle';
}

/**
 * The default limits (no record, or `--default-limits`): the harness timeout is
 * `harnessMs` (10 s by default) and six times that for `timeout=long` (60 s), as
 * testharness.js's own timeouts; the hard limit comes 5 s later. A shorter cap for long
 * files would cut off files that are still completing subtests (each waiting its
 * `step_timeout`), whose pass count would then depend on the machine's speed.
 */
export function defaultLimits(harnessMs: number, long: boolean): FileLimits {
  const harness = long ? LONG_FACTOR * harnessMs : harnessMs;
  return { harnessMs: harness, hardMs: harness + KILL_MARGIN_MS, source: 'default' };
}

/**
 * The limits for a file from its recorded run, never above the defaults:
 * - it completed (`ms` only): harness timeout max(2 x ms, ms + 5 s), so a file newly slower
 *   than that ends in TIMEOUT, which differs from the expectation and fails the run;
 * - it ran into its limit (`settleMs` recorded): harness timeout max(2 x settle, settle + 3 s),
 *   where settle is when its last subtest finished (or its last uncaught error came);
 *   a subtest that newly completes within that shows, as does a file that now completes.
 * The hard limit is the harness timeout plus 5 s.
 */
export function limitsFor(expectation: FileExpectation | undefined, defaultHarnessMs: number, long: boolean): FileLimits {
  const fallback = defaultLimits(defaultHarnessMs, long);
  if (!expectation || expectation.ms === undefined) return fallback;
  let harnessMs: number;
  let source: FileLimits['source'];
  if (expectation.settleMs !== undefined) {
    const settle = expectation.settleMs;
    harnessMs = Math.max(SETTLE_FACTOR * settle, settle + SETTLE_SLACK_MS);
    source = 'settle';
  } else {
    const ms = expectation.ms;
    harnessMs = Math.max(DURATION_FACTOR * ms, ms + DURATION_SLACK_MS);
    source = 'duration';
  }
  harnessMs = Math.ceil(Math.min(harnessMs, fallback.harnessMs));
  return { harnessMs, hardMs: harnessMs + KILL_MARGIN_MS, source };
}

/** Rounds a recorded time up to 100 ms. */
export function roundMs(ms: number): number {
  return Math.ceil(ms / 100) * 100;
}

/**
 * Whether a newly measured time replaces the recorded one: only when it moved by more than
 * half (and by more than 1 s), so an update does not rewrite every file's timing for noise.
 */
export function timingMoved(recorded: number | undefined, measured: number): boolean {
  if (recorded === undefined) return true;
  const diff = Math.abs(measured - recorded);
  return diff > 1_000 && diff > recorded / 2;
}
