// Nomination that does not go as planned (RFC 8445 §8.1.1): a nomination check answered with
// an error or never answered, and a pair selected while controlled by an agent that then
// takes control (§7.3.1.1). Every case ends with both agents on one pair, or 'failed'; none
// stays 'checking'. Two agents on a simulated network in simulated time, with a wire tap.
import assert from 'node:assert/strict';
import {
  StunMethod,
  errorCodeAttr,
  hasUseCandidate,
  iceControlledAttr,
  isStun,
  parseMessage,
  priorityAttr,
  serializeMessage,
  shortTermKey,
  transactionKey,
  usernameAttr,
  type StunMessage,
} from '../../../src/protocol/stun/index.js';
import { NOMINATION_ATTEMPTS } from '../../../src/protocol/ice/index.js';
import { bothConnected, credentialsOf, setupPair, type Pair } from './fixtures.js';
import { firstEventAt, states, v4, v6 } from './sim-network.js';

function stunOf(data: Uint8Array): StunMessage | undefined {
  if (!isStun(data)) return undefined;
  try {
    return parseMessage(data);
  } catch {
    return undefined;
  }
}

/** A 400 answer to `request`, signed with b's password as a genuine answer from b would be. */
function badRequestFromB(request: StunMessage): Uint8Array {
  return serializeMessage(
    { class: 'error', method: StunMethod.Binding, transactionId: request.transactionId, attributes: [errorCodeAttr(400, 'Bad Request')] },
    { integrityKey: shortTermKey(credentialsOf('b', 22)[1]), fingerprint: true },
  );
}

/**
 * Taps the wire: records a's nomination checks (USE-CANDIDATE) and lets `answer` rewrite or
 * drop (undefined) b's answers to them. Returns the keys of the nomination transactions seen.
 */
function tapNominations(p: Pair, answer: (response: StunMessage, data: Uint8Array) => Uint8Array | undefined): Set<string> {
  const nominations = new Set<string>();
  p.net.tap = (from, t) => {
    const m = stunOf(t.data);
    if (m === undefined) return t.data;
    const key = transactionKey(m.transactionId);
    if (from === p.a && m.class === 'request' && hasUseCandidate(m)) nominations.add(key);
    if (from === p.b && m.class !== 'request' && nominations.has(key)) return answer(m, t.data);
    return t.data;
  };
  return nominations;
}

function assertSameSelection(p: Pair): void {
  const sa = p.a.agent.selectedPair();
  const sb = p.b.agent.selectedPair();
  assert.ok(sa && sb, 'both agents have a selected pair');
  assert.equal(`${sa.remote.address}:${sa.remote.port}`, `${sb.local.address}:${sb.local.port}`);
  assert.equal(`${sb.remote.address}:${sb.remote.port}`, `${sa.local.address}:${sa.local.port}`);
}

function assertDataFlows(p: Pair): void {
  const before = p.a.received.length + p.b.received.length;
  assert.ok(p.net.sendData(p.a, new Uint8Array([23, 254, 253, 1])));
  assert.ok(p.net.sendData(p.b, new Uint8Array([23, 254, 253, 2])));
  p.net.run(p.net.nowMs + 100);
  assert.equal(p.a.received.length + p.b.received.length, before + 2);
}

