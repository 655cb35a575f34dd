// Candidate and pair arithmetic (RFC 8445 §5.1.2, §6.1.2) and the check list's ordering.
import assert from 'node:assert/strict';
import {
  candidatePriority,
  computeFoundation,
  localPreferenceOf,
  pairPriority,
  toSdpCandidate,
  type LocalCandidate,
} from '../../../src/protocol/ice/index.js';
import { CheckList } from '../../../src/protocol/ice/checklist.js';
import { LocalCandidates } from '../../../src/protocol/ice/local-candidates.js';
import { RemoteCandidates } from '../../../src/protocol/ice/remote-candidates.js';
import { v4, v6 } from './sim-network.js';

describe('ice/candidates and check list', () => {
  it('candidate priority (RFC 8445 §5.1.2.1)', () => {
    assert.equal(candidatePriority(126, 65535, 1), 2130706431);
    assert.equal(candidatePriority(0, 0, 256), 0);
    assert.equal(localPreferenceOf(candidatePriority(100, 1234)), 1234);
  });

  it('pair priority (RFC 8445 §6.1.2.3)', () => {
    assert.equal(pairPriority(2, 1), (1n << 32n) + 4n + 1n);
    assert.equal(pairPriority(1, 2), (1n << 32n) + 4n);
    assert.equal(pairPriority(0xffffffff, 0xffffffff), (0xffffffffn << 32n) + 2n * 0xffffffffn);
  });

  it('foundations follow type, base and server (RFC 8445 §5.1.1.3)', () => {
    assert.equal(computeFoundation('host', '10.0.0.1'), computeFoundation('host', '10.0.0.1'));
    assert.notEqual(computeFoundation('host', '10.0.0.1'), computeFoundation('host', '10.0.0.2'));
    assert.notEqual(computeFoundation('srflx', '10.0.0.1', '1.1.1.1'), computeFoundation('srflx', '10.0.0.1', '2.2.2.2'));
    assert.match(computeFoundation('prflx', '::1'), /^[0-9]{1,10}$/);
  });

  it('host candidates: IPv6 first, then interface order; srflx redundancy (RFC 8445 §5.1.3)', () => {
    const locals = new LocalCandidates();
    const a = locals.addHost(v4('10.0.0.1', 1)).candidate;
    const b = locals.addHost(v4('10.0.0.2', 1)).candidate;
    const c = locals.addHost(v6('2001:DB8:0::1', 1)).candidate;
    assert.equal(c.address, '2001:db8::1', 'addresses are canonical');
    assert.ok(c.priority > a.priority && a.priority > b.priority);
    assert.equal(a.priority >>> 24, 126);
    assert.equal(locals.addHost(v4('10.0.0.1', 1)).added, false);
    assert.equal(locals.addSrflx(a, v4('10.0.0.1', 1), v4('9.9.9.9', 3478)), undefined, 'same as base');
    const s = locals.addSrflx(a, v4('203.0.113.1', 7), v4('9.9.9.9', 3478))!;
    assert.equal(s.priority >>> 24, 100);
    assert.equal(localPreferenceOf(s.priority), localPreferenceOf(a.priority));
    assert.equal(locals.addSrflx(b, v4('203.0.113.1', 7), v4('9.9.9.9', 3478)), undefined, 'already known');
    assert.equal(locals.prflxPriority(a) >>> 24, 110);
    assert.deepEqual(toSdpCandidate(s), {
      foundation: s.foundation, component: 1, transport: 'udp', priority: s.priority, address: '203.0.113.1', port: 7,
      type: 'srflx', relatedAddress: '10.0.0.1', relatedPort: 1, extensions: [],
    });
  });

  it('remote candidates: IP literals only, and signalled ones replace learned prflx', () => {
    const remotes = new RemoteCandidates();
    assert.equal(remotes.add({ foundation: '1', priority: 1, address: 'abc.local', port: 9, type: 'host' }), undefined);
    const learned = remotes.learn(v4('10.0.0.9', 9), 1234)!;
    assert.equal(learned.type, 'prflx');
    const r = remotes.add({ foundation: '7', priority: 99, address: '10.0.0.9', port: 9, type: 'host' })!;
    assert.equal(r.updated, true);
    assert.equal(r.candidate, learned);
    assert.equal(learned.type, 'host');
    assert.equal(remotes.add({ foundation: '7', priority: 99, address: '10.0.0.9', port: 9, type: 'host' }), undefined);
  });

  it('orders pairs by priority, unfreezes by foundation and serves triggered checks first', () => {
    const locals = new LocalCandidates();
    const remotes = new RemoteCandidates();
    const l1 = locals.addHost(v4('10.0.0.1', 1)).candidate;
    const l2 = locals.addHost(v4('10.0.0.2', 1)).candidate;
    const r1 = remotes.add({ foundation: 'x', priority: 100, address: '10.1.0.1', port: 1, type: 'host' })!.candidate;
    const r2 = remotes.add({ foundation: 'x', priority: 200, address: '10.1.0.2', port: 1, type: 'host' })!.candidate;
    const list = new CheckList();
    const pairs = [list.add(l1, r1, true), list.add(l1, r2, true), list.add(l2, r1, true), list.add(l2, r2, true)];
    for (const p of pairs) list.initialState(p);
    const prios = list.pairs.map((p) => p.priority);
    assert.deepEqual(prios, [...prios].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    // r1 and r2 share a foundation: of each local's two pairs only the one formed first
    // (with r1, the lower priority) waits; the other stays frozen (RFC 8838 §10).
    const states = (local: LocalCandidate): string[] => list.pairs.filter((p) => p.local === local).map((p) => p.state);
    assert.deepEqual(states(l1), ['frozen', 'waiting']);
    assert.deepEqual(states(l2), ['frozen', 'waiting']);
    const first = list.next(true)!;
    assert.equal(first, list.pairs.find((p) => p.state === 'waiting'));
    first.state = 'in-progress';
    const low = list.pairs[list.pairs.length - 1]!;
    list.trigger(low);
    assert.equal(list.next(true), low, 'triggered before ordinary');
    low.state = 'in-progress';
    first.state = 'succeeded';
    list.unfreeze(first.foundation);
    assert.ok(list.pairs.filter((p) => p.foundation === first.foundation).every((p) => p.state !== 'frozen'));
    assert.equal(list.hasWork(false), false);
    list.reprioritize(false);
    assert.equal(list.pairs[0]!.priority, pairPriority(list.pairs[0]!.remote.priority, list.pairs[0]!.local.priority));
  });
});
