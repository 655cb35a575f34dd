// Report-block arithmetic (RFC 3550 §6.4.1, Appendix A.3): NTP time, compact NTP, round-trip
// time from LSR/DLSR, fraction and cumulative loss.
import assert from 'node:assert/strict';
import {
  compactNtp,
  compactNtpFromMs,
  compactNtpToMs,
  cumulativeLost,
  fractionLost,
  msToCompactNtp,
  ntpFromMs,
  ntpToMs,
  roundTripMs,
} from '../../../src/protocol/rtp/index.js';

describe('rtp: report-block arithmetic', () => {
  it('converts Unix ms to NTP and back', () => {
    assert.deepEqual(ntpFromMs(0), { seconds: 2_208_988_800, fraction: 0 });
    assert.deepEqual(ntpFromMs(1500), { seconds: 2_208_988_801, fraction: 0x80000000 });
    assert.equal(ntpToMs(2_208_988_801, 0x80000000), 1500);
    const now = 1_733_000_000_123.25;
    const t = ntpFromMs(now);
    assert.ok(Math.abs(ntpToMs(t.seconds, t.fraction) - now) < 1e-3);
    // Before 1970 still gives an unsigned NTP time.
    assert.equal(ntpFromMs(-1000).seconds, 2_208_988_799);
  });

  it('takes the middle 32 bits (RFC 3550 §6.4.1)', () => {
    assert.equal(compactNtp(0x12345678, 0x9abcdef0), 0x56789abc);
    assert.equal(compactNtp(0xffffffff, 0xffffffff), 0xffffffff);
    assert.equal(compactNtpToMs(0x00018000), 1500);
    assert.equal(msToCompactNtp(1500), 0x00018000);
    assert.equal(compactNtpFromMs(1500), compactNtp(2_208_988_801, 0x80000000));
  });

  it('measures the round-trip time as A - LSR - DLSR (the example of RFC 3550 §6.4.1)', () => {
    // RFC 3550 §6.4.1 figure: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
    // DLSR = 0x0005:4000 (5.250 s): the round trip is 6.125 s.
    assert.equal(roundTripMs(0xb7108000, 0xb7052000, 0x00054000), 6125);
    assert.equal(roundTripMs(0xb7108000, 0, 0x00054000), undefined, 'no SR received yet');
    assert.equal(roundTripMs(0xb7052000, 0xb7052000, 0x00054000), 0, 'negative means skewed clocks');
    // Across the wrap of the 32-bit compact time.
    assert.equal(roundTripMs(0x00008000, 0xffff8000, 0x00008000), 500);
  });

  it('computes fraction lost over an interval and clamps cumulative loss (Appendix A.3)', () => {
    assert.equal(fractionLost(100, 75), 64);
    assert.equal(fractionLost(100, 100), 0);
    assert.equal(fractionLost(100, 110), 0, 'duplicates');
    assert.equal(fractionLost(0, 0), 0);
    assert.equal(fractionLost(1, 0), 255, '256/256 is sent as 255');
    assert.equal(cumulativeLost(1000, 990), 10);
    assert.equal(cumulativeLost(1000, 1003), -3);
    assert.equal(cumulativeLost(2 ** 30, 0), 0x7fffff);
    assert.equal(cumulativeLost(0, 2 ** 30), -0x800000);
  });
});
