// The churn child: opens PAIRS pairs of RTCPeerConnections on 127.0.0.1, CONCURRENCY at a
// time; each pair opens a data channel, exchanges one message each way and closes. It
// prints one JSON line (resources, RSS after GC at 200 pairs and at the end, wall time) and
// then must exit by itself: anything left open (a socket, a timer) keeps it alive, which
// the test in churn.test.ts notices. Run with --expose-gc.
import { RTCPeerConnection, type RTCDataChannel } from '../../src/index.js';
import { offerAnswer, trickleBetween } from '../helpers/pair.js';

const PAIRS = Number(process.env.CHURN_PAIRS ?? 1000);
const CONCURRENCY = Number(process.env.CHURN_CONCURRENCY ?? 8);
/** Bound for one pair from creation to its echo. */
const PAIR_TIMEOUT_MS = 10_000;
/** Bound for the resources to settle after the last close. */
const SETTLE_MS = 5_000;

type Pc = InstanceType<typeof RTCPeerConnection>;

function resources(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').sort();
}

async function onePair(n: number): Promise<void> {
  const a: Pc = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
  const b: Pc = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const done = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`pair ${n}: no echo within ${PAIR_TIMEOUT_MS} ms`)), PAIR_TIMEOUT_MS);
      trickleBetween(a, b, reject);
      b.ondatachannel = ({ channel }) => {
        channel.onmessage = (m) => channel.send(`echo ${String(m.data)}`);
      };
      const ca: RTCDataChannel = a.createDataChannel('churn');
      ca.onopen = () => ca.send(`ping ${n}`);
      ca.onmessage = (m) => (m.data === `echo ping ${n}` ? resolve() : reject(new Error(`pair ${n}: got ${String(m.data)}`)));
    });
    await offerAnswer(a, b);
    await done;
  } finally {
    clearTimeout(timer);
    a.close();
    b.close();
  }
}

function rssAfterGc(): number {
  globalThis.gc!();
  globalThis.gc!();
  return process.memoryUsage().rss;
}

async function main(): Promise<void> {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  const baseline = resources();
  const started = performance.now();
  let next = 0;
  let rss200 = 0;
  let heap200 = 0;
  /** RSS after GC every 100 pairs, MiB. */
  const rssSamples: number[] = [];
  const worker = async (): Promise<void> => {
    while (next < PAIRS) {
      const n = next++;
      await onePair(n);
      if (n % 100 === 99) rssSamples.push(+(rssAfterGc() / 2 ** 20).toFixed(1));
      if (n === 199) {
        rss200 = rssAfterGc();
        heap200 = process.memoryUsage().heapUsed;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = performance.now() - started;
  // Sockets close and the last timers run out after close(): wait, bounded, for the baseline.
  const settleStart = performance.now();
  while (resources().join() !== baseline.join() && performance.now() - settleStart < SETTLE_MS) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const rssEnd = rssAfterGc();
  const result = {
    pairs: PAIRS,
    concurrency: CONCURRENCY,
    wallMs: Math.round(wallMs),
    settleMs: Math.round(performance.now() - settleStart),
    baseline,
    after: resources(),
    rss200MiB: +(rss200 / 2 ** 20).toFixed(1),
    rssEndMiB: +(rssEnd / 2 ** 20).toFixed(1),
    heap200MiB: +(heap200 / 2 ** 20).toFixed(1),
    heapEndMiB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1),
    externalEndMiB: +(process.memoryUsage().external / 2 ** 20).toFixed(1),
    rssSamples,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
