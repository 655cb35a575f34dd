// A path that loses everything for seconds, then heals or never does: the association
// keeps a timer running while anything is outstanding (RFC 9260 §6.3.2), recovers within
// seconds of healing, and otherwise gives up after Association.Max.Retrans (§8.1) with a
// 'closed' event. Heartbeats are off, so a stalled sender shows as an idle network.
import assert from 'node:assert/strict';
import { ChunkType, parsePacket, type SctpMessageEvent } from '../../../src/protocol/sctp/index.js';
import { SimNetwork } from './sim.js';

function messages(net: SimNetwork): SctpMessageEvent[] {
  return net.events.b.filter((e): e is SctpMessageEvent => e.type === 'message');
}

/** Sends `count` messages of mixed sizes (some over 16 KiB) from a; returns their sizes. */
function sendMix(net: SimNetwork, count: number): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = [100, 1171, 1172, 1173, 15972, 15973, 40_000][i % 7]!;
    net.a.send(0, 53, new Uint8Array(n).fill(i & 0xff), undefined, net.now);
    sizes.push(n);
  }
  return sizes;
}

describe('SCTP through an outage', () => {
  for (const probed of [false, true]) {
    it(`${probed ? 'at a probed 16000-byte packet size' : 'at 1200-byte packets'}: 8 s of total loss, then every message arrives within 3 s of healing, with a timer running all along`, () => {
      const net = new SimNetwork({ delayMs: 1 }, { heartbeatIntervalMs: 0 });
      net.connect();
      if (probed) {
        net.a.probePathMtu([4096, 8192, 16000], net.now, 0);
        for (let i = 0; i < 10_000 && net.step(); i++); // until the probes are answered and the network is idle
      }
      const from = net.now + 5;
      const healAt = from + 8000;
      net.dropIf = (_side, _p, now) => now >= from && now < healAt;
      const retransmitAt: number[] = [];
      const seen = new Set<number>();
      net.onTransmit = (side, packet, now) => {
        if (side !== 'a') return;
        for (const c of parsePacket(packet).chunks) {
          if (c.type !== ChunkType.DATA) continue;
          if (seen.has(c.tsn)) retransmitAt.push(now);
          seen.add(c.tsn);
        }
      };
      const sizes = sendMix(net, 30);
      // run() throws if the network falls idle first: a sender whose timer is off.
      net.run(() => messages(net).length === sizes.length, 1_000_000, 120_000);
      assert.deepEqual(messages(net).map((m) => m.data.length), sizes);
      const lastAt = net.now;
      assert.ok(lastAt - healAt <= 3000, `everything arrived ${lastAt - healAt} ms after healing`);
      // Back-off stops at 3 s (RtoOptions.maxBackoffMs): no retransmission waits longer.
      const during = [...new Set(retransmitAt)].filter((t) => t >= from && t <= healAt + 3000);
      const gaps = during.slice(1).map((t, i) => t - during[i]!);
      assert.ok(gaps.length >= 3 && Math.max(...gaps) <= 3000, `gaps between retransmissions: ${gaps.join(', ')}`);
      assert.equal(net.has('a', 'closed'), false);
    });
  }

  it('gives up after Association.Max.Retrans T3-rtx expiries when the path never heals, and says so', () => {
    const net = new SimNetwork({ delayMs: 1 }, { heartbeatIntervalMs: 0 });
    net.connect();
    net.a.probePathMtu([4096, 8192, 16000], net.now, 0);
    for (let i = 0; i < 10_000 && net.step(); i++);
    const from = net.now;
    net.dropIf = () => true;
    sendMix(net, 10);
    net.run(() => net.has('a', 'closed'), 1_000_000, 600_000);
    const closed = net.events.a.find((e) => e.type === 'closed');
    assert.ok(closed?.type === 'closed' && closed.reason === 'too many retransmissions', JSON.stringify(closed));
    // RFC 9260 §8.1: past Association.Max.Retrans (10) consecutive expiries.
    assert.equal(net.a.stats.t3Expirations, 11);
    // RTO.Initial 1 s doubling to the 3 s back-off stop: 1 + 2 + 9 × 3 s.
    assert.ok(net.now - from <= 31_000, `closed after ${net.now - from} ms`);
    assert.equal(net.a.pollTimeout(), undefined, 'no timer after closing');
  });
});
