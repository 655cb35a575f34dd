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

  it('retransmits a chunk sent in a probed size after falling back to the base size (RFC 9260 §6.9)', () => {
    const net = new SimNetwork({ delayMs: 1 });
    net.connect();
    net.a.probePathMtu([16000], net.now, 0);
    net.run(() => net.now >= 20); // the probe and its HEARTBEAT ACK, 1 ms each way
    const sizes: number[] = [];
    let lastDropped = false;
    net.onTransmit = (from, packet) => {
      if (from === 'a' && parsePacket(packet).chunks.some((c) => c.type === ChunkType.DATA)) sizes.push(packet.length);
    };
    // The packet carrying the message's last fragment is lost once: with nothing after it
    // to report the gap, T3-rtx fires, which RFC 8899 §4.3 takes for a black hole.
    net.dropIf = (from, packet) => {
      if (from !== 'a' || lastDropped) return false;
      const last = parsePacket(packet).chunks.some((c) => c.type === ChunkType.DATA && c.ending);
      if (last) lastDropped = true;
      return last;
    };
    net.a.send(0, 53, new Uint8Array(64 * 1024).fill(7), undefined, net.now);
    net.run(() => net.events.b.some((e) => e.type === 'message'), 100_000, 60_000);
    assert.ok(lastDropped);
    assert.equal(net.a.stats.t3Expirations, 1);
    const big = sizes.filter((n) => n > 1200);
    // The first packets went at the probed size; the lost one went again, alone, over the base size.
    assert.ok(big.length >= 5, `DATA packets: ${sizes.join(',')}`);
    assert.equal(sizes.at(-1), big[big.length - 1]);
    const got = net.events.b.find((e) => e.type === 'message');
    assert.ok(got && got.type === 'message' && got.data.length === 64 * 1024 && got.data.every((x) => x === 7));
    // New data right after the fall back goes in base-size packets.
    sizes.length = 0;
    net.a.send(0, 53, new Uint8Array(8 * 1024), undefined, net.now);
    net.run(() => net.events.b.filter((e) => e.type === 'message').length === 2, 100_000, 120_000);
    assert.ok(sizes.length > 0 && sizes.every((n) => n <= 1200), `DATA packets: ${sizes.join(',')}`);
  });

  it('searches again from the base size after a fall back (RFC 8899 §5.2), and uses the larger size once confirmed', () => {
    const net = new SimNetwork({ delayMs: 1 });
    net.connect();
    net.a.probePathMtu([4096, 16000], net.now, 0);
    net.run(() => net.now >= 20);
    const probes: Array<{ at: number; size: number }> = [];
    const sizes: number[] = [];
    net.onTransmit = (from, packet, now) => {
      if (from !== 'a') return;
      const chunks = parsePacket(packet).chunks;
      if (chunks.some((c) => c.type === 'unknown' && c.chunkType === PAD_CHUNK_TYPE)) probes.push({ at: now, size: packet.length });
      if (chunks.some((c) => c.type === ChunkType.DATA)) sizes.push(packet.length);
    };
    let dropped = false;
    net.dropIf = (from, packet) => {
      if (from !== 'a' || dropped) return false;
      dropped = parsePacket(packet).chunks.some((c) => c.type === ChunkType.DATA && c.ending);
      return dropped;
    };
    net.a.send(0, 53, new Uint8Array(40 * 1024), undefined, net.now);
    net.run(() => net.a.stats.t3Expirations === 1);
    const fellBackAt = net.now;
    net.run(() => net.events.b.some((e) => e.type === 'message'), 100_000, 60_000);
    // The search starts again: both sizes are probed once more, and confirmed.
    net.run(() => probes.filter((p) => p.at > fellBackAt).length >= 2 && net.now > probes.at(-1)!.at + 10, 100_000, 60_000);
    assert.deepEqual(probes.filter((p) => p.at > fellBackAt).map((p) => p.size), [4096, 16000]);
    sizes.length = 0;
    net.a.send(0, 53, new Uint8Array(40 * 1024), undefined, net.now);
    net.run(() => net.events.b.filter((e) => e.type === 'message').length === 2, 100_000, 120_000);
    assert.ok(sizes.some((n) => n > 4096), `DATA packets after the new search: ${sizes.join(',')}`);
  });

  it('ignores the HEARTBEAT ACK of a probe that was outstanding when the size fell back', () => {
    const net = new SimNetwork({ delayMs: 1 });
    net.connect();
    net.a.probePathMtu([4096, 16000], net.now, 0);
    // The 4096 probe is answered; every answer to a 16000 probe is held back (the last kept).
    let held: Uint8Array | undefined;
    const probeAck = (packet: Uint8Array): boolean =>
      parsePacket(packet).chunks.some((c) => c.type === ChunkType.HEARTBEAT_ACK && c.info.length === 8);
    let dataDropped = false;
    let answered = 0;
    net.dropIf = (from, packet) => {
      if (from === 'b' && probeAck(packet) && ++answered > 1) {
        held = packet.slice();
        return true;
      }
      // One tail loss at the probed size: T3-rtx fires, taken for a black hole.
      if (from === 'a' && !dataDropped && parsePacket(packet).chunks.some((c) => c.type === ChunkType.DATA && c.ending)) {
        dataDropped = true;
        return true;
      }
      return false;
    };
    // The data goes out just after the first attempt at 16000, so its T3-rtx fires while
    // the second attempt waits for its (held) answer.
    net.run(() => held !== undefined);
    net.a.send(0, 53, new Uint8Array(20 * 1024), undefined, net.now);
    net.drain();
    net.run(() => net.a.stats.t3Expirations === 1);
    // The answer to the probe outstanding at the fall back arrives now: it changes nothing.
    net.a.handleInput(held!, net.now);
    net.dropIf = undefined;
    const sizes: number[] = [];
    net.onTransmit = (from, packet) => {
      if (from === 'a' && parsePacket(packet).chunks.some((c) => c.type === ChunkType.DATA)) sizes.push(packet.length);
    };
    net.run(() => net.events.b.some((e) => e.type === 'message'), 100_000, 60_000);
    net.a.send(0, 53, new Uint8Array(20 * 1024), undefined, net.now);
    net.run(() => net.events.b.filter((e) => e.type === 'message').length === 2, 100_000, 60_000);
    assert.ok(sizes.length > 0 && sizes.every((n) => Number.isInteger(n) && n <= 16000), `DATA packets: ${sizes.join(',')}`);
    assert.equal(net.has('a', 'closed'), false);
  });
});
