// Two DataChannelManagers over two SCTP associations on the simulated network.
import assert from 'node:assert/strict';
import { DataChannelManager, type DataChannelEvent } from '../../../src/protocol/datachannel/index.js';
import { ChunkType, parsePacket } from '../../../src/protocol/sctp/index.js';
import { SimNetwork } from '../sctp/sim.js';

interface Peer {
  m: DataChannelManager;
  events: DataChannelEvent[];
}

function setup(loss = 0): { net: SimNetwork; a: Peer; b: Peer } {
  const net = new SimNetwork({ delayMs: 5, lossRate: loss, seed: 42 });
  const a: Peer = { m: new DataChannelManager({ transport: net.a, role: 'client' }), events: [] };
  const b: Peer = { m: new DataChannelManager({ transport: net.b, role: 'server' }), events: [] };
  net.onEvent = (side, e) => {
    const p = side === 'a' ? a : b;
    p.m.handleSctpEvent(e, net.now);
    for (let x = p.m.pollEvent(); x !== undefined; x = p.m.pollEvent()) p.events.push(x);
  };
  net.connect();
  return { net, a, b };
}

const ofType = <T extends DataChannelEvent['type']>(p: Peer, t: T): Extract<DataChannelEvent, { type: T }>[] =>
  p.events.filter((e): e is Extract<DataChannelEvent, { type: T }> => e.type === t);

