// `purertc/media` from CommonJS: an IVF file and an Ogg Opus file written and read back
// with require()'d readers and writers, printing one line of what came back.
'use strict';
const { AnnexBReader, IvfReader, IvfWriter, OggOpusReader, OggOpusWriter, parseAnnexB, serializeAnnexB, serializeIvf } = require('purertc/media');

const frames = [new Uint8Array([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]), new Uint8Array(200).fill(9)];
const ivfReader = new IvfReader();
ivfReader.push(serializeIvf({ fourcc: 'VP80', width: 640, height: 480, timebaseRate: 90000 }, frames.map((data, i) => ({ data, pts: i * 3000 }))));
const ivf = [];
for (let f = ivfReader.next(); f !== undefined; f = ivfReader.next()) ivf.push(f);
ivfReader.end();
if (ivfReader.header.width !== 640 || ivf.length !== 2 || ivf[1].pts !== 3000 || ivf[1].data.length !== 200) throw new Error('IVF round trip differs');

const writer = new OggOpusWriter({ serial: 7, channels: 1, preSkip: 312 });
const pages = [writer.start(), writer.packet(new Uint8Array([0xf8, 1])), writer.packet(new Uint8Array([0xf8, 2])), writer.end()];
const oggReader = new OggOpusReader();
for (const p of pages) oggReader.push(p);
const ogg = [];
for (let p = oggReader.next(); p !== undefined; p = oggReader.next()) ogg.push(p);
oggReader.end();
if (oggReader.head.channels !== 1 || ogg.length !== 2 || ogg[1].data[1] !== 2) throw new Error('Ogg Opus round trip differs');

const nals = parseAnnexB(serializeAnnexB([[new Uint8Array([0x67, 0x42]), new Uint8Array([0x65, 0x88])]]));
if (nals.length !== 2 || nals[1].data[0] !== 0x65 || typeof AnnexBReader !== 'function') throw new Error('Annex B round trip differs');

console.log(`media ok ivf=${ivf.length} ogg=${ogg.length} annexb=${nals.length}`);
