// ICE-TCP (RFC 6544) between two agents over simulated TCP streams in simulated time:
// candidates, priorities, pairing rules, connection over passive and active candidates in
// either role, and UDP preferred when both transports work.
import assert from 'node:assert/strict';
import { TCP_TYPE_PREFERENCE, TYPE_PREFERENCE, toSdpCandidate, type IceAgent } from '../../../src/protocol/ice/index.js';
import { serializeCandidate } from '../../../src/protocol/sdp/candidate.js';
import { credentialsOf, makeAgent } from './fixtures.js';
import { v4 } from './sim-network.js';
import { StreamNetwork, signalBoth, type StreamNode } from './sim-stream.js';

interface Setup {
  net: StreamNetwork;
  a: StreamNode;
  b: StreamNode;
}

/** Two agents (a controlling) with credentials exchanged; `build` adds their candidates. */
function setup(build: (net: StreamNetwork, a: StreamNode, b: StreamNode) => void, aControlling = true): Setup {
  const net = new StreamNetwork();
  const a0 = makeAgent('a', aControlling, 11);
  const b0 = makeAgent('b', !aControlling, 22);
  a0.setRemoteCredentials(...credentialsOf('b', 22));
  b0.setRemoteCredentials(...credentialsOf('a', 11));
  const a = net.add('a', a0);
  const b = net.add('b', b0);
  signalBoth(a, b);
  build(net, a, b);
  a0.endOfLocalCandidates();
  b0.endOfLocalCandidates();
  return { net, a, b };
}

const connected = (s: Setup): boolean =>
  [s.a.agent, s.b.agent].every((x: IceAgent) => x.state === 'connected' || x.state === 'completed');

function assertDataFlows(s: Setup): void {
  const ping = new Uint8Array([23, 254, 253, 1, 2, 3]);
  const before = s.a.received.length + s.b.received.length;
  assert.ok(s.net.sendData(s.a, ping));
  assert.ok(s.net.sendData(s.b, ping));
  s.net.run(s.net.nowMs + 200);
  assert.equal(s.a.received.length + s.b.received.length, before + 2);
}

