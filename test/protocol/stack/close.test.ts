// Closing data channels through the whole stack (RFC 8831 §6.7: each side resets its outgoing
// stream, RFC 6525): closing and closed on both sides whichever side closes, queued data
// delivered first, and the stream id free for a new channel afterwards.
import assert from 'node:assert/strict';
import { BASE_SEED, IMPAIRMENTS, StackPair, messagesOn, type SimPeer } from './sim.js';

/** The lifecycle events of one stream id, in order, after `fromIndex` in the log. */
function lifecycle(p: SimPeer, id: number, fromIndex = 0): string[] {
  return p.events.slice(fromIndex).flatMap(({ event: e }) => {
    if ('id' in e && e.id === id && e.type !== 'channel-buffered-amount') {
      return e.type === 'channel-message' ? ['message'] : [e.type.replace('channel-', '')];
    }
    return [];
  });
}

function texts(p: SimPeer, id: number): string[] {
  return messagesOn(p, id).map((m) => String(m.data));
}

describe('TransportStack: closing data channels', () => {
  IMPAIRMENTS.forEach(({ name, link }, i) => {
    it(`${name}: closes from each side, delivers what was queued, and reuses the stream ids`, async () => {
      const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 70 + i } });
      const { a, b } = pair;
      pair.connect();
      a.stack.openChannel({ id: 0, label: 'first', ordered: true, negotiated: false }, pair.nowMs);
      b.stack.openChannel({ id: 1, label: 'second', ordered: true, negotiated: false }, pair.nowMs);
      a.stack.openChannel({ id: 10, label: 'negotiated', ordered: true, negotiated: true }, pair.nowMs);
      b.stack.openChannel({ id: 10, label: 'negotiated', ordered: true, negotiated: true }, pair.nowMs);
      const hasEvent = (p: SimPeer, type: string, id: number, from = 0): boolean =>
        p.events.slice(from).some(({ event: e }) => e.type === type && 'id' in e && e.id === id);
      pair.run(() => hasEvent(b, 'channel-opened', 0) && hasEvent(a, 'channel-opened', 1));

      // a closes 0 right after queueing messages: they are delivered before the reset.
      for (let k = 0; k < 5; k++) a.stack.send(0, `last words ${k} ✓`, pair.nowMs);
      a.stack.closeChannel(0, pair.nowMs);
      pair.run(() => hasEvent(a, 'channel-closed', 0) && hasEvent(b, 'channel-closed', 0));
      assert.deepEqual(texts(b, 0), [0, 1, 2, 3, 4].map((k) => `last words ${k} ✓`));
      assert.deepEqual(lifecycle(a, 0), ['open', 'closing', 'closed']);
      assert.deepEqual(lifecycle(b, 0), ['opened', 'message', 'message', 'message', 'message', 'message', 'closing', 'closed']);

      // b closes 1 (the remote side of a's view).
      b.stack.send(1, 'bye from b', pair.nowMs);
      b.stack.closeChannel(1, pair.nowMs);
      pair.run(() => hasEvent(a, 'channel-closed', 1) && hasEvent(b, 'channel-closed', 1));
      assert.deepEqual(lifecycle(b, 1), ['open', 'closing', 'closed']);
      assert.deepEqual(lifecycle(a, 1), ['opened', 'message', 'closing', 'closed']);

      // Both close the negotiated channel at the same time.
      a.stack.closeChannel(10, pair.nowMs);
      b.stack.closeChannel(10, pair.nowMs);
      pair.run(() => hasEvent(a, 'channel-closed', 10) && hasEvent(b, 'channel-closed', 10));
      for (const p of [a, b]) assert.deepEqual(lifecycle(p, 10), ['open', 'closing', 'closed'], `${p.name} on 10`);

      // Linger: no event for a closed stream turns up late; the association stays up.
      pair.advanceTo(pair.nowMs + 3000);
      const mark = { a: a.events.length, b: b.events.length };
      for (const p of [a, b]) {
        assert.ok(!pair.has(p, (e) => e.type === 'sctp-state' && e.state === 'closed'), `${p.name}: association closed`);
      }

      // The ids are free again: reopen them, with the roles swapped for the in-band ones.
      b.stack.openChannel({ id: 0, label: 'reborn ♻', protocol: 'p2', ordered: true, negotiated: true }, pair.nowMs);
      a.stack.openChannel({ id: 0, label: 'reborn ♻', protocol: 'p2', ordered: true, negotiated: true }, pair.nowMs);
      b.stack.openChannel({ id: 1, label: 'again', ordered: false, negotiated: false }, pair.nowMs);
      a.stack.openChannel({ id: 10, label: 'ten', ordered: true, negotiated: false }, pair.nowMs);
      pair.run(() => hasEvent(a, 'channel-opened', 1, mark.a) && hasEvent(b, 'channel-opened', 10, mark.b));
      assert.equal(pair.eventsOf(a, 'channel-opened').find((e) => e.id === 1 && e.options.label === 'again')?.options.ordered, false);
      for (const id of [0, 1, 10]) {
        a.stack.send(id, `a again on ${id}`, pair.nowMs);
        b.stack.send(id, `b again on ${id}`, pair.nowMs);
      }
      const newTexts = (p: SimPeer, id: number): string[] => texts(p, id).filter((t) => t.includes('again on'));
      pair.run(() => [0, 1, 10].every((id) => newTexts(a, id).length > 0 && newTexts(b, id).length > 0));
      pair.advanceTo(pair.nowMs + 2000);
      for (const id of [0, 1, 10]) {
        assert.deepEqual(newTexts(b, id), [`a again on ${id}`]);
        assert.deepEqual(newTexts(a, id), [`b again on ${id}`]);
      }
      // And they close again cleanly.
      const before = { a: a.events.length, b: b.events.length };
      a.stack.closeChannel(1, pair.nowMs);
      b.stack.closeChannel(10, pair.nowMs);
      pair.run(() => [1, 10].every((id) => hasEvent(a, 'channel-closed', id, before.a) && hasEvent(b, 'channel-closed', id, before.b)));
      for (const p of [a, b]) {
        for (const id of [1, 10]) assert.deepEqual(lifecycle(p, id, before[p.name]), ['closing', 'closed'], `${p.name} on ${id}`);
      }
    });
  });

  /** b's reports, after a closes its whole stack, of the association's end and DTLS's. */
  async function endsSeenAfterPeerClose(link: { seed: number; jitterMs: number }): Promise<string[]> {
    const pair = await StackPair.create({ link: { lossRate: 0, duplicateRate: 0, delayMs: 5, ...link } });
    const { a, b } = pair;
    pair.connect();
    b.stack.openChannel({ id: 1, label: 'open at close', ordered: true, negotiated: false }, pair.nowMs);
    pair.run(() => pair.has(a, (e) => e.type === 'channel-opened' && e.id === 1));
    pair.advanceTo(pair.nowMs + 500);
    const from = b.events.length;
    a.stack.close(pair.nowMs);
    pair.drain();
    pair.advanceTo(pair.nowMs + 1000);
    return b.events.slice(from).flatMap(({ event: e }) => {
      if (e.type === 'sctp-state') return [`sctp ${e.state} (${e.reason ?? ''})`];
      if (e.type === 'dtls-state') return [`dtls ${e.state}`];
      return [];
    });
  }

  it('a peer that closes the whole stack: the other reports the association ended by its ABORT, then DTLS closed', async () => {
    // RFC 8831 §6.7: the ABORT goes out inside DTLS before close_notify; in order, the
    // association's end keeps the ABORT's reason and comes first.
    const ends = await endsSeenAfterPeerClose({ seed: BASE_SEED * 100 + 79, jitterMs: 0 });
    assert.equal(ends.length, 2, ends.join(', '));
    assert.match(ends[0]!, /^sctp closed \(peer-abort/);
    assert.equal(ends[1], 'dtls closed');
  });

  it('close_notify overtaking the ABORT: the association\'s end is reported once', async () => {
    for (let k = 0; k < 20; k++) {
      const ends = await endsSeenAfterPeerClose({ seed: BASE_SEED * 100 + 80 + k, jitterMs: 15 });
      assert.equal(ends.filter((x) => x.startsWith('sctp closed')).length, 1, ends.join(', '));
      assert.equal(ends.filter((x) => x === 'dtls closed').length, 1, ends.join(', '));
    }
  });
});
