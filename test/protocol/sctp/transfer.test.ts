// Two associations on a simulated lossy network: reliable ordered and unordered transfer,
// fragmentation, congestion control and throughput, in simulated time only.
import assert from 'node:assert/strict';
import type { SctpMessageEvent } from '../../../src/protocol/sctp/index.js';
import { mulberry32, SimNetwork, type LinkOptions } from './sim.js';

/** Deterministic content for message `i`: its index then a pattern. */
function payload(i: number, size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let k = 0; k < size; k++) b[k] = (i * 31 + k * 7) & 0xff;
  if (size >= 4) b.set([i >>> 24, i >>> 16, i >>> 8, i], 0);
  return b;
}

function messages(net: SimNetwork): SctpMessageEvent[] {
  return net.events.b.filter((e): e is SctpMessageEvent => e.type === 'message');
}

interface Plan {
  streamId: number;
  size: number;
  index: number;
}

/** Sends `count` messages of random sizes up to `maxSize` on `streams` streams, in bursts. */
function transfer(link: LinkOptions, count: number, maxSize: number, streams: number, unordered: boolean): SimNetwork {
  const net = new SimNetwork(link);
  net.connect();
  const rng = mulberry32((link.seed ?? 1) * 101);
  const plan: Plan[] = [];
  for (let i = 0; i < count; i++) {
    // Mostly small messages, some large ones, always the maximum once.
    const r = rng();
    const size = i === 3 ? maxSize : r < 0.7 ? 1 + Math.floor(rng() * 2000) : 1 + Math.floor(rng() * maxSize);
    plan.push({ streamId: Math.floor(rng() * streams), size, index: i });
  }
  let sent = 0;
  const pump = (): void => {
    // Keep about 1 MiB queued so the sender is never starved and memory stays bounded.
    while (sent < plan.length && net.a.bufferedAmount(plan[sent]!.streamId) < 1 << 20) {
      const p = plan[sent++]!;
      net.a.send(p.streamId, 53, payload(p.index, p.size), { unordered }, net.now);
    }
  };
  pump();
  net.onEvent = (s, e) => {
    if (s === 'a' && e.type === 'buffered-amount') pump();
  };
  net.run(() => messages(net).length >= count, 3_000_000, 3_600_000);
  const got = messages(net);
  assert.equal(got.length, count, 'every message exactly once');
  // Check content, exactly-once and per-stream order.
  const seen = new Set<number>();
  const lastPerStream = new Map<number, number>();
  for (const m of got) {
    const i = m.data.length >= 4 ? ((m.data[0]! << 24) | (m.data[1]! << 16) | (m.data[2]! << 8) | m.data[3]!) >>> 0 : -1;
    const p = i >= 0 ? plan[i] : plan.find((q) => q.size === m.data.length && !seen.has(q.index));
    assert.ok(p !== undefined, 'known message');
    assert.ok(!seen.has(p.index), `message ${p.index} delivered twice`);
    seen.add(p.index);
    assert.equal(m.streamId, p.streamId);
    assert.equal(m.unordered, unordered);
    assert.deepEqual(m.data, payload(p.index, p.size), `content of message ${p.index}`);
    if (!unordered) {
      const last = lastPerStream.get(p.streamId) ?? -1;
      assert.ok(p.index > last, `stream ${p.streamId}: ${p.index} after ${last}`);
      lastPerStream.set(p.streamId, p.index);
    }
  }
  return net;
}

