// The TURN client (RFC 8656) against a fake server in simulated time: the 401 challenge,
// refreshes, stale nonces, 437, permissions, channels, the data path and close.
import assert from 'node:assert/strict';
import { StunMethod, getUsername, parseMessage } from '../../../src/protocol/stun/index.js';
import { TurnClient, getLifetime, type TurnClientOptions, type TurnEvent } from '../../../src/protocol/turn/index.js';
import type { Address } from '../../../src/protocol/types.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { FakeTurnServer, MAPPED, PASSWORD, RELAYED, USER, hasIntegrity } from './fake-server.js';

const SERVER: Address = { family: 4, address: '192.0.2.1', port: 3478 };
const PEER: Address = { family: 4, address: '192.0.2.50', port: 6000 };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A client wired to a fake server with no delay; `step` runs the exchange to quiescence. */
class Harness {
  readonly server = new FakeTurnServer();
  readonly client: TurnClient;
  readonly events: TurnEvent[] = [];
  /** Messages the client sent, in order. */
  readonly sent: Uint8Array[] = [];
  now = 0;

  constructor(options: Partial<TurnClientOptions> = {}) {
    this.client = new TurnClient({ server: SERVER, transport: 'udp', username: USER, password: PASSWORD, random: seededRandom(7), rtoMs: 100, ...options });
  }

  step(): void {
    for (let guard = 0; guard < 1000; guard++) {
      const tx = this.client.pollTransmit();
      if (tx === undefined) break;
      assert.deepEqual(tx.to, SERVER);
      this.sent.push(tx.data);
      for (const reply of this.server.handle(tx.data)) this.client.handleInput(reply, this.now);
    }
    for (let e = this.client.pollEvent(); e; e = this.client.pollEvent()) this.events.push(e);
  }

  /** Advances simulated time to `untilMs`, firing every timer on the way. */
  advance(untilMs: number): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const next = this.client.pollTimeout();
      if (next === undefined || next > untilMs) break;
      this.now = Math.max(this.now, next);
      this.client.handleTimeout(this.now);
      this.step();
    }
    this.now = untilMs;
  }

  allocate(): void {
    this.client.start(this.now);
    this.step();
  }
}

