// The RTP packet (RFC 3550 §5.1) and RFC 7983 demultiplexing: hand-written vectors, round
// trips, zero-copy views, and every error path.
import assert from 'node:assert/strict';
import { classifyDatagram, parseRtpPacket, rtpPacketSize, serializeRtpPacket, writeRtpPacket, type RtpPacketInit } from '../../../src/protocol/rtp/index.js';
import { hex, throwsCode, toHex } from './helpers.js';

describe('rtp: demultiplexing (RFC 7983 §7, RFC 5761 §4)', () => {
  it('classifies by the first byte and RTP against RTCP by the second', () => {
    const first = (b: number, second = 0x60): Uint8Array => Uint8Array.of(b, second, 0, 0);
    assert.equal(classifyDatagram(first(0)), 'stun');
    assert.equal(classifyDatagram(first(1)), 'stun');
    assert.equal(classifyDatagram(first(3)), 'stun');
    assert.equal(classifyDatagram(first(4)), 'unknown');
    assert.equal(classifyDatagram(first(15)), 'unknown');
    assert.equal(classifyDatagram(first(16)), 'zrtp');
    assert.equal(classifyDatagram(first(19)), 'zrtp');
    assert.equal(classifyDatagram(first(20)), 'dtls');
    assert.equal(classifyDatagram(first(22)), 'dtls');
    assert.equal(classifyDatagram(first(63)), 'dtls');
    assert.equal(classifyDatagram(first(64)), 'turn-channel');
    assert.equal(classifyDatagram(first(79)), 'turn-channel');
    assert.equal(classifyDatagram(first(80)), 'unknown');
    assert.equal(classifyDatagram(first(127)), 'unknown');
    assert.equal(classifyDatagram(first(192)), 'unknown');
    assert.equal(classifyDatagram(first(255)), 'unknown');
    assert.equal(classifyDatagram(new Uint8Array(0)), 'unknown');
    // RTP: PT 96 without and with marker; PT 0 with marker is 128.
    assert.equal(classifyDatagram(first(0x80, 96)), 'rtp');
    assert.equal(classifyDatagram(first(0x80, 0x80 | 96)), 'rtp');
    assert.equal(classifyDatagram(first(0x80, 0x80)), 'rtp');
    assert.equal(classifyDatagram(first(0x90, 0x7f)), 'rtp');
    // RTCP: packet types 192-223 (what M=1 with PT 64-95 would read as).
    for (const pt of [192, 200, 201, 205, 206, 223]) assert.equal(classifyDatagram(first(0x81, pt)), 'rtcp', `PT ${pt}`);
    assert.equal(classifyDatagram(first(0x81, 191)), 'rtp');
    assert.equal(classifyDatagram(first(0x81, 224)), 'rtp');
    assert.equal(classifyDatagram(first(0xbf, 200)), 'rtcp');
    assert.equal(classifyDatagram(Uint8Array.of(0x80, 200, 0)), 'unknown', 'too short for either header');
  });
});

