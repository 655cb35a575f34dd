// What an agent keeps and sends when a peer sends too much: remote candidates past
// MAX_REMOTE_CANDIDATES and pairs past maxPairs are dropped and counted (RFC 8445 §6.1.2.5),
// and requests that do not authenticate get at most UNAUTHENTICATED_ERRORS_PER_SECOND error
// responses, none larger than the request (no amplification).
import assert from 'node:assert/strict';
import { MAX_REMOTE_CANDIDATES, UNAUTHENTICATED_ERRORS_PER_SECOND } from '../../../src/protocol/ice/index.js';
import { StunMethod, parseMessage, priorityAttr, serializeMessage, shortTermKey, usernameAttr, type StunAttribute } from '../../../src/protocol/stun/index.js';
import { credentialsOf, makeAgent } from './fixtures.js';
import { v4 } from './sim-network.js';

const LOCAL = v4('10.0.0.1', 5000);

function request(attributes: StunAttribute[], id: number, key?: Uint8Array): Uint8Array {
  const transactionId = new Uint8Array(12);
  new DataView(transactionId.buffer).setUint32(0, id);
  return serializeMessage({ class: 'request', method: StunMethod.Binding, transactionId, attributes }, key ? { integrityKey: key, fingerprint: true } : { fingerprint: true });
}

function heapMiB(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('ice/limits', () => {
  it(`keeps ${MAX_REMOTE_CANDIDATES} of 20,000 signalled remote candidates, counts the rest, and pairs at most maxPairs`, () => {
    const agent = makeAgent('a', true, 11);
    agent.addLocalHostCandidate(LOCAL);
    agent.setRemoteCredentials('buf12', 'b-password-12-xxxxxxxx', 0);
    const before = heapMiB();
    for (let i = 0; i < 20_000; i++) {
      agent.addRemoteCandidate({ foundation: `f${i}`, priority: 1000 + i, address: `198.51.${(i >> 8) & 0xff}.${i & 0xff}`, port: 1024 + (i % 60000), type: 'host' });
    }
    assert.equal(agent.remoteCandidates.length, MAX_REMOTE_CANDIDATES);
    assert.equal(agent.stats.remoteCandidatesDropped, 20_000 - MAX_REMOTE_CANDIDATES);
    assert.ok(agent.pairs.length <= 100, `${agent.pairs.length} pairs`);
    assert.ok(agent.stats.pairsDropped >= MAX_REMOTE_CANDIDATES - 100);
    // The list holds the highest-priority pairs: the last candidates kept had the highest priority.
    assert.ok(agent.pairs.every((p) => p.remote.priority >= 1000 + MAX_REMOTE_CANDIDATES - 100));
    assert.ok(heapMiB() - before < 16, 'memory stays bounded');
  });

  it('answers an authenticated check from a source past the cap without pairing it, and the check list stays bounded', () => {
    const agent = makeAgent('a', false, 11);
    agent.addLocalHostCandidate(LOCAL);
    const [ufrag, pwd] = credentialsOf('a', 11);
    agent.setRemoteCredentials('buf12', 'b-password-12-xxxxxxxx', 0);
    const key = shortTermKey(pwd);
    let answered = 0;
    for (let i = 0; i < 2 * MAX_REMOTE_CANDIDATES; i++) {
      const from = v4(`192.0.2.${1 + (i % 250)}`, 20000 + i);
      agent.handleInput(request([usernameAttr(`${ufrag}:buf12`), priorityAttr(5000 + i)], i, key), from, LOCAL, i);
      for (let t = agent.pollTransmit(); t; t = agent.pollTransmit()) if (parseMessage(t.data).class === 'success') answered++;
    }
    assert.equal(answered, 2 * MAX_REMOTE_CANDIDATES, 'every authenticated check is answered');
    assert.equal(agent.remoteCandidates.length, MAX_REMOTE_CANDIDATES);
    assert.equal(agent.stats.remoteCandidatesDropped, MAX_REMOTE_CANDIDATES);
    assert.ok(agent.pairs.length <= 100);
  });

  it(`sends at most ${UNAUTHENTICATED_ERRORS_PER_SECOND} error responses a second to unauthenticated requests, none larger than its request`, () => {
    const agent = makeAgent('a', false, 11);
    agent.addLocalHostCandidate(LOCAL);
    const sent: Array<{ size: number; request: number; atMs: number }> = [];
    // 2 simulated seconds of 5000 requests with a wrong username, padded to a plausible size.
    for (let i = 0; i < 5000; i++) {
      const atMs = Math.floor(i / 2500) * 1000 + (i % 2500) / 10;
      const data = request([usernameAttr(`nobody${i}:x`), priorityAttr(1), { type: 0x8022, value: new Uint8Array(40) }], i, shortTermKey('wrong-password-xxxxxxxxx'));
      agent.handleInput(data, v4(`203.0.113.${i % 250}`, 1000 + i), LOCAL, atMs);
      for (let t = agent.pollTransmit(); t; t = agent.pollTransmit()) sent.push({ size: t.data.length, request: data.length, atMs });
    }
    assert.equal(sent.length, 2 * UNAUTHENTICATED_ERRORS_PER_SECOND);
    assert.ok(sent.every((s) => s.size <= s.request));
    assert.equal(agent.stats.errorResponsesSuppressed, 5000 - 2 * UNAUTHENTICATED_ERRORS_PER_SECOND);
    // A bare request (header and FINGERPRINT, 28 bytes) would get a larger 400: it gets nothing.
    const quiet = makeAgent('a', false, 11);
    quiet.addLocalHostCandidate(LOCAL);
    const bare = request([], 1);
    quiet.handleInput(bare, v4('203.0.113.9', 9), LOCAL, 0);
    assert.equal(quiet.pollTransmit(), undefined);
    assert.equal(quiet.stats.errorResponsesSuppressed, 1);
  });
});
