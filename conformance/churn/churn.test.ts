// Churn: 1000 pairs of RTCPeerConnections opened, used and closed in one process, a few at a
// time (conformance/churn/child.ts). Afterwards nothing is left: the active resources are
// back to their baseline, the child exits by itself soon after its last close, and RSS
// after GC is flat between 200 and 1000 pairs (the median of the last three samples, every
// 100 pairs, against the one at 200: RSS alone jumps by 15 MiB now and then as the
// allocator keeps pages, while the JS heap stays within 1 MiB).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runJsonChild, type ChildRun } from '../helpers/child.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** Bound for the whole child run (1000 pairs take about 13 s on 2 cores). */
const RUN_TIMEOUT_MS = 90_000;
/** The child must exit this soon after it printed its result (nothing left to keep it alive). */
const EXIT_WITHIN_MS = 5_000;
/** RSS after GC may grow this much from 200 to 1000 pairs. */
const RSS_SLACK_MIB = 16;
/** The JS heap after GC may grow this much from 200 to 1000 pairs. */
const HEAP_SLACK_MIB = 4;

interface ChurnResult {
  pairs: number;
  wallMs: number;
  settleMs: number;
  baseline: string[];
  after: string[];
  rss200MiB: number;
  rssEndMiB: number;
  heap200MiB: number;
  heapEndMiB: number;
  /** RSS after GC every 100 pairs. */
  rssSamples: number[];
}

/** The median of the RSS samples at 800, 900 and 1000 pairs: one allocator spike does not decide. */
function rssAtEnd(r: ChurnResult): number {
  return [...r.rssSamples.slice(-3)].sort((x, y) => x - y)[1]!;
}

function runChild(): Promise<ChildRun<ChurnResult>> {
  return runJsonChild<ChurnResult>('churn', CHILD, { timeoutMs: RUN_TIMEOUT_MS });
}

describe('conformance/churn: 1000 peer connection pairs opened, used and closed in one process', function () {
  this.timeout(RUN_TIMEOUT_MS + 10_000);

  it('leaves no socket, timer or handle, exits by itself, and keeps RSS flat', async () => {
    const { result, exitAfterMs, code } = await runChild();
    console.log(
      `      ${result.pairs} pairs in ${(result.wallMs / 1000).toFixed(1)} s; RSS after GC ${result.rss200MiB} MiB at 200, ${result.rssEndMiB} MiB at ${result.pairs} (every 100: ${result.rssSamples.join(' ')}); heap ${result.heap200MiB} -> ${result.heapEndMiB} MiB; exited ${Math.round(exitAfterMs)} ms after its result`,
    );
    assert.equal(code, 0);
    assert.equal(result.pairs, 1000);
    assert.deepEqual(result.after, result.baseline, 'active resources back to the baseline');
    assert.ok(exitAfterMs < EXIT_WITHIN_MS, `exited ${Math.round(exitAfterMs)} ms after its last close`);
    assert.ok(rssAtEnd(result) - result.rss200MiB < RSS_SLACK_MIB, `RSS ${result.rss200MiB} -> ${rssAtEnd(result)} MiB (${result.rssSamples.join(' ')})`);
    assert.ok(result.heapEndMiB - result.heap200MiB < HEAP_SLACK_MIB, `heap ${result.heap200MiB} -> ${result.heapEndMiB} MiB`);
  });
});
