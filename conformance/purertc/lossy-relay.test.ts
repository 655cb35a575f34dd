// Two peer connections on 127.0.0.1 through a seeded UDP relay that drops or mutates
// 10-20% of the datagrams for a while, then forwards cleanly: every message of a reliable
// ordered channel arrives, in order and intact, and bufferedAmount drains. Between two
// purertc peers SCTP has probed up to 16000-byte packets (both sides say
// a=x-purertc-max-datagram, the path is loopback), so a loss burst makes it fall back to
// 1200-byte packets with chunks cut at the larger size still outstanding. The same relay
// also runs between purertc and libdatachannel (node-datachannel). By default 20 seeds between
// purertc peers and 4 with libdatachannel; RELAY_SEEDS=n runs n of each, RELAY_SEED=k one,
// RELAY_LOSSY_MS=8000 impairs for as long as the problem was first seen with,
// RELAY_RECOVERY_MS changes the bound on recovery after healing (6000 ms).
import assert from 'node:assert/strict';
import { RTCPeerConnection as NdcPeerConnection } from 'node-datachannel/polyfill';
import { RTCPeerConnection } from '../../src/index.js';
import { mulberry32 } from '../../test/helpers/seeded-random.js';
import { once } from '../helpers/events.js';
import type { ChannelLike, PeerLike } from '../helpers/peers.js';
import { LossyRelay } from '../helpers/relay.js';

process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';

const COUNT = 1208;
/** How long the relay impairs datagrams (shortened from the 8 s the problem was seen with). */
const LOSSY_MS = Number(process.env.RELAY_LOSSY_MS ?? 1500);
/** Once the relay heals, everything arrives within this (wall) time. */
const RECOVERY_BOUND_MS = Number(process.env.RELAY_RECOVERY_MS ?? 6000);
/** Seeds run together (the time is mostly waiting). */
const PARALLEL = 4;

type Peer = PeerLike & { onicecandidate: unknown; ondatachannel: unknown };
const purertc = (): Peer => new RTCPeerConnection() as unknown as Peer;
const libdatachannel = (): Peer =>
  new NdcPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' } as unknown as ConstructorParameters<typeof NdcPeerConnection>[0]) as unknown as Peer;

/** Message `i` of a seed: its index first, then seeded bytes; 16 B to 16 KiB, some around 1200-byte packets. */
function message(rnd: () => number, i: number): Uint8Array {
  const sizes = [16, 300, 1171, 1172, 1173, 2345, 4000, 8000, 15_972, 16_384];
  const m = new Uint8Array(sizes[Math.floor(rnd() * sizes.length)]!);
  for (let k = 0; k < m.length; k++) m[k] = (i * 31 + k * 7) & 0xff;
  new DataView(m.buffer).setUint32(0, i);
  return m;
}

/** Both sides' candidates and descriptions go through the relay's rewriting. */
async function negotiate(relay: LossyRelay, a: Peer, b: Peer): Promise<void> {
  const trickle = (from: Peer, to: Peer): void => {
    from.addEventListener('icecandidate', (e: { candidate: { candidate: string; sdpMid?: string | null } | null }) => {
      const c = e.candidate;
      if (!c || !c.candidate) return;
      void relay.rewriteCandidate(c.candidate.replace(/^a=/, '')).then((candidate) => to.addIceCandidate({ candidate, sdpMid: c.sdpMid ?? '0' })).catch(() => undefined);
    });
  };
  trickle(a, b);
  trickle(b, a);
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription({ type: 'offer', sdp: await relay.rewriteSdp(a.localDescription!.sdp) });
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription({ type: 'answer', sdp: await relay.rewriteSdp(b.localDescription!.sdp) });
}

/** Collects binary messages on a channel; resolves once `count` arrived. */
function collect(channel: ChannelLike, count: number): { got: Array<{ atMs: number; data: Uint8Array }>; done: Promise<void> } {
  const got: Array<{ atMs: number; data: Uint8Array }> = [];
  channel.binaryType = 'arraybuffer';
  const done = new Promise<void>((resolve) => {
    channel.addEventListener('message', (e: { data: ArrayBuffer }) => {
      got.push({ atMs: performance.now(), data: new Uint8Array(e.data) });
      if (got.length === count) resolve();
    });
  });
  return { got, done };
}

interface Outcome {
  recoveryMs: number;
  relay: LossyRelay['counters'];
}

/**
 * One seed: a (purertc) opens a reliable ordered channel to b; once it is open, the relay
 * impairs for LOSSY_MS while a sends COUNT messages (and b sends `back` messages the other
 * way); then everything must arrive within RECOVERY_BOUND_MS of healing.
 */
