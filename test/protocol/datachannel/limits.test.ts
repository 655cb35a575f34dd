// Data channels against a peer that opens too many: a DATA_CHANNEL_OPEN on a stream beyond
// the streams the association negotiated is refused with a stream reset (W3C §6.1
// maxChannels), and thousands of OPENs at once are answered in one linear pass.
import assert from 'node:assert/strict';
import { DataChannelManager, type DataChannelEvent } from '../../../src/protocol/datachannel/index.js';
import type { SctpAssociationOptions } from '../../../src/protocol/sctp/index.js';
import { SimNetwork } from '../sctp/sim.js';

interface Peer {
  m: DataChannelManager;
  events: DataChannelEvent[];
}

function setup(a: Partial<SctpAssociationOptions> = {}, b: Partial<SctpAssociationOptions> = {}): { net: SimNetwork; a: Peer; b: Peer } {
  const net = new SimNetwork({ delayMs: 5, seed: 9 }, a, { ...b });
  const pa: Peer = { m: new DataChannelManager({ transport: net.a, role: 'client' }), events: [] };
  const pb: Peer = { m: new DataChannelManager({ transport: net.b, role: 'server' }), events: [] };
  net.onEvent = (side, e) => {
    const p = side === 'a' ? pa : pb;
    p.m.handleSctpEvent(e, net.now);
    for (let x = p.m.pollEvent(); x !== undefined; x = p.m.pollEvent()) p.events.push(x);
  };
  net.connect();
  return { net, a: pa, b: pb };
}

const count = (p: Peer, type: DataChannelEvent['type']): number => p.events.filter((e) => e.type === type).length;

describe('datachannel/limits', function () {
  this.timeout(60_000);

  it('refuses an OPEN on a stream beyond the streams negotiated, with a stream reset, and keeps the others', () => {
    // a allows 16 incoming streams, so b may send on streams 0-15 only.
    const { net, a, b } = setup({ inboundStreams: 16 }, { inboundStreams: 65535 });
    const inside = a.m.open({ label: 'inside' }, net.now);
    const beyond = a.m.open({ label: 'beyond', id: 20 }, net.now);
    net.run(() => count(b, 'channel-open') === 1 && b.m.refusedOpens === 1 && a.events.some((e) => e.type === 'closed' && e.id === beyond));
    assert.equal(b.m.channel(beyond), undefined, 'no channel was made on stream 20');
    assert.ok(b.events.some((e) => e.type === 'error' && e.id === beyond));
    a.m.send(inside, 'still here', net.now);
    net.run(() => count(b, 'message') === 1);
    b.m.send(inside, 'and back', net.now);
    net.run(() => count(a, 'message') === 1);
  });

  it('answers 10,000 OPENs sent at once, each with one channel and one ACK, in memory that stays bounded', () => {
    const { net, a, b } = setup();
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10_000; i++) a.m.open({ label: `c${i}` }, net.now);
    net.run(() => count(b, 'channel-open') === 10_000, 5_000_000, 600_000);
    // Every channel on a is acknowledged: a message on each goes ordered or not as configured.
    for (let id = 0; id < 20_000; id += 2000) a.m.send(id, 'x', net.now);
    net.run(() => count(b, 'message') === 10);
    globalThis.gc?.();
    const grownMiB = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    assert.ok(grownMiB < 200, `heap grew ${grownMiB.toFixed(1)} MiB for 10,000 channels`);
  });
});
