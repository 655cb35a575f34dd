// What the TransportStack reports for getStats (W3C webrtc-stats RTCTransportStats,
// RTCIceCandidatePairStats, RTCDataChannelStats' byte counts) on a simulated network: the
// datagrams on the wire, counted where they leave and where they arrive.
import assert from 'node:assert/strict';
import type { StackStats } from '../../../src/protocol/stack/index.js';
import { StackPair, messagesOn, testCertificate, type SimPeer } from './sim.js';
import { payload, textOfSize } from './messages.js';

interface Tap {
  packets: number;
  bytes: number;
}

/** A pair on a clean link with a fixed 5 ms delay, and what each side put on the wire that is not STUN. */
async function tappedPair(extra: { purertcPeers?: boolean } = {}): Promise<{ pair: StackPair; wire: Record<'a' | 'b', Tap> }> {
  const wire = { a: { packets: 0, bytes: 0 }, b: { packets: 0, bytes: 0 } };
  const pair = await StackPair.create({
    ...extra,
    link: { lossRate: 0, duplicateRate: 0, delayMs: 5, jitterMs: 0, seed: 41 },
    // RFC 7983 §7: STUN starts with 0-3; everything else here is DTLS.
    onTransmit: (from, data) => {
      if (data[0]! <= 3) return;
      wire[from.name].packets++;
      wire[from.name].bytes += data.length;
    },
  });
  return { pair, wire };
}

function selectedCounters(s: StackStats) {
  const ice = s.ice!;
  const pair = ice.pairs.find((p) => p.ref === ice.selectedPair);
  assert.ok(pair, 'a selected pair among the pairs');
  return pair.counters;
}

function openChannel(pair: StackPair, id: number): void {
  pair.a.stack.openChannel({ id, label: 'stats', ordered: true, negotiated: false }, pair.nowMs);
  pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-opened' && e.id === id) && pair.has(pair.a, (e) => e.type === 'channel-open' && e.id === id));
}

