// AV1 payload format (AOMedia RTP Payload Format for AV1 v1.0, AV1-RTP): LEB128, the
// aggregation header and OBU elements byte for byte from the §4.4 layout, and a real libaom
// stream packetized and depacketized byte-exact.
import assert from 'node:assert/strict';
import { Av1Depacketizer, Av1Packetizer, leb128Size, parseAv1Payload, parseAv1SequenceHeader, ParseError, readLeb128, splitObus, writeLeb128, type ReceivedPayload } from '../../../../src/protocol/rtp/payload/index.js';
import { feed, hex, number, readIvf, unhex } from './media.js';

describe('AV1 LEB128 (AV1 spec §4.10.5)', () => {
  it('reads and writes values in as few bytes as they need', () => {
    for (const [v, h] of [[0, '00'], [127, '7f'], [128, '8001'], [300, 'ac02'], [2 ** 32 - 1, 'ffffffff0f']] as const) {
      assert.equal(hex(writeLeb128(v)), h);
      assert.equal(leb128Size(v), h.length / 2);
      assert.deepEqual(readLeb128(unhex(h), 0), { value: v, length: h.length / 2 });
    }
    // A padded encoding is accepted on read.
    assert.deepEqual(readLeb128(unhex('80 80 00'), 0), { value: 0, length: 3 });
    assert.throws(() => readLeb128(unhex('80 80'), 0), ParseError);
    assert.throws(() => readLeb128(unhex('ff ff ff ff ff ff ff ff 01'), 0), ParseError);
    assert.throws(() => readLeb128(unhex('ff ff ff ff 1f'), 0), ParseError);
  });
});

describe('AV1 aggregation header and OBU elements (AV1-RTP §4.4)', () => {
  // A temporal unit: TD, a sequence header of 3 bytes, a frame of 4 bytes, all with sizes.
  const tu = unhex('12 00  0a 03 a1 a2 a3  32 04 f1 f2 f3 f4');

  it('drops the temporal delimiter, removes size fields and uses W for up to 3 elements', () => {
    const out = new Av1Packetizer().packetize({ data: tu, keyFrame: true }, 100);
    // Z=0 Y=0 W=2 N=1; the first element has its length, the last none; obu_has_size_field cleared.
    assert.deepEqual(out.map((p) => [hex(p.payload), p.marker]), [['28' + '04' + '08a1a2a3' + '30f1f2f3f4', true]]);
    assert.equal(hex(feed(new Av1Depacketizer(), number([out]))[0]!.data), hex(tu));
  });

  it('fragments an OBU across packets with Y and Z', () => {
    const out = new Av1Packetizer().packetize({ data: tu, keyFrame: false }, 5);
    assert.deepEqual(out.map((p) => hex(p.payload)), ['10' + '08a1a2a3', '50' + '30f1f2f3', '90' + 'f4']);
    assert.deepEqual(out.map((p) => p.marker), [false, false, true]);
    const parsed = out.map((p) => parseAv1Payload(p.payload));
    assert.deepEqual(parsed.map((p) => [p.z, p.y, p.n]), [[false, false, false], [false, true, false], [true, false, false]]);
    const f = feed(new Av1Depacketizer(), number([out]))[0]!;
    assert.equal(hex(f.data), hex(tu));
  });

  it('writes every length with W=0 when a packet holds more than 3 elements', () => {
    const four = unhex('12 00 0a 01 a1 2a 01 b1 2a 01 b2 32 01 c1');
    const out = new Av1Packetizer().packetize({ data: four, keyFrame: false }, 100);
    assert.equal(hex(out[0]!.payload), '00' + '0208a1' + '0228b1' + '0228b2' + '0230c1');
    assert.equal(hex(feed(new Av1Depacketizer(), number([out]))[0]!.data), hex(four));
  });

  it('rejects a W that disagrees with the elements, zero-length elements and truncated lengths', () => {
    const bad = (h: string): void => assert.throws(() => parseAv1Payload(unhex(h)), ParseError, h);
    for (const h of ['', '00', '10', '20 08', '00 00', '00 05 08 a1', '30 01 08 01 08', '00 80']) bad(h);
  });

  it('drops a temporal unit whose fragments do not join up', () => {
    const pk = (payload: string, seq: number, marker: boolean): ReceivedPayload => ({ payload: unhex(payload), marker, sequenceNumber: seq, timestamp: 5 });
    const d = new Av1Depacketizer();
    // Y=1 then a packet with Z=0; a marker packet with Y=1.
    assert.equal(feed(d, [pk('50 30 f1', 1, false), pk('10 30 f2', 2, true), pk('10 30 f3', 3, false)]).length, 0);
    assert.equal(feed(d, [{ ...pk('50 30 f1', 4, true), timestamp: 6 }]).length, 0);
    // The two joined wrongly, the one the next timestamp cut short, the one ending with Y=1.
    assert.equal(d.stats.droppedFrames, 3);
  });
});

describe('AV1 packetizer and depacketizer on libaom output', () => {
  const ivf = readIvf('av1.ivf');

  it('reads the frame size from the sequence header (AV1 spec §5.5)', () => {
    const seq = splitObus(ivf.frames[0]!).find((o) => o.type === 1)!;
    assert.deepEqual(parseAv1SequenceHeader(seq.payload), { reducedStillPictureHeader: false, width: 96, height: 64 });
  });

  for (const mtu of [20, 200, 1200]) {
    it(`round-trips the temporal units byte-exact at a ${mtu}-byte payload budget`, () => {
      const p = new Av1Packetizer();
      const keys = ivf.frames.map((f) => splitObus(f).some((o) => o.type === 1));
      const payloads = ivf.frames.map((f, i) => p.packetize({ data: f, keyFrame: keys[i]! }, mtu));
      assert.ok(payloads.flat().every((x) => x.payload.length <= mtu));
      const d = new Av1Depacketizer();
      const out = feed(d, number(payloads));
      assert.equal(out.length, ivf.frames.length);
      out.forEach((f, i) => {
        assert.equal(hex(f.data), hex(ivf.frames[i]!));
        assert.equal(f.keyFrame, keys[i]);
        if (keys[i]) assert.deepEqual([f.width, f.height], [96, 64]);
      });
      assert.deepEqual([keys[0], keys[5]], [true, true]);
    });
  }

  it('drops a temporal unit that lost a packet; the next key frame decodes', () => {
    const p = new Av1Packetizer();
    const payloads = ivf.frames.map((f, i) => p.packetize({ data: f, keyFrame: i % 5 === 0 }, 100));
    const packets = number(payloads);
    const d = new Av1Depacketizer();
    const out = feed(d, packets.filter((_, i) => i !== 1));
    assert.equal(out.length, ivf.frames.length - 1);
    assert.equal(hex(out[0]!.data), hex(ivf.frames[1]!));
    assert.equal(d.stats.droppedFrames, 1);
  });
});
