// Opus in Ogg (RFC 7845) and Opus packet framing (RFC 6716 §3): TOC durations, the code 0-3
// framings and R1-R7, OpusHead and OpusTags, granule timing with pre-skip and end trimming,
// and the writer read back.
import assert from 'node:assert/strict';
import {
  OggOpusReader,
  OggOpusWriter,
  OggStreamWriter,
  concatBytes,
  opusConfig,
  opusPacketSamples,
  parseOggOpus,
  parseOpusHead,
  parseOpusPacket,
  parseOpusTags,
  serializeOggOpus,
  serializeOpusHead,
  serializeOpusTags,
  type OggOpusPacket,
  type OpusHead,
} from '../../src/media/index.js';
import { chunked, fixture, fixturesEnding, mediaError, recordedPackets } from './fixtures.js';

const MONO: OpusHead = { version: 1, channels: 1, preSkip: 312, inputSampleRate: 48000, outputGain: 0, mappingFamily: 0, streamCount: 1, coupledCount: 0, mapping: [0] };
/** A CELT fullband 20 ms mono packet (config 31, code 0) of n bytes. */
const celt20 = (n: number): Uint8Array => new Uint8Array(n).fill(0x55).map((x, i) => (i === 0 ? 31 << 3 : x));
/** A SILK wideband 60 ms packet (config 11). */
const silk60 = Uint8Array.of(11 << 3, 1, 2, 3);

function read(chunks: Uint8Array[]): OggOpusPacket[] {
  const r = new OggOpusReader();
  const out: OggOpusPacket[] = [];
  for (const c of chunks) {
    r.push(c);
    for (let p = r.next(); p; p = r.next()) out.push(p);
  }
  r.end();
  return out;
}

/** An Ogg Opus file laid out page by page: each inner array is one page's packets, with its granule. */
function handMade(pagesOf: Array<{ packets: Uint8Array[]; granule: bigint; eos?: boolean }>, head: Uint8Array = serializeOpusHead(MONO)): Uint8Array {
  const w = new OggStreamWriter(5);
  const out = [w.packet(head, 0n), w.flush(), w.packet(serializeOpusTags({ vendor: 'v', comments: [] }), 0n), w.flush()];
  for (const p of pagesOf) {
    for (const d of p.packets) out.push(w.packet(d, p.granule));
    out.push(p.eos ? w.end(p.granule) : w.flush());
  }
  return concatBytes(out);
}

