// RFC 3550 Appendix A.1, A.3 and A.8 against hand computations.
import assert from 'node:assert/strict';
import { compactNtp } from '../../../../src/protocol/rtp/index.js';
import { ReceiveStatistics } from '../../../../src/protocol/rtp/session/index.js';

describe('rtp session: receive statistics', () => {
  it('interarrival jitter follows RFC 3550 A.8 step by step (8 kHz clock)', () => {
    const s = new ReceiveStatistics(1, 8000);
    // 20 ms packets (160 units) arriving at 0, 20, 45, 60, 90 ms.
    const arrivals = [0, 20, 45, 60, 90];
    arrivals.forEach((ms, i) => s.onPacket(i, 160 * i, ms, false));
    // D = (R_i - R_{i-1}) * 8 - 160: 0, 40, -40, 80; J += (|D| - J) / 16.
    let j = 0;
    for (const d of [0, 40, 40, 80]) j += (d - j) / 16;
    assert.equal(j, 9.541015625);
    assert.equal(s.jitter, j);
    assert.equal(s.reportBlock(100)!.jitter, 9);
  });

  it('jitter across a timestamp wrap, and retransmitted or reordered packets leave it alone', () => {
    const s = new ReceiveStatistics(1, 90000);
    const t0 = 0xffffffff - 1000;
    s.onPacket(10, t0, 0, false);
    s.onPacket(11, (t0 + 3000) >>> 0, 40, false); // 3000 units = 33.3 ms, arrived 40 ms: D = 600
    assert.equal(s.jitter, 600 / 16);
    s.onPacket(9, t0 - 3000, 41, false); // reordered: no update
    s.onPacket(12, (t0 + 6000) >>> 0, 200, true); // retransmitted: no update
    assert.equal(s.jitter, 600 / 16);
  });

  it('expected, lost and fraction lost per RFC 3550 A.3, across a sequence wrap', () => {
    const s = new ReceiveStatistics(7, 90000);
    const seqs = [65530, 65531, 65533, 65534, 1, 2, 3]; // 65532, 65535 and 0 missing
    seqs.forEach((q, i) => s.onPacket(q, i * 3000, i * 33, false));
    assert.equal(s.expected, 10);
    assert.equal(s.cumulativeLost(), 3);
    const b = s.reportBlock(300)!;
    assert.equal(b.highestSequence, 65536 + 3);
    assert.equal(b.cumulativeLost, 3);
    assert.equal(b.fractionLost, Math.floor((3 * 256) / 10));
    // Next interval: 0 arrives late (reordered), 4 and 5 on time: 2 expected, 3 received.
    s.onPacket(0, 0, 400, false);
    s.onPacket(4, 0, 410, false);
    s.onPacket(5, 0, 420, false);
    const b2 = s.reportBlock(500)!;
    assert.equal(b2.fractionLost, 0);
    assert.equal(b2.cumulativeLost, 2);
  });

  it('duplicates make the cumulative loss negative (RFC 3550 §6.4.1)', () => {
    const s = new ReceiveStatistics(7, 90000);
    for (const q of [1, 2, 2, 3, 3]) s.onPacket(q, 0, 0, false);
    assert.equal(s.cumulativeLost(), -2);
    assert.equal(s.reportBlock(0)!.cumulativeLost, -2);
  });

  it('a jump is held until a second packet confirms it, then the count restarts (RFC 3550 A.1)', () => {
    const s = new ReceiveStatistics(7, 90000);
    for (let q = 100; q < 110; q++) s.onPacket(q, 0, 0, false);
    assert.deepEqual(s.onPacket(40_000, 0, 0, false), { kind: 'held' });
    assert.equal(s.extendedHighest, 109);
    assert.deepEqual(s.onPacket(40_001, 0, 0, false), { kind: 'restart', extended: 40_001 });
    assert.equal(s.restarts, 1);
    assert.equal(s.onPacket(40_002, 0, 0, false).kind, 'ok');
    assert.equal(s.cumulativeLost(), 0);
    // A lone packet far away is held and forgotten.
    assert.equal(s.onPacket(5, 0, 0, false).kind, 'held');
    assert.equal(s.onPacket(40_003, 0, 0, false).kind, 'ok');
  });

  it('LSR and DLSR come from the last SR (RFC 3550 §6.4.1)', () => {
    const s = new ReceiveStatistics(7, 90000);
    s.onPacket(1, 0, 0, false);
    assert.equal(s.reportBlock(0)!.lastSr, 0);
    assert.equal(s.reportBlock(0)!.delaySinceLastSr, 0);
    s.onSenderReport({ ntpSeconds: 0x12345678, ntpFraction: 0x9abcdef0, rtpTimestamp: 0, packetCount: 1, octetCount: 1 }, 1000);
    const b = s.reportBlock(1500)!;
    assert.equal(b.lastSr, compactNtp(0x12345678, 0x9abcdef0));
    assert.equal(b.lastSr, 0x56789abc);
    assert.equal(b.delaySinceLastSr, 0x8000); // 0.5 s in 1/65536 s
  });
});
