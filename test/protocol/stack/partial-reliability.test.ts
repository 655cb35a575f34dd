// Partially reliable data channels (RFC 8831 §6.1, RFC 3758 PR-SCTP) through the whole stack:
// maxRetransmits and maxPacketLifeTime bound the effort spent on a message, so under loss some
// messages are abandoned; none is ever delivered twice, ordered channels stay in order, and
// the channel keeps carrying later messages.
import assert from 'node:assert/strict';
import { indexOf, indexed, sameMessage } from './messages.js';
import { BASE_SEED, IMPAIRMENTS, StackPair, messagesOn, type SimPeer } from './sim.js';

interface Flow {
  from: SimPeer;
  to: SimPeer;
  id: number;
  ordered: boolean;
  /** Simulated send time of each message, by index. */
  sentAtMs: number[];
  sent: Uint8Array[];
}

/** What arrived on a flow: indices and arrival times, checked for integrity and duplicates. */
function arrivals(flow: Flow): Array<{ index: number; atMs: number }> {
  const out = messagesOn(flow.to, flow.id).filter((m) => m.data !== 'hello').map((m) => {
    const index = indexOf(m.data);
    assert.ok(index < flow.sent.length && sameMessage(m.data, flow.sent[index]!), `${flowName(flow)}: message ${index} altered`);
    return { index, atMs: m.atMs };
  });
  const indices = out.map((x) => x.index);
  assert.equal(new Set(indices).size, indices.length, `${flowName(flow)}: a message arrived twice: ${indices.join(',')}`);
  if (flow.ordered) {
    for (let k = 1; k < indices.length; k++) {
      assert.ok(indices[k]! > indices[k - 1]!, `${flowName(flow)}: out of order on an ordered channel: ${indices.join(',')}`);
    }
  }
  return out;
}

function flowName(flow: Flow): string {
  return `${flow.from.name}→${flow.to.name} on ${flow.id}`;
}

/** Sends `count` messages on every flow, one per flow each `intervalMs` (0: all at once). */
function sendPaced(pair: StackPair, flows: Flow[], count: number, intervalMs: number, sizeOf: (k: number) => number): void {
  for (let k = 0; k < count; k++) {
    for (const f of flows) {
      const m = indexed(f.sent.length, sizeOf(k));
      f.sent.push(m);
      f.sentAtMs.push(pair.nowMs);
      f.from.stack.send(f.id, m, pair.nowMs);
    }
    pair.advanceTo(pair.nowMs + intervalMs);
  }
}

/** Heals the link (no loss, duplication or reordering), sends a few more, and expects them all. */
function sendAfterHealing(pair: StackPair, flows: Flow[]): void {
  pair.link = { ...pair.link, lossRate: 0, duplicateRate: 0, jitterMs: 0 };
  // Let a retransmission timer backed off by the lossy phase (RTO.Max is 10 s) fire first:
  // until it does the sender may legitimately hold new data, and timed messages expire.
  pair.advanceTo(pair.nowMs + 11_000);
  const first = flows.map((f) => f.sent.length);
  sendPaced(pair, flows, 20, 10, () => 700);
  pair.advanceTo(pair.nowMs + 3000);
  flows.forEach((f, n) => {
    const late = arrivals(f).filter((x) => x.index >= first[n]!).map((x) => x.index);
    assert.deepEqual(late, Array.from({ length: 20 }, (_, k) => first[n]! + k), `${flowName(f)}: after healing`);
    assert.equal(f.from.stack.bufferedAmount(f.id), 0, `${flowName(f)}: still buffered`);
  });
}

