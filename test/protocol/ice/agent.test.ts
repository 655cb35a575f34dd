// Two ICE agents on a simulated network in simulated time (RFC 8445, RFC 8838).
import assert from 'node:assert/strict';
import { SimNetwork, firstEventAt, states, v4, v6 } from './sim-network.js';
import { bothConnected, makeAgent, setupPair, type Pair } from './fixtures.js';

function assertSameSelection(p: Pair): void {
  const sa = p.a.agent.selectedPair();
  const sb = p.b.agent.selectedPair();
  assert.ok(sa && sb, 'both agents have a selected pair');
  assert.equal(`${sa.remote.address}:${sa.remote.port}`, `${sb.local.address}:${sb.local.port}`);
  assert.equal(`${sb.remote.address}:${sb.remote.port}`, `${sa.local.address}:${sa.local.port}`);
}

function assertDataFlows(p: Pair): void {
  const ping = new Uint8Array([23, 254, 253, 1, 2, 3]); // looks like DTLS, not STUN
  assert.ok(p.net.sendData(p.a, ping));
  assert.ok(p.net.sendData(p.b, ping));
  const before = p.a.received.length + p.b.received.length;
  p.net.run(p.net.nowMs + 100);
  assert.equal(p.a.received.length + p.b.received.length, before + 2);
}

