// H.264 profile-level-id (RFC 6184 §8.1) and the offer/answer rules of §8.2.2 with
// level-asymmetry-allowed, on the values Chromium offers.
import assert from 'node:assert/strict';
import { answerProfileLevelId, isSameH264Format, parseProfileLevelId, serializeProfileLevelId } from '../../../../src/protocol/rtp/payload/index.js';

const fmtp = (s: string): Map<string, string | undefined> => new Map(s.split(';').map((kv) => kv.split('=') as [string, string]));

describe('H.264 profile-level-id (RFC 6184 §8.1)', () => {
  it('names the profiles Chromium offers', () => {
    const cases: Array<[string, string, number]> = [
      ['42001f', 'baseline', 31],
      ['42e01f', 'constrained-baseline', 31],
      ['42c01f', 'constrained-baseline', 31],
      ['4d001f', 'main', 31],
      ['4d801f', 'constrained-baseline', 31],
      ['640c1f', 'constrained-high', 31],
      ['64001f', 'high', 31],
      ['640034', 'high', 52],
      ['f4001f', 'high-444', 31],
      ['58a01e', 'baseline', 30],
    ];
    for (const [v, profile, level] of cases) assert.deepEqual(parseProfileLevelId(v), { profile, levelIdc: level, level1b: false }, v);
  });

  it('tells level 1b apart: level_idc 11 with constraint_set3 in Baseline, level_idc 9 elsewhere', () => {
    assert.deepEqual(parseProfileLevelId('42f00b'), { profile: 'constrained-baseline', levelIdc: 11, level1b: true });
    assert.deepEqual(parseProfileLevelId('42e00b'), { profile: 'constrained-baseline', levelIdc: 11, level1b: false });
    assert.deepEqual(parseProfileLevelId('640009'), { profile: 'high', levelIdc: 11, level1b: true });
    assert.equal(serializeProfileLevelId({ profile: 'constrained-baseline', levelIdc: 11, level1b: true }), '42f00b');
    assert.equal(serializeProfileLevelId({ profile: 'high', levelIdc: 11, level1b: true }), '640009');
  });

  it('refuses malformed values, unknown profiles and levels', () => {
    for (const v of ['', '42e01', '42e01fz', 'zze01f', '42e0ff', '43001f', '64ff1f', '42e000']) assert.equal(parseProfileLevelId(v), undefined, v);
  });

  it('round-trips the canonical forms', () => {
    for (const v of ['42001f', '42e01f', '4d001f', '640c1f', '64001f', 'f4001f', '42e00a']) assert.equal(serializeProfileLevelId(parseProfileLevelId(v)!), v);
  });
});

describe('H.264 offer/answer (RFC 6184 §8.2.2)', () => {
  it('matches on profile and packetization-mode, not level', () => {
    assert.ok(isSameH264Format(fmtp('profile-level-id=42e01f;packetization-mode=1'), fmtp('profile-level-id=42e034;packetization-mode=1')));
    assert.ok(isSameH264Format(fmtp('profile-level-id=42c01f;packetization-mode=1'), fmtp('profile-level-id=42e01f;packetization-mode=1')));
    assert.ok(!isSameH264Format(fmtp('profile-level-id=42001f;packetization-mode=1'), fmtp('profile-level-id=42e01f;packetization-mode=1')));
    assert.ok(!isSameH264Format(fmtp('profile-level-id=42e01f;packetization-mode=1'), fmtp('profile-level-id=42e01f')));
    assert.ok(!isSameH264Format(fmtp('profile-level-id=64001f;packetization-mode=1'), fmtp('profile-level-id=640c1f;packetization-mode=1')));
    // Absent profile-level-id: Constrained Baseline 3.1, as Chromium infers.
    assert.ok(isSameH264Format(fmtp('packetization-mode=1'), fmtp('profile-level-id=42e01f;packetization-mode=1')));
  });

  it('answers with the lower level unless both sides allow level asymmetry', () => {
    const offer = fmtp('level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f');
    assert.equal(answerProfileLevelId(offer, fmtp('packetization-mode=1;profile-level-id=42e034')), '42e01f');
    assert.equal(answerProfileLevelId(offer, fmtp('packetization-mode=1;profile-level-id=42e034;level-asymmetry-allowed=1')), '42e034');
    assert.equal(answerProfileLevelId(offer, fmtp('packetization-mode=1;profile-level-id=42e00b;level-asymmetry-allowed=1')), '42e00b');
    assert.equal(answerProfileLevelId(offer, fmtp('packetization-mode=1;profile-level-id=42e015')), '42e015');
    // The answer writes the profile in its canonical form, as Chromium does.
    assert.equal(answerProfileLevelId(fmtp('packetization-mode=1;profile-level-id=4d801f'), fmtp('packetization-mode=1;profile-level-id=42e01f')), '42e01f');
    assert.equal(answerProfileLevelId(fmtp('packetization-mode=1;profile-level-id=640c1f'), fmtp('packetization-mode=1;profile-level-id=42e01f')), undefined);
    // 1b sits between 1 and 1.1.
    assert.equal(answerProfileLevelId(fmtp('packetization-mode=1;profile-level-id=42f00b'), fmtp('packetization-mode=1;profile-level-id=42e00c')), '42f00b');
    assert.equal(answerProfileLevelId(fmtp('packetization-mode=1;profile-level-id=42f00b'), fmtp('packetization-mode=1;profile-level-id=42e00a')), '42e00a');
  });
});
