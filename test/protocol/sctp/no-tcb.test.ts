// Chunks under our tag before any handshake has run (what a SNAP peer may send): dropped and
// counted, never delivered. The fuzzing of the packet parser and the association lives in
// test/fuzz/ (docs/fuzzing.md).
import assert from 'node:assert/strict';
import { ChunkType, SctpAssociation, parsePacket, serializePacket } from '../../../src/protocol/sctp/index.js';
import { seededRandom, SimNetwork } from './sim.js';

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

describe('SCTP association without a TCB', function () {
  this.timeout(60_000);
  const seeds = seedPackets();

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
