// Consent freshness (RFC 7675) on a connected pair: only authenticated success responses
// from the pair's remote address grant consent. A peer that answers with errors, or whose
// answers never come while its other traffic does, loses consent within the 30 s timeout:
// the agent ends 'failed' with a state event and sends nothing more on the pair.
import assert from 'node:assert/strict';
import { StunAttr, StunMethod, errorCodeAttr, isStun, parseMessage, serializeMessage, shortTermKey, transactionKey } from '../../../src/protocol/stun/index.js';
import { bothConnected, credentialsOf, setupPair, type Pair } from './fixtures.js';
import { states } from './sim-network.js';

/** Connects a and b; returns the time. */
function connect(p: Pair): number {
  p.net.run(1000, () => bothConnected(p));
  assert.ok(bothConnected(p));
  return p.net.nowMs;
}

/** Runs until a fails (at most `forMs`), b sending a datagram that is not STUN every 500 ms. */
function runWithTraffic(p: Pair, forMs: number): void {
  const end = p.net.nowMs + forMs;
  while (p.net.nowMs < end && p.a.agent.state !== 'failed') {
    p.net.sendData(p.b, new Uint8Array([23, 254, 253, 0]));
    p.net.run(p.net.nowMs + 500, () => p.a.agent.state === 'failed');
  }
}

/** a's consent requests seen on the wire after `sinceMs`, by transaction key. */
function tapConsent(p: Pair, sinceMs: number, answer: (data: Uint8Array) => Uint8Array | undefined): Set<string> {
  const requests = new Set<string>();
  p.net.tap = (from, t) => {
    if (p.net.nowMs < sinceMs || !isStun(t.data)) return t.data;
    const m = parseMessage(t.data);
    const key = transactionKey(m.transactionId);
    if (from === p.a && m.class === 'request') requests.add(key);
    if (from === p.b && m.class !== 'request' && requests.has(key)) return answer(t.data);
    return t.data;
  };
  return requests;
}

function assertLostConsent(p: Pair, fromMs: number): void {
  const failed = p.a.events.find((e) => e.atMs >= fromMs && e.event.type === 'state' && e.event.state === 'failed');
  assert.ok(failed, `a is ${p.a.agent.state}: ${states(p.a).join(', ')}`);
  // RFC 7675 §5.1: the last response came at most one consent period before the tap.
  const afterMs = failed.atMs - fromMs;
  assert.ok(afterMs >= 24_000 && afterMs <= 30_500, `failed ${afterMs} ms after the last consent response`);
  assert.equal(p.a.agent.selectedPair(), undefined);
  assert.equal(p.a.agent.send(new Uint8Array([23])), undefined, 'no data after consent expired');
  // Nothing more leaves a: no consent request, no answer to b's requests (RFC 7675 §5.1).
  p.net.run(p.net.nowMs + 1);
  const sentBefore = p.a.agent.stats.consentRequestsSent + p.a.agent.stats.requestsAnswered;
  p.net.run(p.net.nowMs + 20_000);
  assert.equal(p.a.agent.stats.consentRequestsSent + p.a.agent.stats.requestsAnswered, sentBefore);
  assert.equal(p.a.agent.state, 'failed');
}

describe('ice/consent', () => {
  it('a peer that answers consent requests with error responses loses consent: failed within 30 s (RFC 7675 §5.1)', () => {
    const p = setupPair();
    const from = connect(p);
    const key = shortTermKey(credentialsOf('b', 22)[1]);
    // Authenticated 400s from the right address: answers, but no consent.
    const requests = tapConsent(p, from, (data) => {
      const m = parseMessage(data);
      return serializeMessage({ class: 'error', method: StunMethod.Binding, transactionId: m.transactionId, attributes: [errorCodeAttr(400, 'Bad Request')] }, { integrityKey: key, fingerprint: true });
    });
    runWithTraffic(p, 40_000);
    assert.ok(requests.size >= 4, `${requests.size} consent requests`);
    assert.ok(!states(p.a).includes('disconnected'), 'b kept talking: never disconnected');
    assertLostConsent(p, from);
  });

  it('application data and requests from the peer do not keep consent when its consent responses stop (RFC 7675 §5.1)', () => {
    const p = setupPair();
    const from = connect(p);
    const requests = tapConsent(p, from, () => undefined);
    runWithTraffic(p, 40_000);
    assert.ok(requests.size >= 4, `${requests.size} consent requests`);
    assert.ok(p.a.agent.stats.requestsAnswered > 0, 'b\'s consent requests still reached a');
    assert.ok(!states(p.a).includes('disconnected'), 'b kept talking: never disconnected');
    assertLostConsent(p, from);
  });

  it('answers that fail integrity do not refresh consent', () => {
    const p = setupPair();
    const from = connect(p);
    // The answer signed with a wrong key: dropped as unauthenticated, its transaction runs out.
    const wrong = shortTermKey('not-b-s-password-xxxxxxx');
    tapConsent(p, from, (data) => {
      const m = parseMessage(data);
      return serializeMessage({ ...m, attributes: m.attributes.filter((a) => a.type === StunAttr.XorMappedAddress) }, { integrityKey: wrong, fingerprint: true });
    });
    runWithTraffic(p, 40_000);
    assert.ok(p.a.agent.stats.responsesIgnored >= 4);
    assertLostConsent(p, from);
  });
});