describe('ice/agent', () => {
  it('connects over IPv4 host candidates and completes', () => {
    const p = setupPair();
    p.net.run(10000, () => p.a.agent.state === 'completed' && p.b.agent.state === 'completed');
    assert.deepEqual(states(p.a), ['checking', 'connected', 'completed']);
    assert.deepEqual(states(p.b), ['checking', 'connected', 'completed']);
    assert.ok(p.net.nowMs < 500, `took ${p.net.nowMs} ms`);
    assertSameSelection(p);
    assert.equal(p.a.agent.selectedPair()!.local.type, 'host');
    assertDataFlows(p);
    // Gathering: one host candidate each, then gathering-complete.
    assert.deepEqual(
      p.a.events.filter((e) => e.event.type === 'candidate' || e.event.type === 'gathering-complete').map((e) => e.event.type),
      ['candidate', 'gathering-complete'],
    );
  });

  it('nominates as soon as the only pair answers, without waiting for the next Ta tick', () => {
    // 1 ms each way, Ta = 20 ms: the check answers at 2 ms; a nomination paced like a new
    // check would leave at 20 ms and select the pair at 22 ms.
    const p = setupPair({ net: new SimNetwork({ delayMs: 1 }), agentOptions: { taMs: 20 } });
    p.net.run(1000, () => bothConnected(p));
    const selectedA = firstEventAt(p.a, (e) => e.type === 'selected-pair');
    const selectedB = firstEventAt(p.b, (e) => e.type === 'selected-pair');
    assert.ok(selectedA !== undefined && selectedA <= 4, `controlling agent selected at ${selectedA} ms`);
    assert.ok(selectedB !== undefined && selectedB <= 3, `controlled agent learned the nomination at ${selectedB} ms`);
    assertSameSelection(p);
  });

  it('connects over IPv6 and prefers it to IPv4 when both exist', () => {
    const p = setupPair({
      aAddresses: [v4('10.0.0.1', 5000), v6('2001:db8::1', 5000)],
      bAddresses: [v4('10.0.0.2', 6000), v6('2001:db8::2', 6000)],
    });
    p.net.run(10000, () => bothConnected(p));
    assertSameSelection(p);
    assert.equal(p.a.agent.selectedPair()!.local.family, 6);
    assert.equal(p.a.agent.selectedPair()!.remote.address, '2001:db8::2');
    assert.equal(p.a.agent.pairs.length, 2, 'pairs form within an address family only');
    assertDataFlows(p);
  });

  it('interleaves the families in local preference, IPv6 first (RFC 8421 §4), and checks the pairs in that order', () => {
    const p = setupPair({
      aAddresses: [v4('10.0.0.1', 5000), v4('10.0.1.1', 5000), v6('2001:db8::1', 5000), v6('fd00::1', 5000)],
      bAddresses: [v4('10.0.0.2', 6000), v6('2001:db8::2', 6000)],
    });
    p.net.run(10000, () => bothConnected(p));
    const hosts = p.a.agent.localCandidates.filter((c) => c.type === 'host');
    const order = [...hosts].sort((x, y) => y.priority - x.priority).map((c) => c.address);
    assert.deepEqual(order, ['2001:db8::1', '10.0.0.1', 'fd00::1', '10.0.1.1']);
    assert.equal(new Set(hosts.map((c) => c.priority)).size, 4, 'each local preference is unique (RFC 8445 §5.1.2.1)');
    // Every pair is within one family; IPv6 and IPv4 pairs alternate by priority.
    for (const pair of p.a.agent.pairs) assert.equal(pair.local.family, pair.remote.family);
    const families = [...p.a.agent.pairs].sort((x, y) => (y.priority > x.priority ? 1 : y.priority < x.priority ? -1 : 0)).map((x) => x.local.family);
    assert.deepEqual(families, [6, 4, 6, 4]);
    assert.equal(p.a.agent.selectedPair()!.local.family, 6);
    assertDataFlows(p);
  });

  it('connects with one side trickling late (prflx first, then the signalled candidate)', () => {
    const p = setupPair({ bToA: { candidateDelayMs: 3000 } });
    p.net.run(2000, () => bothConnected(p));
    assert.ok(bothConnected(p), 'connected before the late candidates arrive');
    assert.equal(p.a.agent.remoteCandidates[0]!.type, 'prflx');
    p.net.run(4000);
    assert.equal(p.a.agent.remoteCandidates.length, 1);
    assert.equal(p.a.agent.remoteCandidates[0]!.type, 'host', 'the trickled candidate replaced the prflx guess');
    assertSameSelection(p);
    assert.equal(p.a.agent.state, 'completed');
  });

  it('connects when only one side knows the other side\'s candidates (peer-reflexive path)', () => {
    for (const aKnows of [true, false]) {
      const p = setupPair(
        aKnows ? { aToB: { candidateDelayMs: undefined } } : { bToA: { candidateDelayMs: undefined } },
      );
      p.net.run(5000, () => bothConnected(p));
      assert.ok(bothConnected(p), `connected (a knows b: ${aKnows})`);
      assertSameSelection(p);
      const blind = aKnows ? p.b : p.a;
      assert.equal(blind.agent.remoteCandidates[0]!.type, 'prflx');
      assert.equal(blind.agent.state, 'connected', 'no end-of-candidates: connected, not completed');
      assertDataFlows(p);
    }
  });

  it('waits out the PAC timer before failing with no candidates (RFC 8863 §3)', () => {
    // Neither side gets the other's candidates, only end-of-candidates: no pair at all.
    const p = setupPair({ aToB: { candidateDelayMs: undefined }, bToA: { candidateDelayMs: undefined } });
    p.a.agent.setRemoteEndOfCandidates();
    p.net.run(39_000);
    assert.notEqual(p.a.agent.state, 'failed', 'failed before the PAC timer ran out');
    p.net.run(40_000);
    assert.equal(p.a.agent.state, 'failed');
    assert.equal(firstEventAt(p.a, (e) => e.type === 'state' && e.state === 'failed'), 39_500);
  });

  it('connects through peer-reflexive learning while the PAC timer runs, with end-of-candidates and no candidates', () => {
    // a was told "no candidates" (end-of-candidates only); b's checks reach it later.
    const p = setupPair({ bToA: { candidateDelayMs: undefined }, aToB: { candidateDelayMs: undefined } });
    p.a.agent.setRemoteEndOfCandidates();
    p.net.run(2000);
    for (const c of p.a.agent.localCandidates) p.b.agent.addRemoteCandidate(c);
    p.net.run(10_000, () => bothConnected(p));
    assert.ok(bothConnected(p));
    assert.ok(!states(p.a).includes('failed'), `a went ${states(p.a).join(',')}`);
  });

  it('answers checks that arrive before the remote credentials, and checks back once they do', () => {
    const net = new SimNetwork();
    const p = setupPair({ net });
    // b forgets a's credentials: re-create the situation with a fresh b that learns them at 1 s.
    p.b.agent.restart('bfresh', 'b-fresh-password-xxxxxxxxxx');
    p.a.agent.setRemoteCredentials('bfresh', 'b-fresh-password-xxxxxxxxxx');
    net.at(1000, () => p.b.agent.setRemoteCredentials('auf11', 'a-password-11-xxxxxxxx'));
    net.run(900);
    assert.equal(p.b.agent.state, 'new');
    assert.ok(p.b.agent.stats.requestsAnswered > 0, 'b answered a\'s checks without knowing a\'s password');
    net.run(5000, () => bothConnected(p));
    assert.ok(bothConnected(p));
    assert.ok(net.nowMs >= 1000);
    assertSameSelection(p);
  });

  it('repairs a role conflict when both sides think they control (RFC 8445 §7.3.1.1)', () => {
    for (const both of [true, false]) {
      const p = setupPair({ aControlling: both, bControlling: both });
      p.net.run(5000, () => bothConnected(p));
      assert.ok(bothConnected(p), `connected (both controlling: ${both})`);
      assert.notEqual(p.a.agent.controlling, p.b.agent.controlling, 'exactly one side controls');
      const switched = [p.a, p.b].filter((n) => n.events.some((e) => e.event.type === 'role-changed'));
      assert.equal(switched.length, 1);
      assertSameSelection(p);
      assertDataFlows(p);
    }
  });

  it('connects through 20% loss', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const net = new SimNetwork({ seed, lossRate: 0.2, delayMs: 15 });
      const p = setupPair({
        net,
        aAddresses: [v4('10.0.0.1', 5000), v6('2001:db8::1', 5000)],
        bAddresses: [v4('10.0.0.2', 6000), v6('2001:db8::2', 6000)],
      });
      net.run(30000, () => bothConnected(p));
      assert.ok(bothConnected(p), `seed ${seed}: a ${p.a.agent.state}, b ${p.b.agent.state}`);
      assertSameSelection(p);
      // And it stays up for a minute of consent checks through the same loss.
      net.run(net.nowMs + 60000);
      assert.ok(net.lost > 10, `seed ${seed}: ${net.lost} lost`);
      assert.notEqual(p.a.agent.state, 'failed', `seed ${seed}`);
      assert.notEqual(p.b.agent.state, 'failed', `seed ${seed}`);
    }
  });

  it('keeps consent while idle, then goes disconnected and failed when the peer falls silent (RFC 7675)', () => {
    const p = setupPair();
    p.net.run(1000, () => bothConnected(p));
    p.net.run(60000);
    assert.equal(p.a.agent.state, 'completed', 'idle but consenting for a minute');
    assert.ok(p.a.agent.stats.consentRequestsSent >= 10);
    assert.equal(states(p.a).includes('disconnected'), false, 'never flapped while idle');
    const silentAt = p.net.nowMs;
    p.b.silent = true;
    p.net.run(silentAt + 40000, () => p.a.agent.state === 'failed');
    const disconnectedAt = firstEventAt(p.a, (e) => e.type === 'state' && e.state === 'disconnected')!;
    const failedAt = firstEventAt(p.a, (e) => e.type === 'state' && e.state === 'failed')!;
    assert.ok(disconnectedAt - silentAt >= 2500 && disconnectedAt - silentAt <= 5500, `disconnected after ${disconnectedAt - silentAt} ms`);
    assert.ok(failedAt - silentAt >= 24000 && failedAt - silentAt <= 30500, `failed after ${failedAt - silentAt} ms`);
    // RFC 7675 §5.1: nothing more is sent once consent has expired.
    assert.equal(p.a.agent.send(new Uint8Array([1])), undefined);
    assert.equal(p.a.agent.pollTransmit(), undefined);
  });

  it('recovers from disconnected when the peer comes back before consent expires', () => {
    const p = setupPair();
    p.net.run(1000, () => bothConnected(p));
    p.b.silent = true;
    p.net.run(p.net.nowMs + 8000);
    assert.equal(p.a.agent.state, 'disconnected');
    p.b.silent = false;
    p.net.run(p.net.nowMs + 8000);
    assert.equal(p.a.agent.state, 'completed');
  });

  it('gathers a server-reflexive candidate from a STUN server', () => {
    const net = new SimNetwork();
    const server = v4('198.51.100.1', 3478);
    net.addStunServer(server, () => v4('203.0.113.9', 41000)); // a NAT in front of a
    const p = setupPair({ net });
    p.a.agent.addStunServer(server);
    p.a.agent.addStunServer(v4('198.51.100.99', 3478)); // never answers
    // setupPair already ended gathering; add another base after the servers to gather again.
    net.run(20000);
    const gathered = p.a.events.flatMap((e) => (e.event.type === 'candidate' ? [e.event.candidate] : []));
    const srflx = gathered.find((c) => c.type === 'srflx');
    assert.ok(srflx, 'an srflx candidate was reported');
    assert.equal(srflx.address, '203.0.113.9');
    assert.equal(srflx.port, 41000);
    assert.equal(srflx.relatedAddress, '10.0.0.1');
    assert.equal(srflx.relatedPort, 5000);
    assert.equal(srflx.priority >>> 24, 100);
    assert.deepEqual(srflx.base, v4('10.0.0.1', 5000));
  });

  it('reports gathering-complete after the STUN servers answer or give up', () => {
    const net = new SimNetwork();
    const server = v4('198.51.100.1', 3478);
    net.addStunServer(server, () => v4('203.0.113.9', 41000));
    const agent = makeAgent('g', true, 5, { gatherRtoMs: 100, gatherMaxRequests: 3 });
    const node = net.add('g', agent, []);
    agent.addStunServer(server);
    agent.addStunServer(v4('198.51.100.99', 3478)); // never answers
    agent.addLocalHostCandidate(v4('10.0.0.1', 5000));
    node.addresses.push(v4('10.0.0.1', 5000));
    agent.endOfLocalCandidates();
    net.run(10000, () => node.events.some((e) => e.event.type === 'gathering-complete'));
    const kinds = node.events.map((e) => (e.event.type === 'candidate' ? e.event.candidate.type : e.event.type));
    assert.deepEqual(kinds, ['candidate', 'host', 'srflx', 'gathering-complete'].slice(1));
    // The silent server is given up after 100 + 200 ms of retransmissions and 4 RTOs of waiting.
    assert.equal(net.nowMs, 50 + 100 + 200 + 400); // the second request waits one Ta
  });

  it('restarts ICE and selects a new pair while data keeps flowing (RFC 8445 §9)', () => {
    const p = setupPair();
    p.net.run(1000, () => bothConnected(p));
    const before = p.a.events.length;
    p.a.agent.restart('arestart', 'a-restart-password-xxxxxxx');
    p.b.agent.restart('brestart', 'b-restart-password-xxxxxxx');
    assert.ok(p.a.agent.send(new Uint8Array([1])), 'the old pair still carries data');
    assert.equal(p.a.agent.state, 'connected');
    p.net.at(p.net.nowMs + 200, () => {
      p.a.agent.setRemoteCredentials('brestart', 'b-restart-password-xxxxxxx');
      p.b.agent.setRemoteCredentials('arestart', 'a-restart-password-xxxxxxx');
    });
    p.net.run(p.net.nowMs + 5000);
    const after = p.a.events.slice(before).map((e) => e.event.type);
    assert.ok(after.includes('candidate'), 'candidates are signalled again for the new generation');
    assert.ok(after.includes('selected-pair'), 'a new pair was selected');
    assert.ok(bothConnected(p));
    assertSameSelection(p);
    assertDataFlows(p);
    // Consent keeps working with the new credentials.
    p.net.run(p.net.nowMs + 60000);
    assert.ok(bothConnected(p));
  });

  it('a restart keeps only the local candidates asked for, and signals only those (W3C webrtc-pc §4.4.1.6)', () => {
    const p = setupPair();
    p.net.run(1000, () => bothConnected(p));
    const before = p.a.events.length;
    p.a.agent.restart('arestart', 'a-restart-password-xxxxxxx', undefined, (c) => c.type === 'relay');
    const after = p.a.events.slice(before).map((e) => e.event.type);
    assert.ok(!after.includes('candidate'), 'no host candidate is signalled again');
    assert.deepEqual(p.a.agent.localCandidates, []);
    p.b.agent.restart('brestart', 'b-restart-password-xxxxxxx');
    p.net.at(p.net.nowMs + 200, () => {
      p.a.agent.setRemoteCredentials('brestart', 'b-restart-password-xxxxxxx');
      p.b.agent.setRemoteCredentials('arestart', 'a-restart-password-xxxxxxx');
    });
    p.net.run(p.net.nowMs + 5000);
    assert.ok(!p.a.events.slice(before).some((e) => e.event.type === 'selected-pair'), 'nothing left to pair from');
  });
});
