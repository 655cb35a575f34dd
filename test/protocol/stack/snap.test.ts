// SNAP between two stacks (draft-hancke-tsvwg-snap): with each other's a=sctp-init the
// associations are ESTABLISHED when DTLS is, so a channel queued on the DTLS server opens
// with its Finished, not after the four-way handshake; data still arrives whole, once and in
// order under loss, and a missing or broken a=sctp-init falls back to the handshake.
import assert from 'node:assert/strict';
import { BASE_SEED, IMPAIRMENTS, StackPair, messagesOn, type SimPeer } from './sim.js';
import { payload } from './messages.js';

function atOf(p: SimPeer, pred: (e: SimPeer['events'][number]['event']) => boolean): number {
  const hit = p.events.find((x) => pred(x.event));
  assert.ok(hit, `${p.name}: event not seen`);
  return hit.atMs;
}

/** a is the DTLS client, b the server; b queues channel 1 before anything connects. */
async function openOnServer(snap: boolean, signalSctpInit?: (init: Uint8Array) => Uint8Array): Promise<{ pair: StackPair; serverOpenAfterDtlsMs: number }> {
  const pair = await StackPair.create({
    link: { lossRate: 0, duplicateRate: 0, delayMs: 10, jitterMs: 0, seed: BASE_SEED },
    snap,
    ...(signalSctpInit ? { signalSctpInit } : {}),
  });
  pair.b.stack.openChannel({ id: 1, label: 'from-server', protocol: '', ordered: true, negotiated: false }, pair.nowMs);
  pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-open' && e.id === 1) && pair.has(pair.a, (e) => e.type === 'channel-opened' && e.id === 1));
  const dtlsUp = atOf(pair.b, (e) => e.type === 'dtls-state' && e.state === 'connected');
  const open = atOf(pair.b, (e) => e.type === 'channel-open' && e.id === 1);
  return { pair, serverOpenAfterDtlsMs: open - dtlsUp };
}

describe('TransportStack: SNAP (a=sctp-init)', () => {
  it('opens a channel queued on the DTLS server as DTLS connects, a round trip sooner than the SCTP handshake', async () => {
    const snap = await openOnServer(true);
    assert.equal(snap.serverOpenAfterDtlsMs, 0);
    // Without SNAP: INIT (with the client's Finished), INIT ACK (with the server's), COOKIE
    // ECHO; the server is ESTABLISHED one 20 ms round trip after DTLS.
    const handshake = await openOnServer(false);
    assert.equal(handshake.serverOpenAfterDtlsMs, 20);
    for (const { pair } of [snap, handshake]) {
      for (const p of [pair.a, pair.b]) {
        // Layers still come up bottom to top.
        assert.ok(atOf(p, (e) => e.type === 'dtls-state' && e.state === 'connected') <= atOf(p, (e) => e.type === 'sctp-state'));
        assert.deepEqual(pair.eventsOf(p, 'sctp-state').map((e) => e.state), ['connected']);
      }
    }
    // The client learns of the channel with the server's Finished: one trip after it.
    const clientDtls = atOf(snap.pair.a, (e) => e.type === 'dtls-state' && e.state === 'connected');
    assert.equal(atOf(snap.pair.a, (e) => e.type === 'channel-opened' && e.id === 1), clientDtls);
  });

  it('falls back to the SCTP handshake when an a=sctp-init is not a valid INIT', async () => {
    // An INIT whose length field runs past its bytes, as a mangled signalling path might give.
    const { pair, serverOpenAfterDtlsMs } = await openOnServer(true, (init) => Uint8Array.from(init, (x, k) => (k === 3 ? x + 8 : x)));
    assert.equal(serverOpenAfterDtlsMs, 20);
    pair.a.stack.send(1, 'hello', pair.nowMs);
    pair.run(() => messagesOn(pair.b, 1).length === 1);
  });

  IMPAIRMENTS.forEach(({ name, link }, i) => {
    it(`carries reliable channels both ways at ${name}`, async () => {
      const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 40 + i }, snap: true });
      const { a, b } = pair;
      a.stack.openChannel({ id: 0, label: 'a', protocol: '', ordered: true, negotiated: false }, pair.nowMs);
      b.stack.openChannel({ id: 1, label: 'b', protocol: '', ordered: true, negotiated: false }, pair.nowMs);
      const n = 40;
      const sendAll = (p: SimPeer, id: number): void => {
        for (let k = 0; k < n; k++) p.stack.send(id, payload(k + id * 1000, 1 + ((k * 977) % 3000)), pair.nowMs);
      };
      let sentA = false;
      let sentB = false;
      a.onEvent = (e) => {
        if (e.type === 'channel-open' && e.id === 0 && !sentA) {
          sentA = true;
          sendAll(a, 0);
        }
      };
      b.onEvent = (e) => {
        if (e.type === 'channel-open' && e.id === 1 && !sentB) {
          sentB = true;
          sendAll(b, 1);
        }
      };
      pair.run(() => messagesOn(b, 0).length === n && messagesOn(a, 1).length === n, { maxTimeMs: 600_000 });
      for (const [p, id] of [[b, 0], [a, 1]] as const) {
        const got = messagesOn(p, id).map((m) => m.data as Uint8Array);
        got.forEach((m, k) => assert.deepEqual(m, payload(k + id * 1000, 1 + ((k * 977) % 3000)), `${p.name} message ${k}`));
      }
    });
  });
});
