// RTCP packets (RFC 3550 §6, RFC 4585, RFC 5104, REMB): byte-exact vectors written from the
// RFC figures, round trips, compound and reduced-size datagrams, and every framing error.
import assert from 'node:assert/strict';
import {
  isCompoundRtcp,
  nackPairsFromSequences,
  parseRtcp,
  rtcpSize,
  SdesItemType,
  sequencesFromNackPairs,
  serializeRtcp,
  writeRtcp,
  type RtcpPacket,
} from '../../../src/protocol/rtp/index.js';
import { ascii, hex, throwsCode, toHex } from './helpers.js';

// RFC 3550 §6.4.1: SR, RC=1, length 12 words; one report block.
const SR = `81 c8 00 0c  11 22 33 44  e1 c2 a3 b4  80 00 00 00  00 01 e2 40  00 00 01 f4  00 05 dc 00
            55 66 77 88  40 ff ff fe  00 01 12 34  00 00 00 10  a3 b4 c5 d6  00 01 80 00`;
// RFC 3550 §6.5: SDES, one chunk, CNAME "abc", a null octet, padded to 32 bits.
const SDES = `81 ca 00 03  11 22 33 44  01 03 ${ascii('abc')}  00  00 00`;

const one = (text: string): RtcpPacket => {
  const packets = parseRtcp(hex(text));
  assert.equal(packets.length, 1);
  return packets[0]!;
};

/** Parses, checks the packet, and checks serializing gives the vector back byte for byte. */
function vector(text: string, expected: RtcpPacket): void {
  const packet = one(text);
  assert.deepEqual(packet, expected);
  assert.equal(toHex(serializeRtcp([packet])), toHex(hex(text)));
  assert.equal(toHex(serializeRtcp([expected])), toHex(hex(text)));
}

