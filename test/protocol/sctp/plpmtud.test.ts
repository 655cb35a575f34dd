// RFC 8899 path MTU discovery: padded HEARTBEAT probes, confirmed sizes used for DATA.
import assert from 'node:assert/strict';
import { ChunkType, parsePacket } from '../../../src/protocol/sctp/index.js';
import { PAD_CHUNK_TYPE } from '../../../src/protocol/sctp/plpmtud.js';
import { SimNetwork } from './sim.js';

describe('SCTP path MTU discovery (RFC 8899)', () => {
  it('probes each size after the given delay, then sends DATA in the largest confirmed packets', () => {
    const net = new SimNetwork({ delayMs: 5 });
    net.connect();
    const probes: Array<{ at: number; size: number }> = [];
    const dataSizes: number[] = [];
    net.onTransmit = (from, packet, now) => {
      if (from !== 'a') return;
      const chunks = parsePacket(packet).chunks;
      if (chunks.some((c) => c.type === 'unknown' && c.chunkType === PAD_CHUNK_TYPE)) probes.push({ at: now, size: packet.length });
      if (chunks.some((c) => c.type === ChunkType.DATA)) dataSizes.push(packet.length);
    };
    const start = net.now;
    net.a.probePathMtu([4096, 8192], net.now, 20);
    net.run(() => probes.length === 2 && net.now > probes[1]!.at + 20);
    assert.deepEqual(probes.map((p) => p.size), [4096, 8192]);
    assert.ok(probes[0]!.at >= start + 20, `first probe at +${probes[0]!.at - start} ms`);
    // The second waits for the first one's HEARTBEAT ACK (one round trip).
    assert.equal(probes[1]!.at - probes[0]!.at, 10);
    net.a.send(0, 53, new Uint8Array(64 * 1024), undefined, net.now);
    net.run(() => net.events.b.some((e) => e.type === 'message'));
    assert.ok(Math.max(...dataSizes) > 4096 && Math.max(...dataSizes) <= 8192, `DATA packets: ${dataSizes.join(',')}`);
  });

  it('sends no probe before its time, and DATA meanwhile in 1200-byte packets', () => {
    const net = new SimNetwork({ delayMs: 5 });
    net.connect();
    const sizes: number[] = [];
    net.onTransmit = (from, packet) => {
      if (from === 'a') sizes.push(packet.length);
    };
    net.a.probePathMtu([4096], net.now, 1000);
    net.a.send(0, 53, new Uint8Array(16 * 1024), undefined, net.now);
    net.run(() => net.events.b.some((e) => e.type === 'message'));
    assert.ok(sizes.length > 0 && sizes.every((n) => n <= 1200), `packets: ${sizes.join(',')}`);
  });
});
