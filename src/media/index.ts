// Public face of the media folder: nonstandard readers and writers of the files encoded
// media comes in (IVF for VP8/VP9/AV1, Ogg Opus, H.264 Annex B), sans-IO over bytes, with
// thin node:fs helpers on top.
export { ANNEXB_DEFAULT_MAX_NAL_BYTES, AnnexBReader, isWellFormedNal, parseAnnexB, serializeAnnexB, type AnnexBNalUnit, type AnnexBReaderOptions } from './annexb.js';
export { MediaFileError, type MediaFileErrorCode } from './errors.js';
export {
  fileChunks,
  h264FileAccessUnits,
  IvfFileWriter,
  ivfFileFrames,
  oggOpusFilePackets,
  readIvfFile,
  readOggOpusFile,
  writeFileChunks,
} from './files.js';
export { H264AccessUnitAssembler, H264AccessUnitReader, H264NalType, parseH264AccessUnits, parseSliceStart, type H264AccessUnit, type SliceStart } from './h264-access-units.js';
export {
  IVF_DEFAULT_MAX_FRAME_BYTES,
  IVF_FOURCC,
  IVF_FRAME_COUNT_OFFSET,
  IVF_FRAME_HEADER_BYTES,
  IVF_HEADER_BYTES,
  IVF_UNKNOWN_FRAME_COUNT,
  ivfCodec,
  IvfReader,
  IvfWriter,
  parseIvf,
  parseIvfHeader,
  serializeIvf,
  serializeIvfHeader,
  type IvfFrame,
  type IvfHeader,
  type IvfReaderOptions,
  type IvfWriterOptions,
} from './ivf.js';
export { oggCrc32 } from './ogg-crc.js';
export { OggOpusReader, parseOggOpus, type OggOpusPacket } from './ogg-opus-reader.js';
export { OggOpusWriter, serializeOggOpus, type OggOpusWriterOptions } from './ogg-opus-writer.js';
export { OGG_DEFAULT_MAX_PACKET_BYTES, OggPacketAssembler, OggReader, type OggPacket, type OggReaderOptions } from './ogg-packets.js';
export { OGG_NO_GRANULE, OGG_PAGE_HEADER_BYTES, OggFlag, OggPageReader, serializeOggPage, type OggPage } from './ogg-page.js';
export { concatBytes, OggStreamWriter } from './ogg-writer.js';
export { isOpusHead, parseOpusHead, parseOpusTags, serializeOpusHead, serializeOpusTags, type OpusHead, type OpusTags } from './opus-header.js';
export { OPUS_MAX_PACKET_SAMPLES, opusConfig, opusPacketSamples, parseOpusPacket, type OpusPacketInfo } from './opus-packet.js';
export { BoolEncoder, treePaths } from './bool-encoder.js';
export { macroblockGrid, VP8_MAX_DIMENSION, writeVp8KeyFrame, type MacroblockPicture } from './vp8-writer.js';
export { TestPatternVideo } from './test-pattern.js';
export { SILENCE_LEVEL_DBOV, SILENCE_PACKET, TONE_LEVEL_DBOV, TONE_PACKET_SAMPLES, TONE_PACKETS } from './opus-tone.js';
