// Relay candidates (RFC 8445 §5.1.1.2, §5.1.2.2): a TURN allocation's relayed address as a
// local candidate, paired and checked like a host base, in simulated time.
import assert from 'node:assert/strict';
import { IceAgent, type IceEvent, type LocalCandidate } from '../../../src/protocol/ice/index.js';
import { sameAddress, type Address } from '../../../src/protocol/types.js';
import { credentialsOf, makeAgent } from './fixtures.js';

const RELAYED: Address = { family: 4, address: '198.51.100.7', port: 50000 };
const MAPPED: Address = { family: 4, address: '203.0.113.9', port: 40000 };
const SERVER: Address = { family: 4, address: '198.51.100.1', port: 3478 };
const B_HOST: Address = { family: 4, address: '192.0.2.2', port: 6000 };

function drainEvents(agent: IceAgent): IceEvent[] {
  const out: IceEvent[] = [];
  for (let e = agent.pollEvent(); e; e = agent.pollEvent()) out.push(e);
  return out;
}

describe('ice/relay', () => {
  it('a relay candidate has type preference 0, the mapped address as related address, and its URL and protocol', () => {
    const a = makeAgent('a', true, 1);
    const c = a.addLocalRelayCandidate(RELAYED, MAPPED, SERVER, 'tcp', 'turn:198.51.100.1?transport=tcp')!;
    assert.equal(c.type, 'relay');
    assert.equal(Math.floor(c.priority / 0x1000000), 0);
    assert.deepEqual([c.relatedAddress, c.relatedPort], ['203.0.113.9', 40000]);
    assert.ok(sameAddress(c.base, RELAYED));
    assert.equal(c.relayProtocol, 'tcp');
    const udp = a.addLocalRelayCandidate({ ...RELAYED, port: 50001 }, MAPPED, SERVER, 'udp')!;
    assert.ok(udp.priority > c.priority, 'UDP relays rank above TCP ones');
    assert.notEqual(udp.foundation, c.foundation);
    assert.equal(a.addLocalRelayCandidate(RELAYED, MAPPED, SERVER, 'udp'), undefined, 'a known relayed address is not added twice');
    const stats = a.statsSnapshot().localCandidates.find((x) => x.port === RELAYED.port);
    assert.equal(stats?.relayProtocol, 'tcp');
    assert.equal(stats?.url, 'turn:198.51.100.1?transport=tcp');
  });

  it('connects a relay-only agent to a host-only one: checks leave from and arrive at the relayed address', () => {
    const a = makeAgent('a', true, 1);
    const b = makeAgent('b', false, 2);
    a.setGatheringPending(true);
    a.endOfLocalCandidates();
    assert.ok(!drainEvents(a).some((e) => e.type === 'gathering-complete'), 'gathering waits for the allocation');
    const relay = a.addLocalRelayCandidate(RELAYED, MAPPED, SERVER, 'udp')!;
    a.setGatheringPending(false);
    assert.ok(drainEvents(a).some((e) => e.type === 'gathering-complete'));
    const host = b.addLocalHostCandidate(B_HOST);
    b.endOfLocalCandidates();
    a.setRemoteCredentials(...credentialsOf('b', 2), 0);
    b.setRemoteCredentials(...credentialsOf('a', 1), 0);
    const remote = (c: LocalCandidate) => ({ foundation: c.foundation, priority: c.priority, address: c.address, port: c.port, type: c.type });
    a.addRemoteCandidate(remote(host));
    b.addRemoteCandidate(remote(relay));
    let now = 0;
    let viaRelay = 0;
    for (let step = 0; step < 2000 && !(a.state === 'connected' && b.state === 'connected') && !(a.state === 'completed'); step++) {
      for (let tx = a.pollTransmit(); tx; tx = a.pollTransmit()) {
        assert.ok(tx.from && sameAddress(tx.from, RELAYED), 'the relay-only agent sends only from its relayed address');
        viaRelay++;
        b.handleInput(tx.data, RELAYED, B_HOST, now);
      }
      for (let tx = b.pollTransmit(); tx; tx = b.pollTransmit()) {
        assert.ok(sameAddress(tx.to, RELAYED));
        a.handleInput(tx.data, B_HOST, RELAYED, now);
      }
      now += 5;
      a.handleTimeout(now);
      b.handleTimeout(now);
    }
    assert.ok(a.state === 'connected' || a.state === 'completed', `a is ${a.state}`);
    assert.equal(a.selectedPair()!.local.type, 'relay');
    assert.ok(viaRelay > 0);
    const out = a.send(new Uint8Array([23, 1]))!;
    assert.ok(out.from && sameAddress(out.from, RELAYED));
  });
});
