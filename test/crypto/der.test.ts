// DER encodings checked against byte strings worked out by hand from X.690 and the
// examples it gives (§8.6.4.2 BIT STRING, §8.19.5 OBJECT IDENTIFIER).
import assert from 'node:assert/strict';
import * as der from '../../src/crypto/der.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
function ascii(text: string): string {
  return Buffer.from(text, 'latin1').toString('hex');
}

describe('crypto/der', () => {
  it('encodes short and long form lengths (X.690 §8.1.3)', () => {
    assert.equal(hex(der.encodeLength(0)), '00');
    assert.equal(hex(der.encodeLength(127)), '7f');
    assert.equal(hex(der.encodeLength(128)), '8180');
    assert.equal(hex(der.encodeLength(255)), '81ff');
    assert.equal(hex(der.encodeLength(256)), '820100');
    assert.equal(hex(der.encodeLength(0x10000)), '83010000');
    assert.throws(() => der.encodeLength(-1), RangeError);
  });

  it('uses the long form in a TLV once contents reach 128 bytes', () => {
    const out = der.octetString(new Uint8Array(200));
    assert.equal(hex(out.subarray(0, 3)), '0481c8');
    assert.equal(out.length, 203);
  });

  it('encodes INTEGER in minimal two\'s complement (X.690 §8.3)', () => {
    const cases: Array<[bigint | number, string]> = [
      [0, '020100'],
      [1, '020101'],
      [127, '02017f'],
      [128, '02020080'],
      [256, '02020100'],
      [-1, '0201ff'],
      [-128, '020180'],
      [-129, '0202ff7f'],
      [2n ** 64n, '0209010000000000000000'],
      [-(2n ** 63n), '02088000000000000000'],
    ];
    for (const [value, expected] of cases) assert.equal(hex(der.integer(value)), expected, String(value));
    assert.throws(() => der.integer(2 ** 60), RangeError);
  });

  it('encodes an unsigned magnitude as a positive INTEGER', () => {
    assert.equal(hex(der.integerFromUnsigned(Uint8Array.of(0x7f, 0x01))), '02027f01');
    assert.equal(hex(der.integerFromUnsigned(Uint8Array.of(0x80, 0x01))), '0203008001');
    assert.equal(hex(der.integerFromUnsigned(Uint8Array.of(0, 0, 0x05))), '020105');
    assert.equal(hex(der.integerFromUnsigned(Uint8Array.of(0, 0))), '020100');
    assert.equal(hex(der.integerFromUnsigned(new Uint8Array(0))), '020100');
  });

  it('encodes OBJECT IDENTIFIERs', () => {
    assert.equal(hex(der.oid('1.2.840.113549')), '06062a864886f70d');
    assert.equal(hex(der.oid('1.2.840.10045.4.3.2')), '06082a8648ce3d040302');
    assert.equal(hex(der.oid('1.2.840.113549.1.1.11')), '06092a864886f70d01010b');
    assert.equal(hex(der.oid('2.5.4.3')), '0603550403');
    // X.690 §8.19.5: {2 999 3} -> 88 37 03.
    assert.equal(hex(der.oid('2.999.3')), '0603883703');
    for (const bad of ['1', '3.1', '1.40', 'a.b', '1..2']) assert.throws(() => der.oid(bad), RangeError, bad);
  });

  it('encodes NULL, BOOLEAN and OCTET STRING', () => {
    assert.equal(hex(der.nullValue()), '0500');
    assert.equal(hex(der.boolean(true)), '0101ff');
    assert.equal(hex(der.boolean(false)), '010100');
    assert.equal(hex(der.octetString(Uint8Array.of(1, 2, 3))), '0403010203');
  });

  it('encodes BIT STRING with zeroed unused bits (X.690 §8.6.4.2, §11.2.1)', () => {
    // X.690's example '0A3B5F291CD'H: 44 bits, 4 unused.
    assert.equal(hex(der.bitString(Uint8Array.of(0x0a, 0x3b, 0x5f, 0x29, 0x1c, 0xdf), 4)), '0307040a3b5f291cd0');
    assert.equal(hex(der.bitString(Uint8Array.of(0xff))), '030200ff');
    assert.equal(hex(der.bitString(new Uint8Array(0))), '030100');
    assert.throws(() => der.bitString(Uint8Array.of(1), 8), RangeError);
  });

  it('encodes UTF8String and PrintableString', () => {
    assert.equal(hex(der.utf8String('é')), '0c02c3a9');
    assert.equal(hex(der.printableString('Test 1')), '1306' + ascii('Test 1'));
    assert.throws(() => der.printableString('a@b'), RangeError);
    assert.throws(() => der.printableString('é'), RangeError);
  });

  it('encodes UTCTime and GeneralizedTime per RFC 5280 §4.1.2.5', () => {
    const t = Date.UTC(2019, 11, 16, 3, 2, 10, 999);
    assert.equal(hex(der.utcTime(t)), '170d' + ascii('191216030210Z'));
    assert.equal(hex(der.generalizedTime(t)), '180f' + ascii('20191216030210Z'));
    assert.equal(hex(der.time(t)), hex(der.utcTime(t)));
    // Through 2049 UTCTime; from 2050 GeneralizedTime.
    assert.equal(hex(der.time(Date.UTC(2049, 11, 31, 23, 59, 59))), '170d' + ascii('491231235959Z'));
    assert.equal(hex(der.time(Date.UTC(2050, 0, 1))), '180f' + ascii('20500101000000Z'));
    assert.equal(hex(der.time(Date.UTC(1950, 0, 1))), '170d' + ascii('500101000000Z'));
    assert.equal(hex(der.time(Date.UTC(1949, 11, 31))), '180f' + ascii('19491231000000Z'));
    assert.throws(() => der.utcTime(Date.UTC(2050, 0, 1)), RangeError);
    assert.throws(() => der.time(Number.NaN), RangeError);
  });

  it('builds SEQUENCE, sorted SET OF and explicit context tags', () => {
    assert.equal(hex(der.sequence()), '3000');
    assert.equal(hex(der.sequence(der.integer(1), der.nullValue())), '30050201010500');
    // X.690 §11.6: elements in ascending order of their encodings.
    assert.equal(hex(der.set(der.integer(5), der.boolean(true))), '31060101ff020105');
    assert.equal(hex(der.set(der.integer(2), der.integer(1))), '3106020101020102');
    assert.equal(hex(der.explicit(0, der.integer(2))), 'a003020102');
    assert.equal(hex(der.explicit(3, der.nullValue())), 'a3020500');
    assert.throws(() => der.explicit(31, der.nullValue()), RangeError);
    assert.throws(() => der.tlv(0x1f, new Uint8Array(0)), RangeError);
  });
});