describe('TransportStack: stats', () => {
  it('counts every datagram that is not STUN where it leaves and where it arrives', async () => {
    const { pair, wire } = await tappedPair();
    pair.connect();
    openChannel(pair, 0);
    for (let i = 0; i < 20; i++) pair.a.stack.send(0, payload(i, 3000), pair.nowMs);
    pair.run(() => messagesOn(pair.b, 0).length === 20);
    // Everything in flight lands (the last SACKs too), well before a consent check.
    pair.advanceTo(pair.nowMs + 500);
    const [sa, sb] = [pair.a.stack.stats(), pair.b.stack.stats()];
    for (const [me, peer, s, other] of [['a', 'b', sa, sb], ['b', 'a', sb, sa]] as const) {
      const t = s.ice!.traffic;
      assert.deepEqual([t.packetsSent, t.bytesSent], [wire[me].packets, wire[me].bytes], `${me}: sent as the wire saw it`);
      assert.deepEqual([other.ice!.traffic.packetsReceived, other.ice!.traffic.bytesReceived], [wire[me].packets, wire[me].bytes], `${peer}: received what ${me} sent`);
      // One pair each: everything went by it, from the first ClientHello on.
      const c = selectedCounters(s);
      assert.deepEqual([c.packetsSent, c.bytesSent, c.packetsReceived, c.bytesReceived], [t.packetsSent, t.bytesSent, t.packetsReceived, t.bytesReceived]);
      assert.ok(c.lastPacketSentMs > 0 && c.lastPacketSentMs <= pair.nowMs);
      assert.ok(c.lastPacketReceivedMs > 0 && c.lastPacketReceivedMs <= pair.nowMs);
      // 5 ms each way, no jitter: every check's round trip is 10 ms.
      assert.equal(c.currentRoundTripMs, 10);
      assert.equal(c.totalRoundTripMs, 10 * c.responsesReceived);
      assert.equal(s.ice!.selectedPairChanges, 1);
    }
    assert.ok(sa.ice!.traffic.bytesSent > 20 * 3000, 'the messages are in the bytes sent');
  });

  it('tells the DTLS role at once and the suite, version and peer certificate once connected', async () => {
    const { pair } = await tappedPair();
    assert.deepEqual([pair.a.stack.stats().dtlsRole, pair.b.stack.stats().dtlsRole], ['client', 'server'], 'a=setup decided the roles');
    assert.equal(pair.a.stack.stats().dtls, undefined);
    pair.connect();
    const [certA, certB] = await Promise.all([testCertificate(0), testCertificate(1)]);
    for (const [p, cert] of [[pair.a, certB], [pair.b, certA]] as const) {
      const dtls = p.stack.stats().dtls!;
      assert.deepEqual([dtls.cipherSuite, dtls.version], ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'FEFD']);
      assert.deepEqual(dtls.peerCertificates, [cert.der]);
    }
  });

  it('counts on after more traffic, with snapshots that do not change, and still answers after close', async () => {
    const { pair, wire } = await tappedPair({ purertcPeers: true });
    pair.connect();
    openChannel(pair, 0);
    const first = pair.a.stack.stats();
    const firstSent = first.ice!.traffic.bytesSent;
    for (let i = 0; i < 5; i++) pair.a.stack.send(0, textOfSize(i, 1000), pair.nowMs);
    pair.run(() => messagesOn(pair.b, 0).length === 5);
    const second = pair.a.stack.stats();
    assert.equal(first.ice!.traffic.bytesSent, firstSent, 'an earlier snapshot stays as it was');
    assert.ok(second.ice!.traffic.bytesSent >= firstSent + 5000, `${firstSent} then ${second.ice!.traffic.bytesSent}`);
    assert.ok(selectedCounters(second).packetsSent > selectedCounters(first).packetsSent);
    pair.a.stack.close(pair.nowMs);
    pair.drain();
    const closed = pair.a.stack.stats();
    assert.equal(closed.ice!.traffic.bytesSent, wire.a.bytes, 'the ABORT and close_notify counted too');
    assert.equal(selectedCounters(closed).lastPacketSentMs, pair.nowMs);
    assert.equal(closed.dtls?.cipherSuite, second.dtls?.cipherSuite);
    assert.deepEqual(pair.a.stack.stats(), closed, 'nothing moves after close');
  });

  it('at 5% loss still attributes every datagram to the pair, and never counts more arrived than left', async () => {
    const wire = { a: 0, b: 0 };
    const pair = await StackPair.create({
      link: { lossRate: 0.05, duplicateRate: 0, delayMs: 5, jitterMs: 10, seed: 43 },
      onTransmit: (from: SimPeer, data) => {
        if (data[0]! > 3) wire[from.name]++;
      },
    });
    pair.connect();
    openChannel(pair, 0);
    for (let i = 0; i < 50; i++) pair.a.stack.send(0, payload(i, 2000), pair.nowMs);
    pair.run(() => messagesOn(pair.b, 0).length === 50);
    pair.advanceTo(pair.nowMs + 2000);
    const [sa, sb] = [pair.a.stack.stats(), pair.b.stack.stats()];
    for (const [me, s, other] of [['a', sa, sb], ['b', sb, sa]] as const) {
      assert.equal(s.ice!.traffic.packetsSent, wire[me], `${me}: every datagram that left`);
      assert.ok(other.ice!.traffic.packetsReceived <= wire[me], `${me}: never more arrived than left`);
      const c = selectedCounters(s);
      assert.deepEqual([c.packetsSent, c.packetsReceived], [s.ice!.traffic.packetsSent, s.ice!.traffic.packetsReceived], `${me}: all on the one pair`);
      assert.ok(c.responsesReceived >= 1 && c.currentRoundTripMs >= 10 && c.currentRoundTripMs <= 30, `${me}: rtt ${c.currentRoundTripMs}`);
    }
    assert.ok(sb.ice!.traffic.packetsReceived < wire.a, 'some were lost');
  });
});
