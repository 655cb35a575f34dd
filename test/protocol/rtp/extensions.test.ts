// RFC 8285 header extensions: the one-byte and two-byte forms from the RFC's figures, the
// form chosen when writing, the typed values and the Extmap helper.
import assert from 'node:assert/strict';
import {
  absSendTimeExtension,
  absSendTimeFromMs,
  absSendTimeToMs,
  audioLevelExtension,
  chooseExtensionForm,
  ExtensionUri,
  Extmap,
  getRtpHeaderExtension,
  midExtension,
  parseHeaderExtensions,
  parseRtpPacket,
  repairedRidExtension,
  ridExtension,
  rtpHeaderExtensions,
  serializeRtpPacket,
  transportCcExtension,
  type HeaderExtension,
} from '../../../src/protocol/rtp/index.js';
import { ascii, hex, throwsCode, toHex } from './helpers.js';

const HEADER = '90 60 00 01  00 00 00 00  00 00 00 01';
const hexOf = (text: string): string => text.replace(/\s+/g, '');
const entries = (list: HeaderExtension[]): Array<[number, string]> => list.map((e) => [e.id, toHex(e.data)]);

describe('rtp: header extensions (RFC 8285)', () => {
  it('parses the one-byte form of RFC 8285 §4.2 (padding between elements)', () => {
    const p = parseRtpPacket(hex(`${HEADER}  be de 00 03  10 aa 21 bb bb  00 00  33 cc cc cc cc`));
    assert.deepEqual(entries(rtpHeaderExtensions(p)), [
      [1, 'aa'],
      [2, 'bbbb'],
      [3, 'cccccccc'],
    ]);
    assert.equal(toHex(getRtpHeaderExtension(p, 2)!), 'bbbb');
    assert.equal(getRtpHeaderExtension(p, 4), undefined);
  });

  it('parses the two-byte form of RFC 8285 §4.3 (a zero-length element, appbits kept in the profile)', () => {
    const p = parseRtpPacket(hex(`${HEADER}  10 0f 00 03  01 00 02 01  dd 00 03 04  ee ee ee ee`));
    assert.equal(p.extensionProfile, 0x100f);
    assert.deepEqual(entries(rtpHeaderExtensions(p)), [
      [1, ''],
      [2, 'dd'],
      [3, 'eeeeeeee'],
    ]);
  });

  it('takes a one-byte id 0 as one padding byte whatever its length field', () => {
    const p = parseRtpPacket(hex(`${HEADER}  be de 00 02  01 10 aa 03  20 bb 00 00`));
    assert.deepEqual(entries(rtpHeaderExtensions(p)), [
      [1, 'aa'],
      [2, 'bb'],
    ]);
  });

  it('stops at the reserved id 15 of the one-byte form; other profiles are not RFC 8285', () => {
    const p = parseRtpPacket(hex(`${HEADER}  be de 00 02  10 aa f0 ff  20 bb 00 00`));
    assert.deepEqual(entries(rtpHeaderExtensions(p)), [[1, 'aa']]);
    const other = parseRtpPacket(hex(`${HEADER}  12 34 00 01  10 aa 00 00`));
    assert.deepEqual(rtpHeaderExtensions(other), []);
    assert.equal(getRtpHeaderExtension(other, 1), undefined);
  });

  it('rejects elements running past the block in both forms', () => {
    throwsCode(() => parseHeaderExtensions(0xbede, hex('10 aa 23 bb')), 'RTP_BAD_EXTENSION');
    throwsCode(() => parseHeaderExtensions(0x1000, hex('01 05 aa bb')), 'RTP_BAD_EXTENSION');
    throwsCode(() => parseHeaderExtensions(0x1000, hex('00 00 00 07')), 'RTP_BAD_EXTENSION');
    throwsCode(() => parseRtpPacket(hex(`${HEADER}  10 00 00 01  01 00 02 09`)), 'RTP_BAD_EXTENSION');
  });

  it('writes the one-byte form when it fits, with zero padding to 32 bits', () => {
    const bytes = serializeRtpPacket({ payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: hex('ff'), extensions: [{ id: 1, data: hex('aa') }, { id: 14, data: hex('bbcc') }] });
    // 0xBEDE, 2 words: [id 1, L=0] aa, [id 14, L=1] bb cc, three zero bytes; then the payload.
    assert.equal(toHex(bytes), hexOf('906000010000000000000001  bede0002  10aa  e1bbcc  000000  ff'));
  });

  it('chooses the two-byte form for an id over 14, a value over 16 bytes or an empty value, only with extmap-allow-mixed', () => {
    const cases: HeaderExtension[][] = [[{ id: 15, data: hex('aa') }], [{ id: 1, data: new Uint8Array(17) }], [{ id: 1, data: new Uint8Array(0) }]];
    for (const list of cases) {
      assert.equal(chooseExtensionForm(list, true), 'two-byte');
      assert.throws(() => chooseExtensionForm(list, false), RangeError);
      const init = { payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: new Uint8Array(0), extensions: list };
      assert.throws(() => serializeRtpPacket(init), RangeError);
      const p = parseRtpPacket(serializeRtpPacket(init, { extmapAllowMixed: true }));
      assert.equal(p.extensionProfile, 0x1000);
      assert.deepEqual(entries(rtpHeaderExtensions(p)), entries(list));
    }
    assert.equal(chooseExtensionForm([{ id: 14, data: new Uint8Array(16) }], false), 'one-byte');
    assert.throws(() => chooseExtensionForm([{ id: 0, data: hex('aa') }], true), RangeError);
    assert.throws(() => chooseExtensionForm([{ id: 256, data: hex('aa') }], true), RangeError);
    assert.throws(() => chooseExtensionForm([{ id: 1, data: new Uint8Array(256) }], true), RangeError);
    // Two-byte form bytes: id, length, value; padded to 32 bits.
    const two = serializeRtpPacket({ payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: new Uint8Array(0), extensions: [{ id: 20, data: hex('aabb') }] }, { extmapAllowMixed: true });
    assert.equal(toHex(two.subarray(12)), hexOf('1000 0001  14 02 aabb'));
  });
});

