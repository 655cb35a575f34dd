// SNAP between two stacks (draft-hancke-tsvwg-snap): with each other's a=sctp-init the
// associations are ESTABLISHED when DTLS is, so a channel queued on the DTLS server opens
// with its Finished, not after the four-way handshake; data still arrives whole, once and in
// order under loss, and a missing or broken a=sctp-init falls back to the handshake.
import assert from 'node:assert/strict';
import { BASE_SEED, IMPAIRMENTS, StackPair, messagesOn, type SimPeer } from './sim.js';
import { payload } from './messages.js';

/** A STUN Binding request with USE-CANDIDATE (RFC 8445 §7.1.2): a nomination. */
function isNomination(data: Uint8Array): boolean {
  if (data.length < 20 || data[0] !== 0x00 || data[1] !== 0x01) return false;
  for (let o = 20; o + 4 <= data.length; ) {
    const type = (data[o]! << 8) | data[o + 1]!;
    const length = (data[o + 2]! << 8) | data[o + 3]!;
    if (type === 0x0025) return true;
    o += 4 + ((length + 3) & ~3);
  }
  return false;
}

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

  it('probes a loopback path toward a purertc peer for larger packets when SCTP is up before ICE nominates', async () => {
    for (const snap of [true, false]) {
      // a controls ICE and is the DTLS server, as an offerer answered by an active peer is.
      const pair = await StackPair.create({ link: { lossRate: 0, duplicateRate: 0, delayMs: 1, jitterMs: 0, seed: BASE_SEED }, snap, purertcPeers: true, loopback: true, aDtlsRole: 'server' });
      let largest = 0;
      let nominationsLost = 0;
      pair.onTransmit = (from, data) => {
        if (from !== pair.a) return undefined;
        largest = Math.max(largest, data.length);
        // The first nomination is lost: its retransmission, RTO later, selects the pair
        // long after SCTP is up (on a real loopback it often lands after it too).
        if (nominationsLost === 0 && isNomination(data)) {
          nominationsLost++;
          return false;
        }
        return undefined;
      };
      pair.a.stack.openChannel({ id: 0, label: 'bulk', protocol: '', ordered: true, negotiated: false }, pair.nowMs);
      pair.run(() => pair.has(pair.a, (e) => e.type === 'channel-open' && e.id === 0));
      // The association came up before the nomination that selects the pair.
      pair.run(() => pair.has(pair.a, (e) => e.type === 'selected-pair'));
      assert.ok(atOf(pair.a, (e) => e.type === 'sctp-state') < atOf(pair.a, (e) => e.type === 'selected-pair'), 'SCTP was not up first');
      pair.advanceTo(pair.nowMs + 2000);
      for (let k = 0; k < 20; k++) pair.a.stack.send(0, payload(k, 60_000), pair.nowMs);
      pair.run(() => messagesOn(pair.b, 0).length === 20);
      assert.ok(largest > 4000, `snap ${snap}: largest datagram ${largest} B`);
    }
  });

  it('falls back to the SCTP handshake when the peer echoes our own a=sctp-init (as libdatachannel does)', async () => {
    // Each side is handed back its own INIT, as from an answer that copied the offer's line.
    const pair = await StackPair.create({ link: { lossRate: 0, duplicateRate: 0, delayMs: 10, jitterMs: 0, seed: BASE_SEED }, snap: true, signalSctpInit: (_init, own) => own });
    pair.b.stack.openChannel({ id: 1, label: 'from-server', protocol: '', ordered: true, negotiated: false }, pair.nowMs);
    pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-open' && e.id === 1) && pair.has(pair.a, (e) => e.type === 'channel-opened' && e.id === 1));
    const dtlsUp = atOf(pair.b, (e) => e.type === 'dtls-state' && e.state === 'connected');
    assert.equal(atOf(pair.b, (e) => e.type === 'channel-open' && e.id === 1) - dtlsUp, 20);
  });

  // One-sided SNAP: the answer's a=sctp-init is lost on the way, so its writer (the
  // answerer) is ESTABLISHED with the offer's INIT while the offerer runs the handshake.
  for (const snapSide of ['client', 'server'] as const) {
    it(`opens channels both ways when only the DTLS ${snapSide} got the other's a=sctp-init`, async () => {
      // a is the DTLS client; the side that did not get the other's line is the offerer.
      const loser = snapSide === 'client' ? 'b' : 'a';
      for (const snapSideSends of [true, false]) {
        const pair = await StackPair.create({
          link: { lossRate: 0, duplicateRate: 0, delayMs: 10, jitterMs: 0, seed: BASE_SEED },
          snap: true,
          signalSctpInit: (init, _own, receiver) => (receiver === loser ? null : init),
        });
        const snapPeer = loser === 'a' ? pair.b : pair.a;
        const other = loser === 'a' ? pair.a : pair.b;
        other.stack.openChannel({ id: 2, label: 'handshake side', protocol: '', ordered: true, negotiated: false }, pair.nowMs);
        if (snapSideSends) snapPeer.stack.openChannel({ id: 3, label: 'snap side', protocol: '', ordered: true, negotiated: false }, pair.nowMs);
        pair.run(() => pair.has(other, (e) => e.type === 'channel-open' && e.id === 2) && pair.has(snapPeer, (e) => e.type === 'channel-opened' && e.id === 2));
        const dtlsUp = atOf(other, (e) => e.type === 'dtls-state' && e.state === 'connected');
        const openAfter = atOf(other, (e) => e.type === 'channel-open' && e.id === 2) - dtlsUp;
        // A DTLS server that waits for an INIT starts the handshake itself: at once when the
        // SNAP peer sends, else after an initial RTO (1 s). A DTLS client sends INIT anyway.
        const waits = snapSide === 'client' && !snapSideSends;
        assert.ok(waits ? openAfter >= 1000 && openAfter < 1200 : openAfter < 100, `open ${openAfter} ms after DTLS (snap side sends: ${snapSideSends})`);
        other.stack.send(2, 'from the handshake side', pair.nowMs);
        snapPeer.stack.send(2, 'from the snap side', pair.nowMs);
        if (snapSideSends) snapPeer.stack.send(3, 'queued before', pair.nowMs);
        pair.run(() => messagesOn(snapPeer, 2).length === 1 && messagesOn(other, 2).length === 1 && (!snapSideSends || messagesOn(other, 3).length === 1));
        assert.equal(messagesOn(snapPeer, 2)[0]!.data, 'from the handshake side');
        assert.equal(messagesOn(other, 2)[0]!.data, 'from the snap side');
      }
    });
  }

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
