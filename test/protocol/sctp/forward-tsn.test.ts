// When PR-SCTP gives a message up, the FORWARD TSN (RFC 3758 §3.5) must move the peer past
// exactly that message: never past data still in progress, and past the whole message even
// when the sender stopped cutting it half way.
import assert from 'node:assert/strict';
import { ChunkType, parsePacket, serializePacket, type Chunk, type SctpMessageEvent } from '../../../src/protocol/sctp/index.js';
import { tsnAdd } from '../../../src/protocol/sctp/serial.js';
import { SimNetwork } from './sim.js';

function messages(net: SimNetwork, side: 'a' | 'b' = 'b'): SctpMessageEvent[] {
  return net.events[side].filter((e): e is SctpMessageEvent => e.type === 'message');
}

describe('SCTP FORWARD TSN (RFC 3758)', () => {
  it('sends none at or below the cumulative ack the peer reported since the abandonment', () => {
    const net = new SimNetwork({ delayMs: 5 });
    net.connect();
    // What a says from here on, and the tag b's packets carry to a.
    let tagToA = 0;
    const forwards: number[] = [];
    const dataTsns: number[] = [];
    net.onTransmit = (from, packet) => {
      const p = parsePacket(packet);
      if (from === 'b') tagToA = p.verificationTag;
      if (from !== 'a') return;
      for (const c of p.chunks) {
        if (c.type === ChunkType.FORWARD_TSN) forwards.push(c.newCumTsn);
        if (c.type === ChunkType.DATA) dataTsns.push(c.tsn);
      }
    };
    net.b.send(1, 51, Uint8Array.of(1), undefined, net.now);
    net.run(() => tagToA !== 0 && messages(net, 'a').length === 1);
    // From now on a hears only the SACKs written below; its first DATA packet is lost.
    let first = true;
    net.dropIf = (from) => {
      if (from === 'b') return true;
      const lost = first;
      first = false;
      return lost;
    };
    // A message sent once only (maxRetransmits 0), then a reliable one of three fragments.
    net.a.send(2, 53, new Uint8Array(100), { maxRetransmits: 0 }, net.now);
    net.a.send(4, 53, new Uint8Array(3000), undefined, net.now);
    net.drain();
    const t0 = dataTsns[0]!;
    // T3-rtx: the first message is abandoned and a FORWARD TSN to t0 goes.
    net.run(() => net.a.stats.t3Expirations === 1);
    assert.deepEqual(forwards, [t0]);
    // Two SACKs arrive together: the first still lacks t0 (the FORWARD TSN is due again),
    // the second acknowledges up to the middle of the reliable message.
    const sack = (cum: number, gaps: Array<{ start: number; end: number }>): Uint8Array =>
      serializePacket({
        sourcePort: 5000,
        destinationPort: 5000,
        verificationTag: tagToA,
        chunks: [{ type: ChunkType.SACK, cumTsnAck: cum, aRwnd: 1 << 20, gapBlocks: gaps, duplicateTsns: [] } as Chunk],
      });
    net.a.handleInput(sack(tsnAdd(t0, -1), [{ start: 2, end: 2 }]), net.now);
    net.a.handleInput(sack(tsnAdd(t0, 2), []), net.now);
    net.drain();
    // The peer is past t0 already: a FORWARD TSN to t0 + 2 would only make it drop the
    // fragments it holds of the reliable message.
    assert.deepEqual(forwards, [t0], `FORWARD TSNs: ${forwards.join(', ')}`);
  });

  it('ends a message abandoned half way through cutting with one more TSN, so an ordered stream moves past it', () => {
    // A slow link: a 64 KiB message with a 100 ms lifetime is still being cut when it expires,
    // and every fragment sent arrives (nothing is lost, nothing waits to be retransmitted).
    const net = new SimNetwork({ delayMs: 20, bytesPerMs: 200, maxQueueMs: 1000 });
    net.connect();
    const forwards: Array<{ newCum: number; streams: Array<{ streamId: number; ssn: number }> }> = [];
    let lastDataTsn = 0;
    net.onTransmit = (from, packet) => {
      if (from !== 'a') return;
      for (const c of parsePacket(packet).chunks) {
        if (c.type === ChunkType.FORWARD_TSN) forwards.push({ newCum: c.newCumTsn, streams: c.streams });
        if (c.type === ChunkType.DATA) lastDataTsn = c.tsn;
      }
    };
    const start = net.now;
    net.a.send(3, 53, new Uint8Array(64 * 1024).fill(1), { maxPacketLifeTimeMs: 100 }, net.now);
    net.run(() => net.now > start + 500);
    const cut = lastDataTsn;
    // The message was cut short (fewer than its 56 fragments left), and the FORWARD TSN
    // covers one TSN more than the last fragment sent, skipping its SSN.
    assert.equal(net.a.bufferedAmount(3), 0);
    assert.ok(forwards.length > 0, 'no FORWARD TSN');
    assert.deepEqual(forwards.at(-1), { newCum: tsnAdd(cut, 1), streams: [{ streamId: 3, ssn: 0 }] });
    assert.equal(net.a.stats.messagesAbandoned, 1);
    // The next message on the same ordered stream is delivered.
    net.a.send(3, 53, Uint8Array.of(2, 2, 2), { maxPacketLifeTimeMs: 100 }, net.now);
    net.run(() => messages(net).length === 1, 100_000, 60_000);
    assert.deepEqual([...messages(net)[0]!.data], [2, 2, 2]);
  });

  /** Connects, sends one ordered message a -> b on stream 1, and learns b's tag and cumulative TSN. */
  function connected(): { net: SimNetwork; tagToB: number; tagToA: number; cum: number } {
    const net = new SimNetwork({ delayMs: 5 });
    net.connect();
    const seen = { tagToB: 0, tagToA: 0, cum: 0 };
    net.onTransmit = (from, packet) => {
      const p = parsePacket(packet);
      if (from === 'a') seen.tagToB = p.verificationTag;
      else seen.tagToA = p.verificationTag;
      for (const c of p.chunks) if (from === 'a' && c.type === ChunkType.DATA) seen.cum = c.tsn;
    };
    net.a.send(1, 51, Uint8Array.of(1), undefined, net.now);
    net.run(() => messages(net).length === 1 && seen.tagToA !== 0);
    net.run(() => net.now > 1000);
    return { net, ...seen };
  }

  const forward = (tag: number, newCumTsn: number, streams: Array<{ streamId: number; ssn: number }>): Uint8Array =>
    serializePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: tag, chunks: [{ type: ChunkType.FORWARD_TSN, newCumTsn, streams } as Chunk] });

  it('ignores an out-of-date FORWARD TSN, also the stream sequence numbers it names (RFC 3758 §3.6)', () => {
    const { net, tagToB, cum } = connected();
    // Behind the cumulative TSN, near and half the TSN space away: stream 1's next SSN stays 1.
    for (const behind of [cum, tsnAdd(cum, -5), tsnAdd(cum, -0x7fff0000)]) {
      net.b.handleInput(forward(tagToB, behind, [{ streamId: 1, ssn: 1 }, { streamId: 1, ssn: 7 }]), net.now);
    }
    net.a.send(1, 51, Uint8Array.of(2), undefined, net.now);
    net.run(() => messages(net).length === 2);
    assert.deepEqual([...messages(net)[1]!.data], [2]);
  });

  it('drops a FORWARD TSN beyond the window DATA may use, and the association goes on', () => {
    const { net, tagToB, cum } = connected();
    const dropped = net.b.stats.droppedChunks;
    net.b.handleInput(forward(tagToB, tsnAdd(cum, 0x10000 + 1), [{ streamId: 1, ssn: 1 }]), net.now);
    assert.equal(net.b.stats.droppedChunks, dropped + 1);
    net.a.send(1, 51, Uint8Array.of(3), undefined, net.now);
    net.run(() => messages(net).length === 2);
    assert.deepEqual([...messages(net)[1]!.data], [3]);
  });

  it('fails the association when a SACK acknowledges a TSN never sent, rather than retransmit for ever', () => {
    const { net, tagToA, cum } = connected();
    net.a.send(1, 51, Uint8Array.of(4), undefined, net.now);
    const sack = serializePacket({
      sourcePort: 5000,
      destinationPort: 5000,
      verificationTag: tagToA,
      chunks: [{ type: ChunkType.SACK, cumTsnAck: tsnAdd(cum, 100), aRwnd: 1 << 20, gapBlocks: [], duplicateTsns: [] } as Chunk],
    });
    net.a.handleInput(sack, net.now);
    net.run(() => net.has('a', 'closed'));
    const closed = net.events.a.find((e) => e.type === 'closed');
    assert.ok(closed?.type === 'closed' && /never sent/.test(closed.reason), JSON.stringify(closed));
    // The peer hears the ABORT.
    net.run(() => net.has('b', 'closed'));
  });
});
