// SCTP ports come from the descriptions (RFC 8841 §5 a=sctp-port), not a fixed 5000: an
// edited a=sctp-port is the port the association uses, and a peer told another port than
// the one in use gets nothing through (RFC 9260 §8.5: packets for other ports are dropped).
import assert from 'node:assert/strict';
import { BASE_SEED, StackPair } from './sim.js';

describe('TransportStack: SCTP ports from a=sctp-port', () => {
  it('connects and opens a channel on ports other than 5000, each side told the other\'s', async () => {
    const pair = await StackPair.create({ sctpPorts: { a: 5001, b: 6000 }, link: { seed: BASE_SEED + 31 } });
    pair.connect();
    pair.a.stack.openChannel({ id: 0, label: 'ports', ordered: true, negotiated: false }, pair.nowMs);
    pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-opened' && e.options.label === 'ports'));
  });

  it('gets no association up when a peer is told another port than the one in use', async () => {
    const pair = await StackPair.create({
      sctpPorts: { a: 5001, b: 5000 },
      signalledSctpPorts: { a: 5000, b: 5000 },
      link: { seed: BASE_SEED + 32 },
    });
    pair.advanceTo(20_000);
    for (const p of [pair.a, pair.b]) {
      assert.ok(pair.has(p, (e) => e.type === 'dtls-state' && e.state === 'connected'), `${p.name}: DTLS is up`);
      assert.ok(!pair.has(p, (e) => e.type === 'sctp-state' && e.state === 'connected'), `${p.name}: SCTP must not be up`);
    }
  });
});
