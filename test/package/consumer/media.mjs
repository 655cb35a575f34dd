// `purertc/media` from an ES module: writes an IVF file, an Ogg Opus file and an H.264
// Annex B stream with the package's writers, reads each back with its reader, fed in
// small chunks as from a file or socket, and prints one line of what came back.
import { AnnexBReader, IvfReader, IvfWriter, OggOpusReader, OggOpusWriter, serializeAnnexB } from 'purertc/media';

/** Feeds `bytes` to `reader` in 7-byte chunks and returns every item it yields. */
function readAll(reader, bytes) {
  const out = [];
  for (let i = 0; i < bytes.length; i += 7) {
    reader.push(bytes.subarray(i, i + 7));
    for (let item = reader.next(); item !== undefined; item = reader.next()) out.push(item);
  }
  reader.end();
  for (let item = reader.next(); item !== undefined; item = reader.next()) out.push(item);
  return out;
}

const concat = (parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// IVF: three VP8-sized frames at 30 fps.
const vp8 = [new Uint8Array([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]), new Uint8Array(300).fill(7), new Uint8Array([1, 2, 3])];
const ivfWriter = new IvfWriter({ fourcc: 'VP80', width: 320, height: 240, timebaseRate: 30 });
const ivf = concat([ivfWriter.start(), ...vp8.map((f, i) => ivfWriter.frame(f, i))]);
const ivfReader = new IvfReader();
const ivfFrames = readAll(ivfReader, ivf);
if (ivfReader.header?.width !== 320 || ivfReader.header.height !== 240 || !ivfFrames.every((f, i) => same(f.data, vp8[i]) && f.pts === i) || ivfFrames.length !== 3) throw new Error('IVF round trip differs');

// Ogg Opus: four 20 ms CELT packets (TOC 0xf8: config 31, one frame of 960 samples).
const opus = [0, 1, 2, 3].map((i) => new Uint8Array([0xf8, i, 0xaa]));
const oggWriter = new OggOpusWriter({ serial: 0x1234, channels: 2, preSkip: 312 });
const ogg = concat([oggWriter.start(), ...opus.map((p) => oggWriter.packet(p)), oggWriter.end()]);
const oggReader = new OggOpusReader();
const oggPackets = readAll(oggReader, ogg);
if (oggReader.head?.channels !== 2 || oggPackets.length !== 4 || !oggPackets.every((p, i) => same(p.data, opus[i]) && p.duration === 960) || !oggPackets[3].eos) throw new Error('Ogg Opus round trip differs');

// Annex B: one access unit of SPS, PPS and an IDR slice.
const nals = [new Uint8Array([0x67, 0x42, 0xc0, 0x1e]), new Uint8Array([0x68, 0xce, 0x3c, 0x80]), new Uint8Array([0x65, 0x88, 0x84, 0x00, 0x33])];
const nalUnits = readAll(new AnnexBReader(), serializeAnnexB([nals]));
if (nalUnits.length !== 3 || !nalUnits.every((n, i) => same(n.data, nals[i]))) throw new Error('Annex B round trip differs');

console.log(`media ok ivf=${ivfFrames.length} ogg=${oggPackets.length} annexb=${nalUnits.length}`);
