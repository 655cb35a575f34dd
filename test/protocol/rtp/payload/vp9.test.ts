// VP9 payload format (RFC 9628): descriptor vectors from the §4.2 layouts in flexible and
// non-flexible mode with the scalability structure, and a real libvpx-vp9 stream round trip.
import assert from 'node:assert/strict';
import { parseVp9Descriptor, parseVp9FrameHeader, ParseError, serializeVp9Descriptor, Vp9Depacketizer, Vp9Packetizer, type ReceivedPayload } from '../../../../src/protocol/rtp/payload/index.js';
import { feed, hex, number, readIvf, unhex } from './media.js';

const isParseError = (code: string) => (e: unknown) => e instanceof ParseError && e.code === code;

describe('VP9 payload descriptor (RFC 9628 §4.2)', () => {
  it('non-flexible key frame start: I, B, V with a 15-bit PictureID and an SS giving one resolution', () => {
    const b = unhex('8a 81 02 10 00 60 00 40');
    const { descriptor, length } = parseVp9Descriptor(b);
    assert.equal(length, 8);
    assert.deepEqual(descriptor, {
      interPicturePredicted: false,
      flexible: false,
      beginsFrame: true,
      endsFrame: false,
      notReferencedUpward: false,
      pictureId: 0x102,
      pictureId15: true,
      ss: { spatialLayers: 1, resolutions: [{ width: 96, height: 64 }] },
    });
    assert.equal(hex(serializeVp9Descriptor(descriptor)), hex(b));
  });

  it('flexible mode: layer indices without TL0PICIDX and two P_DIFF (N chains them)', () => {
    const b = unhex('fc 05 35 03 04');
    const { descriptor, length } = parseVp9Descriptor(b);
    assert.equal(length, 5);
    assert.deepEqual(descriptor.layer, { temporalId: 1, switchingUp: true, spatialId: 2, interLayerDependency: true });
    assert.deepEqual(descriptor.pDiffs, [1, 2]);
    assert.equal(descriptor.tl0PicIdx, undefined);
    assert.ok(descriptor.flexible && descriptor.beginsFrame && descriptor.endsFrame);
    assert.equal(hex(serializeVp9Descriptor(descriptor)), hex(b));
  });

  it('non-flexible mode with L: TL0PICIDX follows the layer indices', () => {
    const { descriptor, length } = parseVp9Descriptor(unhex('a8 7f 00 09 aa'));
    assert.equal(length, 4);
    assert.equal(descriptor.pictureId, 0x7f);
    assert.equal(descriptor.tl0PicIdx, 9);
    assert.equal(hex(serializeVp9Descriptor(descriptor)), 'a87f0009');
  });

  it('an SS with two spatial layers and a picture group (G=1) round-trips (§4.2.1)', () => {
    // N_S=1 Y=1 G=1; 320x180, 640x360; N_G=2: TID 0 U=0 R=1 P_DIFF 2, TID 1 U=1 R=1 P_DIFF 1.
    const b = unhex('0a 38 01 40 00 b4 02 80 01 68 02 04 02 34 01');
    const { descriptor, length } = parseVp9Descriptor(b);
    assert.equal(length, b.length);
    assert.deepEqual(descriptor.ss, {
      spatialLayers: 2,
      resolutions: [
        { width: 320, height: 180 },
        { width: 640, height: 360 },
      ],
      pictureGroup: [
        { temporalId: 0, switchingUp: false, pDiffs: [2] },
        { temporalId: 1, switchingUp: true, pDiffs: [1] },
      ],
    });
    assert.equal(hex(serializeVp9Descriptor(descriptor)), hex(b));
  });

  it('rejects truncated fields and a fourth P_DIFF', () => {
    for (const h of ['', '80', '80 80', 'a0 00', '20 00', '52', '02', '02 10 00 60 00', '02 08 01 04']) assert.throws(() => parseVp9Descriptor(unhex(h)), isParseError('PAYLOAD_TRUNCATED'), h);
    assert.throws(() => parseVp9Descriptor(unhex('50 03 03 03 03 00')), isParseError('PAYLOAD_BAD_VALUE'));
  });
});

