// DESIGN.md "Never silent", layer by layer through the whole stack: with the peer's ICE
// still answering, a DTLS handshake, an SCTP handshake or an SCTP association that gets no
// answer fails, in bounded simulated time, with the events the API turns into the W3C
// failure events; a blackout shorter than consent's 30 s is survived (RFC 7675).
import assert from 'node:assert/strict';
import type { StackEvent } from '../../../src/protocol/stack/index.js';
import { StackPair, isUp, messagesOn, type SimPeer } from './sim.js';

/** RFC 7983 §7: a DTLS datagram starts with 20..63; 23 is an application_data record (SCTP). */
const isDtls = (d: Uint8Array): boolean => d[0]! >= 20 && d[0]! <= 63;
const isApplicationData = (d: Uint8Array): boolean => d[0] === 23;

function stateEvents(p: SimPeer): string[] {
  return p.events.flatMap(({ event: e }) => (e.type.endsWith('-state') ? [`${e.type.replace('-state', '')} ${(e as { state: string }).state}`] : []));
}

function firstAt(p: SimPeer, pred: (e: StackEvent) => boolean): number | undefined {
  return p.events.find((x) => pred(x.event))?.atMs;
}

describe('TransportStack: nothing stalls silently', () => {
  it('SCTP: a peer whose association stops answering (ICE and DTLS alive) fails it after Association.Max.Retrans; channels close; the peer gets the ABORT', async () => {
    const pair = await StackPair.create({ link: { delayMs: 5, jitterMs: 0, seed: 3 } });
    const { a, b } = pair;
    a.stack.openChannel({ id: 0, label: 'doomed', ordered: true, negotiated: false }, 0);
    a.stack.openChannel({ id: 2, label: 'doomed too', ordered: false, negotiated: false, maxRetransmits: 1 }, 0);
    pair.connect();
    pair.run(() => pair.has(b, (e) => e.type === 'channel-opened' && e.id === 2));
    a.stack.send(0, 'before', pair.nowMs);
    pair.run(() => messagesOn(b, 0).length === 1);
    // b's SCTP goes deaf and mute: its DTLS records are dropped; its STUN still answers.
    const from = pair.nowMs;
    pair.onTransmit = (p, d) => !(p === b && isDtls(d));
    a.stack.send(0, 'into the void', pair.nowMs);
    pair.run(() => pair.has(a, (e) => e.type === 'sctp-state' && e.state === 'closed'), { maxTimeMs: 120_000 });
    const closed = pair.eventsOf(a, 'sctp-state').find((e) => e.state === 'closed')!;
    assert.equal(closed.reason, 'too many retransmissions');
    const at = firstAt(a, (e) => e.type === 'sctp-state' && e.state === 'closed')!;
    // 11 T3-rtx expiries, the RTO doubling from 1 s to the 3 s stop: about 30 s.
    assert.ok(at - from <= 35_000, `closed ${at - from} ms after the peer went quiet`);
    for (const id of [0, 2]) assert.ok(pair.has(a, (e) => e.type === 'channel-closed' && e.id === id), `channel ${id} not closed on a`);
    // W3C: only ICE and DTLS make the connection state; both stay up.
    assert.ok(!stateEvents(a).some((s) => s === 'dtls failed' || s === 'ice failed' || s === 'ice disconnected'), stateEvents(a).join(', '));
    // b hears the ABORT (a→b still carries): its association and channels close too.
    pair.run(() => pair.has(b, (e) => e.type === 'sctp-state' && e.state === 'closed'));
    assert.match(pair.eventsOf(b, 'sctp-state').find((e) => e.state === 'closed')!.reason ?? '', /^peer-abort/);
    assert.ok(pair.has(b, (e) => e.type === 'channel-closed' && e.id === 0));
    // Nothing runs on afterwards but ICE consent.
    const steps = pair.steps;
    pair.advanceTo(pair.nowMs + 60_000);
    assert.ok(pair.steps - steps < 200, `${pair.steps - steps} steps in a minute after the failure`);
  });

  it('SCTP handshake: INIT never answered (the peer drops SCTP, DTLS up) fails after Max.Init.Retransmits', async () => {
    const pair = await StackPair.create({ link: { delayMs: 5, jitterMs: 0, seed: 4 } });
    const { a, b } = pair;
    a.stack.openChannel({ id: 0, label: 'never', ordered: true, negotiated: false }, 0);
    // b's application data (its SCTP) never arrives; its handshake and STUN do.
    pair.onTransmit = (p, d) => !(p === b && isApplicationData(d));
    pair.run(() => pair.has(a, (e) => e.type === 'sctp-state' && e.state === 'closed'), { maxTimeMs: 120_000 });
    assert.equal(pair.eventsOf(a, 'sctp-state').find((e) => e.state === 'closed')!.reason, 'handshake timed out');
    assert.ok(pair.has(a, (e) => e.type === 'dtls-state' && e.state === 'connected'));
    // 9 INITs, 1 s doubling to 3 s: under half a minute.
    assert.ok(pair.nowMs <= 30_000, `gave up at ${pair.nowMs} ms`);
  });

  it('DTLS: a handshake the peer never completes (its DTLS dropped, ICE alive) fails after 8 retransmissions on both sides', async () => {
    const pair = await StackPair.create({ link: { delayMs: 5, jitterMs: 0, seed: 5 } });
    const { a, b } = pair;
    pair.onTransmit = (p, d) => !(p === b && isDtls(d));
    const failed = (p: SimPeer): boolean => pair.has(p, (e) => e.type === 'dtls-state' && e.state === 'failed');
    pair.run(() => failed(a) && failed(b), { maxTimeMs: 400_000 });
    // RFC 6347 §4.2.4.1: 400 ms doubling to 60 s, 8 retransmissions: 162 s in all.
    for (const p of [a, b]) {
      const at = firstAt(p, (e) => e.type === 'dtls-state' && e.state === 'failed')!;
      assert.ok(at <= 170_000, `${p.name} failed at ${at} ms`);
      assert.ok(!stateEvents(p).includes('dtls connected'));
    }
    assert.ok(!stateEvents(a).includes('ice failed'), 'ICE stayed up');
  });

  it('ICE consent: a 6 s blackout goes disconnected, then connected again, and data resumes; no layer fails', async () => {
    const pair = await StackPair.create({ link: { delayMs: 5, jitterMs: 0, seed: 6 } });
    const { a, b } = pair;
    a.stack.openChannel({ id: 0, label: 'steady', ordered: true, negotiated: false }, 0);
    pair.connect();
    pair.run(() => pair.has(b, (e) => e.type === 'channel-opened'));
    const from = pair.nowMs;
    pair.onTransmit = (_p, _d, nowMs) => nowMs < from || nowMs >= from + 6000;
    let k = 0;
    while (pair.nowMs < from + 6000) {
      a.stack.send(0, `m${k++}`, pair.nowMs);
      pair.advanceTo(pair.nowMs + 200);
    }
    pair.run(() => messagesOn(b, 0).length === k, { maxTimeMs: 10_000 });
    assert.deepEqual(messagesOn(b, 0).map((m) => m.data), Array.from({ length: k }, (_, i) => `m${i}`));
    for (const p of [a, b]) {
      const since = p.events.filter((x) => x.atMs >= from).map((x) => x.event);
      const ice = since.flatMap((e) => (e.type === 'ice-state' ? [e.state] : []));
      assert.ok(ice.includes('disconnected') && ice.at(-1) !== 'disconnected' && !ice.includes('failed'), `${p.name}: ${ice.join(', ')}`);
      assert.ok(!since.some((e) => e.type === 'sctp-state' || e.type === 'dtls-state'), `${p.name}: ${stateEvents(p).join(', ')}`);
      assert.ok(isUp(p));
    }
  });

  it('ICE consent: the peer stops answering STUN while its DTLS and SCTP keep coming; consent still expires, ICE fails on both sides and no DTLS goes out after (RFC 7675 §5.1)', async () => {
    const pair = await StackPair.create({ link: { delayMs: 5, jitterMs: 0, seed: 7 } });
    const { a, b } = pair;
    a.stack.openChannel({ id: 0, label: 'chatty', ordered: true, negotiated: false }, 0);
    pair.connect();
    pair.run(() => pair.has(b, (e) => e.type === 'channel-opened'));
    const from = pair.nowMs;
    // RFC 7983 §7: STUN starts with 0..3. b's STUN (its consent requests and its answers) is lost.
    const dtlsAt: Record<string, number[]> = { a: [], b: [] };
    pair.onTransmit = (p, d, nowMs) => {
      if (isDtls(d)) dtlsAt[p.name]!.push(nowMs);
      return !(p === b && d[0]! < 4);
    };
    const failedAt = (p: SimPeer): number | undefined => firstAt(p, (e) => e.type === 'ice-state' && e.state === 'failed');
    // b keeps sending on the channel every 500 ms while its ICE lets it.
    let k = 0;
    while (pair.nowMs < from + 40_000 && (failedAt(a) === undefined || failedAt(b) === undefined)) {
      if (failedAt(b) === undefined) b.stack.send(0, `b${k++}`, pair.nowMs);
      pair.advanceTo(pair.nowMs + 500);
    }
    assert.ok(messagesOn(a, 0).length > 10, 'a heard b meanwhile');
    for (const p of [a, b]) {
      const at = failedAt(p);
      assert.ok(at !== undefined, `${p.name}: ${stateEvents(p).join(', ')}`);
      // The last consent response came before the tap; consent lasts 30 s after it.
      assert.ok(at - from <= 30_500, `${p.name} failed ${at - from} ms after the peer's STUN stopped`);
      // a heard b's data until b gave up: it may go 'disconnected' only after that, never before.
      const ice = p.events.flatMap((x) => (x.atMs >= from && x.event.type === 'ice-state' ? [x.event.state] : []));
      assert.ok(ice.at(-1) === 'failed' && ice.every((s) => s === 'disconnected' || s === 'failed'), `${p.name}: ${ice.join(', ')}`);
    }
    // Nothing revives, and no DTLS leaves either side once its ICE has failed.
    pair.advanceTo(pair.nowMs + 30_000);
    for (const p of [a, b]) {
      assert.equal(stateEvents(p).filter((s) => s.startsWith('ice')).at(-1), 'ice failed');
      assert.deepEqual(dtlsAt[p.name]!.filter((t) => t > failedAt(p)!), [], `${p.name} sent DTLS after ICE failed`);
    }
  });
});