describe('SCTP association transfer (simulated network)', function () {
  this.timeout(120_000);

  it('connects with INIT, INIT ACK, COOKIE ECHO, COOKIE ACK', () => {
    const net = new SimNetwork({ delayMs: 10 });
    net.connect();
    assert.equal(net.now, 40, 'two round trips');
    assert.equal(net.a.associationState, 'established');
    assert.equal(net.b.associationState, 'established');
  });

  it('connects despite 30% loss (T1 retransmissions)', () => {
    const net = new SimNetwork({ lossRate: 0.3, seed: 5 });
    net.connect();
    assert.equal(net.b.associationState, 'established');
  });

  for (const loss of [0, 0.05, 0.2]) {
    it(`delivers every byte in order with ${loss * 100}% loss, reordering and duplication`, () => {
      const net = transfer(
        { lossRate: loss, duplicateRate: 0.02, delayMs: 10, jitterMs: 4, seed: 3 + loss * 100 },
        loss === 0.2 ? 60 : 150,
        262144,
        4,
        false,
      );
      if (loss > 0) assert.ok(net.a.stats.retransmissions > 0);
    });
  }

  it('delivers unordered messages completely under 10% loss and reordering', () => {
    transfer({ lossRate: 0.1, jitterMs: 8, delayMs: 5, seed: 11 }, 120, 65536, 3, true);
  });

  it('fast-retransmits a single loss without waiting for T3', () => {
    const net = new SimNetwork({ delayMs: 10 });
    net.connect();
    let dropped = false;
    const tap = net.onTransmit;
    let n = 0;
    // Drop exactly the 5th DATA packet by corrupting it: the receiver counts a bad checksum.
    net.onTransmit = (from, p, now) => {
      tap?.(from, p, now);
      if (from === 'a' && p.length > 200 && ++n === 5 && !dropped) {
        dropped = true;
        p[20] = p[20]! ^ 0xff;
      }
    };
    for (let i = 0; i < 60; i++) net.a.send(0, 53, payload(i, 1000), undefined, net.now);
    net.run(() => messages(net).length === 60);
    assert.equal(net.b.stats.badChecksum, 1);
    assert.ok(net.a.stats.fastRetransmits >= 1, 'fast retransmit');
    assert.equal(net.a.stats.t3Expirations, 0);
  });

  /** Sends `total` bytes as 64 KiB messages on stream 0; returns the simulated time taken. */
  function bulk(net: SimNetwork, total: number): number {
    net.connect();
    const chunk = new Uint8Array(65536).fill(1);
    let queued = 0;
    const pump = (): void => {
      while (queued < total && net.a.bufferedAmount(0) < 2 * 1024 * 1024) {
        net.a.send(0, 53, chunk, undefined, net.now);
        queued += chunk.length;
      }
    };
    pump();
    net.onEvent = (s, e) => {
      if (s === 'a' && e.type === 'buffered-amount') pump();
    };
    let received = 0;
    const start = net.now;
    net.run(() => {
      for (const e of net.events.b) if (e.type === 'message') received += e.data.length;
      net.events.b.length = 0;
      return received >= total;
    });
    assert.equal(received, total);
    return net.now - start;
  }

  it('transfers 16 MiB in bounded simulated time on a lossless 100 Mbit/s, 20 ms RTT link', () => {
    const elapsed = bulk(new SimNetwork({ delayMs: 10, bytesPerMs: 12_500, maxQueueMs: 10_000 }), 16 * 1024 * 1024);
    // The wire alone needs 16 MiB / 12.5 kB/ms = 1.34 s; allow slow start and overheads.
    assert.ok(elapsed < 2000, `took ${elapsed} ms simulated`);
  });

  it('adds at most Max.Burst packets of new data to the flight per opportunity (RFC 9260 §6.1 D)', () => {
    const burstAfterWarmup = (maxBurst: number): number => {
      const net = new SimNetwork({ delayMs: 5 }, { maxBurst });
      net.connect();
      // Open the congestion window with 2 MiB, then, as soon as it has all arrived, queue
      // 256 KiB at once and count the packets that leave at that instant.
      for (let i = 0; i < 32; i++) net.a.send(1, 53, payload(i, 65536), undefined, net.now);
      net.run(() => messages(net).length >= 32, 100_000, 60_000);
      let packets = 0;
      const at = net.now;
      net.onTransmit = (from, _packet, nowMs) => {
        if (from === 'a' && nowMs === at) packets++;
      };
      net.a.send(1, 53, payload(99, 262144), undefined, net.now);
      net.drain();
      return packets;
    };
    assert.equal(burstAfterWarmup(4), 4);
    assert.ok(burstAfterWarmup(0) > 20, 'without the limit the open window leaves at once');
  });

  it('transfers 16 MiB through a drop-tail bottleneck (congestion losses)', () => {
    const net = new SimNetwork({ delayMs: 10, bytesPerMs: 12_500, maxQueueMs: 30 });
    const elapsed = bulk(net, 16 * 1024 * 1024);
    assert.ok(net.a.stats.retransmissions > 0, 'the queue overflowed');
    assert.ok(elapsed < 8000, `took ${elapsed} ms simulated`);
  });

  it('drops and counts packets with a bad checksum, a wrong tag or garbage', () => {
    const net = new SimNetwork();
    net.connect();
    net.a.send(0, 51, new Uint8Array([1, 2, 3]), undefined, net.now);
    const p = net.a.pollTransmit()!;
    const bad = p.slice();
    bad[bad.length - 1] ^= 1;
    net.b.handleInput(bad, net.now);
    assert.equal(net.b.stats.badChecksum, 1);
    net.b.handleInput(new Uint8Array([1, 2, 3]), net.now);
    assert.equal(net.b.stats.parseErrors, 1);
    net.b.handleInput(p, net.now);
    net.run(() => messages(net).length === 1);
  });

  it('shuts down gracefully after queued data is delivered', () => {
    const net = new SimNetwork({ lossRate: 0.1, seed: 9 });
    net.connect();
    for (let i = 0; i < 20; i++) net.a.send(0, 53, payload(i, 5000), undefined, net.now);
    net.a.close();
    net.run(() => net.has('a', 'closed') && net.has('b', 'closed'));
    assert.equal(messages(net).length, 20);
    const closed = net.events.a.find((e) => e.type === 'closed');
    assert.deepEqual(closed, { type: 'closed', reason: 'shutdown' });
    assert.equal(net.a.pollTimeout(), undefined);
  });

  it('abort closes both sides at once', () => {
    const net = new SimNetwork();
    net.connect();
    net.a.abort('bye');
    net.run(() => net.has('b', 'closed'));
    const e = net.events.b.find((x) => x.type === 'closed');
    assert.ok(e !== undefined && e.type === 'closed' && e.reason.includes('bye'));
    assert.throws(() => net.a.send(0, 51, new Uint8Array(1), undefined, net.now), { code: 'SCTP_INVALID_STATE' });
  });

  it('rejects empty and oversized messages and bad streams', () => {
    const net = new SimNetwork({}, { maxMessageSize: 1000 });
    net.connect();
    assert.throws(() => net.a.send(0, 53, new Uint8Array(0), undefined, 0), RangeError);
    assert.throws(() => net.a.send(0, 53, new Uint8Array(1001), undefined, 0), RangeError);
    assert.throws(() => net.a.send(70000, 53, new Uint8Array(1), undefined, 0), RangeError);
  });
});
