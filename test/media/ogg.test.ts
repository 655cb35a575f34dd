// Ogg pages and packets (RFC 3533): the checksum, lacing, packets across pages, multiplexed
// streams, and every way the page structure can be broken.
import assert from 'node:assert/strict';
import { OggPacketAssembler, OggPageReader, OggReader, OggStreamWriter, concatBytes, oggCrc32, serializeOggPage, type OggPacket, type OggPage } from '../../src/media/index.js';
import { chunked, fixture, mediaError } from './fixtures.js';

function pages(bytes: Uint8Array): OggPage[] {
  const r = new OggPageReader();
  r.push(bytes);
  const out: OggPage[] = [];
  for (let p = r.next(); p; p = r.next()) out.push(p);
  r.end();
  return out;
}

function packets(chunks: Uint8Array[], options = {}): OggPacket[] {
  const r = new OggReader(options);
  const out: OggPacket[] = [];
  for (const c of chunks) {
    r.push(c);
    for (let p = r.next(); p; p = r.next()) out.push(p);
  }
  r.end();
  return out;
}

const page = (over: Partial<OggPage>): OggPage => ({
  continued: false,
  bos: false,
  eos: false,
  granule: 0n,
  serial: 7,
  sequence: 0,
  lacing: Uint8Array.of(3),
  body: Uint8Array.of(1, 2, 3),
  ...over,
});

/** Packets of every awkward size: empty, 255 exactly (a trailing 0 lacing value), past a page. */
const SIZES = [0, 1, 254, 255, 256, 510, 1000, 255 * 255, 70000, 3];

function streamOf(sizes: number[], serial = 7): { bytes: Uint8Array; data: Uint8Array[] } {
  const w = new OggStreamWriter(serial);
  const data = sizes.map((n, i) => new Uint8Array(n).map((_, k) => (k * 7 + i) & 0xff));
  const out = data.map((d, i) => w.packet(d, BigInt(i + 1)));
  out.push(w.end());
  return { bytes: concatBytes(out), data };
}