describe('ice/nomination', () => {
  it('sends a nomination check again after an error response, and both agents select the pair (RFC 8445 §8.1.1)', () => {
    const p = setupPair();
    let rejected = 0;
    // b's answer to the first nomination becomes a 400 (the ice-agent fuzz target got one
    // through a forged request that reused the nomination's transaction ID).
    const nominations = tapNominations(p, (m, data) => (rejected++ === 0 ? badRequestFromB(m) : data));
    p.net.run(2000, () => bothConnected(p));
    assert.ok(bothConnected(p), `a ${p.a.agent.state}, b ${p.b.agent.state}`);
    assert.equal(nominations.size, 2, 'one nomination rejected, one accepted');
    assert.equal(p.a.agent.stats.nominationsFailed, 1);
    assert.ok(p.net.nowMs < 500, `connected at ${p.net.nowMs} ms`);
    assertSameSelection(p);
    assertDataFlows(p);
  });

  it(`gives a pair up after ${NOMINATION_ATTEMPTS} rejected nominations and ends 'failed', not 'checking'`, () => {
    // With the PAC timer (RFC 8863 §3) at its 39.5 s, and at 1 s so that 'failed' comes
    // before the peer's consent requests trigger checks on the pair again.
    for (const pacTimeoutMs of [39_500, 1000]) {
      const p = setupPair({ agentOptions: { pacTimeoutMs } });
      const nominations = tapNominations(p, (m) => badRequestFromB(m));
      p.net.run(60_000, () => p.a.agent.state === 'failed');
      assert.equal(p.a.agent.state, 'failed', `PAC ${pacTimeoutMs} ms`);
      assert.equal(nominations.size, NOMINATION_ATTEMPTS);
      assert.equal(p.a.agent.stats.nominationsFailed, NOMINATION_ATTEMPTS);
      assert.equal(firstEventAt(p.a, (e) => e.type === 'state' && e.state === 'failed'), pacTimeoutMs, 'failed when the PAC timer ran out');
      assert.equal(p.a.agent.selectedPair(), undefined);
      // b (selected on a nomination it answered) keeps sending consent requests; each reaches
      // a and may trigger a check that succeeds, but the pair stays given up.
      const checks = p.a.agent.stats.checksSent;
      p.net.run(p.net.nowMs + 30_000);
      assert.ok(p.b.agent.stats.consentRequestsSent >= 5);
      assert.deepEqual(states(p.a), ['checking', 'failed'], `PAC ${pacTimeoutMs} ms`);
      assert.equal(nominations.size, NOMINATION_ATTEMPTS, 'no nomination after giving up');
      if (pacTimeoutMs === 1000) assert.ok(p.a.agent.stats.checksSent > checks, 'the peer\'s requests still trigger checks');
      assert.equal(p.a.agent.send(new Uint8Array([23])), undefined, 'a failed transport carries no data');
    }
  });

  it('fails a pair whose nomination times out and nominates the next valid pair, or ends failed with none (RFC 8445 §7.2.5.2.4)', () => {
    for (const dual of [true, false]) {
      const p = setupPair(
        dual
          ? { aAddresses: [v4('10.0.0.1', 5000), v6('2001:db8::1', 5000)], bAddresses: [v4('10.0.0.2', 6000), v6('2001:db8::2', 6000)] }
          : {},
      );
      // a's nominations over IPv6 (the best pair) or, with one pair, all of them, are lost.
      p.net.tap = (from, t) => {
        const m = stunOf(t.data);
        const lost = from === p.a && m?.class === 'request' && hasUseCandidate(m) && (!dual || t.to.family === 6);
        return lost ? undefined : t.data;
      };
      p.net.run(90_000, () => bothConnected(p) || p.a.agent.state === 'failed');
      if (dual) {
        assert.ok(bothConnected(p), `a ${p.a.agent.state}, b ${p.b.agent.state}`);
        assert.equal(p.a.agent.selectedPair()!.local.family, 4);
        assert.equal(p.a.agent.pairs.find((x) => x.local.family === 6)!.state, 'failed');
        assertSameSelection(p);
        assertDataFlows(p);
      } else {
        assert.deepEqual(states(p.a), ['checking', 'failed']);
        // 7 requests, the RTO doubling from 500 ms, then 16 RTOs of waiting (RFC 8489 §6.2.1).
        const at = firstEventAt(p.a, (e) => e.type === 'state' && e.state === 'failed')!;
        assert.ok(at >= 39_500 && at <= 40_000, `failed at ${at} ms`);
      }
      assert.equal(p.a.agent.stats.nominationsFailed, 1, `dual ${dual}`);
    }
  });

  it('nominates its selected pair when it takes control after selecting it while controlled (RFC 8445 §7.3.1.1)', () => {
    const p = setupPair();
    // b selects on a's nomination, but b's answers to it are lost: a has not selected.
    let lose = true;
    tapNominations(p, (_m, data) => (lose ? undefined : data));
    p.net.run(2000, () => p.b.agent.selectedPair() !== undefined);
    assert.ok(p.b.agent.selectedPair(), 'b selected while controlled');
    assert.equal(p.a.agent.selectedPair(), undefined);
    lose = false;
    // A check from a's address claiming the controlled role with a lower tie-breaker than b's
    // (what a peer that switched roles sends): b takes control (§7.3.1.1), and a, controlling
    // too, yields on b's next request.
    const [bUfrag, bPwd] = credentialsOf('b', 22);
    const request = serializeMessage(
      {
        class: 'request',
        method: StunMethod.Binding,
        transactionId: new Uint8Array(12).fill(7),
        attributes: [usernameAttr(`${bUfrag}:${credentialsOf('a', 11)[0]}`), priorityAttr(0x6e0001ff), iceControlledAttr(1n)],
      },
      { integrityKey: shortTermKey(bPwd), fingerprint: true },
    );
    p.b.agent.handleInput(request, v4('10.0.0.1', 5000), v4('10.0.0.2', 6000), p.net.nowMs);
    assert.equal(p.b.agent.controlling, true);
    p.net.run(p.net.nowMs + 40_000, () => bothConnected(p));
    assert.ok(bothConnected(p), `a ${p.a.agent.state} ${p.a.agent.controlling ? 'controlling' : 'controlled'}, b ${p.b.agent.state}`);
    assert.equal(p.a.agent.controlling, false);
    assert.equal(p.b.agent.controlling, true);
    assertSameSelection(p);
    assertDataFlows(p);
    // Consent keeps both up afterwards.
    p.net.run(p.net.nowMs + 30_000);
    assert.ok(bothConnected(p));
  });
});