/** Opens the flows' channels from `a` with DCEP and waits until `b` has them all. */
function openAll(pair: StackPair, channels: Array<{ id: number; ordered: boolean; maxRetransmits?: number; maxPacketLifeTime?: number }>): Flow[] {
  const { a, b } = pair;
  for (const c of channels) a.stack.openChannel({ ...c, label: `pr-${c.id}`, negotiated: false }, pair.nowMs);
  pair.run(() => channels.every((c) => pair.has(b, (e) => e.type === 'channel-opened' && e.id === c.id)));
  for (const c of channels) {
    const o = pair.eventsOf(b, 'channel-opened').find((e) => e.id === c.id)!.options;
    assert.equal(o.maxRetransmits, c.maxRetransmits);
    assert.equal(o.maxPacketLifeTime, c.maxPacketLifeTime);
  }
  // RFC 8832 §6: until a's DATA_CHANNEL_ACK arrives a sends ordered, and only a message
  // from b proves to a that b has the channel; greet until a has heard from b everywhere, so
  // what the test sends afterwards goes with the channel's own ordering.
  for (let round = 0; !channels.every((c) => messagesOn(a, c.id).length > 0); round++) {
    if (round > 200) assert.fail('b never got a greeting through');
    for (const c of channels) if (messagesOn(a, c.id).length === 0) b.stack.send(c.id, 'hello', pair.nowMs);
    pair.advanceTo(pair.nowMs + 50);
  }
  // Both directions: b applies the reliability it learned from DATA_CHANNEL_OPEN.
  return channels.flatMap((c) => [
    { from: a, to: b, id: c.id, ordered: c.ordered, sentAtMs: [], sent: [] },
    { from: b, to: a, id: c.id, ordered: c.ordered, sentAtMs: [], sent: [] },
  ]);
}

