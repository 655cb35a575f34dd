// The STUN codec against the RFC 5769 test vectors, plus round trips and framing errors.
import assert from 'node:assert/strict';
import {
  ParseError,
  StunAttr,
  StunMethod,
  checkFingerprint,
  getIceControlled,
  getNonce,
  getPriority,
  getRealm,
  getSoftware,
  getUsername,
  getXorMappedAddress,
  isStun,
  longTermKey,
  messageType,
  nonceAttr,
  parseMessage,
  realmAttr,
  saslPrep,
  serializeMessage,
  shortTermKey,
  splitMessageType,
  usernameAttr,
  verifyMessageIntegrity,
  verifyMessageIntegritySha256,
  xorMappedAddressAttr,
  type StunMessage,
} from '../../../src/protocol/stun/index.js';
import {
  RFC5769_IPV4_RESPONSE,
  RFC5769_IPV6_RESPONSE,
  RFC5769_LONG_TERM_REQUEST,
  RFC5769_PASSWORD,
  RFC5769_REQUEST,
  hex,
} from './helpers.js';

const KEY = shortTermKey(RFC5769_PASSWORD);
const TID = hex('b7 e7 a7 01 bc 34 d6 86 fa 87 df ae');

function parseError(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ParseError && e.code === code);
}

describe('stun/message', () => {
  describe('RFC 5769 test vectors', () => {
    it('§2.1 sample request: attributes, MESSAGE-INTEGRITY and FINGERPRINT', () => {
      assert.equal(isStun(RFC5769_REQUEST), true);
      const msg = parseMessage(RFC5769_REQUEST);
      assert.equal(msg.class, 'request');
      assert.equal(msg.method, StunMethod.Binding);
      assert.deepEqual(msg.transactionId, TID);
      assert.equal(getSoftware(msg), 'STUN test client');
      assert.equal(getUsername(msg), 'evtj:h6vY');
      assert.equal(getPriority(msg), 0x6e0001ff);
      assert.equal(getIceControlled(msg), 0x932ff9b151263b36n);
      assert.equal(verifyMessageIntegrity(msg, KEY), true);
      assert.equal(verifyMessageIntegrity(msg, shortTermKey('wrong')), false);
      assert.equal(checkFingerprint(msg), true);
    });

    it('§2.2 IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853', () => {
      const msg = parseMessage(RFC5769_IPV4_RESPONSE);
      assert.equal(msg.class, 'success');
      assert.equal(getSoftware(msg), 'test vector');
      const mapped = { family: 4 as const, address: '192.0.2.1', port: 32853 };
      assert.deepEqual(getXorMappedAddress(msg), mapped);
      assert.deepEqual(xorMappedAddressAttr(mapped, TID).value, hex('00 01 a1 47 e1 12 a6 43'));
      assert.equal(verifyMessageIntegrity(msg, KEY), true);
      assert.equal(checkFingerprint(msg), true);
    });

    it('§2.3 IPv6 response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853', () => {
      const msg = parseMessage(RFC5769_IPV6_RESPONSE);
      const mapped = { family: 6 as const, address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 };
      assert.deepEqual(getXorMappedAddress(msg), mapped);
      assert.deepEqual(
        xorMappedAddressAttr(mapped, TID).value,
        hex('00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9'),
      );
      assert.equal(verifyMessageIntegrity(msg, KEY), true);
      assert.equal(checkFingerprint(msg), true);
    });

    it('§2.4 long-term request: SASLprep, the MD5 key, and a byte-exact rebuild', () => {
      const msg = parseMessage(RFC5769_LONG_TERM_REQUEST);
      const username = '\u30de\u30c8\u30ea\u30c3\u30af\u30b9';
      assert.equal(getUsername(msg), username);
      assert.equal(getNonce(msg), 'f//499k954d6OL34oL9FSTvy64sA');
      assert.equal(getRealm(msg), 'example.org');
      assert.equal(checkFingerprint(msg), undefined);
      // §2.4: the password before and after SASLprep.
      assert.equal(saslPrep('The\u00adM\u00aatr\u2168'), 'TheMatrIX');
      const key = longTermKey(username, 'example.org', 'The\u00adM\u00aatr\u2168');
      assert.deepEqual(key, longTermKey(username, 'example.org', 'TheMatrIX'));
      assert.equal(verifyMessageIntegrity(msg, key), true);
      assert.equal(verifyMessageIntegrity(msg, longTermKey(username, 'example.org', 'thematrix')), false);
      const rebuilt = serializeMessage(
        {
          class: 'request',
          method: StunMethod.Binding,
          transactionId: msg.transactionId,
          attributes: [usernameAttr(username), nonceAttr('f//499k954d6OL34oL9FSTvy64sA'), realmAttr('example.org')],
        },
        { integrityKey: key },
      );
      assert.deepEqual(rebuilt, RFC5769_LONG_TERM_REQUEST);
    });

    it('a rebuilt §2.1 request verifies with the same password', () => {
      const msg = parseMessage(RFC5769_REQUEST);
      const attributes = msg.attributes
        .filter((a) => a.type !== StunAttr.MessageIntegrity && a.type !== StunAttr.Fingerprint)
        .map((a) => ({ type: a.type, value: a.value }));
      const bytes = serializeMessage({ ...msg, attributes }, { integrityKey: KEY, fingerprint: true });
      assert.equal(bytes.length, RFC5769_REQUEST.length);
      const again = parseMessage(bytes);
      assert.equal(verifyMessageIntegrity(again, KEY), true);
      assert.equal(checkFingerprint(again), true);
    });
  });

  describe('header', () => {
    it('encodes class and method bits (RFC 8489 §5)', () => {
      assert.equal(messageType('request', StunMethod.Binding), 0x0001);
      assert.equal(messageType('success', StunMethod.Binding), 0x0101);
      assert.equal(messageType('error', StunMethod.Binding), 0x0111);
      assert.equal(messageType('indication', StunMethod.Send), 0x0016);
      assert.equal(messageType('error', 0xfff), 0x3fff);
      for (const cls of ['request', 'indication', 'success', 'error'] as const) {
        for (const method of [0, 1, 3, 0x09, 0x7f, 0x80, 0xabc, 0xfff]) {
          assert.deepEqual(splitMessageType(messageType(cls, method)), { class: cls, method });
        }
      }
      assert.throws(() => messageType('request', 0x1000), RangeError);
    });

    it('isStun demultiplexes by first byte and cookie (RFC 7983)', () => {
      assert.equal(isStun(RFC5769_REQUEST.subarray(0, 19)), false);
      const dtls = RFC5769_REQUEST.slice();
      dtls[0] = 22;
      assert.equal(isStun(dtls), false);
      const noCookie = RFC5769_REQUEST.slice();
      noCookie[5] = 0;
      assert.equal(isStun(noCookie), false);
    });
  });

  describe('round trip', () => {
    it('serializes and parses back with MI, MI-SHA256 and FINGERPRINT', () => {
      const msg: StunMessage = {
        class: 'indication',
        method: StunMethod.Data,
        transactionId: hex('000102030405060708090a0b'),
        attributes: [
          { type: 0x0013, value: hex('0102030405') }, // an unknown attribute is preserved
          usernameAttr('a:b'),
          { type: 0xc001, value: new Uint8Array(0) },
        ],
      };
      const key = new Uint8Array([1, 2, 3]);
      const bytes = serializeMessage(msg, { integrityKey: key, integritySha256Key: key, fingerprint: true });
      assert.equal(bytes.length % 4, 0);
      const back = parseMessage(bytes);
      assert.equal(back.class, 'indication');
      assert.equal(back.method, StunMethod.Data);
      assert.deepEqual(back.transactionId, msg.transactionId);
      assert.deepEqual(
        back.attributes.slice(0, 3).map((a) => ({ type: a.type, value: a.value })),
        msg.attributes,
      );
      assert.deepEqual(
        back.attributes.map((a) => a.type),
        [0x0013, StunAttr.Username, 0xc001, StunAttr.MessageIntegrity, StunAttr.MessageIntegritySha256, StunAttr.Fingerprint],
      );
      assert.equal(verifyMessageIntegrity(back, key), true);
      assert.equal(verifyMessageIntegritySha256(back, key), true);
      assert.equal(checkFingerprint(back), true);
      // Re-serializing the parsed attributes verbatim gives the same bytes.
      assert.deepEqual(serializeMessage(back), bytes);
      // A flipped bit breaks all three.
      const flipped = bytes.slice();
      flipped[25]! ^= 1;
      const bad = parseMessage(flipped);
      assert.equal(verifyMessageIntegrity(bad, key), false);
      assert.equal(verifyMessageIntegritySha256(bad, key), false);
      assert.equal(checkFingerprint(bad), false);
    });

    it('ignores attributes after MESSAGE-INTEGRITY and after FINGERPRINT (RFC 8489 §14.5, §14.7)', () => {
      const key = new Uint8Array([9]);
      const signed = serializeMessage(
        { class: 'request', method: 1, transactionId: new Uint8Array(12), attributes: [usernameAttr('x')] },
        { integrityKey: key },
      );
      const extra = hex('80 22 00 04 61 62 63 64');
      const tampered = new Uint8Array(signed.length + extra.length);
      tampered.set(signed);
      tampered.set(extra, signed.length);
      tampered[3] = tampered.length - 20;
      const msg = parseMessage(tampered);
      assert.equal(getSoftware(msg), undefined);
      assert.equal(verifyMessageIntegrity(msg, key), true);

      const withFp = serializeMessage({ class: 'request', method: 1, transactionId: new Uint8Array(12), attributes: [] }, { fingerprint: true });
      const after = new Uint8Array(withFp.length + extra.length);
      after.set(withFp);
      after.set(extra, withFp.length);
      after[3] = after.length - 20;
      assert.deepEqual(parseMessage(after).attributes.map((a) => a.type), [StunAttr.Fingerprint]);
      assert.equal(checkFingerprint(parseMessage(after)), false);
    });
  });

  describe('framing errors', () => {
    const good = serializeMessage({ class: 'request', method: 1, transactionId: TID, attributes: [usernameAttr('abc')] });
    const mutate = (f: (b: Uint8Array) => void): Uint8Array => {
      const b = good.slice();
      f(b);
      return b;
    };
    it('rejects short, non-STUN, cookie-less and mis-sized messages', () => {
      parseError(() => parseMessage(good.subarray(0, 19)), 'STUN_TOO_SHORT');
      parseError(() => parseMessage(mutate((b) => (b[0] = 0x40))), 'STUN_NOT_STUN');
      parseError(() => parseMessage(mutate((b) => (b[4] = 0))), 'STUN_BAD_COOKIE');
      parseError(() => parseMessage(mutate((b) => (b[3]! += 1))), 'STUN_BAD_LENGTH');
      parseError(() => parseMessage(mutate((b) => (b[3]! += 4))), 'STUN_BAD_LENGTH');
      parseError(() => parseMessage(good.subarray(0, good.length - 4)), 'STUN_BAD_LENGTH');
      parseError(() => parseMessage(mutate((b) => (b[23] = 9))), 'STUN_TRUNCATED_ATTRIBUTE');
    });
  });
});
