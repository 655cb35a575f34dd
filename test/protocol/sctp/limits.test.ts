// Reassembly memory against a peer that sends too much (RFC 8841 §6, RFC 9260 §6.2): a
// message over maxReceiveMessageSize is refused as its fragments arrive, never held whole,
// and messages on other streams keep flowing; partial messages on many streams stay within
// the receive window.
import assert from 'node:assert/strict';
import { ChunkType } from '../../../src/protocol/sctp/constants.js';
import type { DataChunk } from '../../../src/protocol/sctp/chunk-data.js';
import { Reassembly } from '../../../src/protocol/sctp/reassembly.js';
import { SimNetwork } from './sim.js';

function fragment(tsn: number, streamId: number, ssn: number, bytes: number, beginning: boolean, ending: boolean, unordered = false): DataChunk {
  return { type: ChunkType.DATA, unordered, beginning, ending, immediate: false, tsn, streamId, ssn, ppid: 53, userData: new Uint8Array(bytes).fill(tsn & 0xff) };
}

/** `count` fragments of `bytes` each, one message, from TSN `first`. */
function message(first: number, streamId: number, ssn: number, count: number, bytes = 1000, unordered = false): DataChunk[] {
  return Array.from({ length: count }, (_, i) => fragment(first + i, streamId, ssn, bytes, i === 0, i === count - 1, unordered));
}

describe('sctp/limits: reassembly', () => {
  it('refuses a 4 MB message over a 64 KiB limit after 64 KiB, holding no more, and delivers the next one', () => {
    const r = new Reassembly(65536);
    let most = 0;
    for (const c of message(1, 1, 0, 4000)) {
      r.add(c);
      most = Math.max(most, r.bufferedBytes);
    }
    assert.ok(most <= 65536, `held at most ${most} bytes`);
    assert.equal(r.bufferedBytes, 0);
    assert.deepEqual(r.oversized, [1]);
    assert.equal(r.refusedFragments, 4000);
    for (const c of message(4001, 1, 1, 60)) r.add(c);
    for (const c of message(4061, 2, 0, 3, 1000, true)) r.add(c);
    assert.deepEqual(r.delivered.map((m) => [m.streamId, m.data.length]), [[2, 3000]], 'stream 1 waits for the refused SSN; stream 2 flows');
  });

  it('refuses it the same way when the fragments arrive in reverse, once the first arrives, and drops those after', () => {
    const r = new Reassembly(10_000);
    const frags = message(100, 3, 0, 50, 1000, true);
    for (const c of frags.slice(0, 30).reverse()) r.add(c);
    assert.deepEqual(r.oversized, [3]);
    assert.equal(r.bufferedBytes, 0);
    for (const c of frags.slice(30)) r.add(c);
    assert.equal(r.bufferedBytes, 0);
    assert.equal(r.refusedFragments, 50);
    assert.equal(r.delivered.length, 0);
  });

  it('keeps messages up to the limit, single-chunk and fragmented, ordered and unordered', () => {
    const r = new Reassembly(5000);
    r.add(fragment(1, 0, 0, 5000, true, true));
    for (const c of message(2, 0, 1, 5)) r.add(c);
    for (const c of message(7, 4, 0, 5, 1000, true)) r.add(c);
    r.add(fragment(12, 0, 2, 5001, true, true));
    assert.deepEqual(r.delivered.map((m) => m.data.length), [5000, 5000, 5000]);
    assert.deepEqual(r.oversized, [0]);
  });
});

describe('sctp/limits: associations', function () {
  this.timeout(60_000);

  it('a peer sending 1 MiB past a 64 KiB a=max-message-size: refused and reported, other streams go on', () => {
    const net = new SimNetwork({ delayMs: 5, seed: 3 }, { maxMessageSize: 2 ** 20 }, { maxReceiveMessageSize: 65536 });
    net.connect();
    net.a.send(1, 53, new Uint8Array(2 ** 20), undefined, net.now);
    for (let i = 0; i < 100; i++) net.a.send(3, 51, new Uint8Array(100).fill(i), undefined, net.now);
    let most = 0;
    net.onEvent = () => {
      most = Math.max(most, (net.b as unknown as { reassembly: Reassembly }).reassembly.bufferedBytes);
    };
    net.run(() => net.events.b.filter((e) => e.type === 'message').length === 100 && net.has('b', 'message-too-large'));
    assert.deepEqual(
      net.events.b.filter((e) => e.type === 'message-too-large'),
      [{ type: 'message-too-large', streamId: 1 }],
    );
    assert.ok(most <= 65536 + 1200, `b held at most ${most} bytes`);
    // The association is healthy: more data flows after the refusal.
    net.a.send(3, 51, Uint8Array.of(7), undefined, net.now);
    net.run(() => net.events.b.filter((e) => e.type === 'message').length === 101);
  });

  it('partial messages on 1000 streams that never finish stay within twice the receive window', () => {
    const window = 256 * 1024;
    const net = new SimNetwork({ delayMs: 5, seed: 5 }, { maxMessageSize: 2 ** 20, receiveWindowBytes: window });
    net.connect();
    // Every last fragment is lost for good: 1000 messages of 20 kB that never complete.
    net.dropIf = (from, packet) => from === 'a' && packet.length > 28 && (packet[12] === 0 && ((packet[13]! & 0x01) !== 0));
    for (let s = 0; s < 1000; s++) net.a.send(s, 53, new Uint8Array(20_000), undefined, net.now);
    let most = 0;
    const start = net.now;
    net.onEvent = () => undefined;
    net.run(() => {
      most = Math.max(most, (net.b as unknown as { reassembly: Reassembly }).reassembly.bufferedBytes);
      return net.now - start > 5_000;
    });
    assert.ok(most > 0 && most <= 2 * window, `b held at most ${most} bytes`);
  });
});
