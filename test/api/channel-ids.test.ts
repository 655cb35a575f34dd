// Stream ids of a connection's data channels (RFC 8832 §6, W3C §6.1): the lowest free id of
// the role's parity, found without a scan over every channel, up to 65534, then none.
import assert from 'node:assert/strict';
import { ChannelRegistry } from '../../src/api/channel-registry.js';

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