describe('ice/tcp (RFC 6544)', () => {
  it('writes passive candidates with their port and active ones with port 9, below UDP in priority', () => {
    const agent = makeAgent('a', true, 1);
    const passive = agent.addLocalTcpCandidate(v4('10.0.0.1', 5555), 'passive')!;
    const active = agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active')!;
    const udp = agent.addLocalHostCandidate(v4('10.0.0.1', 6666));
    assert.match(serializeCandidate(toSdpCandidate(passive) as never), /^candidate:\d+ 1 tcp \d+ 10\.0\.0\.1 5555 typ host tcptype passive$/);
    assert.match(serializeCandidate(toSdpCandidate(active) as never), /^candidate:\d+ 1 tcp \d+ 10\.0\.0\.1 9 typ host tcptype active$/);
    assert.equal(passive.priority >>> 24, TCP_TYPE_PREFERENCE.host);
    assert.equal(udp.priority >>> 24, TYPE_PREFERENCE.host);
    // RFC 6544 §4.5: direction-pref in the top 3 bits of the local preference: active 6, passive 4.
    assert.equal(((passive.priority >>> 8) & 0xffff) >>> 13, 4);
    assert.equal(((active.priority >>> 8) & 0xffff) >>> 13, 6);
    assert.notEqual(passive.foundation, active.foundation);
    assert.notEqual(passive.foundation, udp.foundation);
  });

  for (const aControlling of [true, false]) {
    it(`connects an active candidate to a passive one (${aControlling ? 'active side controls' : 'passive side controls'}) and carries data`, () => {
      const s = setup((net, a, b) => {
        a.agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active');
        net.listen(b, v4('10.0.0.2', 7000));
      }, aControlling);
      s.net.run(5000, () => connected(s));
      assert.ok(connected(s), `states ${s.a.agent.state} ${s.b.agent.state}`);
      const sa = s.a.agent.selectedPair()!;
      const sb = s.b.agent.selectedPair()!;
      assert.equal(sa.local.transport, 'tcp');
      assert.equal(sa.local.tcpType, 'active');
      assert.equal(sa.local.type, 'host', 'the active candidate itself is valid, not a prflx from its ephemeral port');
      assert.equal(sa.remote.port, 7000);
      assert.equal(sb.local.tcpType, 'passive');
      assert.equal(sb.remote.type, 'prflx', 'the connection comes from an ephemeral port: a peer-reflexive remote candidate');
      assert.equal(sb.remote.tcpType, 'active');
      assert.equal(s.net.connections.length, 1, 'one connection carries checks, answers and data');
      assertDataFlows(s);
      // Pair counters count the data both ways, and the round trips of checks over the stream.
      const pa = s.a.agent.statsSnapshot();
      const selected = pa.pairs.find((p) => p.ref === pa.selectedPair)!;
      assert.equal(selected.counters.packetsSent, 1);
      assert.equal(selected.counters.packetsReceived, 1);
      assert.ok(selected.counters.responsesReceived >= 1 && selected.counters.currentRoundTripMs >= 0);
      const local = pa.localCandidates.find((c) => c.ref === selected.local)!;
      assert.equal(local.protocol, 'tcp');
      assert.equal(local.tcpType, 'active');
    });
  }

  it('pairs active with passive only: active-active and passive-passive stay apart, and a passive local pair is pruned', () => {
    const s = setup((net, a, b) => {
      a.agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active');
      net.listen(a, v4('10.0.0.1', 7001));
      b.agent.addLocalTcpCandidate(v4('10.0.0.2', 0), 'active');
      net.listen(b, v4('10.0.0.2', 7002));
    });
    s.net.run(0);
    // Each side: its active candidate with the peer's passive one; nothing else.
    for (const node of [s.a, s.b]) {
      assert.equal(node.agent.pairs.length, 1);
      assert.equal(node.agent.pairs[0]!.local.tcpType, 'active');
      assert.equal(node.agent.pairs[0]!.remote.tcpType, 'passive');
    }
    s.net.run(5000, () => connected(s));
    assert.ok(connected(s));
    assertDataFlows(s);
  });

  it('never pairs UDP with TCP, and prefers UDP when both work', () => {
    const s = setup((net, a, b) => {
      net.bindUdp(a, v4('10.0.0.1', 5000));
      a.agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active');
      net.bindUdp(b, v4('10.0.0.2', 6000));
      net.listen(b, v4('10.0.0.2', 7000));
    });
    s.net.run(0);
    for (const p of s.a.agent.pairs) assert.equal(p.local.transport, p.remote.transport);
    s.net.run(5000, () => connected(s));
    assert.equal(s.a.agent.selectedPair()!.local.transport, 'udp');
    assert.equal(s.b.agent.selectedPair()!.local.transport, 'udp');
  });

  it('connects over TCP when UDP is blocked', () => {
    const s = setup((net, a, b) => {
      net.bindUdp(a, v4('10.0.0.1', 5000));
      a.agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active');
      net.bindUdp(b, v4('10.0.0.2', 6000));
      net.listen(b, v4('10.0.0.2', 7000));
    });
    s.net.udpBlocked = true;
    s.net.run(10_000, () => connected(s) && s.a.agent.state === 'completed');
    assert.ok(connected(s), `states ${s.a.agent.state} ${s.b.agent.state}`);
    assert.equal(s.a.agent.selectedPair()!.local.transport, 'tcp');
    assert.equal(s.b.agent.selectedPair()!.local.transport, 'tcp');
    assertDataFlows(s);
  });

  it('fails when nothing listens where the passive candidate says', () => {
    const s = setup((_net, a, b) => {
      a.agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active');
      // Signalled, but no listener behind it.
      b.agent.addLocalTcpCandidate(v4('10.0.0.2', 7000), 'passive');
    });
    s.net.run(60_000, () => s.a.agent.state === 'failed');
    assert.equal(s.a.agent.state, 'failed');
    assert.ok(s.net.refused > 0);
  });

  it('ignores remote TCP candidates without a tcptype and keeps TCP and UDP candidates of one address apart', () => {
    const agent = makeAgent('a', true, 3);
    agent.setRemoteCredentials('x', 'y'.repeat(22));
    agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active');
    agent.addLocalHostCandidate(v4('10.0.0.1', 5000));
    assert.equal(agent.addRemoteCandidate({ foundation: '1', priority: 1, address: '10.0.0.2', port: 7000, type: 'host', transport: 'tcp' }), false);
    assert.equal(agent.addRemoteCandidate({ foundation: '1', priority: 1, address: '10.0.0.2', port: 7000, type: 'host', transport: 'tcp', tcpType: 'bogus' }), false);
    assert.equal(agent.addRemoteCandidate({ foundation: '1', priority: 1, address: '10.0.0.2', port: 7000, type: 'host', transport: 'TCP', tcpType: 'passive' }), true);
    assert.equal(agent.addRemoteCandidate({ foundation: '2', priority: 2, address: '10.0.0.2', port: 7000, type: 'host', transport: 'udp' }), true);
    assert.equal(agent.remoteCandidates.length, 2);
    assert.equal(agent.pairs.length, 2);
  });

  it('opens no connection to a passive or simultaneous-open candidate on a Fetch bad port; an active one keeps its port 9, and UDP is not filtered', () => {
    const agent = makeAgent('a', true, 4);
    agent.setRemoteCredentials('x', 'y'.repeat(22));
    agent.addLocalTcpCandidate(v4('10.0.0.1', 0), 'active');
    agent.addLocalTcpCandidate(v4('10.0.0.1', 7001), 'passive');
    agent.addLocalHostCandidate(v4('10.0.0.1', 5000));
    const tcp = (port: number, tcpType: string, foundation: string) => ({ foundation, priority: 1, address: '10.0.0.2', port, type: 'host' as const, transport: 'tcp', tcpType });
    for (const port of [22, 2049, 6679, 10080]) {
      assert.equal(agent.addRemoteCandidate(tcp(port, 'passive', `p${port}`)), false, `passive on ${port}`);
      assert.equal(agent.addRemoteCandidate(tcp(port, 'so', `s${port}`)), false, `so on ${port}`);
    }
    assert.equal(agent.stats.remoteCandidatesDropped, 8);
    assert.equal(agent.pairs.length, 0);
    assert.equal(agent.addRemoteCandidate(tcp(9, 'active', 'a9')), true, 'an active candidate at port 9');
    assert.equal(agent.addRemoteCandidate(tcp(8001, 'passive', 'p8001')), true, 'passive on 8001');
    assert.equal(agent.addRemoteCandidate({ foundation: 'u', priority: 1, address: '10.0.0.2', port: 5060, type: 'host', transport: 'udp' }), true, 'UDP on 5060');
    assert.deepEqual(
      agent.pairs.map((p) => `${p.local.transport}/${p.local.tcpType ?? '-'} -> ${p.remote.port}`).sort(),
      ['tcp/active -> 8001', 'udp/- -> 5060'],
    );
    // The active remote is kept (its connection will come in to the passive listener).
    assert.deepEqual(agent.remoteCandidates.map((c) => `${c.transport}/${c.tcpType ?? '-'}:${c.port}`).sort(), ['tcp/active:9', 'tcp/passive:8001', 'udp/-:5060']);
  });
});