describe('VP9 uncompressed header (VP9 bitstream §6.2)', () => {
  it('reads key frames and the frame size of libvpx-vp9 output', () => {
    const { frames } = readIvf('vp9.ivf');
    assert.deepEqual(parseVp9FrameHeader(frames[0]!), { profile: 0, keyFrame: true, showExistingFrame: false, width: 96, height: 64 });
    assert.equal(parseVp9FrameHeader(frames[1]!).keyFrame, false);
    assert.equal(parseVp9FrameHeader(frames[5]!).keyFrame, true);
  });

  it('a frame marker other than 2 is a bad bitstream', () => {
    assert.throws(() => parseVp9FrameHeader(unhex('00 00')), isParseError('PAYLOAD_BAD_BITSTREAM'));
  });
});

describe('VP9 packetizer and depacketizer', () => {
  const ivf = readIvf('vp9.ivf');
  const keys = ivf.frames.map((f) => parseVp9FrameHeader(f).keyFrame);

  for (const mtu of [30, 200, 1200]) {
    it(`round-trips the libvpx-vp9 frames byte-exact at a ${mtu}-byte payload budget`, () => {
      const p = new Vp9Packetizer({ pictureId: 0x7fff });
      const payloads = ivf.frames.map((f, i) => p.packetize({ data: f, keyFrame: keys[i]! }, mtu));
      for (const [i, list] of payloads.entries()) {
        assert.ok(list.every((x) => x.payload.length <= mtu));
        const ds = list.map((x) => parseVp9Descriptor(x.payload).descriptor);
        assert.deepEqual(ds.map((d) => [d.beginsFrame, d.endsFrame]), ds.map((_, k) => [k === 0, k === ds.length - 1]));
        // RFC 9628 §4.2.1: the SS with the resolution on the first packet of key frames only.
        assert.deepEqual(ds[0]!.ss, keys[i] ? { spatialLayers: 1, resolutions: [{ width: 96, height: 64 }] } : undefined);
        assert.ok(ds.every((d) => !d.flexible && d.layer === undefined && d.interPicturePredicted === !keys[i]));
      }
      const d = new Vp9Depacketizer();
      const out = feed(d, number(payloads));
      assert.equal(out.length, ivf.frames.length);
      out.forEach((f, i) => {
        assert.equal(hex(f.data), hex(ivf.frames[i]!));
        assert.equal(f.keyFrame, keys[i]);
        assert.equal(f.pictureId, (0x7fff + i) & 0x7fff);
        if (keys[i]) assert.deepEqual([f.width, f.height], [96, 64]);
      });
      assert.equal(d.stats.droppedFrames, 0);
    });
  }

  it('emits each layer frame of a two-layer picture (B/E within one timestamp, marker at the end)', () => {
    const l0 = Uint8Array.of(1, 2, 3);
    const l1 = Uint8Array.of(4, 5);
    const desc = (sid: number, b: boolean, e: boolean): Uint8Array =>
      serializeVp9Descriptor({ interPicturePredicted: true, flexible: true, beginsFrame: b, endsFrame: e, notReferencedUpward: false, pictureId: 9, layer: { temporalId: 0, switchingUp: false, spatialId: sid, interLayerDependency: sid > 0 }, pDiffs: [1] });
    const packets: ReceivedPayload[] = [
      { payload: Uint8Array.of(...desc(0, true, false), ...l0.subarray(0, 2)), marker: false, sequenceNumber: 1, timestamp: 90 },
      { payload: Uint8Array.of(...desc(0, false, true), ...l0.subarray(2)), marker: false, sequenceNumber: 2, timestamp: 90 },
      { payload: Uint8Array.of(...desc(1, true, true), ...l1), marker: true, sequenceNumber: 3, timestamp: 90 },
    ];
    const out = feed(new Vp9Depacketizer(), packets);
    assert.deepEqual(out.map((f) => [hex(f.data), f.spatialId, f.keyFrame]), [['010203', 0, false], ['0405', 1, false]]);
    // Losing the base layer's end loses that layer frame only.
    const d = new Vp9Depacketizer();
    assert.deepEqual(feed(d, [packets[0]!, packets[2]!]).map((f) => f.spatialId), [1]);
    assert.equal(d.stats.droppedFrames, 1);
  });

  it('drops a frame with a lost packet, counts it, and keeps the next', () => {
    const p = new Vp9Packetizer();
    const packets = number(ivf.frames.slice(0, 2).map((f, i) => p.packetize({ data: f, keyFrame: keys[i]! }, 100)));
    const d = new Vp9Depacketizer();
    const out = feed(d, packets.filter((_, i) => i !== 2));
    assert.deepEqual(out.map((f) => hex(f.data)), [hex(ivf.frames[1]!)]);
    assert.equal(d.stats.droppedFrames, 1);
  });
});
