// How the agent answers single Binding requests (RFC 8445 §7.3, RFC 8489 §6.3, §9.1.3).
import assert from 'node:assert/strict';
import {
  StunAttr,
  StunMethod,
  getErrorCode,
  getUnknownAttributes,
  getXorMappedAddress,
  iceControlledAttr,
  iceControllingAttr,
  parseMessage,
  priorityAttr,
  serializeMessage,
  shortTermKey,
  usernameAttr,
  verifyMessageIntegrity,
  type StunAttribute,
} from '../../../src/protocol/stun/index.js';
import { mulberry32 } from '../stun/helpers.js';
import { makeAgent } from './fixtures.js';
import { v4 } from './sim-network.js';

const LOCAL = v4('10.0.0.1', 5000);
const PEER = v4('192.0.2.7', 40000);
const PWD = 'a-password-11-xxxxxxxx';

function request(attributes: StunAttribute[], key?: Uint8Array): Uint8Array {
  return serializeMessage(
    { class: 'request', method: StunMethod.Binding, transactionId: new Uint8Array(12).fill(3), attributes },
    key ? { integrityKey: key, fingerprint: true } : { fingerprint: true },
  );
}

function exchange(data: Uint8Array, controlling = true, tieBreaker?: bigint) {
  const agent = makeAgent('a', controlling, 11);
  agent.addLocalHostCandidate(LOCAL);
  assert.equal(agent.handleInput(data, PEER, LOCAL, 0), true);
  const t = agent.pollTransmit();
  assert.ok(t, 'a response was sent');
  assert.deepEqual(t.from, LOCAL);
  assert.deepEqual(t.to, PEER);
  void tieBreaker;
  return { agent, response: parseMessage(t.data) };
}

const good = (extra: StunAttribute[] = []): StunAttribute[] => [usernameAttr('auf11:peer'), priorityAttr(1234), ...extra];

