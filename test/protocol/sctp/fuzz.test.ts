// Deterministic fuzzing of the packet parser and the association input path (STYLE.md
// habit 6): any bytes parse or throw ParseError, and an association never throws on input.
import assert from 'node:assert/strict';
import { ChunkType, ParseError, SctpAssociation, parsePacket, serializePacket, type Chunk } from '../../../src/protocol/sctp/index.js';
import { mulberry32, seededRandom, SimNetwork } from './sim.js';

function seedPackets(): Uint8Array[] {
  const net = new SimNetwork({ delayMs: 1 });
  const out: Uint8Array[] = [];
  net.onTransmit = (_f, p) => out.push(p.slice());
  net.connect();
  net.a.send(0, 53, new Uint8Array(3000).fill(3), { unordered: true }, net.now);
  net.a.send(1, 51, new Uint8Array(10), { maxRetransmits: 0 }, net.now);
  net.a.resetStreams([1]);
  net.run(() => net.has('a', 'stream-reset-done'));
  net.a.close();
  net.run(() => net.has('b', 'closed'));
  return out;
}

function mutate(rng: () => number, p: Uint8Array): Uint8Array {
  const b = p.slice();
  const n = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < n; i++) {
    const at = 12 + Math.floor(rng() * Math.max(1, b.length - 12));
    switch (Math.floor(rng() * 4)) {
      case 0:
        b[at] = Math.floor(rng() * 256);
        break;
      case 1:
        b[at] = 0xff;
        break;
      case 2:
        return b.subarray(0, at);
      default:
        b[at] ^= 1 << Math.floor(rng() * 8);
    }
  }
  return b;
}

describe('SCTP packet parser fuzz', function () {
  this.timeout(60_000);
  const seeds = seedPackets();

  it('returns or throws ParseError on mutated packets (checksum off)', () => {
    const rng = mulberry32(1234);
    let parsed = 0;
    for (let i = 0; i < 20_000; i++) {
      const p = mutate(rng, seeds[Math.floor(rng() * seeds.length)]!);
      try {
        const pkt = parsePacket(p, { verifyChecksum: false });
        parsed++;
        // Whatever parses serializes and parses back to the same chunks.
        assert.deepEqual(parsePacket(serializePacket(pkt)).chunks.length, pkt.chunks.length);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
    }
    assert.ok(parsed > 1000);
  });

  it('an association fed mutated, re-checksummed packets never throws', () => {
    const rng = mulberry32(99);
    let net = new SimNetwork({ delayMs: 1 });
    net.connect();
    let fed = 0;
    let restarts = 0;
    for (let i = 0; i < 5000; i++) {
      if (net.b.associationState === 'closed') {
        net = new SimNetwork({ delayMs: 1 });
        net.connect();
        restarts++;
      }
      const base = seeds[Math.floor(rng() * seeds.length)]!;
      let pkt: Chunk[] | undefined;
      try {
        pkt = parsePacket(mutate(rng, base), { verifyChecksum: false }).chunks;
      } catch {
        continue;
      }
      // Re-seal with a valid checksum and the right tag so the input reaches chunk handlers.
      const tag = rng() < 0.5 ? 0 : (parsePacket(base, { verifyChecksum: false }).verificationTag >>> 0);
      const bytes = serializePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: tag, chunks: pkt });
      net.b.handleInput(bytes, net.now);
      fed++;
      net.b.handleTimeout(net.now);
      for (let p = net.b.pollTransmit(); p !== undefined; p = net.b.pollTransmit());
      for (let e = net.b.pollEvent(); e !== undefined; e = net.b.pollEvent());
    }
    assert.ok(fed >= 1000, `fed ${fed}`);
    assert.ok(restarts < fed);
  });

  it('an association with no TCB yet (closed, waiting for INIT, cookie-wait) drops chunks sent under its tag without throwing', () => {
    // A SNAP peer knows our Initiate Tag from the SDP and may send DATA, SACK, FORWARD TSN
    // or RE-CONFIG under it before our handshake has run.
    const tag = 0x1234abcd;
    for (const setup of ['closed', 'await-init', 'cookie-wait'] as const) {
      for (const base of seeds) {
        const a = new SctpAssociation({ localPort: 5000, remotePort: 5000, random: seededRandom(7), initiateTag: tag });
        if (setup === 'await-init') a.awaitInit(0);
        if (setup === 'cookie-wait') a.connect(0);
        const chunks = parsePacket(base).chunks.filter((c) => c.type !== ChunkType.INIT && c.type !== ChunkType.COOKIE_ECHO);
        if (chunks.length === 0) continue;
        a.handleInput(serializePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: tag, chunks }), 1);
        a.handleTimeout(1);
        for (let p = a.pollTransmit(); p !== undefined; p = a.pollTransmit());
        for (let e = a.pollEvent(); e !== undefined; e = a.pollEvent()) assert.notEqual(e.type, 'message');
        if (chunks.some((c) => c.type === ChunkType.DATA)) assert.ok(a.stats.droppedChunks > 0);
      }
    }
  });
});
