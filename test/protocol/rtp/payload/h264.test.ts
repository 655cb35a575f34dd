// H.264 payload format (RFC 6184) in packetization-mode 0 and 1: Annex B splitting, STAP-A and
// FU-A byte for byte from the §5.7.1 and §5.8 layouts, SPS dimensions, and real libx264 access
// units packetized and depacketized byte-exact.
import assert from 'node:assert/strict';
import { H264Depacketizer, H264Packetizer, joinAnnexB, parseH264Payload, parseH264Sps, ParseError, splitAnnexB, type ReceivedPayload } from '../../../../src/protocol/rtp/payload/index.js';
import { feed, fixture, hex, number, readAnnexB, unhex } from './media.js';

const SPS = unhex('67 42 00 1f');
const PPS = unhex('68 ce 3c 80');
const IDR = unhex('65 88 84 00 10');

describe('H.264 Annex B', () => {
  it('splits on 3- and 4-byte start codes and drops trailing zero bytes and leading garbage', () => {
    const nals = splitAnnexB(unhex('ff 00 00 00 01 67 42 00 1f 00 00 01 68 ce 3c 80 00 00 00 00 01 65 88 00 00 03 00 01 00 00'));
    assert.deepEqual(nals.map(hex), ['6742001f', '68ce3c80', '6588000003000100'.slice(0, 14)]);
    assert.equal(hex(joinAnnexB([SPS, PPS])), '000000016742001f0000000168ce3c80');
  });

  it('reads width and height from SPS, with frame cropping (ITU-T H.264 §7.4.2.1.1)', () => {
    const sps = (name: string) => splitAnnexB(fixture(name)).find((n) => (n[0]! & 0x1f) === 7)!;
    assert.deepEqual(parseH264Sps(sps('h264-baseline.h264')), { profileIdc: 66, constraintFlags: 0xc0, levelIdc: 10, id: 0, width: 96, height: 64 });
    const high = parseH264Sps(sps('h264-high-cropped.h264'));
    assert.deepEqual([high.profileIdc, high.width, high.height], [100, 100, 60]);
    assert.throws(() => parseH264Sps(unhex('67 42 00')), ParseError);
  });
});

describe('H.264 packetizer (RFC 6184)', () => {
  it('aggregates small NAL units in a STAP-A with the largest NRI (§5.7.1)', () => {
    const out = new H264Packetizer().packetize({ data: joinAnnexB([SPS, PPS, IDR]), keyFrame: true }, 100);
    assert.deepEqual(out.map((p) => [hex(p.payload), p.marker]), [['78' + '0004' + hex(SPS) + '0004' + hex(PPS) + '0005' + hex(IDR), true]]);
  });

  it('fragments a NAL unit larger than the budget in FU-A with balanced fragments (§5.8)', () => {
    const nal = unhex('65 b0 b1 b2 b3 b4 b5 b6 b7 b8 b9');
    const out = new H264Packetizer().packetize({ data: joinAnnexB([nal]), keyFrame: true }, 6);
    assert.deepEqual(out.map((p) => [hex(p.payload), p.marker]), [
      ['7c85b0b1b2', false],
      ['7c05b3b4b5', false],
      ['7c45b6b7b8b9', true],
    ]);
  });

  it('sends one NAL unit per packet in packetization-mode 0 (§6.2) and refuses one over the budget', () => {
    const p = new H264Packetizer({ packetizationMode: 0 });
    assert.deepEqual(p.packetize({ data: joinAnnexB([SPS, PPS, IDR]), keyFrame: true }, 100).map((x) => [hex(x.payload), x.marker]), [
      [hex(SPS), false],
      [hex(PPS), false],
      [hex(IDR), true],
    ]);
    assert.throws(() => p.packetize({ data: joinAnnexB([IDR]), keyFrame: true }, 4), RangeError);
  });
});

