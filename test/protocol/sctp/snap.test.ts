// SNAP (draft-hancke-tsvwg-snap): the INIT chunk as a=sctp-init carries it, and two
// associations that skip the handshake with each other's INIT, on the simulated network.
import assert from 'node:assert/strict';
import {
  ChunkType,
  ParamType,
  ParseError,
  SctpAssociation,
  SctpStateError,
  decodeInitChunk,
  encodeInitChunk,
  newSnapInit,
  parsePacket,
  type SctpMessageEvent,
} from '../../../src/protocol/sctp/index.js';
import { seededRandom, SimNetwork } from './sim.js';

function messages(net: SimNetwork, side: 'a' | 'b'): SctpMessageEvent[] {
  return net.events[side].filter((e): e is SctpMessageEvent => e.type === 'message');
}

/** Two associations with tags and TSNs fixed by their SNAP INITs, established with each other's. */
function snapPair(net: { seed: number; lossRate?: number; jitterMs?: number }): { sim: SimNetwork; chunks: number[] } {
  const initA = decodeInitChunk(newSnapInit(seededRandom(net.seed * 3 + 1).uint32));
  const initB = decodeInitChunk(newSnapInit(seededRandom(net.seed * 3 + 2).uint32));
  const sim = new SimNetwork(
    { delayMs: 10, seed: net.seed, lossRate: net.lossRate ?? 0, jitterMs: net.jitterMs ?? 0 },
    { initiateTag: initA.initiateTag, initialTsn: initA.initialTsn },
    { initiateTag: initB.initiateTag, initialTsn: initB.initialTsn },
  );
  const chunks: number[] = [];
  sim.onTransmit = (_from, p) => {
    for (const c of parsePacket(p).chunks) chunks.push(c.type === 'unknown' ? c.chunkType : c.type);
  };
  // Each side's INIT is the one its SDP would carry.
  assert.deepEqual(decodeInitChunk(sim.a.localInit()), initA);
  assert.deepEqual(decodeInitChunk(sim.b.localInit()), initB);
  sim.a.establishWith(decodeInitChunk(sim.b.localInit()), sim.now);
  sim.b.establishWith(decodeInitChunk(sim.a.localInit()), sim.now);
  sim.drain();
  return { sim, chunks };
}