async function runSeed(seed: number, makeB: () => Peer, back: number): Promise<Outcome> {
  const rnd = mulberry32(seed);
  const relay = new LossyRelay(seed);
  const a = purertc();
  const b = makeB();
  try {
    const ca = a.createDataChannel('bulk') as ChannelLike;
    const announced = once<{ channel: ChannelLike }>(b as unknown as EventTarget, 'datachannel', 10_000);
    await negotiate(relay, a, b);
    const cb = (await announced).channel;
    if (ca.readyState !== 'open') await once(ca as unknown as EventTarget, 'open', 10_000);
    const sent = Array.from({ length: COUNT }, (_, i) => message(rnd, i));
    const backSent = Array.from({ length: back }, (_, i) => message(rnd, i));
    const atB = collect(cb, COUNT);
    const atA = collect(ca, back);
    const healAt = relay.impairFor(LOSSY_MS, 0.1 + 0.1 * rnd());
    // The messages leave in bursts through the first half of the lossy phase.
    for (let i = 0, j = 0; i < COUNT; ) {
      for (const end = Math.min(COUNT, i + 40); i < end; i++) ca.send(sent[i]!);
      for (const end = Math.min(back, j + 10); j < end; j++) cb.send(backSent[j]!);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const limit = healAt + RECOVERY_BOUND_MS - performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limit);
    });
    await Promise.race([Promise.all([atB.done, back > 0 ? atA.done : Promise.resolve()]), late]);
    clearTimeout(timer);
    const what = `seed ${seed}: ${JSON.stringify(relay.counters)}`;
    assert.equal(atB.got.length, COUNT, `${what}: ${atB.got.length} of ${COUNT} arrived within ${RECOVERY_BOUND_MS} ms of healing; bufferedAmount ${ca.bufferedAmount}`);
    atB.got.forEach((m, i) => assert.ok(Buffer.from(m.data).equals(Buffer.from(sent[i]!)), `${what}: message ${i} differs (index ${new DataView(m.data.buffer).getUint32(0)})`));
    assert.equal(atA.got.length, back, `${what}: ${atA.got.length} of ${back} arrived the other way within ${RECOVERY_BOUND_MS} ms of healing; peer bufferedAmount ${cb.bufferedAmount}, channels ${ca.readyState}/${cb.readyState}`);
    atA.got.forEach((m, i) => assert.ok(Buffer.from(m.data).equals(Buffer.from(backSent[i]!)), `${what}: message ${i} back differs`));
    // bufferedAmount drains: it drops in a queued task once the last bytes went out.
    for (let k = 0; k < 100 && (ca.bufferedAmount > 0 || cb.bufferedAmount > 0); k++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(ca.bufferedAmount, 0, `${what}: purertc bufferedAmount`);
    assert.equal(cb.bufferedAmount, 0, `${what}: peer bufferedAmount`);
    const last = Math.max(...atB.got.map((m) => m.atMs), ...atA.got.map((m) => m.atMs));
    return { recoveryMs: Math.max(0, last - healAt), relay: { ...relay.counters } };
  } finally {
    a.close();
    b.close();
    relay.close();
  }
}

const env = process.env;
/** The seeds of one pairing: RELAY_SEED alone, else 1..RELAY_SEEDS, else 1..`fallback`. */
const seedsFor = (fallback: number): number[] => {
  if (env.RELAY_SEED !== undefined) return [Number(env.RELAY_SEED)];
  return Array.from({ length: Number(env.RELAY_SEEDS ?? fallback) }, (_, i) => i + 1);
};

async function runAll(seeds: number[], makeB: () => Peer, back: number): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let i = 0; i < seeds.length; i += PARALLEL) out.push(...(await Promise.all(seeds.slice(i, i + PARALLEL).map((s) => runSeed(s, makeB, back)))));
  return out;
}

function summary(name: string, seeds: number[], outcomes: Outcome[], wallMs: number): string {
  const total = outcomes.reduce((t, o) => ({ dropped: t.dropped + o.relay.dropped, mutated: t.mutated + o.relay.flipped + o.relay.truncated }), { dropped: 0, mutated: 0 });
  return `      ${name}: ${seeds.length}/${seeds.length} seeds delivered all ${COUNT} messages in ${(wallMs / 1000).toFixed(1)} s; longest recovery after healing ${Math.round(Math.max(...outcomes.map((o) => o.recoveryMs)))} ms; relay dropped ${total.dropped}, mutated ${total.mutated}`;
}

describe('a lossy, corrupting relay between two peers on loopback, then healing', function () {
  this.timeout(120_000 + 10 * (LOSSY_MS + RECOVERY_BOUND_MS));

  it('purertc <-> purertc (large datagrams probed): every message arrives, in order, and bufferedAmount drains', async () => {
    const seeds = seedsFor(20);
    const started = performance.now();
    const outcomes = await runAll(seeds, purertc, 200);
    console.log(summary('purertc <-> purertc', seeds, outcomes, performance.now() - started));
  });

  it('purertc <-> libdatachannel (node-datachannel): both directions recover', async () => {
    const seeds = seedsFor(4);
    const started = performance.now();
    const outcomes = await runAll(seeds, libdatachannel, 200);
    console.log(summary('purertc <-> libdatachannel', seeds, outcomes, performance.now() - started));
  });
});