describe('DataChannelManager', function () {
  this.timeout(30_000);

  it('opens in-band channels from both roles with even/odd ids (RFC 8832 §6)', () => {
    const { net, a, b } = setup();
    const idA = a.m.open({ label: 'från a 🚀', protocol: 'proto/ü', ordered: false, maxRetransmits: 2 }, net.now);
    const idB = b.m.open({ label: 'from b', maxPacketLifeTime: 500 }, net.now);
    assert.equal(idA % 2, 0);
    assert.equal(idB % 2, 1);
    net.run(() => ofType(b, 'channel-open').length === 1 && ofType(a, 'channel-open').length === 1);
    const onB = ofType(b, 'channel-open')[0]!;
    assert.equal(onB.id, idA);
    assert.deepEqual(onB.options, {
      label: 'från a 🚀',
      protocol: 'proto/ü',
      ordered: false,
      maxRetransmits: 2,
      maxPacketLifeTime: undefined,
      priority: 256,
      negotiated: false,
    });
    const onA = ofType(a, 'channel-open')[0]!;
    assert.equal(onA.options.maxPacketLifeTime, 500);
    assert.equal(onA.options.ordered, true);
    // Messages in both directions, every kind.
    a.m.send(idA, 'hello', net.now);
    a.m.send(idA, '', net.now);
    a.m.send(idA, Uint8Array.of(1, 2, 3), net.now);
    a.m.send(idA, new Uint8Array(0), net.now);
    b.m.send(idA, 'réponse', net.now);
    net.run(() => ofType(b, 'message').length === 4 && ofType(a, 'message').length === 1);
    const got = ofType(b, 'message').map((e) => e.data);
    // The channel is unordered, so compare as a multiset.
    const key = (d: string | Uint8Array): string => (typeof d === 'string' ? `s:${d}` : `b:${[...d]}`);
    assert.deepEqual(got.map(key).sort(), ['s:hello', 's:', 'b:1,2,3', 'b:'].sort());
    assert.equal(ofType(a, 'message')[0]!.data, 'réponse');
    // Each message's payload size on the wire (an empty one travels as one byte, RFC 8831 §6.6).
    assert.deepEqual(ofType(b, 'message').map((e) => `${key(e.data)}=${e.sizeBytes}`).sort(), ['s:hello=5', 's:=0', 'b:1,2,3=3', 'b:=0'].sort());
    assert.equal(ofType(a, 'message')[0]!.sizeBytes, 8, "'réponse' is 8 bytes of UTF-8");
  });

  it('opens negotiated channels without DCEP', () => {
    const { net, a, b } = setup();
    a.m.open({ label: 'n', negotiated: true, id: 7 }, net.now);
    b.m.open({ label: 'n', negotiated: true, id: 7 }, net.now);
    assert.ok(ofType(a, 'open').length === 0);
    for (let x = a.m.pollEvent(); x !== undefined; x = a.m.pollEvent()) a.events.push(x);
    for (let x = b.m.pollEvent(); x !== undefined; x = b.m.pollEvent()) b.events.push(x);
    assert.deepEqual(ofType(a, 'open'), [{ type: 'open', id: 7 }]);
    a.m.send(7, 'x', net.now);
    net.run(() => ofType(b, 'message').length === 1);
    assert.equal(ofType(b, 'channel-open').length, 0);
    assert.equal(net.b.stats.messagesReceived, 1, 'no DCEP traffic');
  });

  it('closes a channel on both sides with a stream reset (RFC 8831 §6.7)', () => {
    const { net, a, b } = setup(0.1);
    const id = a.m.open({ label: 'c' }, net.now);
    for (let i = 0; i < 10; i++) a.m.send(id, `m${i}`, net.now);
    a.m.close(id);
    net.run(() => ofType(a, 'closed').length === 1 && ofType(b, 'closed').length === 1);
    assert.deepEqual(
      ofType(b, 'message').map((e) => e.data),
      Array.from({ length: 10 }, (_, i) => `m${i}`),
      'data sent before close arrives',
    );
    assert.deepEqual(ofType(a, 'closing'), [{ type: 'closing', id }]);
    assert.deepEqual(ofType(b, 'closing'), [{ type: 'closing', id }]);
    assert.equal(a.m.channel(id), undefined);
    // The id can be used again, and SSNs restart at 0 on both sides.
    const again = a.m.open({ label: 'again' }, net.now);
    assert.equal(again, id);
    a.m.send(again, 'after', net.now);
    net.run(() => ofType(b, 'message').some((e) => e.data === 'after'));
  });

  it('DCEP under loss: a lost DATA_CHANNEL_OPEN and ACK go again with SCTP; with the peer gone the channel closes', () => {
    const { net, a, b } = setup();
    // Every packet carrying a DCEP message (PPID 50) is lost twice.
    const losses = new Map<string, number>();
    net.dropIf = (from, packet) => {
      const dcep = parsePacket(packet).chunks.some((c) => c.type === ChunkType.DATA && c.ppid === 50);
      if (!dcep) return false;
      const n = losses.get(from) ?? 0;
      losses.set(from, n + 1);
      return n < 2;
    };
    const id = a.m.open({ label: 'lossy open' }, net.now);
    a.m.send(id, 'first', net.now);
    // The ACK is retransmitted until it gets through: the third copy does.
    net.run(() => ofType(b, 'channel-open').length === 1 && ofType(b, 'message').length === 1 && (losses.get('b') ?? 0) >= 3, 100_000, 60_000);
    assert.ok((losses.get('a') ?? 0) >= 3, 'the OPEN went again after two losses');
    b.m.send(id, 'reply', net.now);
    net.run(() => ofType(a, 'message').length === 1);
    // The peer vanishes: the association gives up (RFC 9260 §8.1) and the channel closes.
    net.dropIf = () => true;
    a.m.send(id, 'lost', net.now);
    net.run(() => ofType(a, 'closed').length === 1, 100_000, 120_000);
    assert.deepEqual(ofType(a, 'closed'), [{ type: 'closed', id }]);
  });

  it('a channel whose stream reset the peer refuses or cannot do closes instead of staying closing', () => {
    const resets: number[][] = [];
    const m = new DataChannelManager({
      transport: { send: () => undefined, resetStreams: (ids) => void resets.push(ids), bufferedAmount: () => 0 },
      role: 'client',
    });
    m.handleSctpEvent({ type: 'connected', maxStreamsOut: 16, maxStreamsIn: 16 }, 0);
    const refused = m.open({ label: 'refused', negotiated: true, id: 2 }, 0);
    const granted = m.open({ label: 'granted', negotiated: true, id: 4 }, 0);
    m.close(refused);
    m.close(granted);
    assert.deepEqual(resets, [[2], [4]]);
    // RFC 6525: the peer denies one reset; the other is done, and the peer's own reset is
    // still to come for it (RFC 8831 §6.7).
    m.handleSctpEvent({ type: 'stream-reset-done', streamIds: [refused], ok: false }, 0);
    m.handleSctpEvent({ type: 'stream-reset-done', streamIds: [granted], ok: true }, 0);
    const events: DataChannelEvent[] = [];
    for (let e = m.pollEvent(); e !== undefined; e = m.pollEvent()) events.push(e);
    assert.deepEqual(events.filter((e) => e.type === 'closed'), [{ type: 'closed', id: refused }]);
    assert.equal(m.channel(granted)?.state, 'closing');
    m.handleSctpEvent({ type: 'stream-reset', streamIds: [granted] }, 0);
    assert.deepEqual(m.pollEvent(), { type: 'closed', id: granted });
  });

  it('counts a malformed DCEP message instead of throwing', () => {
    const { net, b } = setup();
    net.a.send(10, 50, Uint8Array.of(3, 0), undefined, net.now);
    net.run(() => b.m.badDcepMessages === 1);
    assert.equal(ofType(b, 'error').length, 1);
  });
});