describe('media/opus', () => {
  it('TOC: the frame size of each of the 32 configurations (RFC 6716 §3.1 Table 2)', () => {
    const expected = [...[480, 960, 1920, 2880], ...[480, 960, 1920, 2880], ...[480, 960, 1920, 2880], 480, 960, 480, 960, ...Array.from({ length: 4 }, () => [120, 240, 480, 960]).flat()];
    assert.deepEqual(
      Array.from({ length: 32 }, (_, c) => opusConfig(c).frameSamples),
      expected,
    );
    assert.deepEqual(
      [0, 4, 8, 12, 14, 16, 20, 24, 28].map((c) => `${opusConfig(c).mode}/${opusConfig(c).bandwidth}`),
      ['silk/narrowband', 'silk/mediumband', 'silk/wideband', 'hybrid/superwideband', 'hybrid/fullband', 'celt/narrowband', 'celt/wideband', 'celt/superwideband', 'celt/fullband'],
    );
  });

  it('the four frame count codes (RFC 6716 §3.2)', () => {
    const code0 = parseOpusPacket(celt20(10));
    assert.deepEqual([code0.frameSizes, code0.durationSamples, code0.stereo], [[9], 960, false]);
    assert.deepEqual(parseOpusPacket(Uint8Array.of((31 << 3) | 4 | 1, 1, 2, 3, 4)).frameSizes, [2, 2]);
    assert.equal(parseOpusPacket(Uint8Array.of((31 << 3) | 4 | 1, 1, 2, 3, 4)).stereo, true);
    // Code 2: a one-byte length, and a two-byte one (252 + 4 * 1 = 256).
    assert.deepEqual(parseOpusPacket(Uint8Array.of((1 << 3) | 2, 2, 9, 9, 8)).frameSizes, [2, 1]);
    assert.deepEqual(parseOpusPacket(concatBytes([Uint8Array.of(2, 252, 1), new Uint8Array(300)])).frameSizes, [256, 44]);
    // Code 3 CBR, 3 frames of 2 bytes, padded by 254 + 1 bytes.
    const cbr = parseOpusPacket(concatBytes([Uint8Array.of((16 << 3) | 3, 0x40 | 3, 255, 1), new Uint8Array(6 + 255)]));
    assert.deepEqual([cbr.frameSizes, cbr.paddingBytes, cbr.durationSamples], [[2, 2, 2], 255, 360]);
    // Code 3 VBR, 2.5 ms x 48 = 120 ms.
    const vbr = parseOpusPacket(concatBytes([Uint8Array.of((16 << 3) | 3, 0x80 | 48), new Uint8Array(47).fill(0), Uint8Array.of(7)]));
    assert.deepEqual([vbr.frameSizes.length, vbr.frameSizes.at(-1), vbr.durationSamples], [48, 1, 5760]);
    assert.equal(opusPacketSamples(silk60), 2880);
    assert.equal(opusPacketSamples(Uint8Array.of(3, 2)), 960);
  });

  it('every malformed framing fails with OPUS_BAD_PACKET (RFC 6716 §3.4 R1-R7)', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['R1 empty', new Uint8Array(0)],
      ['R2 frame over 1275 bytes', celt20(1277)],
      ['R3 code 1 odd payload', Uint8Array.of(1, 1, 2, 3)],
      ['R4 code 2 no length', Uint8Array.of(2)],
      ['R4 code 2 second length byte missing', Uint8Array.of(2, 253)],
      ['R4 code 2 length past the end', Uint8Array.of(2, 5, 1)],
      ['R5 code 3 no count byte', Uint8Array.of(3)],
      ['R5 code 3 zero frames', Uint8Array.of(3, 0)],
      ['R5 code 3 over 120 ms', Uint8Array.of((11 << 3) | 3, 3)],
      ['R6 CBR not divisible', Uint8Array.of((31 << 3) | 3, 2, 1, 2, 3)],
      ['R6 padding past the end', Uint8Array.of((31 << 3) | 3, 0x40 | 1, 10, 1)],
      ['R6 padding length runs off', Uint8Array.of((31 << 3) | 3, 0x40 | 1, 255)],
      ['R7 VBR lengths past the end', Uint8Array.of((31 << 3) | 3, 0x80 | 2, 5, 1)],
      ['R7 VBR length missing', Uint8Array.of((31 << 3) | 3, 0x80 | 2)],
    ];
    for (const [what, b] of cases) assert.throws(() => parseOpusPacket(b), mediaError('OPUS_BAD_PACKET'), what);
    assert.throws(() => opusPacketSamples(new Uint8Array(0)), mediaError('OPUS_BAD_PACKET'));
    assert.throws(() => opusPacketSamples(Uint8Array.of(3, 0)), mediaError('OPUS_BAD_PACKET'));
  });

  it('OpusHead: family 0 and a 5.1 family 1 head round trip; malformed ones fail (RFC 7845 §5.1)', () => {
    assert.deepEqual(parseOpusHead(serializeOpusHead(MONO)), MONO);
    const surround: OpusHead = { ...MONO, channels: 6, mappingFamily: 1, streamCount: 4, coupledCount: 2, mapping: [0, 4, 1, 2, 3, 5], outputGain: -256 };
    const b = serializeOpusHead(surround);
    assert.equal(b.length, 27);
    assert.deepEqual(parseOpusHead(b), surround);
    const bad = (f: (b: Uint8Array) => Uint8Array | void, from = b): Uint8Array => {
      const c = from.slice();
      return f(c) ?? c;
    };
    const cases: Array<[string, Uint8Array]> = [
      ['not OpusHead', bad((c) => void (c[0] = 0))],
      ['short', b.subarray(0, 18)],
      ['major version 1', bad((c) => void (c[8] = 0x10))],
      ['0 channels', bad((c) => void (c[9] = 0), serializeOpusHead(MONO))],
      ['family 0 with 3 channels', bad((c) => void (c[9] = 3), serializeOpusHead(MONO))],
      ['mapping table cut', b.subarray(0, 26)],
      ['0 streams', bad((c) => void (c[19] = 0))],
      ['coupled above streams', bad((c) => void (c[20] = 5))],
      ['mapping entry beyond the channels', bad((c) => void (c[22] = 6))],
      ['family 1 with 9 channels', bad((c) => void (c[9] = 9), concatBytes([b, Uint8Array.of(0, 0, 0)]))],
    ];
    for (const [what, x] of cases) assert.throws(() => parseOpusHead(x), mediaError('OPUS_BAD_HEADER'), what);
    assert.throws(() => serializeOpusHead({ ...MONO, channels: 3 }), RangeError);
  });

  it('OpusTags round trip; malformed ones fail (RFC 7845 §5.2)', () => {
    const tags = { vendor: 'purertc \u00e9', comments: ['TITLE=t\u00eate', 'ARTIST='] };
    const b = serializeOpusTags(tags);
    assert.deepEqual(parseOpusTags(b), tags);
    // Padding or binary data after the comments is allowed.
    assert.deepEqual(parseOpusTags(concatBytes([b, Uint8Array.of(0x80, 1, 2)])), tags);
    const lie = b.slice();
    new DataView(lie.buffer).setUint32(8 + 4 + 10, 0x7fffffff, true);
    for (const [what, x] of [
      ['not OpusTags', serializeOpusHead(MONO)],
      ['cut', b.subarray(0, b.length - 1)],
      ['no count', b.subarray(0, 8 + 4 + 10)],
      ['count beyond the bytes', lie],
      ['bad UTF-8', serializeOpusTags({ vendor: '', comments: ['A'] }).map((x, i, a) => (i === a.length - 1 ? 0xff : x))],
    ] as const) {
      assert.throws(() => parseOpusTags(x), mediaError('OPUS_BAD_HEADER'), what);
    }
  });

  for (const name of fixturesEnding('.opus')) {
    it(`${name}: packets, timestamps and durations as ffprobe reports them, in chunks of any size`, () => {
      const bytes = fixture(name);
      const probed = recordedPackets(name);
      for (const sizes of [[bytes.length], [1], [7, 100]]) {
        const packets = read(chunked(bytes, sizes));
        assert.deepEqual(
          packets.map((p) => [p.timestamp, p.duration - p.endTrim, p.data.length]),
          probed.map((p) => [p.pts, p.duration, p.size]),
        );
        assert.ok(packets.at(-1)!.eos && packets.at(-1)!.endTrim > 0);
      }
    });

    it(`${name}: written again by OggOpusWriter, the same packets and timing`, () => {
      const first = parseOggOpus(fixture(name));
      for (const maxPageSamples of [48000, 960, 1]) {
        const bytes = serializeOggOpus(
          { serial: 0x1234, channels: first.head.channels, preSkip: first.head.preSkip, vendor: first.tags.vendor, comments: first.tags.comments, maxPageSamples },
          first.packets.map((p) => p.data),
          first.packets.at(-1)!.endTrim,
        );
        const again = parseOggOpus(bytes);
        assert.deepEqual(again.head, first.head);
        assert.deepEqual(again.tags, first.tags);
        assert.deepEqual(again.packets, first.packets);
      }
    });
  }

  it('the writer: header pages alone, pages closed by duration, EOS on the last, granules counting pre-skip', () => {
    const w = new OggOpusWriter({ serial: 9, channels: 1, preSkip: 312, maxPageSamples: 1920 });
    const pagesOut: Uint8Array[] = [w.start()];
    for (let i = 0; i < 5; i++) pagesOut.push(w.packet(celt20(20 + i)));
    pagesOut.push(w.end(100));
    const packets = parseOggOpus(concatBytes(pagesOut)).packets;
    assert.deepEqual(
      packets.map((p) => [p.timestamp, p.granule, p.endTrim]),
      [
        [-312, 960, 0],
        [648, 1920, 0],
        [1608, 2880, 0],
        [2568, 3840, 0],
        [3528, 4800, 100],
      ],
    );
    // Two packets per page: pages close once they hold 1920 samples, when the next packet comes.
    assert.deepEqual(
      pagesOut.map((p) => p.length > 0),
      [true, false, false, true, false, true, true],
    );
    assert.throws(() => w.packet(celt20(3)), RangeError);
    assert.throws(() => w.end(), RangeError);
  });

  it('the writer refuses bad options and non-Opus packets', () => {
    assert.throws(() => new OggOpusWriter({ serial: 1, channels: 0, preSkip: 0 }), RangeError);
    assert.throws(() => new OggOpusWriter({ serial: 1, channels: 3, preSkip: 0 }), RangeError);
    assert.throws(() => new OggOpusWriter({ serial: 1, channels: 1, preSkip: 70000 }), RangeError);
    assert.throws(() => new OggOpusWriter({ serial: 1, channels: 1, preSkip: 0, outputGain: 40000 }), RangeError);
    assert.throws(() => new OggOpusWriter({ serial: 1, channels: 1, preSkip: 0, startGranule: -1 }), RangeError);
    const w = new OggOpusWriter({ serial: 1, channels: 1, preSkip: 0 });
    assert.throws(() => w.packet(celt20(3)), RangeError);
    w.start();
    assert.throws(() => w.start(), RangeError);
    assert.throws(() => w.packet(new Uint8Array(0)), RangeError);
    w.packet(celt20(3));
    assert.throws(() => w.end(961), RangeError);
  });

  it('a stream starting late keeps its offset; a gap moves the timeline on', () => {
    const late = parseOggOpus(serializeOggOpus({ serial: 1, channels: 1, preSkip: 0, startGranule: 48000 }, [celt20(5), celt20(5)]));
    assert.deepEqual(
      late.packets.map((p) => p.timestamp),
      [48000, 48960],
    );
    const gap = parseOggOpus(handMade([{ packets: [celt20(5)], granule: 960n }, { packets: [celt20(5)], granule: 9600n, eos: true }]));
    assert.deepEqual(
      gap.packets.map((p) => [p.timestamp, p.granule]),
      [
        [-312, 960],
        [8328, 9600],
      ],
    );
  });

  it('end trimming on a single page that is also the first (RFC 7845 §4.5)', () => {
    const p = parseOggOpus(handMade([{ packets: [celt20(5), silk60], granule: 1000n, eos: true }])).packets;
    assert.deepEqual(
      p.map((x) => [x.timestamp, x.duration, x.endTrim]),
      [
        [-312, 960, 0],
        [648, 2880, 2840],
      ],
    );
  });

  it('granule errors: below the samples of the first page, going back, -1 where packets finish, trimming past the page', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['first page below its samples', handMade([{ packets: [celt20(5), celt20(5)], granule: 1000n }])],
      ['going back', handMade([{ packets: [celt20(5)], granule: 960n }, { packets: [celt20(5)], granule: 1000n }])],
      ['-1 on a page finishing packets', handMade([{ packets: [celt20(5)], granule: -1n }])],
      ['beyond 2^53', handMade([{ packets: [celt20(5)], granule: 2n ** 60n }])],
      ['trim past the page', handMade([{ packets: [celt20(5)], granule: 960n }, { packets: [celt20(5)], granule: 900n, eos: true }])],
    ];
    for (const [what, b] of cases) assert.throws(() => parseOggOpus(b), mediaError('OGG_BAD_GRANULE'), what);
  });

  it('header errors: no Opus stream, OpusHead sharing its page, audio on the OpusTags page, no OpusTags', () => {
    const w = new OggStreamWriter(3);
    const notOpus = concatBytes([w.packet(new TextEncoder().encode('\x01vorbis'), 0n), w.flush(), w.packet(Uint8Array.of(1), 0n), w.end()]);
    assert.throws(() => parseOggOpus(notOpus), mediaError('OPUS_BAD_HEADER'));
    const shared = new OggStreamWriter(3);
    assert.throws(() => parseOggOpus(concatBytes([shared.packet(serializeOpusHead(MONO), 0n), shared.packet(Uint8Array.of(1), 0n), shared.end()])), mediaError('OPUS_BAD_HEADER'));
    const tagsAudio = new OggStreamWriter(3);
    const t = concatBytes([tagsAudio.packet(serializeOpusHead(MONO), 0n), tagsAudio.flush(), tagsAudio.packet(serializeOpusTags({ vendor: '', comments: [] }), 0n), tagsAudio.packet(celt20(4), 960n), tagsAudio.end()]);
    assert.throws(() => parseOggOpus(t), mediaError('OPUS_BAD_HEADER'));
    const headOnly = new OggStreamWriter(3);
    assert.throws(() => parseOggOpus(concatBytes([headOnly.packet(serializeOpusHead(MONO), 0n), headOnly.flush()])), mediaError('OPUS_BAD_HEADER'));
    assert.throws(() => parseOggOpus(new Uint8Array(0)), mediaError('OPUS_BAD_HEADER'));
    assert.throws(() => parseOggOpus(handMade([{ packets: [Uint8Array.of(3, 0)], granule: 960n }])), mediaError('OPUS_BAD_PACKET'));
  });

  it('another multiplexed stream is skipped and counted', () => {
    const other = new OggStreamWriter(77);
    const opus = new OggStreamWriter(5);
    const bytes = concatBytes([
      other.packet(new TextEncoder().encode('\x80theora'), 0n),
      other.flush(),
      opus.packet(serializeOpusHead(MONO), 0n),
      opus.flush(),
      opus.packet(serializeOpusTags({ vendor: 'v', comments: [] }), 0n),
      opus.flush(),
      other.packet(Uint8Array.of(1, 2), 1n),
      other.end(),
      opus.packet(celt20(9), 960n),
      opus.end(),
    ]);
    const r = new OggOpusReader();
    r.push(bytes);
    const got = [r.next(), r.next()];
    r.end();
    assert.equal(got[0]?.data.length, 9);
    assert.equal(got[1], undefined);
    assert.equal(r.serial, 5);
    assert.equal(r.skippedPackets, 2);
  });
});