describe('SCTP SNAP (a=sctp-init)', () => {
  it('decodes the example INIT of draft-hancke-tsvwg-snap §4', () => {
    const bytes = Buffer.from('AQAAHols3R0AUAAA/////+B5ZR3AAAAEgAgABoLA', 'base64');
    const init = decodeInitChunk(bytes);
    assert.equal(init.type, ChunkType.INIT);
    assert.equal(init.initiateTag, 0x896cdd1d);
    assert.equal(init.aRwnd, 0x00500000);
    assert.equal(init.outboundStreams, 65535);
    assert.equal(init.inboundStreams, 65535);
    assert.equal(init.initialTsn, 0xe079651d);
    assert.deepEqual(
      init.params.map((p) => [p.type, [...p.value]]),
      [
        [ParamType.FORWARD_TSN_SUPPORTED, []],
        [ParamType.SUPPORTED_EXTENSIONS, [ChunkType.RE_CONFIG, ChunkType.FORWARD_TSN]],
      ],
    );
    // Encoding gives the same 30 bytes back (no trailing padding).
    assert.deepEqual(Buffer.from(encodeInitChunk(init)).toString('base64'), 'AQAAHols3R0AUAAA/////+B5ZR3AAAAEgAgABoLA');
    // Trailing padding is accepted.
    assert.equal(decodeInitChunk(Uint8Array.from([...bytes, 0, 0])).initiateTag, 0x896cdd1d);
  });

  it('refuses bytes that are not one well-formed INIT chunk', () => {
    const good = newSnapInit(seededRandom(5).uint32);
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      good.subarray(0, 19),
      Uint8Array.from(good, (x, i) => (i === 0 ? ChunkType.INIT_ACK : x)), // an INIT ACK
      Uint8Array.from(good, (x, i) => (i === 3 ? x + 8 : x)), // length past the end
      Uint8Array.from([...good, 0, 0, 0, 0, 0]), // bytes past the padding
      Uint8Array.from(good, (x, i) => (i >= 4 && i < 8 ? 0 : x)), // zero Initiate Tag
      Uint8Array.from(good, (x, i) => (i === 12 || i === 13 ? 0 : x)), // zero outbound streams
      Uint8Array.from(good, (x, i) => (i === 22 ? 0xff : x)), // first parameter overruns the chunk
    ];
    for (const b of bad) assert.throws(() => decodeInitChunk(b), ParseError, `accepted ${Buffer.from(b).toString('hex')}`);
  });

  it('newSnapInit draws a non-zero tag and states the default window, streams and extensions', () => {
    const init = decodeInitChunk(newSnapInit(seededRandom(9).uint32));
    assert.notEqual(init.initiateTag, 0);
    assert.equal(init.aRwnd, 4 * 1024 * 1024);
    assert.equal(init.outboundStreams, 65535);
    assert.equal(init.inboundStreams, 65535);
    assert.ok(init.params.some((p) => p.type === ParamType.SUPPORTED_EXTENSIONS && p.value.includes(ChunkType.RE_CONFIG)));
  });

  it('two associations established with each other INIT exchange data with no handshake chunk on the wire', () => {
    const { sim, chunks } = snapPair({ seed: 1 });
    assert.ok(sim.has('a', 'connected') && sim.has('b', 'connected'));
    const first = sim.now;
    const arrived: number[] = [];
    sim.onEvent = (_side, e) => {
      if (e.type === 'message') arrived.push(sim.now - first);
    };
    sim.a.send(0, 51, new Uint8Array([1, 2, 3]), undefined, sim.now);
    sim.b.send(1, 53, new Uint8Array(5000).fill(7), undefined, sim.now);
    sim.run(() => messages(sim, 'b').length === 1 && messages(sim, 'a').length === 1);
    // The small message arrives one link delay later: its DATA went out at once.
    assert.equal(arrived[0], 10);
    assert.deepEqual([...messages(sim, 'b')[0]!.data], [1, 2, 3]);
    assert.equal(messages(sim, 'a')[0]!.data.length, 5000);
    for (const t of [ChunkType.INIT, ChunkType.INIT_ACK, ChunkType.COOKIE_ECHO, ChunkType.COOKIE_ACK]) assert.ok(!chunks.includes(t), `chunk ${t} sent`);
  });

  it('delivers every message in order with loss and reordering', () => {
    const { sim } = snapPair({ seed: 3, lossRate: 0.2, jitterMs: 15 });
    const n = 200;
    for (let i = 0; i < n; i++) sim.a.send(0, 53, new Uint8Array(700).fill(i & 0xff), undefined, sim.now);
    sim.run(() => messages(sim, 'b').length === n);
    assert.deepEqual(
      messages(sim, 'b').map((m) => m.data[0]),
      Array.from({ length: n }, (_, i) => i & 0xff),
    );
  });

  /**
   * One-sided SNAP: `a` offered its INIT but never saw `b`'s (the answer lost the line), so
   * `a` runs the handshake while `b` is ESTABLISHED with `a`'s INIT.
   */
  function oneSided(seed: number, lossRate = 0): { sim: SimNetwork; chunks: Array<[string, number]> } {
    const initA = decodeInitChunk(newSnapInit(seededRandom(seed * 3 + 1).uint32));
    const initB = decodeInitChunk(newSnapInit(seededRandom(seed * 3 + 2).uint32));
    const sim = new SimNetwork(
      { delayMs: 10, seed, lossRate },
      { initiateTag: initA.initiateTag, initialTsn: initA.initialTsn },
      { initiateTag: initB.initiateTag, initialTsn: initB.initialTsn },
    );
    const chunks: Array<[string, number]> = [];
    sim.onTransmit = (from, p) => {
      for (const c of parsePacket(p).chunks) chunks.push([from, c.type === 'unknown' ? c.chunkType : c.type]);
    };
    sim.b.establishWith(decodeInitChunk(sim.a.localInit()), sim.now);
    return { sim, chunks };
  }

  it('one-sided: the side that ran SNAP answers the peer INIT so that its COOKIE ECHO lands in the same association, and resends what the peer dropped', () => {
    const { sim, chunks } = oneSided(11);
    // b sends before a has any association: a is still in CLOSED and drops it.
    sim.b.send(1, 51, new Uint8Array([9, 8, 7]), undefined, sim.now);
    sim.drain();
    sim.a.connect(sim.now); // a DTLS client that did not see b's a=sctp-init
    sim.a.send(0, 51, new Uint8Array([1, 2]), undefined, sim.now);
    sim.run(() => messages(sim, 'a').length === 1 && messages(sim, 'b').length === 1);
    assert.ok(sim.has('a', 'connected'));
    assert.deepEqual([...messages(sim, 'a')[0]!.data], [9, 8, 7]);
    assert.deepEqual([...messages(sim, 'b')[0]!.data], [1, 2]);
    // b answered with the INIT ACK of the tag and TSN its own a=sctp-init gave.
    assert.ok(chunks.some(([from, t]) => from === 'b' && t === ChunkType.INIT_ACK));
    assert.ok(chunks.some(([from, t]) => from === 'b' && t === ChunkType.COOKIE_ACK));
    // Resent at the COOKIE ECHO, not after a retransmission timeout.
    assert.ok(sim.now < 200, `took until ${sim.now} ms`);
    assert.equal(sim.b.stats.t3Expirations, 0);
  });

  it('one-sided: the peer may run the handshake with an INIT other than its SDP one (as Chromium does)', () => {
    for (const lossRate of [0, 0.2]) {
      const sim = new SimNetwork({ delayMs: 10, seed: 16, lossRate }, { initiateTag: 0x0a0a0a0a, initialTsn: 7 }, { initiateTag: 0x0b0b0b0b, initialTsn: 1000 });
      // b is ESTABLISHED with an INIT that a announced but does not use for its handshake.
      const announced = decodeInitChunk(newSnapInit(seededRandom(99).uint32));
      assert.notEqual(announced.initiateTag, 0x0a0a0a0a);
      sim.b.establishWith(announced, sim.now);
      const n = 30;
      // What b sends before a's INIT goes under the announced tag, and a drops it.
      for (let i = 0; i < n; i++) sim.b.send(1, 53, new Uint8Array(500).fill(i), undefined, sim.now);
      sim.drain();
      sim.a.connect(sim.now);
      for (let i = 0; i < n; i++) sim.a.send(0, 53, new Uint8Array(500).fill(i), undefined, sim.now);
      sim.run(() => messages(sim, 'a').length === n && messages(sim, 'b').length === n);
      for (const side of ['a', 'b'] as const) {
        assert.deepEqual(messages(sim, side).map((m) => m.data[0]), Array.from({ length: n }, (_, i) => i), `loss ${lossRate}, side ${side}`);
      }
    }
  });

  it('one-sided: a waiting DTLS server starts the handshake when the SNAP peer sends under its tag', () => {
    const { sim } = oneSided(12);
    sim.a.awaitInit(sim.now);
    sim.b.send(1, 51, new Uint8Array([4]), undefined, sim.now);
    sim.run(() => messages(sim, 'a').length === 1);
    assert.ok(sim.now < 200, `took until ${sim.now} ms`);
    sim.a.send(0, 51, new Uint8Array([5]), undefined, sim.now);
    sim.run(() => messages(sim, 'b').length === 1);
    assert.deepEqual([...messages(sim, 'b')[0]!.data], [5]);
  });

  it('one-sided: a waiting DTLS server starts the handshake after an initial RTO when the SNAP peer says nothing', () => {
    const { sim } = oneSided(13);
    sim.a.awaitInit(sim.now);
    sim.run(() => sim.has('a', 'connected'));
    // RTO.Initial (1 s) plus the handshake's two round trips.
    assert.ok(sim.now >= 1000 && sim.now < 1100, `connected at ${sim.now} ms`);
    sim.a.send(0, 51, new Uint8Array([6]), undefined, sim.now);
    sim.b.send(1, 51, new Uint8Array([7]), undefined, sim.now);
    sim.run(() => messages(sim, 'a').length === 1 && messages(sim, 'b').length === 1);
  });

  it('one-sided: every message arrives once and in order at 20% loss', () => {
    const { sim } = oneSided(14, 0.2);
    sim.a.awaitInit(sim.now);
    const n = 100;
    for (let i = 0; i < n; i++) sim.b.send(1, 53, new Uint8Array(300).fill(i), undefined, sim.now);
    sim.run(() => sim.has('a', 'connected'));
    for (let i = 0; i < n; i++) sim.a.send(0, 53, new Uint8Array(300).fill(i), undefined, sim.now);
    sim.run(() => messages(sim, 'a').length === n && messages(sim, 'b').length === n);
    for (const side of ['a', 'b'] as const) assert.deepEqual(messages(sim, side).map((m) => m.data[0]), Array.from({ length: n }, (_, i) => i));
  });

  it('a waiting DTLS server whose peer runs the handshake never sends an INIT of its own', () => {
    const sim = new SimNetwork({ delayMs: 10, seed: 15 });
    const chunks: Array<[string, number]> = [];
    sim.onTransmit = (from, p) => {
      for (const c of parsePacket(p).chunks) chunks.push([from, c.type === 'unknown' ? c.chunkType : c.type]);
    };
    sim.a.awaitInit(sim.now);
    sim.b.connect(sim.now);
    sim.run(() => sim.has('a', 'connected') && sim.has('b', 'connected'));
    for (const until = sim.now + 3000; sim.now < until && sim.step(); );
    assert.ok(!chunks.some(([from, t]) => from === 'a' && t === ChunkType.INIT));
  });

  it('establishWith throws once the association is past CLOSED', () => {
    const a = new SctpAssociation({ localPort: 5000, remotePort: 5000, random: seededRandom(1) });
    const peer = decodeInitChunk(newSnapInit(seededRandom(2).uint32));
    a.connect(0);
    assert.throws(() => a.establishWith(peer, 0), SctpStateError);
    const b = new SctpAssociation({ localPort: 5000, remotePort: 5000, random: seededRandom(3) });
    b.establishWith(peer, 0);
    assert.throws(() => b.establishWith(peer, 0), SctpStateError);
  });

  it('refuses a zero Initiate Tag in the options', () => {
    assert.throws(() => new SctpAssociation({ localPort: 5000, remotePort: 5000, random: seededRandom(1), initiateTag: 0 }), RangeError);
  });
});