describe('rtp: RTCP packets', () => {
  it('sender report with a report block (RFC 3550 §6.4.1), cumulative loss signed', () => {
    vector(SR, {
      type: 'sr',
      ssrc: 0x11223344,
      ntpSeconds: 0xe1c2a3b4,
      ntpFraction: 0x80000000,
      rtpTimestamp: 123456,
      packetCount: 500,
      octetCount: 384000,
      reports: [{ ssrc: 0x55667788, fractionLost: 64, cumulativeLost: -2, highestSequence: 0x11234, jitter: 16, lastSr: 0xa3b4c5d6, delaySinceLastSr: 0x18000 }],
      extension: new Uint8Array(0),
    });
  });

  it('receiver report with no blocks and with a profile extension (RFC 3550 §6.4.2)', () => {
    vector('80 c9 00 01  00 00 00 2a', { type: 'rr', ssrc: 42, reports: [], extension: new Uint8Array(0) });
    const rr = one('81 c9 00 08  00 00 00 2a  00 00 00 07  00 7f ff ff  00 00 ff ff  00 00 00 00  00 00 00 00  00 00 00 00  de ad be ef');
    assert.equal(rr.type, 'rr');
    if (rr.type !== 'rr') return;
    assert.equal(rr.reports[0]!.cumulativeLost, 0x7fffff);
    assert.equal(toHex(rr.extension), 'deadbeef');
  });

  it('SDES chunks with several items and the padding rule of RFC 3550 §6.5', () => {
    vector(SDES, { type: 'sdes', chunks: [{ ssrc: 0x11223344, items: [{ type: SdesItemType.CNAME, text: 'abc' }] }] });
    // Items ending on a 32-bit boundary still need a null octet: a whole word of nulls follows.
    vector(`81 ca 00 03  00 00 00 01  01 02 ${ascii('xy')}  00 00 00 00`, { type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'xy' }] }] });
    // Two chunks; the second with CNAME and TOOL; an empty chunk is valid (RFC 3550 §6.5).
    vector(`82 ca 00 06  00 00 00 01  00 00 00 00  00 00 00 02  01 01 ${ascii('a')}  06 05 ${ascii('tool!')}  00 00`, {
      type: 'sdes',
      chunks: [
        { ssrc: 1, items: [] },
        { ssrc: 2, items: [{ type: 1, text: 'a' }, { type: SdesItemType.TOOL, text: 'tool!' }] },
      ],
    });
    // UTF-8 text.
    const p = one(serializeRtcpHex([{ type: 'sdes', chunks: [{ ssrc: 9, items: [{ type: 2, text: 'Zoë 🎧' }] }] }]));
    assert.deepEqual(p, { type: 'sdes', chunks: [{ ssrc: 9, items: [{ type: 2, text: 'Zoë 🎧' }] }] });
  });

  it('BYE with and without a reason (RFC 3550 §6.6)', () => {
    vector('81 cb 00 01  00 00 00 05', { type: 'bye', ssrcs: [5] });
    vector(`82 cb 00 04  00 00 00 05  00 00 00 06  04 ${ascii('bye!')}  00 00 00`, { type: 'bye', ssrcs: [5, 6], reason: 'bye!' });
    vector(`80 cb 00 01  03 ${ascii('end')}`, { type: 'bye', ssrcs: [], reason: 'end' });
  });

  it('APP kept raw (RFC 3550 §6.7)', () => {
    vector(`83 cc 00 03  00 00 00 07  ${ascii('qwer')}  01 02 03 04`, { type: 'app', subtype: 3, ssrc: 7, name: 'qwer', data: hex('01020304') });
  });

  it('generic NACK (RFC 4585 §6.2.1), built from lost sequence numbers and expanded back', () => {
    vector('81 cd 00 03  00 00 00 01  00 00 00 02  00 64 00 05', { type: 'nack', senderSsrc: 1, mediaSsrc: 2, pairs: [{ pid: 100, blp: 0b101 }] });
    assert.deepEqual(sequencesFromNackPairs([{ pid: 100, blp: 0b101 }]), [100, 101, 103]);
    const lost = [65530, 65531, 65535, 0, 9, 10, 30, 46, 47];
    const pairs = nackPairsFromSequences(lost);
    assert.deepEqual(pairs, [
      // 65531, 65535, 0, 9, 10 are 1, 5, 6, 15, 16 after 65530: bits 0, 4, 5, 14, 15.
      { pid: 65530, blp: 0b1100_0000_0011_0001 },
      { pid: 30, blp: 1 << 15 },
      { pid: 47, blp: 0 },
    ]);
    assert.deepEqual(sequencesFromNackPairs(pairs), lost);
    assert.deepEqual(nackPairsFromSequences([5, 5, 6]), [{ pid: 5, blp: 1 }], 'a duplicate adds nothing');
    assert.deepEqual(sequencesFromNackPairs([{ pid: 65535, blp: 0xffff }]).slice(0, 3), [65535, 0, 1]);
    assert.equal(sequencesFromNackPairs([{ pid: 0, blp: 0xffff }]).length, 17);
  });

  it('PLI (RFC 4585 §6.3.1) and FIR with its entries (RFC 5104 §4.3.1)', () => {
    vector('81 ce 00 02  00 00 00 01  00 00 00 02', { type: 'pli', senderSsrc: 1, mediaSsrc: 2 });
    vector('84 ce 00 06  00 00 00 01  00 00 00 00  00 00 00 0a  07 00 00 00  00 00 00 0b  ff 00 00 00', {
      type: 'fir',
      senderSsrc: 1,
      mediaSsrc: 0,
      entries: [
        { ssrc: 10, sequenceNumber: 7 },
        { ssrc: 11, sequenceNumber: 255 },
      ],
    });
  });

  it('REMB: mantissa and exponent, SSRC list (draft-alvestrand-rmcat-remb §2.2)', () => {
    // 1,000,000 bps = 250000 × 2^2: exponent 2, mantissa 0x3d090.
    vector(`8f ce 00 05  00 00 00 01  00 00 00 00  ${ascii('REMB')}  01 0b d0 90  00 00 00 09`, { type: 'remb', senderSsrc: 1, mediaSsrc: 0, bitrateBps: 1_000_000, ssrcs: [9] });
    const big = one(serializeRtcpHex([{ type: 'remb', senderSsrc: 1, mediaSsrc: 0, bitrateBps: 123_456_789_012, ssrcs: [] }]));
    assert.equal(big.type, 'remb');
    if (big.type === 'remb') {
      assert.ok(big.bitrateBps <= 123_456_789_012 && big.bitrateBps > 123_456_789_012 * (1 - 2 ** -17), `${big.bitrateBps}`);
    }
    // Another AFB message stays unknown.
    assert.deepEqual(one(`8f ce 00 03  00 00 00 01  00 00 00 00  ${ascii('XYZW')}`), { type: 'unknown', packetType: 206, count: 15, body: hex(`00 00 00 01  00 00 00 00  ${ascii('XYZW')}`) });
  });

  it('a compound SR + SDES + BYE round trip; isCompoundRtcp tells it from reduced-size', () => {
    const bytes = hex(`${SR} ${SDES} 81 cb 00 01  11 22 33 44`);
    const packets = parseRtcp(bytes, { requireCompound: true });
    assert.deepEqual(packets.map((p) => p.type), ['sr', 'sdes', 'bye']);
    assert.ok(isCompoundRtcp(packets));
    assert.equal(rtcpSize(packets), bytes.length);
    assert.equal(toHex(serializeRtcp(packets)), toHex(bytes));
    const out = new Uint8Array(bytes.length + 8);
    assert.equal(writeRtcp(packets, out, 8), bytes.length + 8);
    assert.equal(toHex(out.subarray(8)), toHex(bytes));
    assert.throws(() => writeRtcp(packets, out, 9), RangeError);
  });

  it('reduced-size RTCP (RFC 5506): a lone feedback packet, unless a compound is required', () => {
    const pli = hex('81 ce 00 02  00 00 00 01  00 00 00 02');
    const packets = parseRtcp(pli);
    assert.equal(packets[0]!.type, 'pli');
    assert.ok(!isCompoundRtcp(packets));
    throwsCode(() => parseRtcp(pli, { requireCompound: true }), 'RTCP_NOT_COMPOUND');
  });

  it('keeps unknown types raw and malformed known ones as invalid, without losing the rest', () => {
    const packets = parseRtcp(hex(`${SR}  80 d0 00 01  01 02 03 04  85 cd 00 02  00 00 00 01  00 00 00 02  81 cd 00 02  00 00 00 01  00 00 00 02  82 ca 00 01  00 00 00 01  ${SDES}`));
    assert.deepEqual(packets.map((p) => p.type), ['sr', 'unknown', 'unknown', 'invalid', 'invalid', 'sdes']);
    assert.deepEqual(packets[1], { type: 'unknown', packetType: 208, count: 0, body: hex('01020304') });
    assert.equal(packets[2]!.type === 'unknown' && packets[2]!.packetType, 205, 'RTPFB FMT 5 is unknown');
    const invalid = packets[3]!;
    assert.ok(invalid.type === 'invalid' && invalid.reason!.startsWith('RTCP_BAD_PACKET'), 'a NACK without FCI');
    // An invalid packet is written back as it came.
    assert.equal(toHex(serializeRtcp([invalid])), '81cd00020000000100000002');
  });

  it('every malformed body is invalid, not an exception', () => {
    const cases: Record<string, string> = {
      'SR too short': '80 c8 00 01  00 00 00 01',
      'SR blocks missing': '81 c8 00 06  00 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00',
      'RR without SSRC': '80 c9 00 00',
      'SDES chunk missing': '82 ca 00 03  00 00 00 01  01 01 61 00  00 00 00 00',
      'SDES without a null octet': `81 ca 00 02  00 00 00 01  01 02 ${ascii('ab')}`,
      'SDES item past the end': `81 ca 00 02  00 00 00 01  01 09 ${ascii('ab')}`,
      'BYE sources missing': '82 cb 00 01  00 00 00 01',
      'BYE reason past the end': `81 cb 00 02  00 00 00 01  09 ${ascii('abc')}`,
      'APP too short': '80 cc 00 01  00 00 00 01',
      'NACK FCI missing': '81 cd 00 02  00 00 00 01  00 00 00 02',
      'FIR FCI missing': '84 ce 00 02  00 00 00 01  00 00 00 00',
      'FIR FCI not whole entries': '84 ce 00 03  00 00 00 01  00 00 00 00  00 00 00 0a',
      'PLI too short': '81 ce 00 01  00 00 00 01',
      'REMB SSRCs missing': `8f ce 00 05  00 00 00 01  00 00 00 00  ${ascii('REMB')}  02 0b d0 90  00 00 00 09`,
    };
    for (const [what, text] of Object.entries(cases)) {
      const [p] = parseRtcp(hex(text));
      assert.equal(p!.type, 'invalid', what);
    }
  });

  it('rejects broken framing (RFC 3550 Appendix A.2)', () => {
    throwsCode(() => parseRtcp(new Uint8Array(0)), 'RTCP_TRUNCATED');
    throwsCode(() => parseRtcp(hex('80 c9 00')), 'RTCP_TRUNCATED');
    throwsCode(() => parseRtcp(hex('80 c9 00 01  00 00 00 2a  80')), 'RTCP_TRUNCATED');
    throwsCode(() => parseRtcp(hex('40 c9 00 01  00 00 00 2a')), 'RTCP_BAD_VERSION');
    throwsCode(() => parseRtcp(hex(`${SR}  00 ca 00 00`)), 'RTCP_BAD_VERSION');
    // Length field longer than the datagram, and one ending inside the next packet's header.
    throwsCode(() => parseRtcp(hex('80 c9 00 02  00 00 00 2a')), 'RTCP_BAD_LENGTH');
    throwsCode(() => parseRtcp(hex('80 c9 ff ff  00 00 00 2a')), 'RTCP_BAD_LENGTH');
    throwsCode(() => parseRtcp(hex('80 c9 00 01  00 00 00 2a  81 ca 00 05  00 00 00 01')), 'RTCP_BAD_LENGTH');
    // Padding counts of zero and beyond the body.
    throwsCode(() => parseRtcp(hex('a0 c9 00 01  00 00 00 00')), 'RTCP_BAD_PADDING');
    throwsCode(() => parseRtcp(hex('a0 c9 00 01  00 00 00 05')), 'RTCP_BAD_PADDING');
    throwsCode(() => parseRtcp(hex('a0 c9 00 00')), 'RTCP_BAD_PADDING');
  });

  it('strips padding from any packet of the compound', () => {
    const packets = parseRtcp(hex('a0 c9 00 02  00 00 00 2a  00 00 00 04  81 ce 00 02  00 00 00 01  00 00 00 02'));
    assert.deepEqual(packets.map((p) => p.type), ['rr', 'pli']);
    assert.equal(packets[0]!.type === 'rr' && packets[0]!.extension.length, 0);
  });

  it('refuses to write what does not fit its fields', () => {
    const block = { ssrc: 1, fractionLost: 0, cumulativeLost: 0, highestSequence: 0, jitter: 0, lastSr: 0, delaySinceLastSr: 0 };
    assert.throws(() => serializeRtcp([{ type: 'rr', ssrc: 1, reports: new Array(32).fill(block), extension: new Uint8Array(0) }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'rr', ssrc: 1, reports: [{ ...block, cumulativeLost: 0x800000 }], extension: new Uint8Array(0) }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'rr', ssrc: -1, reports: [], extension: new Uint8Array(0) }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'x'.repeat(256) }] }] }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 0, text: 'x' }] }] }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'app', subtype: 0, ssrc: 1, name: 'abc', data: new Uint8Array(0) }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'nack', senderSsrc: 1, mediaSsrc: 2, pairs: [] }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'fir', senderSsrc: 1, mediaSsrc: 0, entries: [{ ssrc: 1, sequenceNumber: 256 }] }]), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'remb', senderSsrc: 1, mediaSsrc: 0, bitrateBps: -1, ssrcs: [] }]), RangeError);
    assert.throws(() => nackPairsFromSequences([65536]), RangeError);
    // A raw body that is not whole words is padded with RTCP padding.
    assert.equal(toHex(serializeRtcp([{ type: 'unknown', packetType: 210, count: 1, body: hex('0102') }])), 'a1d20001' + '01020002');
  });
});

function serializeRtcpHex(packets: RtcpPacket[]): string {
  return toHex(serializeRtcp(packets));
}
