// RFC 6525 §5.1.1: an Outgoing SSN Reset Request is retransmitted on a timer with T3-rtx's
// rules (backed-off RTO, the association's error counter), so a reset either completes or
// the association fails; it never waits for ever.
import assert from 'node:assert/strict';
import { ChunkType, parsePacket } from '../../../src/protocol/sctp/index.js';
import { SimNetwork } from './sim.js';

/** Whether an SCTP packet carries an Outgoing SSN Reset Request. */
function isResetRequest(packet: Uint8Array): boolean {
  return parsePacket(packet).chunks.some((c) => c.type === ChunkType.RE_CONFIG && c.params.some((p) => p.kind === 'outgoing-reset'));
}

describe('SCTP stream reset retransmission (RFC 6525 §5.1.1)', () => {
  it('retransmits a lost request with a backed-off timer until it is answered', () => {
    const net = new SimNetwork({ delayMs: 5 }, { heartbeatIntervalMs: 0 });
    net.connect();
    const requestsAt: number[] = [];
    net.dropIf = (from, packet, now) => {
      if (from !== 'a' || !isResetRequest(packet)) return false;
      requestsAt.push(now);
      return requestsAt.length <= 3; // the first three are lost
    };
    net.a.resetStreams([3]);
    net.run(() => net.has('a', 'stream-reset-done') && net.has('b', 'stream-reset'), 100_000, 60_000);
    assert.equal(requestsAt.length, 4);
    const gaps = requestsAt.slice(1).map((t, i) => t - requestsAt[i]!);
    assert.ok(gaps[1]! > gaps[0]! && gaps[2]! >= gaps[1]!, `intervals ${gaps.join(', ')} do not back off`);
    assert.ok(Math.max(...gaps) <= 3000, `intervals ${gaps.join(', ')}`);
    assert.equal(net.has('a', 'closed'), false);
  });

  it('fails the association when the request is never answered (Association.Max.Retrans)', () => {
    const net = new SimNetwork({ delayMs: 5 }, { heartbeatIntervalMs: 0 });
    net.connect();
    net.a.send(1, 51, Uint8Array.of(1), undefined, net.now);
    net.run(() => net.events.b.some((e) => e.type === 'message'));
    for (let i = 0; i < 100 && net.step(); i++); // the SACK: nothing outstanding, no T3-rtx
    const from = net.now;
    let requests = 0;
    net.dropIf = (_from, packet) => {
      if (isResetRequest(packet)) requests++;
      return true; // the peer is gone
    };
    net.a.resetStreams([1]);
    net.a.send(3, 51, Uint8Array.of(2), undefined, net.now); // lost too; its stream is not reset
    net.run(() => net.has('a', 'closed'), 100_000, 120_000);
    const closed = net.events.a.find((e) => e.type === 'closed');
    assert.ok(closed?.type === 'closed', 'no closed event');
    // The request and the DATA share the error counter: the association gives up after
    // 11 timeouts in all, the request having gone at most that often.
    assert.ok(requests >= 2 && requests <= 11, `${requests} requests`);
    assert.ok(net.now - from <= 35_000, `closed ${net.now - from} ms after the request`);
  });

  it('a request alone (no data outstanding, no heartbeats) fails the association after Association.Max.Retrans timeouts', () => {
    const net = new SimNetwork({ delayMs: 5 }, { heartbeatIntervalMs: 0 });
    net.connect();
    const from = net.now;
    let requests = 0;
    net.dropIf = (_from, packet) => {
      if (isResetRequest(packet)) requests++;
      return true;
    };
    net.a.resetStreams([5]);
    net.run(() => net.has('a', 'closed'), 100_000, 120_000);
    const closed = net.events.a.find((e) => e.type === 'closed');
    assert.ok(closed?.type === 'closed' && closed.reason === 'stream reset request unanswered', JSON.stringify(closed));
    // The request and 10 retransmissions (RFC 9260 §16 Association.Max.Retrans), 1 s doubling to 3 s.
    assert.equal(requests, 11);
    assert.ok(net.now - from <= 31_000, `closed ${net.now - from} ms after the request`);
  });
});