describe('H.264 payload parsing', () => {
  const bad = (h: string, code: string): void => assert.throws(() => parseH264Payload(unhex(h)), (e: unknown) => e instanceof ParseError && e.code === code, h);

  it('rejects interleaved-mode packets, reserved types, FU-A with S and E, and bad STAP-A sizes', () => {
    bad('', 'PAYLOAD_TRUNCATED');
    for (const t of ['19', '1a', '1b', '1d', '00', '1e', '1f']) bad(`${t} 00 00 00`, 'PAYLOAD_BAD_VALUE');
    bad('7c c5 00', 'PAYLOAD_BAD_FRAGMENT');
    bad('7c 9c 00', 'PAYLOAD_BAD_VALUE');
    bad('7c', 'PAYLOAD_TRUNCATED');
    bad('78 00 05 67 42', 'PAYLOAD_TRUNCATED');
    bad('78 00 00', 'PAYLOAD_BAD_VALUE');
    bad('78', 'PAYLOAD_EMPTY');
  });
});

describe('H.264 depacketizer', () => {
  for (const [name, modes] of [['h264-baseline.h264', [0, 1]], ['h264-high-cropped.h264', [1]]] as const) {
    const units = readAnnexB(name);
    const size = name.includes('high') ? [100, 60] : [96, 64];
    for (const mode of modes) {
      for (const mtu of mode === 0 ? [1400] : [40, 300, 1200]) {
        it(`round-trips the ${name} access units byte-exact in mode ${mode} at a ${mtu}-byte budget`, () => {
          const p = new H264Packetizer({ packetizationMode: mode });
          const payloads = units.map((u) => p.packetize({ data: u, keyFrame: false }, mtu));
          assert.ok(payloads.flat().every((x) => x.payload.length <= mtu));
          const d = new H264Depacketizer();
          const out = feed(d, number(payloads));
          assert.equal(out.length, units.length);
          out.forEach((f, i) => {
            assert.equal(hex(f.data), hex(units[i]!));
            const idr = splitAnnexB(units[i]!).some((n) => (n[0]! & 0x1f) === 5);
            assert.equal(f.keyFrame, idr);
            if (idr) assert.deepEqual([f.width, f.height], size);
          });
          assert.ok(out[0]!.keyFrame);
          assert.equal(d.stats.droppedFrames, 0);
        });
      }
    }
  }

  it('drops an access unit whose FU-A lost a fragment, or whose first packet is lost mid-stream', () => {
    const units = readAnnexB('h264-baseline.h264');
    const p = new H264Packetizer();
    const payloads = units.slice(0, 3).map((u) => p.packetize({ data: u, keyFrame: false }, 100));
    const packets = number(payloads);
    const n0 = payloads[0]!.length;
    const d = new H264Depacketizer();
    assert.deepEqual(feed(d, packets.filter((_, i) => i !== 2)).map((f) => hex(f.data)), [hex(units[1]!), hex(units[2]!)]);
    assert.equal(d.stats.droppedFrames, 1);
    const d2 = new H264Depacketizer();
    assert.deepEqual(feed(d2, packets.filter((_, i) => i !== n0)).map((f) => hex(f.data)), [hex(units[0]!), hex(units[2]!)]);
    assert.equal(d2.stats.discardedPackets, payloads[1]!.length - 1);
  });

  it('drops an access unit whose fragments do not join up (a FU-A end without its start)', () => {
    const pk = (payload: string, seq: number, marker: boolean): ReceivedPayload => ({ payload: unhex(payload), marker, sequenceNumber: seq, timestamp: 1 });
    const d = new H264Depacketizer();
    // An SPS opens the access unit, then a FU-A continuation with no start.
    assert.equal(feed(d, [pk('6742001f', 1, false), pk('7c05aa', 2, false), pk('7c45bb', 3, true)]).length, 0);
    assert.equal(d.stats.droppedFrames, 1);
    // A slice with first_mb_in_slice != 0 cannot open an access unit.
    const d2 = new H264Depacketizer();
    assert.equal(feed(d2, [pk('6540', 7, true)]).length, 0);
    assert.equal(d2.stats.discardedPackets, 1);
    assert.equal(feed(d2, [{ ...pk('6588', 8, true), timestamp: 2 }]).length, 1);
  });
});
