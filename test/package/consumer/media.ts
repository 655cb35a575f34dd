// `purertc/media`, typed: checked with `strict` against the published declarations
// (skipLibCheck off), emitted by tsc and run. An IVF file and an Ogg Opus file are written
// and read back; one line says what came back.
import { IvfReader, IvfWriter, OggOpusReader, OggOpusWriter, MediaFileError, type IvfFrame, type IvfHeader, type OggOpusPacket } from 'purertc/media';

const ivfWriter = new IvfWriter({ fourcc: 'VP80', width: 320, height: 240, timebaseRate: 30 });
const ivfReader = new IvfReader();
ivfReader.push(ivfWriter.start());
ivfReader.push(ivfWriter.frame(new Uint8Array([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]), 0));
const frame: IvfFrame | undefined = ivfReader.next();
const header: IvfHeader | undefined = ivfReader.header;
ivfReader.end();
if (!frame || header?.width !== 320 || frame.data.length !== 6) throw new Error('IVF round trip differs');

const oggWriter = new OggOpusWriter({ serial: 1, channels: 2, preSkip: 312 });
const oggReader = new OggOpusReader();
for (const bytes of [oggWriter.start(), oggWriter.packet(new Uint8Array([0xf8, 0])), oggWriter.end()]) oggReader.push(bytes);
const packet: OggOpusPacket | undefined = oggReader.next();
oggReader.end();
if (!packet || packet.duration !== 960) throw new Error('Ogg Opus round trip differs');

// A truncated file fails with the package's error class and a stable code.
let code = '';
try {
  const truncated = new IvfReader();
  truncated.push(new IvfWriter({ fourcc: 'VP80', width: 2, height: 2, timebaseRate: 30 }).start().subarray(0, 20));
  truncated.end();
} catch (e) {
  if (e instanceof MediaFileError) code = e.code;
}
if (code !== 'IVF_TRUNCATED') throw new Error(`a truncated IVF file gave ${code || 'no error'}`);

console.log(`media ok ivf=1 ogg=1 code=${code}`);
