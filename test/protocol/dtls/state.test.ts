// Building blocks of the connection: anti-replay window, reassembly, GCM record
// protection, cookies and ECDHE.
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { CookieJar } from '../../../src/protocol/dtls/cookie.js';
import { generateEcdheKey } from '../../../src/protocol/dtls/ecdhe.js';
import { GcmRecordProtection } from '../../../src/protocol/dtls/gcm.js';
import { HandshakeReassembler } from '../../../src/protocol/dtls/reassembler.js';
import { ReplayWindow } from '../../../src/protocol/dtls/replay-window.js';
import { seededRandom } from './helpers.js';

describe('dtls/replay-window (RFC 6347 §4.1.2.6)', () => {
  it('accepts new numbers, rejects repeats and numbers left of the window', () => {
    const w = new ReplayWindow();
    for (const s of [0, 1, 5, 3]) {
      assert.ok(w.isFresh(s));
      w.accept(s);
    }
    assert.ok(!w.isFresh(3));
    assert.ok(!w.isFresh(5));
    assert.ok(w.isFresh(4));
    w.accept(200);
    assert.ok(!w.isFresh(100), 'left of the 64-record window');
    assert.ok(w.isFresh(150));
    assert.ok(w.isFresh(2 ** 48 - 1));
  });
});

describe('dtls/reassembler (RFC 6347 §4.2.2)', () => {
  const frag = (seq: number, off: number, body: number[], length = 6, msgType = 11) => ({
    msgType,
    length,
    messageSeq: seq,
    fragmentOffset: off,
    body: Uint8Array.from(body),
  });

  it('joins out-of-order and overlapping fragments, releases in order', () => {
    const r = new HandshakeReassembler();
    assert.equal(r.add(frag(1, 0, [9, 9, 9, 9, 9, 9]), 0), 'buffered');
    assert.equal(r.pop(), undefined, 'seq 0 not yet here');
    assert.equal(r.add(frag(0, 3, [4, 5, 6]), 0), 'buffered');
    assert.equal(r.add(frag(0, 1, [2, 3, 4]), 0), 'buffered');
    assert.equal(r.pop(), undefined, 'byte 0 missing');
    r.add(frag(0, 0, [1]), 0);
    assert.deepEqual([...r.pop()!.body], [1, 2, 3, 4, 5, 6]);
    assert.equal(r.pop()!.messageSeq, 1);
    assert.equal(r.add(frag(0, 0, [1]), 0), 'old');
  });

  it('drops far-ahead fragments', () => {
    const r = new HandshakeReassembler();
    assert.equal(r.add(frag(100, 0, [1]), 0), 'dropped');
  });

  it('a fragment that disagrees with those held starts its message afresh, so a stray one cannot lock out the real message', () => {
    const r = new HandshakeReassembler();
    // A stray fragment of message 0 claiming 7 bytes, then the real 3-byte message.
    assert.equal(r.add(frag(0, 0, [9, 9], 7), 0), 'buffered');
    assert.equal(r.add(frag(0, 0, [1, 2, 3], 3), 0), 'buffered');
    assert.deepEqual([...r.pop()!.body], [1, 2, 3]);
    // Another type with the same message_seq replaces the held fragments too.
    r.add(frag(1, 0, [5], 2), 0);
    r.add(frag(1, 1, [6], 2, 12), 0);
    assert.equal(r.pop(), undefined, 'the type-12 fragment dropped the type-11 one');
    r.add(frag(1, 0, [7], 2, 12), 0);
    assert.deepEqual([...r.pop()!.body], [7, 6]);
  });
});

describe('dtls/gcm (RFC 5288)', () => {
  const key = new Uint8Array(16).fill(1);
  const iv = Uint8Array.of(1, 2, 3, 4);
  const a = new GcmRecordProtection('aes-128-gcm', key, iv, key, iv);

  it('seals and opens; any change to header fields or bytes fails', () => {
    const text = new TextEncoder().encode('hello');
    const sealed = a.seal(23, 0xfefd, 1, 7, text);
    assert.equal(sealed.length, text.length + 24);
    assert.deepEqual(a.open(23, 0xfefd, 1, 7, sealed), text);
    assert.equal(a.open(23, 0xfefd, 1, 8, sealed), undefined, 'sequence number is authenticated');
    assert.equal(a.open(22, 0xfefd, 1, 7, sealed), undefined, 'content type is authenticated');
    const flipped = Uint8Array.from(sealed);
    flipped[10]! ^= 1;
    assert.equal(a.open(23, 0xfefd, 1, 7, flipped), undefined);
    assert.equal(a.open(23, 0xfefd, 1, 7, sealed.subarray(0, 20)), undefined);
  });

  it('records before and after the key import (RAW_KEY_RECORDS) agree with AES-GCM computed directly', () => {
    const wk = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const rk = Uint8Array.from({ length: 16 }, (_, i) => 200 - i);
    const salt = Uint8Array.of(9, 8, 7, 6);
    const sender = new GcmRecordProtection('aes-128-gcm', wk, salt, rk, salt);
    const receiver = new GcmRecordProtection('aes-128-gcm', rk, salt, wk, salt);
    for (let seq = 0; seq < 80; seq++) {
      const text = Uint8Array.from({ length: seq }, (_, i) => (i * 7 + seq) & 0xff);
      const sealed = sender.seal(23, 0xfefd, 1, seq, text);
      // nonce = salt || epoch(2) || seq(6); AAD = epoch || seq || type || version || length.
      const explicit = Uint8Array.of(0, 1, 0, 0, 0, 0, 0, seq);
      assert.deepEqual(sealed.subarray(0, 8), explicit);
      const c = createCipheriv('aes-128-gcm', wk, Uint8Array.of(...salt, ...explicit));
      c.setAAD(Uint8Array.of(...explicit, 23, 0xfe, 0xfd, 0, seq));
      const expected = Buffer.concat([Buffer.from(explicit), c.update(text), c.final(), c.getAuthTag()]);
      assert.deepEqual(Buffer.from(sealed), expected, `record ${seq}`);
      assert.deepEqual(receiver.open(23, 0xfefd, 1, seq, sealed), text, `record ${seq} opens`);
      const bad = Uint8Array.from(sealed);
      bad[bad.length - 1]! ^= 1;
      assert.equal(receiver.open(23, 0xfefd, 1, seq, bad), undefined, `record ${seq}: a bad tag fails`);
    }
  });
});

describe('dtls/cookie and ecdhe', () => {
  it('a cookie verifies only for the same client parameters', () => {
    const jar = new CookieJar(new Uint8Array(32).fill(5));
    const hello = { version: 0xfefd, random: new Uint8Array(32), sessionId: new Uint8Array(0), cookie: new Uint8Array(0), cipherSuites: [0xc02b], compressionMethods: [0], extensions: [] };
    const cookie = jar.make(hello);
    assert.ok(jar.check({ ...hello, cookie }));
    assert.ok(!jar.check(hello));
    assert.ok(!jar.check({ ...hello, cookie, random: new Uint8Array(32).fill(1) }));
  });

  for (const group of [29, 23]) {
    it(`group ${group}: both sides derive the same secret; bad points are refused`, () => {
      const a = generateEcdheKey(group, seededRandom(1));
      const b = generateEcdheKey(group, seededRandom(2));
      assert.deepEqual(a.sharedSecret(b.publicKey), b.sharedSecret(a.publicKey));
      assert.equal(a.sharedSecret(new Uint8Array(b.publicKey.length)), undefined);
      assert.equal(a.sharedSecret(new Uint8Array(3)), undefined);
    });
  }
});