describe('turn/client', () => {
  it('allocates after the 401 challenge: realm and nonce taken, the request authenticated (RFC 8489 §9.2)', () => {
    const h = new Harness();
    h.allocate();
    assert.equal(h.client.state, 'allocated');
    assert.deepEqual(h.events, [{ type: 'allocated', relayed: RELAYED, mapped: MAPPED, lifetimeSec: 600 }]);
    const [first, second] = h.server.seen(StunMethod.Allocate);
    assert.ok(first && second);
    assert.equal(getUsername(first), undefined);
    assert.equal(hasIntegrity(first), false);
    assert.equal(getUsername(second), USER);
    assert.ok(hasIntegrity(second));
  });

  it('reports a wrong password as a 401 failure and no allocation', () => {
    const h = new Harness({ password: 'wrong' });
    h.allocate();
    assert.equal(h.client.state, 'failed');
    assert.deepEqual(h.events, [{ type: 'failed', code: 401, reason: 'Unauthorized' }]);
    assert.equal(h.server.seen(StunMethod.Allocate).length, 2);
    assert.equal(h.client.pollTimeout(), undefined);
  });

  it('refreshes a minute before expiry and renews a stale nonce on the way (438)', () => {
    const h = new Harness();
    h.allocate();
    h.server.staleOnce = true;
    h.advance(539_999);
    assert.equal(h.server.seen(StunMethod.Refresh).length, 0);
    h.advance(540_000);
    assert.equal(h.server.seen(StunMethod.Refresh).length, 2);
    assert.equal(h.client.stats.staleNonces, 1);
    assert.equal(h.client.stats.refreshes, 1);
    assert.equal(h.client.state, 'allocated');
    h.advance(1_080_000);
    assert.equal(h.client.stats.refreshes, 2);
  });

  it('a short lifetime is refreshed at its half', () => {
    const h = new Harness();
    h.server.lifetimeSec = 60;
    h.allocate();
    h.advance(30_000);
    assert.equal(h.client.stats.refreshes, 1);
  });

  it('a 437 to a Refresh ends the allocation (RFC 8656 §7.3)', () => {
    const h = new Harness();
    h.allocate();
    h.server.forgetAllocation = true;
    h.advance(540_000);
    assert.equal(h.client.state, 'failed');
    assert.deepEqual(h.events.at(-1), { type: 'failed', code: 437, reason: 'Allocation Mismatch' });
  });

  it('queues data until the permission is installed, then Send indications, then ChannelData', () => {
    const h = new Harness();
    h.allocate();
    assert.ok(h.client.send(PEER, text('a'), h.now));
    assert.ok(h.client.send(PEER, text('b'), h.now));
    h.step();
    assert.equal(h.server.seen(StunMethod.CreatePermission).length, 1);
    assert.equal(h.server.seen(StunMethod.ChannelBind).length, 1);
    assert.ok(h.client.send(PEER, text('c'), h.now));
    h.step();
    assert.deepEqual(h.server.delivered, [
      { peer: '192.0.2.50:6000', data: 'a', via: 'send' },
      { peer: '192.0.2.50:6000', data: 'b', via: 'send' },
      { peer: '192.0.2.50:6000', data: 'c', via: 'channel' },
    ]);
    assert.equal(h.client.stats.indicationsSent, 2);
    assert.equal(h.client.stats.channelDataSent, 1);
  });

  it('delivers a peer\'s data from Data indications and ChannelData, and drops an unknown channel', () => {
    const h = new Harness();
    h.allocate();
    const before = h.server.fromPeer(PEER, text('x'));
    h.client.handleInput(before, h.now);
    h.client.send(PEER, text('hi'), h.now);
    h.step();
    h.client.handleInput(h.server.fromPeer(PEER, text('y')), h.now);
    h.client.handleInput(new Uint8Array([0x4f, 0xff, 0, 1, 7]), h.now);
    h.step();
    const data = h.events.filter((e) => e.type === 'data');
    assert.deepEqual(data.map((e) => [e.type === 'data' && new TextDecoder().decode(e.data), e.type === 'data' && e.peer]), [['x', PEER], ['y', PEER]]);
    assert.equal(h.client.stats.indicationsReceived, 1);
    assert.equal(h.client.stats.channelDataReceived, 1);
    assert.equal(h.client.stats.unknownChannel, 1);
  });

  it('refreshes permissions every 240 s and channels every 540 s', () => {
    const h = new Harness();
    h.allocate();
    h.client.send(PEER, text('a'), h.now);
    h.step();
    h.advance(240_000);
    assert.equal(h.server.seen(StunMethod.CreatePermission).length, 2);
    h.advance(540_000);
    assert.equal(h.server.seen(StunMethod.ChannelBind).length, 2);
    assert.equal(h.server.seen(StunMethod.CreatePermission).length, 3);
  });

  it('a refused permission drops its queue and says so', () => {
    const h = new Harness();
    h.server.forbidPeers = true;
    h.allocate();
    h.client.send(PEER, text('a'), h.now);
    h.step();
    assert.deepEqual(h.events.at(-1), { type: 'permission-failed', peer: PEER, code: 403 });
    assert.equal(h.client.stats.sendsDropped, 1);
    assert.deepEqual(h.server.delivered, []);
  });

  it('bounds the queue of a pending permission', () => {
    const h = new Harness({ maxQueuedPerPeer: 2 });
    h.allocate();
    h.server.silent = true;
    assert.ok(h.client.send(PEER, text('1'), h.now));
    assert.ok(h.client.send(PEER, text('2'), h.now));
    assert.equal(h.client.send(PEER, text('3'), h.now), false);
    assert.equal(h.client.stats.sendsDropped, 1);
  });

  it('close sends one Refresh with LIFETIME 0 and then nothing (RFC 8656 §7.2)', () => {
    const h = new Harness();
    h.allocate();
    h.client.close(h.now);
    h.step();
    assert.deepEqual(h.server.lifetimesAsked, [0]);
    assert.equal(h.server.allocated, false);
    assert.equal(h.client.pollTimeout(), undefined);
    assert.equal(h.client.send(PEER, text('a'), h.now), false);
  });

  it('an unreachable server over UDP: Rc requests, then a failure without a code', () => {
    const h = new Harness({ maxRequests: 3 });
    h.server.silent = true;
    h.allocate();
    h.advance(60_000);
    assert.equal(h.sent.length, 3);
    assert.deepEqual(h.events, [{ type: 'failed', code: undefined, reason: 'no answer from the TURN server' }]);
  });

  it('over TCP a request is sent once and waits 39.5 s (RFC 8489 §6.2.2); ChannelData is padded', () => {
    const h = new Harness({ transport: 'tcp' });
    h.allocate();
    h.client.send(PEER, text('a'), h.now);
    h.step();
    h.client.send(PEER, text('abcde'), h.now);
    const cd = h.client.pollTransmit()!;
    assert.equal(cd.data.length, 12);
    const silent = new Harness({ transport: 'tcp' });
    silent.server.silent = true;
    silent.allocate();
    silent.advance(39_499);
    assert.equal(silent.events.length, 0);
    silent.advance(39_500);
    assert.equal(silent.sent.length, 1);
    assert.equal(silent.events[0]?.type, 'failed');
  });

  it('drops a success whose MESSAGE-INTEGRITY does not verify, and counts garbage', () => {
    const h = new Harness();
    h.allocate();
    h.client.send(PEER, text('a'), h.now);
    const request = h.client.pollTransmit()!.data;
    const [reply] = h.server.handle(request);
    const forged = reply!.slice();
    forged[forged.length - 20] ^= 1; // inside MESSAGE-INTEGRITY (FINGERPRINT is the last 8)
    h.client.handleInput(forged, h.now);
    assert.equal(h.client.stats.integrityFailures, 1);
    h.client.handleInput(new Uint8Array([0x99, 1, 2, 3]), h.now);
    h.client.handleInput(new Uint8Array(20), h.now);
    assert.equal(h.client.stats.malformed, 2);
    h.client.handleInput(reply!, h.now);
    assert.equal(getLifetime(parseMessage(request)), undefined);
  });

  it('a connection lost ends the allocation', () => {
    const h = new Harness({ transport: 'tls' });
    h.allocate();
    h.client.connectionLost('socket closed');
    h.step();
    assert.deepEqual(h.events.at(-1), { type: 'failed', code: undefined, reason: 'socket closed' });
  });
});
