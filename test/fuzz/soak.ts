// Memory under a long stream of bad input: one engine instance (an established SCTP
// association, a connected DTLS connection, a connected ICE agent, a connected TransportStack)
// fed N fuzz inputs, with the heap measured after a full GC every N/10 inputs. Prints the
// growth; exits 1 when it passes the bound or the engine stopped working. The fuzz targets
// rebuild their engines every session, so this is where accumulation would show.
// `npm run fuzz:soak -- [--inputs=N]`; test/fuzz/fuzz.test.ts runs it with 10,000 inputs.
import fc from 'fast-check';
import v8 from 'node:v8';
import vm from 'node:vm';
import { packetChecksum, writeChecksum } from '../../src/protocol/sctp/crc32c.js';
import { makePair, SimulatedPair } from '../protocol/dtls/helpers.js';
import { bothConnected, setupPair } from '../protocol/ice/fixtures.js';
import { SimNetwork } from '../protocol/sctp/sim.js';
import { messagesOn, StackPair } from '../protocol/stack/sim.js';
import { bytesFrom } from './harness/mutate.js';
import { captured } from './targets/seeds.js';

/** Retained heap growth allowed over the whole soak. */
export const SOAK_BOUND_MIB = 16;

let gc: () => void = () => undefined;
let N = 0;

function heapMiB(): number {
  gc();
  const h = v8.getHeapStatistics();
  return (h.used_heap_size + h.external_memory) / 2 ** 20;
}

let failed = false;
let log: (line: string) => void = console.log;
async function soak(name: string, feed: (d: Uint8Array, i: number) => void, gen: fc.Arbitrary<Uint8Array>, works: () => boolean | Promise<boolean>): Promise<void> {
  const t0 = performance.now();
  const start = heapMiB();
  let peak = 0;
  let i = 0;
  for (let seed = 1; i < N; seed++) {
    // Batches of 1000, measured between batches so the batch itself is not counted.
    for (const d of fc.sample(gen, { numRuns: Math.min(1000, N - i), seed })) feed(d, i++);
    if (i % Math.max(1000, N / 10) === 0 || i >= N) peak = Math.max(peak, heapMiB() - start);
  }
  const ok = await works();
  const line = `${name.padEnd(18)} ${N} inputs in ${((performance.now() - t0) / 1000).toFixed(1)} s, retained heap growth at most ${peak.toFixed(1)} MiB, ${ok ? 'still works' : 'NO LONGER WORKS'}`;
  log(line);
  if (!ok || peak > SOAK_BOUND_MIB) failed = true;
}

/**
 * Packets that end or derail the association, rightly or as reported (docs/fuzzing.md), are
 * left out: INIT, INIT ACK, ABORT, SHUTDOWN*, COOKIE*, an empty DATA, SACK (b has nothing in
 * flight, so a SACK is either out of date or acknowledges a TSN never sent, which fails the
 * association), and FORWARD TSN (a New Cumulative TSN ahead makes later DATA duplicates).
 */
function endsAssociation(p: Uint8Array): boolean {
  for (let o = 12; o + 4 <= p.length; ) {
    const t = p[o]!;
    const len = (p[o + 2]! << 8) | p[o + 3]!;
    if ((t === 0 && len <= 16) || [1, 2, 3, 6, 7, 8, 10, 11, 14, 192].includes(t)) return true;
    if (len < 4) break;
    o += (len + 3) & ~3;
  }
  return false;
}

