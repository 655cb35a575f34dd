// H.264 Annex B: NAL units split on 3- and 4-byte start codes in chunks of any size, access
// units grouped by the rules of §7.4.1.2.3, the fixtures as ffprobe saw them, written back
// byte for byte, and every malformed stream.
import assert from 'node:assert/strict';
import {
  AnnexBReader,
  H264AccessUnitAssembler,
  H264AccessUnitReader,
  isWellFormedNal,
  parseAnnexB,
  parseH264AccessUnits,
  parseSliceStart,
  serializeAnnexB,
  type AnnexBNalUnit,
  type H264AccessUnit,
} from '../../src/media/index.js';
import { chunked, fixture, fixturesEnding, mediaError, recordedPackets } from './fixtures.js';

const b = (...x: number[]): Uint8Array => Uint8Array.from(x);
const nal = (data: Uint8Array): AnnexBNalUnit => ({ data, offset: 0, startCodeBytes: 4 });
/** A slice NAL unit: type and nal_ref_idc in the header, then ue(first_mb) ue(slice_type) ue(pps_id) as given bits. */
const slice = (type: number, firstMb: number, ref = 3, pps = 0): Uint8Array => {
  // Exp-Golomb codes of small values: 0 -> 1, 1 -> 010, 2 -> 011, 3 -> 00100.
  const codes = ['1', '010', '011', '00100'];
  const bits = `${codes[firstMb]}${codes[0]}${codes[pps]}1`.padEnd(16, '0');
  return b((ref << 5) | type, parseInt(bits.slice(0, 8), 2), parseInt(bits.slice(8, 16), 2), 0x80);
};
const SPS = b(0x67, 0x42, 0xc0, 0x1e);
const PPS = b(0x68, 0xce, 0x38, 0x80);
const SEI = b(0x06, 0x05, 0x01, 0x80);
const AUD = b(0x09, 0xf0);

function group(nals: Uint8Array[]): number[][] {
  const a = new H264AccessUnitAssembler();
  const out: H264AccessUnit[] = [];
  for (const n of nals) {
    const au = a.push(nal(n));
    if (au) out.push(au);
  }
  const last = a.end();
  if (last) out.push(last);
  return out.map((au) => au.nalUnits.map((n) => nals.indexOf(n.data)));
}

function nalsOf(chunks: Uint8Array[]): AnnexBNalUnit[] {
  const r = new AnnexBReader();
  const out: AnnexBNalUnit[] = [];
  for (const c of chunks) {
    r.push(c);
    for (let n = r.next(); n; n = r.next()) out.push(n);
  }
  r.end();
  for (let n = r.next(); n; n = r.next()) out.push(n);
  return out;
}

