// Open time: two peers in one process, trickle ICE; time from `new RTCPeerConnection()`
// (the offerer) to `open` on the offerer's data channel, over N runs after warm-up.
import { closePair, openPair } from '../lib/pair.js';
import { quantile } from '../lib/stats.js';
import type { Stack } from '../stacks/types.js';

/** Parameters of the open-time case. */
export interface OpenTimeParams {
  runs: number;
  /** Runs done first and not counted (module init, JIT). */
  warmupRuns: number;
  /** Limit per run. */
  runTimeoutMs: number;
  /** Limit for the whole case (runs after it are not started). */
  caseTimeoutMs: number;
}

/** What the case measured. */
export interface OpenTimeResult {
  runsMs: number[];
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  failures: string[];
}

/** Runs the open-time case on `stack`. */
export async function runOpenTime(stack: Stack, p: OpenTimeParams): Promise<OpenTimeResult> {
  const runsMs: number[] = [];
  const failures: string[] = [];
  const deadline = performance.now() + p.caseTimeoutMs;
  for (let i = 0; i < p.warmupRuns + p.runs && performance.now() < deadline; i++) {
    try {
      const pair = await openPair(stack, p.runTimeoutMs);
      if (i >= p.warmupRuns) runsMs.push(pair.openMs);
      await closePair(stack, pair);
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
      if (failures.length >= 3) break;
    }
  }
  if (runsMs.length < p.runs && failures.length === 0) failures.push(`only ${runsMs.length} of ${p.runs} runs within ${p.caseTimeoutMs} ms`);
  return {
    runsMs,
    medianMs: quantile(runsMs, 0.5),
    p90Ms: quantile(runsMs, 0.9),
    minMs: runsMs.length ? Math.min(...runsMs) : NaN,
    maxMs: runsMs.length ? Math.max(...runsMs) : NaN,
    failures,
  };
}
