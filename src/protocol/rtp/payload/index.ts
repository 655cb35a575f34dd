// Public face of the RTP payload formats: packetizers and depacketizers for VP8, VP9, H.264
// and AV1, the audio formats (Opus, G.711, telephone-event, RED), and H.264 profile-level-id
// negotiation. Payload bytes in and out only; RTP headers are written and read elsewhere.
export { DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_FRAME_PACKETS, FrameAssembler, type DepacketizerOptions, type FrameBody, type PacketUnit, type PayloadCodec } from './assembler.js';
export { ParseError, type PayloadErrorCode } from './errors.js';
export type { DepacketizedFrame, DepacketizerStats, EncodedVideoFrame, PacketizedPayload, ReceivedPayload } from './types.js';
export { parseVp8Descriptor, parseVp8FrameHeader, serializeVp8Descriptor, type Vp8Descriptor, type Vp8FrameHeader } from './vp8-descriptor.js';
export { VP8_CLOCK_RATE, Vp8Depacketizer, Vp8Packetizer, type Vp8Layering, type Vp8PacketizerOptions, type Vp8Unit } from './vp8.js';
export { parseVp9Descriptor, serializeVp9Descriptor, type Vp9Descriptor, type Vp9GroupEntry, type Vp9ScalabilityStructure } from './vp9-descriptor.js';
export { parseVp9FrameHeader, VP9_CLOCK_RATE, Vp9Depacketizer, Vp9Packetizer, type Vp9FrameHeader, type Vp9PacketizerOptions, type Vp9Unit } from './vp9.js';
export { canStartAccessUnit, joinAnnexB, NalType, nalType, splitAnnexB, unescapeRbsp } from './h264-nal.js';
export { parseH264Sps, type H264Sps } from './h264-sps.js';
export { H264_CLOCK_RATE, H264Depacketizer, H264Packetizer, parseH264Payload, type H264PacketizerOptions, type H264Piece, type H264Unit } from './h264.js';
export {
  answerProfileLevelId,
  compareLevels,
  DEFAULT_PROFILE_LEVEL_ID,
  isSameH264Format,
  parseProfileLevelId,
  serializeProfileLevelId,
  type FmtpParameters,
  type H264Profile,
  type H264ProfileLevel,
} from './h264-profile.js';
export { leb128Size, ObuType, parseAv1SequenceHeader, parseObu, readLeb128, splitObus, writeLeb128, writeObuWithSize, type Av1SequenceHeader, type Obu } from './av1-obu.js';
export { AV1_CLOCK_RATE, Av1Depacketizer, Av1Packetizer, parseAv1Payload, type Av1Unit } from './av1.js';
export { depacketizeOpus, G711_CLOCK_RATE, g711PayloadSamples, OPUS_CLOCK_RATE, opusPacketSamples, packetizeG711, packetizeOpus, PCMA_PAYLOAD_TYPE, PCMU_PAYLOAD_TYPE } from './audio.js';
export { dtmfEvent, parseTelephoneEvent, serializeTelephoneEvent, TELEPHONE_EVENT_CLOCK_RATES, telephoneEventPackets, type TelephoneEvent, type TelephoneEventPacket } from './telephone-event.js';
export { parseRed, serializeRed, type RedBlock, type RedPayload } from './red.js';
export { framePolicyFor, VP8_FRAMES, VP9_FRAMES } from './frame-policy.js';