describe('ice/requests', () => {
  it('answers a valid check with XOR-MAPPED-ADDRESS, MI and FINGERPRINT and learns a prflx candidate', () => {
    const { agent, response } = exchange(request(good([iceControlledAttr(1n)]), shortTermKey(PWD)));
    assert.equal(response.class, 'success');
    assert.deepEqual(getXorMappedAddress(response), PEER);
    assert.equal(verifyMessageIntegrity(response, shortTermKey(PWD)), true);
    assert.equal(response.attributes[response.attributes.length - 1]!.type, StunAttr.Fingerprint);
    assert.equal(agent.remoteCandidates[0]!.type, 'prflx');
    assert.equal(agent.remoteCandidates[0]!.priority, 1234);
    assert.equal(agent.pairs.length, 1);
  });

  it('rejects missing credentials with 400 and wrong ones with 401', () => {
    const missing = exchange(request(good())).response;
    assert.equal(getErrorCode(missing)?.code, 400);
    // RFC 8489 §9.1.3: no MESSAGE-INTEGRITY on 400/401 answers to unauthenticated requests.
    assert.equal(missing.attributes.some((a) => a.type === StunAttr.MessageIntegrity), false);
    const wrong = exchange(request(good(), shortTermKey('nope'))).response;
    assert.equal(getErrorCode(wrong)?.code, 401);
    assert.equal(wrong.attributes.some((a) => a.type === StunAttr.MessageIntegrity), false);
    const wrongUser = [usernameAttr('someone:peer'), priorityAttr(1)];
    assert.equal(getErrorCode(exchange(request(wrongUser, shortTermKey(PWD))).response)?.code, 401);
    const noPriority = [usernameAttr('auf11:peer')];
    assert.equal(getErrorCode(exchange(request(noPriority, shortTermKey(PWD))).response)?.code, 400);
  });

  it('rejects unknown comprehension-required attributes with 420 (RFC 8489 §6.3.1)', () => {
    const { response } = exchange(request(good([{ type: 0x0031, value: new Uint8Array(4) }]), shortTermKey(PWD)));
    assert.equal(getErrorCode(response)?.code, 420);
    assert.deepEqual(getUnknownAttributes(response), [0x0031]);
    assert.equal(verifyMessageIntegrity(response, shortTermKey(PWD)), true);
  });

  it('resolves role conflicts by tie-breaker (RFC 8445 §7.3.1.1)', () => {
    // Our tie-breaker is 11 * 0x100000001; a smaller one loses and gets 487.
    const small = request(good([iceControllingAttr(1n)]), shortTermKey(PWD));
    const r1 = exchange(small, true);
    assert.equal(getErrorCode(r1.response)?.code, 487);
    assert.equal(r1.agent.controlling, true);
    // A larger one wins: we switch to controlled and answer.
    const big = request(good([iceControllingAttr(0xffffffffffffffffn)]), shortTermKey(PWD));
    const r2 = exchange(big, true);
    assert.equal(r2.response.class, 'success');
    assert.equal(r2.agent.controlling, false);
    assert.deepEqual(r2.agent.pollEvent(), { type: 'candidate', candidate: r2.agent.localCandidates[0] });
    assert.deepEqual(r2.agent.pollEvent(), { type: 'role-changed', controlling: false });
    // Both controlled: the larger tie-breaker takes control.
    const r3 = exchange(request(good([iceControlledAttr(1n)]), shortTermKey(PWD)), false);
    assert.equal(r3.response.class, 'success');
    assert.equal(r3.agent.controlling, true);
    const r4 = exchange(request(good([iceControlledAttr(0xffffffffffffffffn)]), shortTermKey(PWD)), false);
    assert.equal(getErrorCode(r4.response)?.code, 487);
  });

  it('drops garbage and wrong fingerprints without answering, and leaves non-STUN alone', () => {
    const agent = makeAgent('a', true, 11);
    agent.addLocalHostCandidate(LOCAL);
    const bad = request(good(), shortTermKey(PWD));
    bad[bad.length - 1]! ^= 1;
    assert.equal(agent.handleInput(bad, PEER, LOCAL, 0), true);
    assert.equal(agent.stats.badFingerprint, 1);
    const truncated = request(good(), shortTermKey(PWD)).slice(0, 30);
    truncated[3] = 10;
    assert.equal(agent.handleInput(truncated, PEER, LOCAL, 0), true);
    assert.equal(agent.stats.malformed, 1);
    assert.equal(agent.handleInput(new Uint8Array([22, 254, 253, 0]), PEER, LOCAL, 0), false);
    assert.equal(agent.pollTransmit(), undefined);
  });

  it('uses only UDP, component-1, IP-literal remote candidates', () => {
    const agent = makeAgent('a', true, 11);
    agent.addLocalHostCandidate(LOCAL);
    const base = { foundation: '1', priority: 100, port: 9, type: 'host' as const };
    assert.equal(agent.addRemoteCandidate({ ...base, address: 'f00d.local' }), false);
    assert.equal(agent.addRemoteCandidate({ ...base, address: '10.0.0.9', transport: 'tcp' }), false);
    assert.equal(agent.addRemoteCandidate({ ...base, address: '10.0.0.9', component: 2 }), false);
    assert.equal(agent.addRemoteCandidate({ ...base, address: '2001:db8::9' }), true);
    assert.equal(agent.pairs.length, 0, 'no IPv4-IPv6 pairs');
    assert.equal(agent.addRemoteCandidate({ ...base, address: '10.0.0.9', transport: 'UDP' }), true);
    assert.equal(agent.pairs.length, 1);
  });

  it('keeps loopback and other addresses apart: no such pairs, no answers across them', () => {
    const LOOP = v4('127.0.0.1', 5000);
    const agent = makeAgent('a', true, 11);
    agent.addLocalHostCandidate(LOOP);
    agent.setRemoteCredentials('peer', 'peer-password-xxxxxxxxxx');
    const base = { foundation: '1', priority: 100, port: 9, type: 'host' as const };
    agent.addRemoteCandidate({ ...base, address: '192.0.2.9' });
    assert.equal(agent.pairs.length, 0, 'a loopback base is not paired with another address');
    agent.addRemoteCandidate({ ...base, address: '127.0.0.1', port: 10 });
    assert.equal(agent.pairs.length, 1);
    // This host's own other address checking our loopback base: not answered, no prflx.
    assert.equal(agent.handleInput(request(good(), shortTermKey(PWD)), PEER, LOOP, 0), true);
    assert.equal(agent.stats.crossLoopback, 1);
    assert.equal(agent.stats.requestsAnswered, 0);
    assert.equal(agent.pairs.length, 1);
    for (let t = agent.pollTransmit(); t; t = agent.pollTransmit()) assert.equal(t.to.address, '127.0.0.1');
  });

  it('survives 3000 mutated checks without throwing', () => {
    const rng = mulberry32(7);
    const agent = makeAgent('a', false, 11);
    agent.addLocalHostCandidate(LOCAL);
    agent.setRemoteCredentials('peer', 'peer-password-xxxxxxxxxxx');
    const seed = request(good([iceControllingAttr(5n), { type: StunAttr.UseCandidate, value: new Uint8Array(0) }]), shortTermKey(PWD));
    for (let i = 0; i < 3000; i++) {
      const data = seed.slice(0, rng() < 0.2 ? Math.floor(rng() * seed.length) : seed.length);
      for (let k = 0; k < 1 + Math.floor(rng() * 3); k++) data[Math.floor(rng() * data.length)] = Math.floor(rng() * 256);
      agent.handleInput(data, PEER, LOCAL, i);
      agent.handleTimeout(i);
      while (agent.pollTransmit());
    }
    assert.ok(agent.stats.malformed + agent.stats.badFingerprint > 0);
  });
});
