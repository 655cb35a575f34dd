// The UDP mux child: PAIRS pairs of RTCPeerConnections on 127.0.0.1 where one side of every
// pair shares a single UdpMux port and the other side has sockets of its own. Pairs open
// CONCURRENCY at a time and stay open; each echoes one message when it opens, and once all
// are open every pair echoes again at the same time. It prints one JSON line (open time,
// RSS and heap after GC before and with every pair open, the mux's counters, the ports the
// mux side used) and must then exit by itself after closing everything. Run with --expose-gc.
import { RTCPeerConnection, UdpMux, type RTCDataChannel } from '../../src/index.js';
import { offerAnswer, trickleBetween } from '../helpers/pair.js';

const PAIRS = Number(process.env.MUX_PAIRS ?? 500);
const CONCURRENCY = Number(process.env.MUX_CONCURRENCY ?? 16);
/** Bound for one pair from creation to its first echo. */
const PAIR_TIMEOUT_MS = 20_000;
/** Bound for the echo round with every pair open. */
const ROUND_TIMEOUT_MS = 20_000;

type Pc = InstanceType<typeof RTCPeerConnection>;

interface Pair {
  muxed: Pc;
  own: Pc;
  channel: RTCDataChannel;
  /** Sends `text` on the offerer's channel and waits for its echo. */
  echo(text: string, timeoutMs: number): Promise<void>;
}

function echoer(channel: RTCDataChannel): (text: string, timeoutMs: number) => Promise<void> {
  let waiting: { text: string; resolve: () => void; reject: (e: Error) => void } | undefined;
  channel.onmessage = (m) => {
    const w = waiting;
    if (!w) return;
    waiting = undefined;
    if (m.data === `echo ${w.text}`) w.resolve();
    else w.reject(new Error(`expected the echo of ${w.text}, got ${String(m.data)}`));
  };
  return (text, timeoutMs) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no echo of ${text} within ${timeoutMs} ms`)), timeoutMs);
      waiting = {
        text,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      channel.send(text);
    });
}

async function openPair(n: number, mux: UdpMux, certificates: unknown[]): Promise<Pair> {
  // The muxed side answers (and echoes); the other side offers, opens the channel and checks.
  const own: Pc = new RTCPeerConnection({ bindAddress: '127.0.0.1', certificates } as never);
  const muxed: Pc = new RTCPeerConnection({ udpMux: mux, certificates } as never);
  trickleBetween(own, muxed, () => undefined);
  muxed.ondatachannel = ({ channel }) => {
    channel.onmessage = (m) => channel.send(`echo ${String(m.data)}`);
  };
  const channel = own.createDataChannel(`mux ${n}`);
  const opened = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pair ${n}: not open within ${PAIR_TIMEOUT_MS} ms`)), PAIR_TIMEOUT_MS);
    channel.onopen = () => (clearTimeout(timer), resolve());
  });
  await offerAnswer(own, muxed);
  await opened;
  const echo = echoer(channel);
  await echo(`first ${n}`, PAIR_TIMEOUT_MS);
  return { muxed, own, channel, echo };
}

function gcMemory(): { rss: number; heap: number } {
  globalThis.gc!();
  globalThis.gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

/** The local ports in the muxed side's candidate pair stats (the mux's port, if all is well). */
async function muxedLocalPorts(pc: Pc): Promise<number[]> {
  const report = (await pc.getStats()) as Map<string, { type: string; port?: number }>;
  const ports: number[] = [];
  for (const s of report.values()) if (s.type === 'local-candidate' && typeof s.port === 'number') ports.push(s.port);
  return ports;
}

async function main(): Promise<void> {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  const mux = await UdpMux.bind({ address: '127.0.0.1' });
  const certificates = [await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as never)];
  // One pair first: the code paths are warm before the baseline is read.
  const warm = await openPair(-1, mux, certificates);
  const before = gcMemory();
  const started = performance.now();
  const pairs: Pair[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < PAIRS) {
      const n = next++;
      pairs.push(await openPair(n, mux, certificates));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const openMs = performance.now() - started;
  const roundStart = performance.now();
  await Promise.all(pairs.map((p, i) => p.echo(`round ${i}`, ROUND_TIMEOUT_MS)));
  const roundMs = performance.now() - roundStart;
  const withAll = gcMemory();
  const ports = new Set<number>();
  for (const p of pairs.slice(0, 20)) for (const port of await muxedLocalPorts(p.muxed)) ports.add(port);
  const stats = mux.stats();
  for (const p of [warm, ...pairs]) {
    p.own.close();
    p.muxed.close();
  }
  const afterClose = mux.stats();
  mux.close();
  console.log(
    JSON.stringify({
      pairs: pairs.length,
      muxPort: mux.port,
      muxedLocalPorts: [...ports],
      openMs: Math.round(openMs),
      roundMs: Math.round(roundMs),
      rssBeforeMiB: +(before.rss / 2 ** 20).toFixed(1),
      rssOpenMiB: +(withAll.rss / 2 ** 20).toFixed(1),
      heapBeforeMiB: +(before.heap / 2 ** 20).toFixed(1),
      heapOpenMiB: +(withAll.heap / 2 ** 20).toFixed(1),
      stats,
      afterClose,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
