// Reliable data channels through the whole stack on an impaired network: ordered channels
// deliver every byte of every message exactly once and in order, unordered ones exactly once
// (RFC 8831 §6.6; SCTP fragmentation and reassembly under DTLS).
import assert from 'node:assert/strict';
import { describeMessage, indexOf, indexed, payload, sameMessage, textOfSize } from './messages.js';
import { BASE_SEED, IMPAIRMENTS, StackPair, messagesOn, type SimPeer } from './sim.js';

const COUNT = 80;
const SIZES = [0, 1, 1200, 16 * 1024, 64 * 1024, 256 * 1024];

/** Every size as string and binary, twice, in an interleaved order; tagged by `tag`. */
function mixedMessages(tag: number): Array<string | Uint8Array> {
  const out: Array<string | Uint8Array> = [];
  let n = tag * 1000;
  for (let round = 0; round < 2; round++) {
    const sizes = round === 0 ? SIZES : [...SIZES].reverse();
    for (const size of sizes) {
      out.push(textOfSize(n++, size));
      out.push(payload(n++, size));
    }
  }
  return out;
}

/** Fails with the first difference between what was sent and what arrived, in order. */
function assertSameSequence(got: Array<string | Uint8Array>, sent: Array<string | Uint8Array>, what: string): void {
  for (let i = 0; i < Math.min(got.length, sent.length); i++) {
    if (!sameMessage(got[i]!, sent[i]!)) {
      assert.fail(`${what}: message ${i} is ${describeMessage(got[i]!)}, expected ${describeMessage(sent[i]!)}`);
    }
  }
  assert.equal(got.length, sent.length, `${what}: ${got.length} messages arrived, ${sent.length} sent`);
}

function received(p: SimPeer, id: number): Array<string | Uint8Array> {
  return messagesOn(p, id).map((m) => m.data);
}

describe('TransportStack: reliable data channels', () => {
  IMPAIRMENTS.forEach(({ name, link }, i) => {
    describe(name, () => {
      it('an ordered channel delivers mixed sizes, string and binary, both ways, exactly once and in order', async () => {
        const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 20 + i } });
        const { a, b } = pair;
        a.stack.openChannel({ id: 0, label: 'bulk', ordered: true, negotiated: false }, pair.nowMs);
        pair.connect();
        pair.run(() => pair.has(b, (e) => e.type === 'channel-opened' && e.id === 0));
        const fromA = mixedMessages(1);
        const fromB = mixedMessages(2);
        // Half queued at once, half trickled in while the first half is in flight.
        const half = fromA.length / 2;
        for (let k = 0; k < half; k++) {
          a.stack.send(0, fromA[k]!, pair.nowMs);
          b.stack.send(0, fromB[k]!, pair.nowMs);
        }
        for (let k = half; k < fromA.length; k++) {
          pair.advanceTo(pair.nowMs + 7);
          a.stack.send(0, fromA[k]!, pair.nowMs);
          b.stack.send(0, fromB[k]!, pair.nowMs);
        }
        pair.run(() => received(b, 0).length >= fromA.length && received(a, 0).length >= fromB.length, { maxTimeMs: 300_000 });
        // Linger: nothing more (a late duplicate) may turn up.
        pair.advanceTo(pair.nowMs + 5000);
        assertSameSequence(received(b, 0), fromA, 'a→b');
        assertSameSequence(received(a, 0), fromB, 'b→a');
        // The empty messages keep their kind (RFC 8831 §6.6 PPIDs 56 and 57).
        const empties = received(b, 0).filter((m) => (typeof m === 'string' ? m.length : m.byteLength) === 0);
        assert.deepEqual(empties.map((m) => typeof m), ['string', 'object', 'string', 'object']);
        for (const p of [a, b]) {
          assert.ok(!pair.has(p, (e) => e.type === 'channel-closed' || e.type === 'sctp-state' && e.state === 'closed'), `${p.name} closed`);
        }
        assert.equal(a.stack.bufferedAmount(0), 0);
        assert.equal(b.stack.bufferedAmount(0), 0);
      });

      it('an unordered reliable channel delivers every message exactly once', async () => {
        const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 30 + i } });
        const { a, b } = pair;
        pair.connect();
        a.stack.openChannel({ id: 2, label: 'unordered', ordered: false, negotiated: false }, pair.nowMs);
        b.stack.openChannel({ id: 5, label: 'unordered negotiated', ordered: false, negotiated: true }, pair.nowMs);
        a.stack.openChannel({ id: 5, label: 'unordered negotiated', ordered: false, negotiated: true }, pair.nowMs);
        pair.run(() => pair.has(b, (e) => e.type === 'channel-opened' && e.id === 2));
        assert.equal(pair.eventsOf(b, 'channel-opened')[0]!.options.ordered, false);
        // Sizes from one byte past the tag to several fragments; 80 messages each way per channel.
        const sizes = [4, 5, 300, 1100, 1300, 5000, 20_000, 40_000];
        const sent: Record<string, Uint8Array[]> = { a2: [], b2: [], a5: [], b5: [] };
        for (let k = 0; k < COUNT; k++) {
          for (const [p, key, id] of [[a, 'a2', 2], [b, 'b2', 2], [a, 'a5', 5], [b, 'b5', 5]] as const) {
            const m = indexed(k, sizes[(k + id) % sizes.length]!);
            sent[key]!.push(m);
            p.stack.send(id, m, pair.nowMs);
          }
          if (k % 10 === 9) pair.advanceTo(pair.nowMs + 20);
        }
        const done = (): boolean =>
          received(b, 2).length >= COUNT && received(a, 2).length >= COUNT && received(b, 5).length >= COUNT && received(a, 5).length >= COUNT;
        pair.run(done, { maxTimeMs: 300_000 });
        pair.advanceTo(pair.nowMs + 5000);
        for (const [p, key, id] of [[b, 'a2', 2], [a, 'b2', 2], [b, 'a5', 5], [a, 'b5', 5]] as const) {
          const got = received(p, id);
          const indices = got.map(indexOf);
          assert.equal(new Set(indices).size, indices.length, `${key}: a message arrived twice`);
          assert.equal(got.length, COUNT, `${key}: ${got.length} of ${COUNT} arrived`);
          for (const m of got) assert.ok(sameMessage(m, sent[key]![indexOf(m)]!), `${key}: message ${indexOf(m)} altered`);
        }
      });
    });
  });
});