describe('media/ogg', () => {
  it('CRC: generator 0x04C11DB7, initial 0, no reflection, no final XOR (check value of "123456789")', () => {
    assert.equal(oggCrc32(new TextEncoder().encode('123456789')), 0x89a1897f);
    // Not zlib's CRC-32 (0xcbf43926 for the same input).
    assert.notEqual(oggCrc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it('every page of the fixtures passes its CRC and fields read as written', () => {
    const list = pages(fixture('stereo.opus'));
    assert.ok(list.length >= 5);
    assert.deepEqual(
      list.map((p) => p.sequence),
      list.map((_, i) => i),
    );
    assert.ok(list[0]!.bos && !list[0]!.eos && list.at(-1)!.eos);
    for (const p of list) assert.deepEqual(pages(serializeOggPage(p)), [p]);
  });

  it('packets of every size, across pages with the continued flag, read back in chunks of any size', () => {
    const { bytes, data } = streamOf(SIZES);
    const list = pages(bytes);
    assert.ok(list.some((p) => p.continued));
    assert.ok(list.every((p) => p.lacing.length <= 255));
    for (const sizes of [[1], [27, 5, 300], [1 << 20]]) {
      const got = packets(chunked(bytes, sizes));
      assert.deepEqual(
        got.map((p) => p.data),
        data,
        `chunks ${sizes}`,
      );
      assert.ok(got[0]!.bos && got.at(-1)!.eos);
      // Each packet carries the granule of the page it finished on.
      for (const p of got) assert.ok(p.pageGranule >= 1n && p.indexOnPage < p.countOnPage);
    }
  });

  it('a page where no packet finishes has granule -1', () => {
    const { bytes } = streamOf([100000]);
    const list = pages(bytes);
    assert.equal(list[0]!.granule, -1n);
    assert.equal(list.at(-1)!.granule, 1n);
  });

  it('multiplexed streams are assembled apart', () => {
    const a = new OggStreamWriter(1);
    const b = new OggStreamWriter(2);
    const bytes = concatBytes([
      a.packet(Uint8Array.of(1), 0n),
      a.flush(),
      b.packet(new Uint8Array(600).fill(2), 0n),
      b.flush(),
      a.packet(Uint8Array.of(3), 1n),
      a.flush(),
      b.packet(Uint8Array.of(4), 1n),
      b.end(),
      a.end(),
    ]);
    const got = packets([bytes]);
    assert.deepEqual(
      got.map((p) => [p.serial, p.data.length, p.bos, p.eos]),
      [
        [1, 1, true, false],
        [2, 600, true, false],
        [1, 1, false, false],
        [2, 1, false, true],
      ],
    );
  });

  it('page structure errors: capture, version, CRC, truncation', () => {
    const good = serializeOggPage(page({ bos: true }));
    const bad = (f: (b: Uint8Array) => void): Uint8Array => {
      const b = good.slice();
      f(b);
      return b;
    };
    assert.throws(() => pages(bad((b) => (b[0] = 0x6f))), mediaError('OGG_BAD_CAPTURE'));
    assert.throws(() => pages(Uint8Array.of(0x4f, 0x67, 0x78)), mediaError('OGG_BAD_CAPTURE'));
    assert.throws(() => pages(bad((b) => (b[4] = 1))), mediaError('OGG_BAD_VERSION'));
    assert.throws(() => pages(bad((b) => (b[30] ^= 1))), mediaError('OGG_BAD_CRC'));
    assert.throws(() => pages(bad((b) => (b[22] ^= 1))), mediaError('OGG_BAD_CRC'));
    for (const at of [1, 26, 27, good.length - 1]) assert.throws(() => pages(good.subarray(0, at)), mediaError('OGG_TRUNCATED'), `cut at ${at}`);
    // Garbage after a good page is a bad capture pattern, no resynchronisation.
    assert.throws(() => pages(concatBytes([good, Uint8Array.of(1, 2, 3, 4)])), mediaError('OGG_BAD_CAPTURE'));
  });

  it('sequence errors: no BOS, a second BOS, a gap, a stray or a missing continuation, a page after EOS', () => {
    const run = (...list: OggPage[]): void => void packets([concatBytes(list.map(serializeOggPage))]);
    const bos = page({ bos: true });
    const open = page({ sequence: 1, lacing: Uint8Array.of(255), body: new Uint8Array(255), granule: -1n });
    assert.throws(() => run(page({})), mediaError('OGG_BAD_SEQUENCE'));
    assert.throws(() => run(bos, page({ bos: true, sequence: 1 })), mediaError('OGG_BAD_SEQUENCE'));
    assert.throws(() => run(page({ bos: true, continued: true })), mediaError('OGG_BAD_SEQUENCE'));
    assert.throws(() => run(bos, page({ sequence: 2 })), mediaError('OGG_BAD_SEQUENCE'));
    assert.throws(() => run(bos, page({ sequence: 1, continued: true })), mediaError('OGG_BAD_SEQUENCE'));
    assert.throws(() => run(bos, open, page({ sequence: 2 })), mediaError('OGG_BAD_SEQUENCE'));
    assert.throws(() => run(page({ bos: true, eos: true }), page({ sequence: 1 })), mediaError('OGG_BAD_SEQUENCE'));
    assert.throws(() => run(bos, page({ ...open, eos: true })), mediaError('OGG_TRUNCATED'));
    assert.throws(() => run(bos, open), mediaError('OGG_TRUNCATED'));
    // The same pages in order are fine, and a finished stream's serial may start again.
    run(bos, open, page({ sequence: 2, continued: true, eos: true }), page({ bos: true }));
  });

  it('a packet past the bound fails as its pages arrive', () => {
    const { bytes } = streamOf([5000]);
    assert.equal(packets([bytes], { maxPacketBytes: 5000 })[0]!.data.length, 5000);
    assert.throws(() => packets([bytes], { maxPacketBytes: 4999 }), mediaError('OGG_PACKET_TOO_LARGE'));
  });

  it('failures stick, and the assembler can be fed pages directly', () => {
    const r = new OggReader();
    r.push(Uint8Array.of(1, 2, 3, 4));
    assert.throws(() => r.next(), mediaError('OGG_BAD_CAPTURE'));
    assert.throws(() => r.next(), mediaError('OGG_BAD_CAPTURE'));
    assert.throws(() => r.end(), mediaError('OGG_BAD_CAPTURE'));
    const a = new OggPacketAssembler();
    assert.deepEqual(
      a.pushPage(page({ bos: true, lacing: Uint8Array.of(1, 0, 2), body: Uint8Array.of(9, 8, 8) })).map((p) => [...p.data]),
      [[9], [], [8, 8]],
    );
  });

  it('the writer refuses what a page cannot hold', () => {
    assert.throws(() => serializeOggPage(page({ lacing: new Uint8Array(256) })), RangeError);
    assert.throws(() => serializeOggPage(page({ lacing: Uint8Array.of(4) })), RangeError);
    assert.throws(() => new OggStreamWriter(-1), RangeError);
    const w = new OggStreamWriter(1);
    w.end();
    assert.throws(() => w.packet(Uint8Array.of(1), 0n), RangeError);
    assert.throws(() => w.end(), RangeError);
  });
});