describe('rtp: typed header extension values', () => {
  it('sdes:mid, rid and repaired-rid are identifiers; trailing NULs dropped; grammar checked', () => {
    assert.equal(midExtension.parse(hex(ascii('0'))), '0');
    assert.equal(midExtension.parse(hex(ascii('sdparta_1') + '0000')), 'sdparta_1');
    assert.equal(toHex(midExtension.serialize('audio')), ascii('audio'));
    assert.equal(ridExtension.parse(hex(ascii('hi-res_1'))), 'hi-res_1');
    assert.equal(repairedRidExtension.parse(hex(ascii('lo'))), 'lo');
    throwsCode(() => midExtension.parse(new Uint8Array(0)), 'RTP_BAD_EXTENSION_VALUE');
    throwsCode(() => midExtension.parse(hex('0000')), 'RTP_BAD_EXTENSION_VALUE');
    throwsCode(() => midExtension.parse(hex(ascii('a b'))), 'RTP_BAD_EXTENSION_VALUE');
    throwsCode(() => ridExtension.parse(hex(ascii('a.b'))), 'RTP_BAD_EXTENSION_VALUE');
    throwsCode(() => ridExtension.parse(hex('c3a9')), 'RTP_BAD_EXTENSION_VALUE');
    assert.throws(() => ridExtension.serialize(''), RangeError);
    assert.throws(() => ridExtension.serialize('a b'), RangeError);
  });

  it('abs-send-time is 6.18 fixed-point seconds in 3 bytes', () => {
    assert.equal(absSendTimeExtension.parse(hex('04 00 00')), 0x040000);
    assert.equal(absSendTimeToMs(0x040000), 1000);
    assert.equal(absSendTimeFromMs(1000), 0x040000);
    assert.equal(absSendTimeFromMs(64_000), 0, 'wraps every 64 s');
    assert.equal(absSendTimeFromMs(63_500), 0xfe0000);
    assert.equal(absSendTimeFromMs(0.5), 131, '1/2 ms is 131.072 units');
    assert.equal(toHex(absSendTimeExtension.serialize(0xabcdef)), 'abcdef');
    throwsCode(() => absSendTimeExtension.parse(hex('0400')), 'RTP_BAD_EXTENSION_VALUE');
    assert.throws(() => absSendTimeExtension.serialize(0x1000000), RangeError);
  });

  it('transport-wide-cc is a 16-bit sequence number', () => {
    assert.equal(transportCcExtension.parse(hex('ff fe')), 0xfffe);
    assert.equal(toHex(transportCcExtension.serialize(258)), '0102');
    throwsCode(() => transportCcExtension.parse(hex('01')), 'RTP_BAD_EXTENSION_VALUE');
    throwsCode(() => transportCcExtension.parse(hex('010203')), 'RTP_BAD_EXTENSION_VALUE');
    assert.throws(() => transportCcExtension.serialize(65536), RangeError);
  });

  it('ssrc-audio-level is the V flag and 7 bits of -dBov (RFC 6464 §3)', () => {
    assert.deepEqual(audioLevelExtension.parse(hex('a1')), { voiceActivity: true, level: 33 });
    assert.deepEqual(audioLevelExtension.parse(hex('7f')), { voiceActivity: false, level: 127 });
    assert.equal(toHex(audioLevelExtension.serialize({ voiceActivity: true, level: 0 })), '80');
    throwsCode(() => audioLevelExtension.parse(hex('8000')), 'RTP_BAD_EXTENSION_VALUE');
    assert.throws(() => audioLevelExtension.serialize({ voiceActivity: false, level: 128 }), RangeError);
  });

  it('Extmap maps URIs and ids both ways, reads typed values and builds elements', () => {
    const map = new Extmap(
      [
        { id: 3, uri: ExtensionUri.TRANSPORT_WIDE_CC },
        { id: 1, uri: ExtensionUri.AUDIO_LEVEL },
        { id: 4, uri: ExtensionUri.MID },
        { id: 20, uri: 'urn:example:other' },
      ],
      { allowMixed: true },
    );
    assert.equal(map.id(ExtensionUri.MID), 4);
    assert.equal(map.uri(3), ExtensionUri.TRANSPORT_WIDE_CC);
    assert.equal(map.id(ExtensionUri.RID), undefined);
    assert.deepEqual(map.entries().map((e) => e.id), [1, 3, 4, 20]);
    const extensions = [map.element(midExtension, '0')!, map.element(transportCcExtension, 513)!, map.element(audioLevelExtension, { voiceActivity: true, level: 30 })!];
    assert.equal(map.element(ridExtension, 'a'), undefined, 'not negotiated');
    const p = parseRtpPacket(serializeRtpPacket({ payloadType: 111, sequenceNumber: 9, timestamp: 960, ssrc: 5, payload: hex('f8fffe'), extensions }, { extmapAllowMixed: map.allowMixed }));
    assert.equal(p.extensionProfile, 0xbede);
    assert.equal(map.read(p, midExtension), '0');
    assert.equal(map.read(p, transportCcExtension), 513);
    assert.deepEqual(map.read(p, audioLevelExtension), { voiceActivity: true, level: 30 });
    assert.equal(map.read(p, ridExtension), undefined);
    assert.equal(map.read(p, absSendTimeExtension), undefined);
    assert.throws(() => new Extmap([{ id: 1, uri: 'a' }, { id: 1, uri: 'b' }]), RangeError);
    assert.throws(() => new Extmap([{ id: 1, uri: 'a' }, { id: 2, uri: 'a' }]), RangeError);
    assert.throws(() => new Extmap([{ id: 0, uri: 'a' }]), RangeError);
    assert.throws(() => new Extmap([{ id: 4096, uri: 'a' }]), RangeError);
  });
});
