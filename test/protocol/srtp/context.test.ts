// SrtpContext: round trips for every profile, ROC across 65535 -> 0, replay and the window
// edges, the SRTCP index and E flag, tampering, malformed input, and the stream cap.
import assert from 'node:assert/strict';
import { HmacKey } from '../../../src/crypto/mac.js';
import { deriveSessionKeys } from '../../../src/protocol/srtp/kdf.js';
import { SrtpContext, SrtpError, SrtpProfileId, SRTP_PROFILES } from '../../../src/protocol/srtp/index.js';
import { keysFor, pair, PROFILES, rtcp, rtp, toHex } from './helpers.js';

const SSRC = 0xcafebabe;

describe('srtp/context', () => {
  for (const profile of PROFILES) {
    describe(profile.name, () => {
      it('round-trips RTP (plain, CSRCs, header extension, empty payload) and RTCP, with the profile overheads', () => {
        const { tx, rx } = pair(profile);
        const packets = [rtp(1, SSRC), rtp(2, SSRC, 1200, { csrcs: 3 }), rtp(3, SSRC, 20, { extensionWords: 2, marker: true }), rtp(4, SSRC, 0, { csrcs: 1, extensionWords: 1 })];
        for (const p of packets) {
          const s = tx.protectRtp(p);
          assert.equal(s.length, p.length + profile.srtpTagBytes);
          if (p.length > 40) assert.notEqual(toHex(s.subarray(40, p.length)), toHex(p.subarray(40)), 'payload encrypted');
          assert.equal(toHex(rx.unprotectRtp(s)), toHex(p));
        }
        for (const fill of [0, 1, 2]) {
          const p = rtcp(SSRC, fill);
          const s = tx.protectRtcp(p);
          // RFC 3711 §3.4 / RFC 5764 §4.1.2: SRTCP always carries a 10-byte tag for the CM profiles.
          assert.equal(s.length, p.length + 4 + profile.srtcpTagBytes);
          assert.equal(toHex(s.subarray(0, 8)), toHex(p.subarray(0, 8)), 'header and SSRC in the clear');
          assert.equal(toHex(rx.unprotectRtcp(s)), toHex(p));
        }
        const st = rx.stats();
        assert.equal(st.rtpUnprotected, 4);
        assert.equal(st.rtcpUnprotected, 3);
        assert.equal(tx.stats().rtpProtected, 4);
        assert.equal(tx.stats().rtcpProtected, 3);
      });

      it('rolls the ROC over at 65535 -> 0, on both ends, and takes packets reordered across the wrap', () => {
        const { tx, rx } = pair(profile);
        const seqs = [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3];
        const sent = new Map(seqs.map((q) => [q, tx.protectRtp(rtp(q, SSRC))]));
        const order = [65530, 65531, 65534, 1, 65533, 65535, 0, 3, 65532, 2];
        for (const q of order) assert.equal(toHex(rx.unprotectRtp(sent.get(q)!)), toHex(rtp(q, SSRC)), `seq ${q}`);
        assert.equal(rx.stats().rtpUnprotected, seqs.length);
        // The sender used ROC 1 after the wrap: a receiver that has not seen the wrap
        // (ROC 0 for a new stream) cannot authenticate seq 0.
        const fresh = pair(profile).rx;
        assert.equal(fresh.unprotectRtp(sent.get(0)!), undefined);
        assert.equal(fresh.lastFailure, 'auth-failed');
        // A packet resent after the wrap (NACK) keeps the index of its first sending.
        assert.equal(toHex(tx.protectRtp(rtp(65534, SSRC))), toHex(sent.get(65534)!));
        // Far past the wrap, a second one.
        let q = 3;
        for (let i = 0; i < 70000; i += 1000) {
          q = (q + 1000) & 0xffff;
          assert.ok(rx.unprotectRtp(tx.protectRtp(rtp(q, SSRC, 8))), `seq ${q} after ${i}`);
        }
      });

      it('drops replays and packets left of the 128-packet window; the window edge is taken', () => {
        const { tx, rx } = pair(profile);
        const sent = new Map<number, Uint8Array>();
        for (let q = 800; q <= 1000; q++) sent.set(q, tx.protectRtp(rtp(q, SSRC, 4)));
        assert.ok(rx.unprotectRtp(sent.get(1000)!));
        assert.equal(rx.unprotectRtp(sent.get(1000)!), undefined);
        assert.equal(rx.lastFailure, 'replayed');
        assert.ok(rx.unprotectRtp(sent.get(1000 - 127)!), 'the oldest index inside the window');
        assert.equal(rx.unprotectRtp(sent.get(1000 - 127)!), undefined);
        assert.equal(rx.lastFailure, 'replayed');
        assert.equal(rx.unprotectRtp(sent.get(1000 - 128)!), undefined);
        assert.equal(rx.lastFailure, 'too-old');
        assert.ok(rx.unprotectRtp(sent.get(999)!));
        const st = rx.stats().rtpDropped;
        assert.deepEqual([st.replayed, st['too-old']], [2, 1]);
      });

      it('a wider window (1024, as Chromium for video) keeps older packets', () => {
        const { tx, rx } = pair(profile, { replayWindow: 1024 });
        const old = tx.protectRtp(rtp(10, SSRC));
        for (let q = 11; q <= 1033; q++) rx.unprotectRtp(tx.protectRtp(rtp(q, SSRC, 1)));
        assert.ok(rx.unprotectRtp(old), '1023 behind');
        assert.equal(rx.unprotectRtp(tx.protectRtp(rtp(9, SSRC))), undefined);
        assert.equal(rx.lastFailure, 'too-old');
      });

      it('a packet that fails authentication changes no state: not the window, not the ROC', () => {
        const { tx, rx } = pair(profile);
        assert.ok(rx.unprotectRtp(tx.protectRtp(rtp(40000, SSRC))));
        // Forged: seq 100 would move the ROC to 1 (and the window far ahead) if it counted.
        const forged = tx.protectRtp(rtp(41000, SSRC));
        forged[2] = 0;
        forged[3] = 100;
        assert.equal(rx.unprotectRtp(forged), undefined);
        assert.equal(rx.lastFailure, 'auth-failed');
        assert.ok(rx.unprotectRtp(tx.protectRtp(rtp(40001, SSRC))), 'ROC still 0');
        assert.ok(rx.unprotectRtp(tx.protectRtp(rtp(39990, SSRC))), 'window not moved');
      });

      it('rejects a change to any byte: header, CSRC, extension, payload and tag', () => {
        const { tx, rx } = pair(profile);
        const clean = tx.protectRtp(rtp(7, SSRC, 24, { csrcs: 1, extensionWords: 1 }));
        for (let i = 0; i < clean.length; i++) {
          const bad = Uint8Array.from(clean);
          bad[i]! ^= 1 << (i % 8);
          assert.equal(rx.unprotectRtp(bad), undefined, `byte ${i}`);
        }
        assert.equal(rx.stats().rtpDropped['auth-failed'] + rx.stats().rtpDropped.malformed, clean.length);
        assert.ok(rx.unprotectRtp(clean), 'the untouched packet after all that');
        const rc = tx.protectRtcp(rtcp(SSRC));
        for (let i = 0; i < rc.length; i++) {
          const bad = Uint8Array.from(rc);
          bad[i]! ^= 0x80 >> (i % 8);
          assert.equal(rx.unprotectRtcp(bad), undefined, `SRTCP byte ${i}`);
        }
        assert.ok(rx.unprotectRtcp(rc));
      });

      it('SRTCP: index from 0 up per SSRC with the E flag set; replays and too-old indexes dropped', () => {
        const { tx, rx } = pair(profile);
        const indexWord = (s: Uint8Array): number => {
          const at = profile.kind === 'gcm' ? s.length - 4 : s.length - profile.srtcpTagBytes - 4;
          return new DataView(s.buffer, s.byteOffset).getUint32(at);
        };
        const a = [0, 1, 2].map(() => tx.protectRtcp(rtcp(1)));
        const b = tx.protectRtcp(rtcp(2));
        assert.deepEqual(a.map(indexWord), [0x80000000, 0x80000001, 0x80000002], 'RFC 3711 §3.4: E = 1 and the index');
        assert.equal(indexWord(b), 0x80000000, 'each SSRC counts on its own');
        assert.ok(rx.unprotectRtcp(a[2]!));
        assert.ok(rx.unprotectRtcp(a[0]!), 'reordered inside the window');
        assert.equal(rx.unprotectRtcp(a[0]!), undefined);
        assert.equal(rx.lastFailure, 'replayed');
        for (let i = 3; i < 200; i++) rx.unprotectRtcp(tx.protectRtcp(rtcp(1)));
        assert.equal(rx.unprotectRtcp(a[1]!), undefined);
        assert.equal(rx.lastFailure, 'too-old');
        assert.ok(rx.unprotectRtcp(b));
        assert.deepEqual([rx.stats().rtcpStreams, rx.stats().rtcpDropped.replayed, rx.stats().rtcpDropped['too-old']], [2, 1, 1]);
      });

      it('counts short and malformed packets and never throws on them', () => {
        const { tx, rx } = pair(profile);
        const good = tx.protectRtp(rtp(1, SSRC));
        assert.equal(rx.unprotectRtp(good.subarray(0, 12 + profile.srtpTagBytes - 1)), undefined);
        assert.equal(rx.lastFailure, 'too-short');
        const v1 = Uint8Array.from(good);
        v1[0] = 0x40;
        assert.equal(rx.unprotectRtp(v1), undefined);
        assert.equal(rx.lastFailure, 'malformed');
        const manyCsrcs = Uint8Array.from(good.subarray(0, 12 + profile.srtpTagBytes + 8));
        manyCsrcs[0] = 0x8f; // 15 CSRCs: 60 bytes that are not there
        assert.equal(rx.unprotectRtp(manyCsrcs), undefined);
        assert.equal(rx.lastFailure, 'malformed');
        assert.equal(rx.unprotectRtcp(new Uint8Array(8 + 4 + profile.srtcpTagBytes - 1).fill(0x80)), undefined);
        assert.equal(rx.lastFailure, 'too-short');
        assert.equal(rx.unprotectRtp(new Uint8Array(0)), undefined);
        assert.deepEqual(rx.stats().rtpDropped, { 'too-short': 2, malformed: 2, 'auth-failed': 0, replayed: 0, 'too-old': 0 });
      });
    });
  }

  it('SRTCP with E = 0 (authenticated, not encrypted) is taken for AES-CM (RFC 3711 §3.4)', () => {
    const profile = SRTP_PROFILES.get(SrtpProfileId.AES128_CM_HMAC_SHA1_80)!;
    const keys = keysFor(profile);
    const session = deriveSessionKeys(profile, keys.masterKey, keys.masterSalt);
    const plain = rtcp(SSRC);
    const withIndex = new Uint8Array(plain.length + 4);
    withIndex.set(plain);
    new DataView(withIndex.buffer).setUint32(plain.length, 5); // E = 0, index 5
    const tag = new HmacKey('sha1', session.rtcp.authenticationKey).mac(withIndex).subarray(0, 10);
    const packet = new Uint8Array(withIndex.length + 10);
    packet.set(withIndex);
    packet.set(tag, withIndex.length);
    const rx = new SrtpContext({ profile, ...keys });
    assert.equal(toHex(rx.unprotectRtcp(packet)), toHex(plain));
    const flipped = Uint8Array.from(packet);
    flipped[plain.length]! |= 0x80; // claims E = 1: the tag covers the flag
    assert.equal(new SrtpContext({ profile, ...keys }).unprotectRtcp(flipped), undefined);
  });

  it('the 32-bit tag profile uses a 4-byte SRTP tag and a 10-byte SRTCP tag (RFC 5764 §4.1.2)', () => {
    const { tx } = pair(SRTP_PROFILES.get(SrtpProfileId.AES128_CM_HMAC_SHA1_32)!);
    assert.equal(tx.protectRtp(rtp(1, 1, 100)).length, 112 + 4);
    assert.equal(tx.protectRtcp(rtcp(1)).length, 32 + 4 + 10);
  });

  it('tracks at most maxStreams receive SSRCs, evicting the least recently used', () => {
    const profile = PROFILES[0]!;
    const { tx, rx } = pair(profile, { maxStreams: 8 });
    const first = new Map<number, Uint8Array>();
    for (let ssrc = 1; ssrc <= 20; ssrc++) {
      const p = tx.protectRtp(rtp(100, ssrc));
      first.set(ssrc, p);
      assert.ok(rx.unprotectRtp(p));
      assert.ok(rx.unprotectRtcp(tx.protectRtcp(rtcp(ssrc))));
    }
    const st = rx.stats();
    assert.equal(st.rtpStreams, 8);
    assert.equal(st.rtcpStreams, 8);
    assert.ok(st.streamsEvicted >= 24, `${st.streamsEvicted} evicted`);
    // SSRC 20 is tracked: its packet is a replay. SSRC 2 was evicted: taken again (documented).
    assert.equal(rx.unprotectRtp(first.get(20)!), undefined);
    assert.equal(rx.lastFailure, 'replayed');
    assert.ok(rx.unprotectRtp(first.get(2)!));
  });

  it('keeps a busy stream when evicting (least recently used goes)', () => {
    const profile = PROFILES[0]!;
    const { tx, rx } = pair(profile, { maxStreams: 4 });
    let q = 5000;
    const busy = (): void => void assert.ok(rx.unprotectRtp(tx.protectRtp(rtp(++q, 0xbb)))); // SSRC 0xbb every time
    const seen = tx.protectRtp(rtp(5000, 0xbb));
    assert.ok(rx.unprotectRtp(seen));
    for (let ssrc = 1; ssrc <= 50; ssrc++) {
      assert.ok(rx.unprotectRtp(tx.protectRtp(rtp(1, ssrc))));
      busy();
    }
    assert.equal(rx.unprotectRtp(seen), undefined, 'the busy stream kept its replay list');
    assert.equal(rx.lastFailure, 'replayed');
  });

  it('protect throws SrtpError on what is not RTP or RTCP; unknown profiles and bad keys throw at construction', () => {
    const { tx } = pair(PROFILES[0]!);
    assert.throws(() => tx.protectRtp(new Uint8Array(11).fill(0x80)), (e: unknown) => e instanceof SrtpError && e.code === 'not-rtp');
    assert.throws(() => tx.protectRtp(Uint8Array.from([0x40, ...new Uint8Array(20)])), (e: unknown) => e instanceof SrtpError && e.code === 'not-rtp');
    assert.throws(() => tx.protectRtp(Uint8Array.from([0x81, ...new Uint8Array(11)])), (e: unknown) => e instanceof SrtpError && e.code === 'not-rtp', 'CSRC past the end');
    assert.throws(() => tx.protectRtcp(new Uint8Array(7).fill(0x80)), (e: unknown) => e instanceof SrtpError && e.code === 'not-rtcp');
    assert.throws(() => new SrtpContext({ profile: 0x0005, masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14) }), (e: unknown) => e instanceof SrtpError && e.code === 'unknown-profile');
    assert.throws(() => new SrtpContext({ profile: 1, masterKey: new Uint8Array(16), masterSalt: new Uint8Array(12) }), (e: unknown) => e instanceof SrtpError && e.code === 'bad-key');
    assert.throws(() => new SrtpContext({ profile: 1, masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14), replayWindow: 100 }), RangeError);
  });

  it('different keys do not authenticate each other, in any profile', () => {
    for (const profile of PROFILES) {
      const a = pair(profile, {}, 1).tx;
      const b = pair(profile, {}, 2).rx;
      assert.equal(b.unprotectRtp(a.protectRtp(rtp(1, 1))), undefined);
      assert.equal(b.unprotectRtcp(a.protectRtcp(rtcp(1))), undefined);
    }
  });
});
