// Garbage datagrams on a connected stack (STYLE.md habit 7): random bytes whose first byte
// falls in each range of the RFC 7983 §7 demultiplexing table are dropped and counted, never
// thrown, and the connection keeps carrying data afterwards.
import assert from 'node:assert/strict';
import type { DtlsStats } from '../../../src/protocol/dtls/index.js';
import type { IceAgentStats } from '../../../src/protocol/ice/index.js';
import type { TransportStack } from '../../../src/protocol/stack/index.js';
import { BASE_SEED, IMPAIRMENTS, StackPair, messagesOn, mulberry32, v4, type SimPeer } from './sim.js';

/** RFC 7983 §7: what the first byte of a datagram says it is. */
const RANGES: ReadonlyArray<{ name: string; lo: number; hi: number }> = [
  { name: 'STUN', lo: 0, hi: 3 },
  { name: 'reserved 4-15', lo: 4, hi: 15 },
  { name: 'ZRTP', lo: 16, hi: 19 },
  { name: 'DTLS', lo: 20, hi: 63 },
  { name: 'TURN channel', lo: 64, hi: 79 },
  { name: 'reserved 80-127', lo: 80, hi: 127 },
  { name: 'RTP/RTCP', lo: 128, hi: 191 },
  { name: 'reserved 192-255', lo: 192, hi: 255 },
];

/**
 * The drop counters of a stack. TransportStack exposes `droppedDatagrams` (neither STUN, DTLS
 * nor RTP/RTCP) and the media plane's counters (SRTP that did not unprotect); the ICE and DTLS engines count what they drop in their own `stats`, which the
 * stack keeps private, so the test reads them through the engines.
 */
function counters(stack: TransportStack): { other: number; stun: number; dtls: number; media: number } {
  const inner = stack as unknown as { ice: { stats: IceAgentStats } | null; dtls: { stats: DtlsStats } | null };
  const ice = inner.ice!.stats;
  const dtls = inner.dtls!.stats;
  const m = stack.mediaStats().counters;
  return {
    media: m.receivedWithoutKeys + m.receivedMalformed + m.unprotectFailed + m.receivedWithoutSession,
    other: stack.droppedDatagrams,
    stun: ice.malformed + ice.badFingerprint + ice.responsesIgnored + ice.requestsRejected + ice.unknownBase,
    dtls: dtls.malformedRecords + dtls.badMacRecords + dtls.replayedRecords + dtls.droppedRecords + dtls.droppedFragments,
  };
}

/** Random garbage whose first byte is in [lo, hi]; some shaped to get past a first glance. */
function garbage(rng: () => number, lo: number, hi: number, k: number): Uint8Array {
  const length = k % 11 === 0 ? 1 + Math.floor(rng() * 3) : 1 + Math.floor(rng() * 1400);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rng() * 256);
  out[0] = lo + Math.floor(rng() * (hi - lo + 1));
  if (lo === 0 && k % 2 === 0 && length >= 20) {
    // STUN's magic cookie (RFC 8489 §5) and a length that may or may not fit.
    out.set([0x21, 0x12, 0xa4, 0x42], 4);
    if (k % 4 === 0) new DataView(out.buffer).setUint16(2, (length - 20) & ~3);
  }
  if (lo === 20 && length >= 13) {
    // A DTLS 1.2 record header (RFC 6347 §4.1) with the right length: epoch 1 application
    // data with a bad MAC, epoch 0 handshake or alert, or an unknown content type.
    const type = [23, 22, 21, 20, 24 + (k % 40)][k % 5]!;
    out[0] = type;
    out[1] = 0xfe;
    out[2] = 0xfd;
    new DataView(out.buffer).setUint16(3, type === 23 ? 1 : k % 3);
    new DataView(out.buffer).setUint16(11, length - 13);
  }
  return out;
}

