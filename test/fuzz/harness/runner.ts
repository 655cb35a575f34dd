// Runs a target under fast-check in chunks until it has processed a number of inputs,
// shrinks each failure to a small input, confirms a slow input is slow again before calling
// it a failure, saves new failures to the crash corpus, and reports the figures.
import fc from 'fast-check';
import { saveCorpus } from './corpus.js';
import { describe, KnownDefect, MAX_INPUT_MS, Meter, SlowInput, type AnyTarget } from './target.js';

/** Options of `runTarget`. */
export interface RunOptions {
  /** Stop once this many inputs were processed (a session target counts each datagram). */
  inputs?: number;
  /** Or stop after this many property runs (the short run). */
  runs?: number;
  /** Base seed; chunk k runs with seed + k. */
  seed: number;
  /** Property runs per fast-check call. */
  chunkRuns?: number;
  /** Save failures to the crash corpus. */
  save?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** One distinct failure. */
export interface FailureReport {
  signature: string;
  message: string;
  /** The minimized input, base64. */
  input: string;
  /** Corpus file written, when saving. */
  savedTo: string | undefined;
  seed: number;
  /** How many chunks hit this failure. */
  hits: number;
}

/** What a run did. */
export interface RunReport {
  target: string;
  inputs: number;
  runs: number;
  wallMs: number;
  slowestMs: number;
  largestGrowthBytes: number;
  failures: FailureReport[];
  /** Inputs that were slow once but not when run again (machine load, GC). */
  timingNoise: string[];
  /** The slowest time measured when those inputs were run again, ms. */
  slowestRerunMs: number;
  /** Known defects hit (KnownDefect ids), with how many chunks hit each. */
  known: Record<string, number>;
}

function signatureOf(err: unknown): string {
  const text = describe(err);
  return text.replace(/0x[0-9a-f]+|\d+(\.\d+)?/gi, 'N').slice(0, 300);
}

/** Runs a slow input three times more: slow in two of them, or the fastest time of the three. */
async function slowAgain(target: AnyTarget, input: unknown): Promise<{ slow: boolean; ms: number }> {
  let slow = 0;
  let fastest = Infinity;
  for (let k = 0; k < 3; k++) {
    const meter = new Meter();
    try {
      await target.run(input, meter);
    } catch (err) {
      if (err instanceof SlowInput) slow++;
    }
    fastest = Math.min(fastest, meter.slowestMs);
  }
  return { slow: slow >= 2, ms: fastest };
}

/** Runs one target; never throws for a property failure (they are in the report). */
export async function runTarget(target: AnyTarget, options: RunOptions): Promise<RunReport> {
  const meter = new Meter();
  const arbitrary = target.arbitrary();
  const failures = new Map<string, FailureReport>();
  const timingNoise: string[] = [];
  const known: Record<string, number> = {};
  let slowestRerunMs = 0;
  const chunkRuns = options.chunkRuns ?? 2000;
  const t0 = performance.now();
  let runs = 0;
  let lastLog = t0;
  for (let chunk = 0; ; chunk++) {
    if (options.inputs !== undefined && meter.inputs >= options.inputs) break;
    if (options.runs !== undefined && runs >= options.runs) break;
    const numRuns = options.runs !== undefined ? Math.min(chunkRuns, options.runs - runs) : chunkRuns;
    const seed = options.seed + chunk;
    const property = fc.asyncProperty(arbitrary, async (input) => {
      await target.run(input, meter);
    });
    if (process.env.FUZZ_CHUNK_LOG) options.log?.(`  chunk seed ${seed}, ${meter.inputs} inputs so far`);
    const result = await fc.check(property, { numRuns, seed, endOnFailure: false });
    runs += result.numRuns;
    if (result.failed && result.counterexample !== null) {
      const input = result.counterexample[0];
      const err = result.errorInstance;
      if (err instanceof SlowInput) {
        const again = await slowAgain(target, input);
        if (!again.slow) {
          slowestRerunMs = Math.max(slowestRerunMs, again.ms);
          timingNoise.push(`${err.message} (seed ${seed}), ${again.ms.toFixed(1)} ms when run again`);
          continue;
        }
      }
      if (err instanceof KnownDefect) {
        if (known[err.id] === undefined && options.save) saveCorpus(`${target.name}/known`, target.encode(input), `${target.name}: ${err.message}\nfound with seed ${seed}`);
        known[err.id] = (known[err.id] ?? 0) + 1;
        continue;
      }
      const signature = signatureOf(err);
      const seen = failures.get(signature);
      if (seen) {
        seen.hits++;
        continue;
      }
      const bytes = target.encode(input);
      const message = describe(err);
      const savedTo = options.save ? saveCorpus(target.name, bytes, `${target.name}: ${message}\nfound with seed ${seed}`) : undefined;
      failures.set(signature, { signature, message, input: Buffer.from(bytes).toString('base64'), savedTo, seed, hits: 1 });
      options.log?.(`  FAIL ${target.name}: ${message}${savedTo ? ` -> ${savedTo}` : ''}`);
    }
    const now = performance.now();
    if (options.log && now - lastLog > 30_000) {
      lastLog = now;
      options.log(`  ${target.name}: ${meter.inputs} inputs, ${((now - t0) / 1000).toFixed(0)} s, slowest ${meter.slowestMs.toFixed(1)} ms`);
    }
  }
  return {
    target: target.name,
    inputs: meter.inputs,
    runs,
    wallMs: performance.now() - t0,
    slowestMs: meter.slowestMs,
    largestGrowthBytes: meter.largestGrowthBytes,
    failures: [...failures.values()],
    timingNoise,
    slowestRerunMs,
    known,
  };
}

/** One line per target: inputs, time, slowest input, failures. */
export function formatReport(r: RunReport): string {
  const failures = r.failures.length === 0 ? 'no failures' : `${r.failures.length} FAILURE${r.failures.length > 1 ? 'S' : ''}`;
  return (
    `${r.target.padEnd(18)} ${String(r.inputs).padStart(9)} inputs (${r.runs} runs) in ${(r.wallMs / 1000).toFixed(1)} s, ` +
    `slowest input ${r.slowestMs.toFixed(2)} ms, most memory kept by one input ${(r.largestGrowthBytes / 2 ** 20).toFixed(1)} MiB, ${failures}` +
    (r.timingNoise.length > 0 ? ` (${r.timingNoise.length} input(s) over ${MAX_INPUT_MS} ms once, at most ${r.slowestRerunMs.toFixed(2)} ms when run again)` : '') +
    Object.entries(r.known)
      .map(([id, n]) => `; known defect ${id} hit ${n}x`)
      .join('')
  );
}
