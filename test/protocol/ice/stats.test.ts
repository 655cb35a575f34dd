// What the ICE agent counts for getStats (W3C webrtc-stats RTCIceCandidatePairStats,
// RTCTransportStats, RTCIceCandidateStats), two agents on a simulated network.
import assert from 'node:assert/strict';
import type { IceSnapshot, PairSnapshot } from '../../../src/protocol/ice/index.js';
import { bothConnected, setupPair } from './fixtures.js';
import { SimNetwork, v4 } from './sim-network.js';

function selected(s: IceSnapshot): PairSnapshot {
  const pair = s.pairs.find((p) => p.ref === s.selectedPair);
  assert.ok(pair, 'the selected pair is among the pairs');
  return pair;
}

describe('ice/stats', () => {
  it('measures round trips from check and consent responses, and counts requests and responses each way', () => {
    // 10 ms each way: every round trip is exactly 20 ms of simulated time.
    const p = setupPair({ net: new SimNetwork({ delayMs: 10 }) });
    p.net.run(1000, () => bothConnected(p));
    const early = selected(p.a.agent.statsSnapshot());
    assert.equal(early.state, 'succeeded');
    assert.equal(early.counters.currentRoundTripMs, 20);
    assert.ok(early.counters.responsesReceived >= 1);
    // Two consent periods (5 s ± 20%) later, consent checks have added their round trips.
    p.net.run(13_000);
    for (const [me, peer] of [[p.a, p.b], [p.b, p.a]] as const) {
      const mine = selected(me.agent.statsSnapshot()).counters;
      const theirs = selected(peer.agent.statsSnapshot()).counters;
      assert.ok(mine.consentRequestsSent >= 2, `${me.name}: ${mine.consentRequestsSent} consent requests`);
      assert.ok(mine.requestsSent >= 1);
      assert.equal(mine.currentRoundTripMs, 20);
      assert.equal(mine.totalRoundTripMs, 20 * mine.responsesReceived, `${me.name}: every response gave one 20 ms sample`);
      // Nothing is lost: every request sent arrived and was answered, and every answer came back.
      assert.equal(theirs.requestsReceived, mine.requestsSent + mine.consentRequestsSent, `${peer.name} received ${me.name}'s requests`);
      assert.equal(theirs.responsesSent, theirs.requestsReceived);
      assert.equal(mine.responsesReceived, theirs.responsesSent, `${me.name} got ${peer.name}'s responses`);
    }
  });

  it('counts datagrams that are not STUN on the transport and on the pair they take', () => {
    const p = setupPair();
    p.net.run(1000, () => bothConnected(p));
    const before = p.b.agent.statsSnapshot();
    const record = new Uint8Array([23, 254, 253, 0, 1, 2, 3, 4]); // a DTLS-looking datagram
    for (let i = 0; i < 3; i++) {
      const tx = p.a.agent.send(record)!;
      p.a.agent.noteSent(tx.to, tx.from, tx.data.length, p.net.nowMs);
      p.net.sendData(p.a, record);
    }
    p.net.run(p.net.nowMs + 100);
    const a = p.a.agent.statsSnapshot();
    const b = p.b.agent.statsSnapshot();
    assert.deepEqual(a.traffic, { packetsSent: 3, bytesSent: 24, packetsReceived: 0, bytesReceived: 0 });
    assert.deepEqual(b.traffic, { packetsSent: 0, bytesSent: 0, packetsReceived: 3, bytesReceived: 24 });
    const sent = selected(a).counters;
    const received = selected(b).counters;
    assert.deepEqual([sent.packetsSent, sent.bytesSent, received.packetsReceived, received.bytesReceived], [3, 24, 3, 24]);
    assert.equal(sent.lastPacketSentMs, p.net.nowMs - 100);
    assert.ok(received.lastPacketReceivedMs > sent.lastPacketSentMs, 'received one link delay after it left');
    assert.equal(sent.lastPacketReceivedMs, -1, 'nothing came back');
    // A snapshot is a copy: the one taken before the traffic still says nothing arrived.
    assert.equal(before.traffic.packetsReceived, 0);
    assert.equal(selected(before).counters.packetsReceived, 0);
  });

  it('marks a peer-reflexive remote candidate as learnt until it is signalled', () => {
    const p = setupPair({ bToA: { candidateDelayMs: 3000 } });
    p.net.run(2000, () => bothConnected(p));
    const learnt = p.a.agent.statsSnapshot().remoteCandidates;
    assert.equal(learnt.length, 1);
    assert.equal(learnt[0]!.type, 'prflx');
    assert.equal(learnt[0]!.learned, true);
    p.net.run(4000);
    const signalled = p.a.agent.statsSnapshot().remoteCandidates;
    assert.equal(signalled[0]!.type, 'host');
    assert.equal(signalled[0]!.learned, false);
    assert.equal(signalled[0]!.ref, learnt[0]!.ref, 'the same candidate: its stats id does not change');
    assert.equal(p.b.agent.statsSnapshot().remoteCandidates[0]!.learned, false);
  });

  it('names the STUN server URL of a server-reflexive candidate', () => {
    const net = new SimNetwork();
    const server = v4('198.51.100.1', 3478);
    net.addStunServer(server, () => v4('203.0.113.9', 41000));
    const p = setupPair({ net });
    p.a.agent.addStunServer(server, 'stun:stun.example.org');
    net.run(5000);
    const locals = p.a.agent.statsSnapshot().localCandidates;
    const srflx = locals.find((c) => c.type === 'srflx');
    assert.ok(srflx);
    assert.deepEqual(
      { url: srflx.url, address: srflx.address, port: srflx.port, relatedAddress: srflx.relatedAddress, relatedPort: srflx.relatedPort },
      { url: 'stun:stun.example.org', address: '203.0.113.9', port: 41000, relatedAddress: '10.0.0.1', relatedPort: 5000 },
    );
    assert.equal(locals.find((c) => c.type === 'host')!.url, undefined);
  });

  it('counts a selection and its loss in selectedPairChanges', () => {
    const p = setupPair();
    assert.equal(p.a.agent.statsSnapshot().selectedPairChanges, 0);
    p.net.run(1000, () => bothConnected(p));
    assert.equal(p.a.agent.statsSnapshot().selectedPairChanges, 1);
    assert.notEqual(p.a.agent.statsSnapshot().selectedPair, undefined);
    // RFC 7675: no consent response for 30 s: the pair is given up.
    p.b.silent = true;
    p.net.run(p.net.nowMs + 40_000);
    assert.equal(p.a.agent.state, 'failed');
    const lost = p.a.agent.statsSnapshot();
    assert.equal(lost.selectedPairChanges, 2);
    assert.equal(lost.selectedPair, undefined);
    assert.ok(lost.pairs.length >= 1, 'the pair itself is still reported');
  });
});
