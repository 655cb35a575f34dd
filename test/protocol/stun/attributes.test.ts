// Typed attribute codecs: addresses, IP text, ERROR-CODE, UNKNOWN-ATTRIBUTES, text and ICE.
import assert from 'node:assert/strict';
import {
  ParseError,
  StunAttr,
  alternateServerAttr,
  canonicalIp,
  decodeAddressValue,
  decodeXorAddressValue,
  encodeAddressValue,
  encodeXorAddressValue,
  errorCodeAttr,
  formatIp,
  getAlternateServer,
  getErrorCode,
  getIceControlled,
  getIceControlling,
  getMappedAddress,
  getPriority,
  getUnknownAttributes,
  getUsername,
  hasUseCandidate,
  iceControlledAttr,
  iceControllingAttr,
  ipFamily,
  mappedAddressAttr,
  parseIp,
  parseMessage,
  priorityAttr,
  serializeMessage,
  softwareAttr,
  unknownAttributesAttr,
  useCandidateAttr,
  usernameAttr,
  type StunAttribute,
  type StunMessage,
} from '../../../src/protocol/stun/index.js';
import type { Address } from '../../../src/protocol/types.js';

const TID = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

function roundTrip(attributes: StunAttribute[]): StunMessage {
  return parseMessage(serializeMessage({ class: 'success', method: 1, transactionId: TID, attributes }));
}

function isParseError(e: unknown): boolean {
  return e instanceof ParseError && e.code === 'STUN_BAD_ATTRIBUTE';
}

describe('stun/attributes', () => {
  it('IP text: RFC 5952 canonical IPv6, IPv4-mapped, zones, junk', () => {
    assert.equal(canonicalIp('2001:0DB8:0000:0000:0001:0000:0000:0001'), '2001:db8::1:0:0:1');
    assert.equal(canonicalIp('1:0:2:0:3:0:4:0'), '1:0:2:0:3:0:4:0');
    assert.equal(canonicalIp('::'), '::');
    assert.equal(canonicalIp('::1'), '::1');
    assert.equal(canonicalIp('fe80::1%eth0'), 'fe80::1');
    assert.equal(canonicalIp('::ffff:7f00:1'), '::ffff:127.0.0.1');
    assert.equal(canonicalIp('1::2:3:4:5:6:7'), '1:0:2:3:4:5:6:7');
    assert.equal(canonicalIp('10.0.0.1'), '10.0.0.1');
    for (const junk of ['', 'host.local', '1.2.3', '1.2.3.256', '01.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', ':::', 'g::1']) {
      assert.equal(parseIp(junk), undefined, junk);
    }
    assert.equal(ipFamily('192.0.2.1'), 4);
    assert.equal(ipFamily('2001:db8::1'), 6);
    assert.equal(ipFamily('abc.local'), undefined);
    assert.equal(formatIp(new Uint8Array(16)), '::');
  });

  it('address values round-trip, plain and XORed', () => {
    const addresses: Address[] = [
      { family: 4, address: '203.0.113.7', port: 1 },
      { family: 4, address: '0.0.0.0', port: 0 },
      { family: 6, address: '2001:db8::1', port: 65535 },
      { family: 6, address: '::ffff:192.0.2.9', port: 9 },
    ];
    for (const a of addresses) {
      assert.deepEqual(decodeAddressValue(encodeAddressValue(a)), a);
      assert.deepEqual(decodeXorAddressValue(encodeXorAddressValue(a, TID), TID), a);
    }
    const msg = roundTrip([mappedAddressAttr(addresses[0]!), alternateServerAttr(addresses[2]!)]);
    assert.deepEqual(getMappedAddress(msg), addresses[0]);
    assert.deepEqual(getAlternateServer(msg), addresses[2]);
    assert.throws(() => encodeAddressValue({ family: 4, address: '::1', port: 1 }), TypeError);
    assert.throws(() => decodeAddressValue(new Uint8Array([0, 3, 0, 0, 1, 2, 3, 4])), isParseError);
    assert.throws(() => decodeAddressValue(new Uint8Array([0, 1, 0, 0, 1, 2, 3])), isParseError);
    assert.throws(() => decodeXorAddressValue(new Uint8Array([0, 2]), TID), isParseError);
  });

  it('ERROR-CODE and UNKNOWN-ATTRIBUTES (RFC 8489 §14.8, §14.13)', () => {
    const msg = roundTrip([errorCodeAttr(487, 'Role Conflict'), unknownAttributesAttr([0x0031, 0x7fff])]);
    assert.deepEqual(getErrorCode(msg), { code: 487, reason: 'Role Conflict' });
    assert.deepEqual(getUnknownAttributes(msg), [0x0031, 0x7fff]);
    assert.deepEqual(errorCodeAttr(420, '').value, new Uint8Array([0, 0, 4, 20]));
    assert.throws(() => errorCodeAttr(200, 'OK'), RangeError);
    const bad = roundTrip([{ type: StunAttr.ErrorCode, value: new Uint8Array([0, 0, 2, 0]) }]);
    assert.throws(() => getErrorCode(bad), isParseError);
    const odd = roundTrip([{ type: StunAttr.UnknownAttributes, value: new Uint8Array([0, 1, 2]) }]);
    assert.throws(() => getUnknownAttributes(odd), isParseError);
  });

  it('text attributes enforce their limits and UTF-8', () => {
    assert.throws(() => usernameAttr('x'.repeat(513)), RangeError);
    assert.throws(() => softwareAttr('\u00e9'.repeat(400)), RangeError);
    const msg = roundTrip([{ type: StunAttr.Username, value: new Uint8Array([0xff, 0xfe]) }]);
    assert.throws(() => getUsername(msg), isParseError);
    assert.equal(getUsername(roundTrip([usernameAttr('\u00e9t\u00e9:b')])), '\u00e9t\u00e9:b');
  });

  it('ICE attributes (RFC 8445 §7.1)', () => {
    const msg = roundTrip([
      priorityAttr(0xffffffff),
      useCandidateAttr(),
      iceControllingAttr(0xfedcba9876543210n),
      iceControlledAttr(1n),
    ]);
    assert.equal(getPriority(msg), 0xffffffff);
    assert.equal(hasUseCandidate(msg), true);
    assert.equal(getIceControlling(msg), 0xfedcba9876543210n);
    assert.equal(getIceControlled(msg), 1n);
    const none = roundTrip([]);
    assert.equal(getPriority(none), undefined);
    assert.equal(hasUseCandidate(none), false);
    assert.equal(getIceControlling(none), undefined);
    const bad = roundTrip([{ type: StunAttr.Priority, value: new Uint8Array(3) }, { type: StunAttr.IceControlling, value: new Uint8Array(4) }]);
    assert.throws(() => getPriority(bad), isParseError);
    assert.throws(() => getIceControlling(bad), isParseError);
    assert.throws(() => iceControllingAttr(-1n), RangeError);
  });
});