/** Runs every soak with `inputs` inputs each; true when all stayed in bounds and working. */
export async function runSoaks(inputs: number, print: (line: string) => void = console.log): Promise<boolean> {
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc') as () => void;
  N = inputs;
  log = print;
  failed = false;
  // An established SCTP association fed re-sealed packets under its own tag.
  {
    const net = new SimNetwork({ delayMs: 1 });
    net.connect();
    const tag = (net.b as unknown as { localTag: number }).localTag;
    await soak(
      'sctp-association',
      (raw, i) => {
        if (raw.length < 12 || endsAssociation(raw)) return;
        const p = raw.slice();
        p.set([0x13, 0x88, 0x13, 0x88, tag >>> 24, (tag >>> 16) & 0xff, (tag >>> 8) & 0xff, tag & 0xff], 0);
        writeChecksum(p, packetChecksum(p));
        net.b.handleInput(p, net.now);
        if (i % 100 === 0) net.b.handleTimeout((net.now += 1));
        for (let e = net.b.pollEvent(); e; e = net.b.pollEvent());
        for (let t = net.b.pollTransmit(); t; t = net.b.pollTransmit());
      },
      bytesFrom(captured('sctp'), { maxBytes: 2048 }),
      () => {
        net.a.send(2, 53, Uint8Array.of(0xa1), undefined, net.now);
        net.run(() => net.events.b.some((e) => e.type === 'message' && e.streamId === 2) || net.b.associationState === 'closed', 200_000, net.now + 900_000);
        return net.events.b.some((e) => e.type === 'message' && e.streamId === 2);
      },
    );
  }

  // A connected DTLS server fed datagrams.
  {
    const ends = await makePair({ seed: 3 });
    const pair = new SimulatedPair(ends);
    ends[0].start(0);
    pair.run(() => pair.bothConnected());
    await soak(
      'dtls-connection',
      (d) => {
        ends[1].handleInput(d, pair.nowMs);
        for (let t = ends[1].pollTransmit(); t; t = ends[1].pollTransmit());
        for (let e = ends[1].pollEvent(); e; e = ends[1].pollEvent());
      },
      bytesFrom(captured('dtls'), { maxBytes: 2048 }),
      () => {
        const mark = pair.events[1].length;
        ends[0].send(Uint8Array.of(1));
        pair.run(() => pair.events[1].slice(mark).some((e) => e.type === 'data'), pair.nowMs + 1000);
        return ends[1].state === 'connected' && pair.events[1].slice(mark).some((e) => e.type === 'data');
      },
    );
  }

  // A connected ICE agent fed datagrams from its peer's address.
  {
    const p = setupPair();
    p.net.run(10_000, () => bothConnected(p));
    const from = { family: 4 as const, address: '10.0.0.1', port: 5000 };
    const to = { family: 4 as const, address: '10.0.0.2', port: 6000 };
    await soak(
      'ice-agent',
      (d) => {
        p.b.agent.handleInput(d, from, to, p.net.nowMs);
        for (let t = p.b.agent.pollTransmit(); t; t = p.b.agent.pollTransmit());
      },
      bytesFrom(captured('stun'), { maxBytes: 2048 }),
      () => {
        p.net.run(p.net.nowMs + 12_000);
        return bothConnected(p);
      },
    );
  }

  // A connected TransportStack fed STUN and DTLS datagrams from its peer's address.
  {
    const pair = await StackPair.create({ link: { seed: 5, lossRate: 0, duplicateRate: 0, delayMs: 2, jitterMs: 2 } });
    pair.a.stack.openChannel({ id: 0, label: 'soak', ordered: true, negotiated: false }, pair.nowMs);
    pair.connect();
    pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-opened'));
    await soak(
      'transport-stack',
      (d, i) => {
        pair.b.stack.handleDatagram(d, pair.a.base, pair.b.base, pair.nowMs);
        pair.drain();
        if (i % 50 === 0) pair.advanceTo(pair.nowMs + 1);
      },
      bytesFrom([...captured('stun'), ...captured('dtls')], { maxBytes: 2048 }),
      () => {
        const before = messagesOn(pair.b, 0).length;
        pair.a.stack.send(0, 'after soak', pair.nowMs);
        try {
          pair.run(() => messagesOn(pair.b, 0).length > before, { maxTimeMs: 60_000 });
          return true;
        } catch {
          return false;
        }
      },
    );
  }
  return !failed;
}

if (process.argv[1]?.endsWith('soak.ts')) {
  const n = Number(process.argv.find((a) => a.startsWith('--inputs='))?.split('=')[1] ?? 100_000);
  process.exit((await runSoaks(n)) ? 0 : 1);
}