describe('rtp: packet (RFC 3550 §5.1)', () => {
  it('parses a minimal packet field by field, payload a view into the datagram', () => {
    const bytes = hex('80 e0 12 34  de ad be ef  01 02 03 04  61 62');
    const p = parseRtpPacket(bytes);
    assert.equal(p.marker, true);
    assert.equal(p.payloadType, 96);
    assert.equal(p.sequenceNumber, 0x1234);
    assert.equal(p.timestamp, 0xdeadbeef);
    assert.equal(p.ssrc, 0x01020304);
    assert.deepEqual(p.csrcs, []);
    assert.equal(p.extensionProfile, undefined);
    assert.equal(p.extension.length, 0);
    assert.equal(p.paddingLength, 0);
    assert.equal(p.headerLength, 12);
    assert.equal(toHex(p.payload), '6162');
    assert.equal(p.payload.buffer, bytes.buffer, 'zero-copy');
    assert.equal(p.payload.byteOffset, 12);
    assert.equal(toHex(serializeRtpPacket(p)), toHex(bytes));
  });

  it('parses CSRCs, an extension block and padding together', () => {
    // CC=2, X=1, P=1; extension profile 0xABCD, 1 word; payload 3 bytes; 4 bytes of padding.
    const bytes = hex('b2 08 ff ff  00 00 00 01  ca fe ba be  00 00 00 0a  00 00 00 0b  ab cd 00 01  11 22 33 44  aa bb cc  00 00 00 04');
    const p = parseRtpPacket(bytes);
    assert.equal(p.marker, false);
    assert.equal(p.payloadType, 8);
    assert.deepEqual(p.csrcs, [10, 11]);
    assert.equal(p.extensionProfile, 0xabcd);
    assert.equal(toHex(p.extension), '11223344');
    assert.equal(toHex(p.payload), 'aabbcc');
    assert.equal(p.paddingLength, 4);
    assert.equal(p.headerLength, 28);
    assert.equal(toHex(serializeRtpPacket(p)), toHex(bytes), 'round trip (padding written as zeros and a count)');
  });

  it('accepts padding that takes the whole payload, and a packet that is only a header', () => {
    const p = parseRtpPacket(hex('a0 60 00 01  00 00 00 00  00 00 00 01  00 00 03'));
    assert.equal(p.payload.length, 0);
    assert.equal(p.paddingLength, 3);
    assert.equal(parseRtpPacket(hex('80 60 00 01  00 00 00 00  00 00 00 01')).payload.length, 0);
  });

  it('rejects what is malformed', () => {
    throwsCode(() => parseRtpPacket(new Uint8Array(0)), 'RTP_TOO_SHORT');
    throwsCode(() => parseRtpPacket(hex('80 60 00 01  00 00 00 00  00 00 00')), 'RTP_TOO_SHORT');
    throwsCode(() => parseRtpPacket(hex('40 60 00 01  00 00 00 00  00 00 00 01')), 'RTP_BAD_VERSION');
    throwsCode(() => parseRtpPacket(hex('c0 60 00 01  00 00 00 00  00 00 00 01')), 'RTP_BAD_VERSION');
    // CC=3 but only 2 CSRCs present.
    throwsCode(() => parseRtpPacket(hex('83 60 00 01  00 00 00 00  00 00 00 01  00 00 00 02  00 00 00 03')), 'RTP_TOO_SHORT');
    // X=1 without room for the extension header.
    throwsCode(() => parseRtpPacket(hex('90 60 00 01  00 00 00 00  00 00 00 01  be de')), 'RTP_TOO_SHORT');
    // Extension length of 2 words with only 1 present.
    throwsCode(() => parseRtpPacket(hex('90 60 00 01  00 00 00 00  00 00 00 01  be de 00 02  10 aa 00 00')), 'RTP_BAD_EXTENSION');
    // A one-byte element running past the block.
    throwsCode(() => parseRtpPacket(hex('90 60 00 01  00 00 00 00  00 00 00 01  be de 00 01  13 aa bb cc  dd')), 'RTP_BAD_EXTENSION');
    // Padding count larger than what follows the header, or zero.
    throwsCode(() => parseRtpPacket(hex('a0 60 00 01  00 00 00 00  00 00 00 01  aa 05')), 'RTP_BAD_PADDING');
    throwsCode(() => parseRtpPacket(hex('a0 60 00 01  00 00 00 00  00 00 00 01  aa 00')), 'RTP_BAD_PADDING');
    // Padding bit with nothing after the header: the count octet would be in the header.
    throwsCode(() => parseRtpPacket(hex('a0 60 00 01  00 00 00 00  00 00 00 01')), 'RTP_BAD_PADDING');
    // Padding eating into the extension block.
    throwsCode(() => parseRtpPacket(hex('b0 60 00 01  00 00 00 00  00 00 00 01  be de 00 01  10 aa 00 00  06')), 'RTP_BAD_PADDING');
  });

  it('serializes into a caller buffer at an offset, and checks its room and fields', () => {
    const init: RtpPacketInit = { payloadType: 111, sequenceNumber: 65535, timestamp: 0xffffffff, ssrc: 1, marker: true, payload: hex('0102'), paddingLength: 2 };
    const size = rtpPacketSize(init);
    assert.equal(size, 16);
    const out = new Uint8Array(40).fill(0xee);
    assert.equal(writeRtpPacket(init, out, 10), 26);
    assert.equal(toHex(out.subarray(10, 26)), 'a0efffffffffffff0000000101020002');
    assert.equal(out[9], 0xee);
    assert.equal(out[26], 0xee);
    assert.throws(() => writeRtpPacket(init, out, 30), RangeError);
    assert.throws(() => serializeRtpPacket({ ...init, payloadType: 128 }), RangeError);
    assert.throws(() => serializeRtpPacket({ ...init, sequenceNumber: 65536 }), RangeError);
    assert.throws(() => serializeRtpPacket({ ...init, paddingLength: 256 }), RangeError);
    assert.throws(() => serializeRtpPacket({ ...init, csrcs: new Array(16).fill(1) }), RangeError);
    assert.throws(() => serializeRtpPacket({ ...init, extensionProfile: 0x1234, extension: hex('010203') }), RangeError, 'raw block not in words');
  });

  it('round-trips random packets built from fields', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const init: RtpPacketInit = {
        marker: rand(2) === 1,
        payloadType: rand(128),
        sequenceNumber: rand(65536),
        timestamp: rand(0x100000000),
        ssrc: rand(0x100000000),
        csrcs: Array.from({ length: rand(4) }, () => rand(0x100000000)),
        payload: Uint8Array.from({ length: rand(40) }, () => rand(256)),
        paddingLength: rand(3) === 0 ? 1 + rand(255) : 0,
        extensions: rand(2) === 0 ? [] : Array.from({ length: 1 + rand(3) }, (_, k) => ({ id: k + 1, data: Uint8Array.from({ length: 1 + rand(16) }, () => rand(256)) })),
      };
      const bytes = serializeRtpPacket(init);
      const p = parseRtpPacket(bytes);
      assert.equal(p.marker, init.marker);
      assert.equal(p.payloadType, init.payloadType);
      assert.equal(p.sequenceNumber, init.sequenceNumber);
      assert.equal(p.timestamp, init.timestamp);
      assert.equal(p.ssrc, init.ssrc);
      assert.deepEqual([...p.csrcs], init.csrcs);
      assert.deepEqual([...p.payload], [...init.payload]);
      assert.equal(p.paddingLength, init.paddingLength);
      assert.equal(toHex(serializeRtpPacket(p)), toHex(bytes));
    }
  });
});
