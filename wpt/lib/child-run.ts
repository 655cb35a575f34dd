// Runs one test file in a child process under a hard time limit, and a small pool of
// those. Every child is tracked so none outlives the run.
import { fork, type ChildProcess } from 'node:child_process';
import type { ChildConfig, ChildMessage } from './protocol.js';
import { HARNESS_STATUSES, SUBTEST_STATUSES, type FileResult, type HarnessStatus, type SubtestResult } from './results.js';

/** Children alive right now, so the runner can kill stragglers on exit. */
export const liveChildren = new Set<ChildProcess>();

/** Kills every child still alive (SIGKILL). */
export function killAllChildren(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  liveChildren.clear();
}

/** How long a child may linger after reporting completion before it is killed. */
const EXIT_GRACE_MS = 2_000;
/** How much child output to keep for crash reports. */
const OUTPUT_TAIL_BYTES = 8_192;

/** Options for {@link runFile}. */
export interface RunFileOptions {
  /** Path of the child entry (wpt/child/main.ts). */
  childEntry: string;
  /** Working directory for the child (the repo root, where tsx resolves). */
  cwd: string;
  config: ChildConfig;
  /** Called with each note the child sends (console-only events, skipped scripts). */
  onNote?: (message: string) => void;
}

interface Tracked {
  name: string;
  phase: number;
  result?: SubtestResult;
}

function subtestStatus(code: number): SubtestResult['status'] {
  return SUBTEST_STATUSES[code] ?? 'FAIL';
}

/** Runs one file; never rejects. */
export function runFile(options: RunFileOptions): Promise<FileResult> {
  const { config } = options;
  const started = performance.now();
  return new Promise((resolve) => {
    const tracked: Tracked[] = [];
    let complete: Extract<ChildMessage, { type: 'complete' }> | undefined;
    let fatal: string | undefined;
    let killed = false;
    let output = '';
    let graceTimer: NodeJS.Timeout | undefined;
    // When the last subtest finished or the last uncaught error came, from the fork.
    let settledAt = 0;
    const settle = (): void => {
      settledAt = performance.now() - started;
    };

    const child = fork(options.childEntry, [JSON.stringify(config)], {
      cwd: options.cwd,
      // --expose-gc: /common/gc.js's garbageCollect() then really collects, as in browsers
      // run by wptrunner (Chromium's --js-flags=--expose-gc).
      execArgv: ['--import', 'tsx', '--expose-gc'],
      silent: true,
      // Peers in a test talk over loopback only (host candidates on 127.0.0.1).
      env: { ...process.env, PURERTC_BIND_ADDRESS: process.env.PURERTC_BIND_ADDRESS ?? '127.0.0.1' },
    });
    liveChildren.add(child);
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    const limitTimer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, config.limitMs);

    const track = (index: number, name: string): Tracked => {
      let t = tracked[index];
      if (!t) {
        t = { name, phase: 0 };
        tracked[index] = t;
      }
      return t;
    };

    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      switch (message.type) {
        case 'state': {
          const t = track(message.index, message.name);
          t.phase = Math.max(t.phase, message.phase);
          break;
        }
        case 'result': {
          const t = track(message.index, message.name);
          t.result = {
            name: message.name, status: subtestStatus(message.status),
            ...(message.message !== undefined ? { message: message.message } : {}),
          };
          if (t.result.status !== 'TIMEOUT' && t.result.status !== 'NOTRUN') settle();
          break;
        }
        case 'complete':
          complete = message;
          graceTimer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
          break;
        case 'fatal':
          fatal = message.message;
          break;
        case 'note':
          options.onNote?.(message.message);
          break;
        case 'uncaught':
          settle();
          break;
      }
    });

    let finished = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(limitTimer);
      clearTimeout(graceTimer);
      liveChildren.delete(child);
      const ms = Math.round(performance.now() - started);
      let harness: HarnessStatus;
      let message: string | undefined;
      let subtests: SubtestResult[];
      if (complete) {
        harness = HARNESS_STATUSES[complete.harness] ?? 'ERROR';
        message = complete.message;
        subtests = complete.tests.map((t) => ({
          name: t.name, status: subtestStatus(t.status), ...(t.message !== undefined ? { message: t.message } : {}),
        }));
      } else {
        // No completion: keep what was reported; the rest timed out (started) or never ran.
        subtests = tracked.filter(Boolean).map((t) => t.result ?? {
          name: t.name,
          status: killed && t.phase >= 1 ? 'TIMEOUT' : 'NOTRUN',
          message: killed ? 'the file was killed at the hard time limit' : 'the child exited before this subtest finished',
        });
        if (fatal !== undefined) {
          harness = 'ERROR';
          message = fatal;
        } else if (killed) {
          harness = 'TIMEOUT';
          message = `killed after ${config.limitMs / 1000}s (hard limit)`;
        } else {
          harness = 'CRASH';
          message = `child exited (${signal ?? `code ${code}`}) before the harness completed`;
        }
      }
      // Ran into its limit: killed, a harness or subtest TIMEOUT, or it lasted as long as its
      // harness timeout (an ERROR status outranks TIMEOUT when the harness times out).
      const timedOut = killed || harness === 'TIMEOUT' || subtests.some((s) => s.status === 'TIMEOUT') || ms >= config.harnessMs;
      const result: FileResult = {
        file: config.file, harness, subtests, ms, killed, timedOut,
        settleMs: Math.round(settledAt),
        limits: { harnessMs: config.harnessMs, hardMs: config.limitMs },
        ...(message !== undefined ? { message } : {}),
        ...(!complete && output ? { output } : {}),
      };
      resolve(result);
    };
    child.on('exit', finish);
    child.on('error', (error) => {
      fatal ??= `could not run the child: ${error.message}`;
      child.kill('SIGKILL');
      finish(null, null);
    });
  });
}

/**
 * Runs `count` jobs with at most `jobs` at once, in order of index; `work(i)` must not
 * reject. Resolves with the results in index order.
 */
export async function runPool<T>(count: number, jobs: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, count) }, lane));
  return results;
}