describe('TransportStack: garbage datagrams', () => {
  IMPAIRMENTS.forEach(({ name, link }, i) => {
    it(`${name}: every RFC 7983 range is dropped and counted, and the connection keeps working`, async () => {
      const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 90 + i } });
      const { a, b } = pair;
      a.stack.openChannel({ id: 0, label: 'survivor', ordered: true, negotiated: false }, pair.nowMs);
      pair.connect();
      pair.run(() => pair.has(b, (e) => e.type === 'channel-opened' && e.id === 0));
      const rng = mulberry32(BASE_SEED * 31 + i);
      const perRange = 60;
      const check = (victim: SimPeer): void => {
        for (const range of RANGES) {
          const before = counters(victim.stack);
          let injected = 0;
          for (let k = 0; k < perRange; k++) {
            // From the peer's own address (spoofed) and from a stranger.
            const data = garbage(rng, range.lo, range.hi, k);
            if (k % 3 === 0) {
              victim.stack.handleDatagram(data, v4('192.0.2.66', 40000 + k), victim.base, pair.nowMs);
              pair.drain();
            } else pair.inject(victim, data);
            injected++;
          }
          const after = counters(victim.stack);
          const counted = after.other - before.other + after.stun - before.stun + after.dtls - before.dtls + after.media - before.media;
          assert.ok(counted >= injected, `${victim.name}, ${range.name}: ${counted} of ${injected} garbage datagrams counted (${JSON.stringify({ before, after })})`);
          if (range.lo === 128) {
            // RFC 7983 §7: SRTP or SRTCP; without a valid tag nothing gets past SRTP.
            assert.equal(after.media - before.media, injected, `${victim.name}, ${range.name}: not counted by the media plane`);
          } else if (range.lo !== 0 && range.lo !== 20) {
            assert.equal(after.other - before.other, injected, `${victim.name}, ${range.name}: not counted as dropped`);
          }
        }
        victim.stack.handleDatagram(new Uint8Array(0), pair.other(victim).base, victim.base, pair.nowMs);
        pair.drain();
      };
      check(a);
      check(b);

      // Nothing broke: no layer failed or closed, and data still flows both ways.
      for (const p of [a, b]) {
        const bad = p.events.filter(({ event: e }) =>
          (e.type === 'ice-state' && (e.state === 'failed' || e.state === 'disconnected' || e.state === 'closed')) ||
          ((e.type === 'dtls-state' || e.type === 'sctp-state') && (e.state === 'failed' || e.state === 'closed')) ||
          e.type === 'channel-closing' ||
          e.type === 'channel-closed');
        assert.deepEqual(bad, [], `${p.name} was hurt by garbage`);
      }
      for (let k = 0; k < 20; k++) {
        a.stack.send(0, `after garbage a${k}`, pair.nowMs);
        b.stack.send(0, new Uint8Array([k, 1, 2, 3]), pair.nowMs);
        pair.advanceTo(pair.nowMs + 5);
      }
      pair.run(() => messagesOn(b, 0).length >= 20 && messagesOn(a, 0).length >= 20);
      pair.advanceTo(pair.nowMs + 2000);
      assert.deepEqual(messagesOn(b, 0).map((m) => m.data), Array.from({ length: 20 }, (_, k) => `after garbage a${k}`));
      assert.deepEqual(messagesOn(a, 0).map((m) => Array.from(m.data as Uint8Array)), Array.from({ length: 20 }, (_, k) => [k, 1, 2, 3]));
    });
  });

  it('garbage of every range sprinkled through the handshake does not stop it', async () => {
    const pair = await StackPair.create({ link: { ...IMPAIRMENTS[1]!.link, seed: BASE_SEED * 100 + 95 } });
    const rng = mulberry32(BASE_SEED * 37);
    let k = 0;
    let lastMs = -Infinity;
    // Garbage every 2 ms of simulated time, to either side, until SCTP is up on both.
    pair.run(
      () => {
        if (pair.nowMs - lastMs >= 2) {
          lastMs = pair.nowMs;
          const range = RANGES[k % RANGES.length]!;
          const victim = k % 2 === 0 ? pair.a : pair.b;
          const data = garbage(rng, range.lo, range.hi, k++);
          if (k % 3 === 0) victim.stack.handleDatagram(data, v4('192.0.2.66', 40000 + k), victim.base, pair.nowMs);
          else pair.inject(victim, data);
          pair.drain();
        }
        return [pair.a, pair.b].every((p) => pair.has(p, (e) => e.type === 'sctp-state' && e.state === 'connected'));
      },
      { maxTimeMs: 30_000 },
    );
    assert.ok(k > 10, `only ${k} garbage datagrams injected`);
    for (const p of [pair.a, pair.b]) {
      assert.ok(!pair.has(p, (e) => (e.type === 'dtls-state' && e.state === 'failed') || (e.type === 'ice-state' && e.state === 'failed')), p.name);
    }
    pair.a.stack.openChannel({ id: 0, label: 'after the noise', ordered: true, negotiated: false }, pair.nowMs);
    pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-opened' && e.options.label === 'after the noise'));
  });
});
