// Public face of the SCTP engine (RFC 9260 over DTLS, RFC 8261) and its codecs.
export { SctpAssociation } from './association.js';
export type { SctpAssociationOptions } from './options.js';
export { newSnapInit, encodeInitChunk, decodeInitChunk } from './snap.js';
export type {
  SctpEvent,
  SctpConnectedEvent,
  SctpMessageEvent,
  SctpStreamResetEvent,
  SctpStreamResetDoneEvent,
  SctpBufferedAmountEvent,
  SctpClosedEvent,
  SctpErrorEvent,
  SctpMessageTooLargeEvent,
  SendOptions,
} from './events.js';
export type { SctpStats } from './stats.js';
export { ParseError, SctpStateError, type SctpErrorCode } from './errors.js';
export { crc32c } from './crc32c.js';
export { parsePacket, serializePacket, type SctpPacket, type ParsePacketOptions } from './packet.js';
export { parseChunk, serializeChunk, chunkLength, type Chunk, type UnknownChunk } from './chunk.js';
export { ChunkType, ParamType, CauseCode } from './constants.js';
export type { DataChunk } from './chunk-data.js';
export type { InitChunk } from './chunk-init.js';
export type { SackChunk, GapBlock } from './chunk-sack.js';
export type { HeartbeatChunk } from './chunk-heartbeat.js';
export type { AbortChunk } from './chunk-abort.js';
export type { ErrorChunk } from './chunk-error.js';
export type { CookieEchoChunk } from './chunk-cookie-echo.js';
export type { ShutdownChunk } from './chunk-shutdown.js';
export type { ForwardTsnChunk, SkippedStream } from './chunk-forward-tsn.js';
export {
  ReconfigParamType,
  ReconfigResult,
  type ReconfigChunk,
  type ReconfigParam,
  type OutgoingResetParam,
  type IncomingResetParam,
  type ReconfigResponseParam,
} from './chunk-reconfig.js';
export type { Tlv } from './param.js';
export type { HmacSha256 } from './cookie.js';
