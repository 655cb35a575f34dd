// Handshake corner cases, partial reliability and stream reset on the simulated network.
import assert from 'node:assert/strict';
import {
  ChunkType,
  parsePacket,
  type DataChunk,
  type SctpMessageEvent,
} from '../../../src/protocol/sctp/index.js';
import { SimNetwork } from './sim.js';

function messages(net: SimNetwork, side: 'a' | 'b' = 'b'): SctpMessageEvent[] {
  return net.events[side].filter((e): e is SctpMessageEvent => e.type === 'message');
}

/** Records every DATA chunk a side puts on the wire, with the time. */
function tapData(net: SimNetwork, side: 'a' | 'b'): { at: number; chunk: DataChunk }[] {
  const out: { at: number; chunk: DataChunk }[] = [];
  net.onTransmit = (from, p, now) => {
    if (from !== side) return;
    for (const c of parsePacket(p).chunks) if (c.type === ChunkType.DATA) out.push({ at: now, chunk: { ...c, userData: c.userData.slice() } });
  };
  return out;
}

describe('SCTP association handshake, PR-SCTP and stream reset', function () {
  this.timeout(60_000);

  it('survives an INIT collision (RFC 9260 §5.2.1, §5.2.4)', () => {
    for (const seed of [1, 2, 3]) {
      const net = new SimNetwork({ delayMs: 10, seed });
      net.connect(true);
      net.a.send(0, 51, new Uint8Array([1]), undefined, net.now);
      net.b.send(1, 51, new Uint8Array([2]), undefined, net.now);
      net.run(() => messages(net, 'a').length === 1 && messages(net, 'b').length === 1);
      assert.equal(net.events.a.filter((e) => e.type === 'connected').length, 1);
      assert.equal(net.events.b.filter((e) => e.type === 'connected').length, 1);
    }
  });

  it('survives an INIT collision with loss', () => {
    const net = new SimNetwork({ delayMs: 10, lossRate: 0.25, seed: 4 });
    net.connect(true);
    net.a.send(0, 51, new Uint8Array([1]), undefined, net.now);
    net.run(() => messages(net).length === 1);
  });

  it('maxRetransmits=0 never retransmits and FORWARD TSN moves the peer along', () => {
    const net = new SimNetwork({ lossRate: 0.2, delayMs: 10, seed: 21 });
    net.connect();
    const wire = tapData(net, 'a');
    for (let i = 0; i < 300; i++) net.a.send(2, 53, new Uint8Array(3000).fill(i & 0xff), { maxRetransmits: 0 }, net.now);
    // Reliable marker afterwards on the same stream: it must arrive, in order.
    net.a.send(2, 51, new Uint8Array([9]), undefined, net.now);
    net.run(() => messages(net).some((m) => m.ppid === 51));
    const tsns = new Map<number, number>();
    for (const w of wire) if (w.chunk.ppid === 53) tsns.set(w.chunk.tsn, (tsns.get(w.chunk.tsn) ?? 0) + 1);
    assert.ok([...tsns.values()].every((n) => n === 1), 'each TSN sent once');
    assert.ok(net.a.stats.forwardTsnsSent > 0 && net.b.stats.forwardTsnsReceived > 0);
    assert.ok(net.a.stats.messagesAbandoned > 0);
    const got = messages(net);
    assert.ok(got.length < 301 && got.length > 50);
    // Whatever arrived is whole and in order.
    let last = -1;
    for (const m of got.slice(0, -1)) {
      assert.equal(m.data.length, 3000);
      const i = m.data[0]!;
      assert.ok(m.data.every((x) => x === i));
      assert.ok(((i - last) & 0xff) > 0 || last === -1);
      last = i;
    }
    assert.equal(got.at(-1)!.ppid, 51);
  });

  it('maxRetransmits=2 sends a chunk at most three times', () => {
    const net = new SimNetwork({ lossRate: 0.3, delayMs: 10, seed: 22 });
    net.connect();
    const wire = tapData(net, 'a');
    for (let i = 0; i < 100; i++) net.a.send(0, 53, new Uint8Array(500), { maxRetransmits: 2, unordered: true }, net.now);
    net.a.send(0, 51, new Uint8Array([1]), undefined, net.now);
    net.run(() => messages(net).some((m) => m.ppid === 51));
    const count = new Map<number, number>();
    for (const w of wire) count.set(w.chunk.tsn, (count.get(w.chunk.tsn) ?? 0) + 1);
    const max = Math.max(...[...count.entries()].filter(([t]) => wire.find((w) => w.chunk.tsn === t)!.chunk.ppid === 53).map(([, n]) => n));
    assert.ok(max <= 3, `sent ${max} times`);
  });

  it('maxPacketLifeTime stops retransmissions after the lifetime', () => {
    const net = new SimNetwork({ lossRate: 0.2, delayMs: 20, seed: 23 });
    net.connect();
    const wire = tapData(net, 'a');
    const sentAt = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const data = new Uint8Array(800);
      data[0] = i >>> 8;
      data[1] = i & 0xff;
      sentAt.set(i, net.now);
      net.a.send(3, 53, data, { maxPacketLifeTimeMs: 150 }, net.now);
      net.step();
    }
    net.a.send(3, 51, new Uint8Array([1]), undefined, net.now);
    net.run(() => messages(net).some((m) => m.ppid === 51));
    for (const w of wire) {
      if (w.chunk.ppid !== 53 || !w.chunk.beginning) continue;
      const i = (w.chunk.userData[0]! << 8) | w.chunk.userData[1]!;
      // A retransmission may leave exactly at expiry time, never after.
      assert.ok(w.at - sentAt.get(i)! <= 150, `message ${i} sent ${w.at - sentAt.get(i)!} ms after send()`);
    }
    assert.ok(net.b.stats.forwardTsnsReceived > 0);
  });

  it('resets a stream on both sides (RFC 6525) and restarts its SSNs', () => {
    const net = new SimNetwork({ delayMs: 5, lossRate: 0.1, seed: 31 });
    net.connect();
    for (let i = 0; i < 5; i++) net.a.send(7, 51, new Uint8Array([i]), undefined, net.now);
    net.a.resetStreams([7]);
    net.run(() => net.has('b', 'stream-reset') && net.has('a', 'stream-reset-done'));
    assert.equal(messages(net).length, 5, 'data queued before the reset arrives first');
    const reset = net.events.b.find((e) => e.type === 'stream-reset');
    assert.deepEqual(reset, { type: 'stream-reset', streamIds: [7] });
    // The peer resets its side too (as RFC 8831 §6.7 closing does).
    net.b.resetStreams([7]);
    net.run(() => net.has('a', 'stream-reset') && net.has('b', 'stream-reset-done'));
    // Stream 7 is usable again from SSN 0.
    net.a.send(7, 51, new Uint8Array([42]), undefined, net.now);
    net.run(() => messages(net).length === 6);
    assert.deepEqual(messages(net)[5]!.data, new Uint8Array([42]));
  });

  it('answers HEARTBEAT and keeps an idle association alive', () => {
    const net = new SimNetwork({ delayMs: 10 }, { heartbeatIntervalMs: 1000 });
    net.connect();
    const t0 = net.now;
    net.run(() => net.now > t0 + 20_000);
    assert.equal(net.a.associationState, 'established');
    assert.equal(net.has('a', 'closed'), false);
  });

  it('gives up with a closed event when the peer vanishes', () => {
    const net = new SimNetwork({ delayMs: 10 }, { rtoMaxMs: 2000 });
    net.connect();
    net.a.send(0, 53, new Uint8Array(100), undefined, net.now);
    net.a.pollTransmit(); // lost
    // Simulate the peer vanishing: stop delivering by dropping everything from now on.
    net.onTransmit = (_from, p) => {
      p[8] = p[8]! ^ 0xff; // corrupt checksums: every packet is dropped and counted
    };
    net.run(() => net.has('a', 'closed'), 100_000, 600_000);
    const e = net.events.a.find((x) => x.type === 'closed');
    assert.ok(e !== undefined && e.type === 'closed' && /retransmissions/.test(e.reason));
  });
});
