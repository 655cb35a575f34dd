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