describe('TransportStack: partially reliable data channels', () => {
  IMPAIRMENTS.forEach(({ name, link }, i) => {
    describe(name, () => {
      it('maxRetransmits: 0 loses some messages under loss, never duplicates, and keeps working', async () => {
        const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 40 + i } });
        pair.connect();
        const flows = openAll(pair, [
          { id: 0, ordered: false, maxRetransmits: 0 },
          { id: 2, ordered: true, maxRetransmits: 0 },
        ]);
        const count = 150;
        sendPaced(pair, flows, count, 10, (k) => (k % 7 === 3 ? 2500 : 900));
        pair.advanceTo(pair.nowMs + 3000);
        for (const f of flows) {
          const got = arrivals(f);
          // Later messages still arrive while the link is lossy. (At 20% loss a sender can
          // legitimately stall for seconds: two losses of one reliable chunk, e.g. a DCEP
          // ACK, wait for T3-rtx with an RTO still backed off from handshake losses, and a
          // receiver bounds the gaps it tracks; the healing phase checks that case.)
          if (link.lossRate <= 0.05) {
            assert.ok(got.length > 0, `${flowName(f)}: nothing arrived`);
            assert.ok(got.some((x) => x.index >= count - 30), `${flowName(f)}: none of the last 30 arrived`);
          }
          // One transmission per chunk and no retransmission: a lost datagram is a lost message.
          if (link.lossRate > 0) assert.ok(got.length < count, `${flowName(f)}: all ${count} arrived at ${name}`);
        }
        sendAfterHealing(pair, flows);
      });

      // Currently fails (at 20% loss with the default seed, at every level with others) because
      // of the SendQueue.next bug described at the last test below: the tail fragments of a
      // message that packet filling split are sent after the message expired.
      it('maxPacketLifeTime: nothing is (re)transmitted after the lifetime, never duplicated, keeps working', async () => {
        const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 50 + i } });
        pair.connect();
        const lifetimeMs = 100;
        const flows = openAll(pair, [
          { id: 4, ordered: false, maxPacketLifeTime: lifetimeMs },
          { id: 6, ordered: true, maxPacketLifeTime: lifetimeMs },
        ]);
        const count = 120;
        sendPaced(pair, flows, count / 2, 10, (k) => (k % 5 === 2 ? 3000 : 1000));
        // A burst larger than the congestion window: its tail waits in the send queue past its
        // lifetime and must be abandoned there rather than sent late (RFC 3758 §3.5 A3).
        sendPaced(pair, flows, count / 2, 0, () => 1150);
        pair.advanceTo(pair.nowMs + 3000);
        // A datagram spends at most delayMs + jitterMs on the link; a chunk last (re)transmitted
        // before its message expired therefore arrives by sentAt + lifetime + that. An unordered
        // message is delivered the moment its last fragment arrives, so this bounds delivery.
        const maxOneWayMs = pair.link.delayMs + pair.link.jitterMs;
        for (const f of flows) {
          const got = arrivals(f);
          if (link.lossRate <= 0.05) {
            // (At 20% loss a T3-rtx stall may outlast every lifetime; see above.)
            assert.ok(got.length > 0, `${flowName(f)}: nothing arrived`);
            assert.ok(got.some((x) => x.index >= count / 2 - 15 && x.index < count / 2), `${flowName(f)}: none of the last paced ones arrived`);
          }
          if (!f.ordered) {
            for (const x of got) {
              const lateMs = x.atMs - (f.sentAtMs[x.index]! + lifetimeMs + maxOneWayMs);
              assert.ok(lateMs <= 1e-6, `${flowName(f)}: message ${x.index} sent at ${f.sentAtMs[x.index]} arrived ${lateMs.toFixed(1)} ms after its lifetime could allow (t=${x.atMs})`);
            }
          }
        }
        sendAfterHealing(pair, flows);
      });
    });
  });

  it('without loss or reordering, maxRetransmits: 0 delivers everything', async () => {
    const pair = await StackPair.create({ link: { lossRate: 0, duplicateRate: 0, delayMs: 8, jitterMs: 0, seed: BASE_SEED * 100 + 60 } });
    pair.connect();
    const flows = openAll(pair, [
      { id: 0, ordered: false, maxRetransmits: 0 },
      { id: 2, ordered: true, maxRetransmits: 0 },
    ]);
    sendPaced(pair, flows, 100, 5, (k) => 200 + ((k * 37) % 3000));
    pair.advanceTo(pair.nowMs + 2000);
    for (const f of flows) assert.equal(arrivals(f).length, 100, flowName(f));
  });

  // BUG (src/protocol/sctp/send-queue.ts, SendQueue.next): once the first fragment of a
  // message has been cut, its remaining fragments are sent whenever the congestion window
  // allows, without checking the message's lifetime, so a timed-reliability message is still
  // transmitted (and delivered) long after maxPacketLifeTime. RFC 3758 §3.5 A3 / W3C
  // maxPacketLifeTime: no (re)transmission after the lifetime.
  it('maxPacketLifeTime bounds the fragments of a large message too', async () => {
    const pair = await StackPair.create({ link: { lossRate: 0, duplicateRate: 0, delayMs: 10, jitterMs: 0, seed: BASE_SEED * 100 + 61 } });
    pair.connect();
    const { a, b } = pair;
    const lifetimeMs = 20;
    a.stack.openChannel({ id: 3, label: 'timed', ordered: false, maxPacketLifeTime: lifetimeMs, negotiated: true }, pair.nowMs);
    b.stack.openChannel({ id: 3, label: 'timed', ordered: false, maxPacketLifeTime: lifetimeMs, negotiated: true }, pair.nowMs);
    // 64 KiB is ~55 DATA chunks: far more than the initial congestion window (RFC 9260 §7.2.1),
    // so most fragments could only leave after several round trips of 20 ms.
    const sentAtMs = pair.nowMs;
    a.stack.send(3, indexed(0, 64 * 1024), pair.nowMs);
    let dtlsAfterExpiry = 0;
    pair.onTransmit = (p, data, nowMs) => {
      if (p === a && data[0]! >= 20 && data[0]! <= 63 && nowMs > sentAtMs + lifetimeMs) dtlsAfterExpiry++;
    };
    pair.advanceTo(pair.nowMs + 2000);
    const got = messagesOn(b, 3);
    for (const m of got) {
      assert.ok(m.atMs <= sentAtMs + lifetimeMs + 10, `delivered ${m.atMs - sentAtMs} ms after send with maxPacketLifeTime ${lifetimeMs}`);
    }
    // After expiry a needs at most a FORWARD TSN (and its retransmissions) and some SACKs.
    assert.ok(dtlsAfterExpiry <= 10, `${dtlsAfterExpiry} datagrams sent after the only message expired`);
    // And the channel still works.
    a.stack.send(3, indexed(1, 100), pair.nowMs);
    pair.advanceTo(pair.nowMs + 500);
    assert.deepEqual(messagesOn(b, 3).map((m) => indexOf(m.data)).filter((n) => n === 1), [1]);
  });
});
