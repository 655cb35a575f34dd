// Stream ids of a connection's data channels (RFC 8832 §6, W3C §6.1): the lowest free id of
// the role's parity, found without a scan over every channel, up to 65534, then none.
import assert from 'node:assert/strict';
import { ChannelRegistry, MAX_CLOSED_CHANNEL_STATS } from '../../src/api/channel-registry.js';

function make(registry: ChannelRegistry, id: number | null): void {
  registry.create({ label: '', ordered: true, maxPacketLifeTime: null, maxRetransmits: null, protocol: '', negotiated: id !== null, id });
}

describe('api/data channel stream ids', () => {
  it('hands out every even id once for the client, then none; a taken odd id is skipped for the server', () => {
    const r = new ChannelRegistry();
    make(r, 1);
    assert.equal(r.idInUse(1), true);
    assert.equal(r.allocate('server'), 3);
    for (let expected = 0; expected <= 65534; expected += 2) {
      const id = r.allocate('client');
      assert.equal(id, expected);
      make(r, id);
    }
    assert.equal(r.allocate('client'), null, 'no even id is left');
    assert.equal(r.idInUse(65534), true);
    assert.equal(r.idInUse(65533), false);
  });
});

describe('api/data channel stats of closed channels', () => {
  it(`keeps the newest ${MAX_CLOSED_CHANNEL_STATS} closed channels in the report, and every open one`, () => {
    const r = new ChannelRegistry();
    const wire = { open: () => undefined, send: () => undefined, close: () => false, maxMessageSize: () => 65536 };
    for (let id = 0; id < 2 * MAX_CLOSED_CHANNEL_STATS; id += 2) make(r, id);
    make(r, 1); // stays open
    r.attachAll(wire);
    for (let id = 0; id < 2 * MAX_CLOSED_CHANNEL_STATS; id += 2) r.onClosed(id);
    const entries = r.stats();
    assert.equal(entries.length, MAX_CLOSED_CHANNEL_STATS + 1);
    assert.equal(r.droppedStats, 0);
    for (let id = 0; id < 200; id += 2) make(r, id);
    r.attachAll(wire);
    for (let id = 0; id < 200; id += 2) r.onClosed(id);
    assert.equal(r.stats().length, MAX_CLOSED_CHANNEL_STATS + 1);
    assert.equal(r.droppedStats, 100);
    assert.ok(r.stats().some((e) => e.id() === 1 && e.state() !== 'closed'), 'the open channel is kept');
    assert.equal(r.stats()[0]!.statsId, 'D100', 'the oldest closed ones left first');
  });
});
