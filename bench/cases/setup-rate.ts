// Setup rate and memory: open many pairs in one process (a bounded number negotiating at
// once), keep them all connected, measure memory after GC, then close them all.
import { closePair, openPair, type Pair } from '../lib/pair.js';
import { settleGc, sleep } from '../lib/stats.js';
import type { Stack } from '../stacks/types.js';

/** Parameters of the setup-rate case. */
export interface SetupRateParams {
  pairs: number;
  /** Pairs negotiating at the same time. */
  concurrency: number;
  /** Limit per pair. */
  pairTimeoutMs: number;
  /** Limit for opening all pairs. */
  openTimeoutMs: number;
}

/** process.memoryUsage() figures, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
}

/** What the case measured. */
export interface SetupRateResult {
  pairsRequested: number;
  /** Pairs whose channel was open on both sides. */
  pairsOpened: number;
  failures: string[];
  openWallMs: number;
  pairsPerSec: number;
  before: MemorySample;
  allOpen: MemorySample;
  /** (allOpen - before) / pairsOpened, bytes; one pair is two RTCPeerConnections. */
  rssPerPair: number;
  heapPerPair: number;
  externalPerPair: number;
  closeMs: number;
  /** Memory after closing everything and GC. */
  afterClose: MemorySample;
}

function sample(): MemorySample {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

/** Runs the setup-rate case on `stack`. */
export async function runSetupRate(stack: Stack, p: SetupRateParams): Promise<SetupRateResult> {
  // One pair first, so one-time costs (threads, certificates, JIT) are not charged per pair.
  await closePair(stack, await openPair(stack, p.pairTimeoutMs));
  await sleep(200);
  await settleGc();
  const before = sample();

  const opened: Pair[] = [];
  const failures: string[] = [];
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + p.openTimeoutMs;
  const lane = async (): Promise<void> => {
    while (next < p.pairs && performance.now() < deadline && failures.length < 10) {
      next++;
      try {
        opened.push(await openPair(stack, p.pairTimeoutMs));
      } catch (e) {
        failures.push(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, p.concurrency) }, lane));
  const openWallMs = performance.now() - t0;
  if (opened.length < p.pairs && performance.now() >= deadline) failures.push(`only ${opened.length} of ${p.pairs} pairs open within ${p.openTimeoutMs} ms`);

  await settleGc();
  const allOpen = sample();
  const count = opened.length;
  const n = Math.max(1, count);

  const c0 = performance.now();
  await Promise.all(opened.map((pair) => closePair(stack, pair)));
  const closeMs = performance.now() - c0;
  opened.length = 0;
  await sleep(500);
  await settleGc();

  return {
    pairsRequested: p.pairs,
    pairsOpened: count,
    failures,
    openWallMs,
    pairsPerSec: (count * 1000) / openWallMs,
    before,
    allOpen,
    rssPerPair: (allOpen.rss - before.rss) / n,
    heapPerPair: (allOpen.heapUsed - before.heapUsed) / n,
    externalPerPair: (allOpen.external - before.external) / n,
    closeMs,
    afterClose: sample(),
  };
}