describe('media/h264', () => {
  it('splits on 3- and 4-byte start codes, with leading and trailing zero bytes, keeping emulation prevention', () => {
    const stream = b(0, 0, 0, 0, 0, 1, 0x67, 1, 0, 0, 1, 0x68, 0, 0, 3, 0, 0, 0, 0, 0, 1, 0x65, 0, 0, 4, 0, 0, 0);
    const got = parseAnnexB(stream);
    assert.deepEqual(
      got.map((n) => [[...n.data], n.offset, n.startCodeBytes]),
      [
        [[0x67, 1], 2, 4],
        [[0x68, 0, 0, 3], 8, 3],
        [[0x65, 0, 0, 4], 17, 4],
      ],
    );
    for (const sizes of [[1], [2, 5], [3]]) assert.deepEqual(nalsOf(chunked(stream, sizes)), got, `chunks ${sizes}`);
    assert.deepEqual(parseAnnexB(new Uint8Array(0)), []);
    assert.deepEqual(parseAnnexB(b(0, 0, 0)), []);
  });

  it('malformed streams fail with a typed error', () => {
    const cases: Array<[string, Uint8Array, string]> = [
      ['garbage before the first start code', b(5, 0, 0, 1, 0x65, 1), 'H264_NO_START_CODE'],
      ['no start code at all', b(0x65, 1, 2), 'H264_NO_START_CODE'],
      ['00 00 02 inside', b(0, 0, 1, 0x65, 0, 0, 2, 1), 'H264_BAD_BYTE_SEQUENCE'],
      ['00 00 00 then a byte', b(0, 0, 1, 0x65, 0, 0, 0, 9), 'H264_BAD_BYTE_SEQUENCE'],
      ['00 00 00 03', b(0, 0, 1, 0x65, 0, 0, 0, 3), 'H264_BAD_BYTE_SEQUENCE'],
      ['empty NAL between start codes', b(0, 0, 1, 0, 0, 1, 0x65, 1), 'H264_EMPTY_NAL'],
      ['start code at the end', b(0, 0, 1, 0x65, 1, 0, 0, 1), 'H264_EMPTY_NAL'],
      ['start code then zeros only', b(0, 0, 1, 0, 0), 'H264_EMPTY_NAL'],
      ['forbidden bit', b(0, 0, 1, 0xe5, 1), 'H264_FORBIDDEN_BIT'],
    ];
    for (const [what, stream, code] of cases) assert.throws(() => parseAnnexB(stream), mediaError(code as never), what);
  });

  it('a NAL unit past the bound fails as its bytes arrive; failures stick', () => {
    const r = new AnnexBReader({ maxNalBytes: 10 });
    r.push(b(0, 0, 1, 0x65, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    r.push(b(0, 0));
    r.push(b(0, 0, 1, 0x41, 1));
    assert.equal(r.next()?.data.length, 10);
    assert.throws(() => r.push(new Uint8Array(10).fill(1)), mediaError('H264_NAL_TOO_LARGE'));
    assert.throws(() => r.next(), mediaError('H264_NAL_TOO_LARGE'));
    assert.throws(() => r.push(b(1)), mediaError('H264_NAL_TOO_LARGE'));
    assert.throws(() => r.end(), mediaError('H264_NAL_TOO_LARGE'));
    assert.throws(() => parseAnnexB(b(0, 0, 1, 0x65, 1, 2, 3), { maxNalBytes: 3 }), mediaError('H264_NAL_TOO_LARGE'));
  });

  it('slice headers: first_mb_in_slice, slice_type and pps id, across emulation prevention bytes', () => {
    assert.deepEqual(parseSliceStart(slice(5, 0)), { firstMbInSlice: 0, sliceType: 0, picParameterSetId: 0 });
    assert.deepEqual(parseSliceStart(slice(1, 3, 2, 2)), { firstMbInSlice: 3, sliceType: 0, picParameterSetId: 2 });
    // RBSP 00 00 01 00 00 01 80 (each 00 00 01 escaped as 00 00 03 01): 23 zero bits, a 1, 23
    // zero bits: first_mb_in_slice = 2^23 - 1; then slice_type 0 and pps id 0.
    assert.deepEqual(parseSliceStart(b(0x65, 0, 0, 3, 1, 0, 0, 3, 1, 0x80)), { firstMbInSlice: 2 ** 23 - 1, sliceType: 0, picParameterSetId: 0 });
    assert.equal(parseSliceStart(b(0x65)), undefined);
    assert.equal(parseSliceStart(b(0x65, 0, 0, 0, 0, 0)), undefined);
  });

  it('access units: SPS, PPS, SEI and AUD begin one after a picture; a slice back at macroblock 0 begins one', () => {
    const i0 = slice(5, 0);
    const i1 = slice(5, 2);
    const p0 = slice(1, 0, 2);
    const p1 = slice(1, 1, 2);
    const nals = [AUD, SPS, PPS, SEI, i0, i1, AUD.slice(), p0, p1];
    assert.deepEqual(group(nals), [
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8],
    ]);
    const b0 = slice(1, 0, 0);
    const b1 = slice(1, 1, 0);
    const p2 = slice(1, 1, 2, 1);
    // No delimiters: a slice at mb 0, nal_ref_idc becoming 0, another PPS id, IDR after non-IDR.
    const i2 = slice(5, 1);
    assert.deepEqual(group([SPS, PPS, i0, p0, p1, b1, b0, p2, i2]), [[0, 1, 2], [3, 4], [5], [6], [7], [8]]);
  });

  it('access units: end of sequence closes one; a prefix NAL unit goes with the slice after it', () => {
    const eos = b(0x0a);
    const prefix = b(0x6e, 0x80);
    const i0 = slice(5, 0);
    const p0 = slice(1, 0, 2);
    const p1 = slice(1, 1, 2);
    assert.deepEqual(group([i0, eos, p0, p1]), [[0, 1], [2, 3]]);
    assert.deepEqual(group([i0, prefix, p0]), [[0], [1, 2]]);
    // A prefix before a slice of the same picture stays in it, as does one left at the end.
    const q1 = slice(1, 1, 2);
    const prefix2 = b(0x6e, 0x81);
    assert.deepEqual(group([p0, prefix, q1, prefix2]), [[0, 1, 2, 3]]);
  });

  for (const name of fixturesEnding('.h264')) {
    it(`${name}: access units at the offsets, sizes and keyframes ffprobe reports, in chunks of any size`, () => {
      const bytes = fixture(name);
      const probed = recordedPackets(name);
      for (const sizes of [[bytes.length], [1], [5, 333]]) {
        const r = new H264AccessUnitReader();
        const aus: H264AccessUnit[] = [];
        for (const c of chunked(bytes, sizes)) {
          r.push(c);
          for (let au = r.next(); au; au = r.next()) aus.push(au);
        }
        r.end();
        for (let au = r.next(); au; au = r.next()) aus.push(au);
        const starts = aus.map((au) => au.nalUnits[0]!.offset);
        assert.deepEqual(
          aus.map((au, i) => [starts[i], (starts[i + 1] ?? bytes.length) - starts[i]!, au.keyframe]),
          probed.map((p) => [p.pos, p.size, p.keyframe]),
          `chunks ${sizes}`,
        );
      }
    });

    it(`${name}: written back byte for byte (4-byte start codes for parameter sets and the first NAL unit of each access unit)`, () => {
      const bytes = fixture(name);
      const aus = parseH264AccessUnits(bytes);
      assert.deepEqual(serializeAnnexB(aus.map((au) => au.nalUnits.map((n) => n.data))), bytes);
      const all3 = serializeAnnexB(
        aus.map((au) => au.nalUnits.map((n) => n.data)),
        () => 3,
      );
      assert.deepEqual(
        parseH264AccessUnits(all3).map((au) => au.nalUnits.map((n) => n.data)),
        aus.map((au) => au.nalUnits.map((n) => n.data)),
      );
    });
  }

  it('the writer refuses NAL units that cannot stand in a byte stream', () => {
    for (const bad of [b(), b(0x65, 0), b(0x65, 0, 0, 1, 5), b(0x65, 0, 0, 0, 5), b(0x65, 0, 0, 2), b(0xe5, 1)]) {
      assert.equal(isWellFormedNal(bad), false);
      assert.throws(() => serializeAnnexB([[bad]]), RangeError);
    }
    assert.equal(isWellFormedNal(b(0x65, 0, 0, 3, 0, 0, 3)), true);
  });
});
