// Public face of the RTP wire formats: datagram demultiplexing (RFC 7983), the RTP packet
// (RFC 3550) and its header extensions (RFC 8285) with typed values, and sequence-number
// unwrapping. Pure codecs: no state beyond the small helpers, no I/O.
export { ParseError, type RtpErrorCode } from './errors.js';
export { classifyDatagram, isRtcpSecondByte, type DatagramKind } from './demux.js';
export {
  RTP_HEADER_BYTES,
  getRtpHeaderExtension,
  parseRtpPacket,
  rtpHeaderExtensions,
  rtpPacketSize,
  serializeRtpPacket,
  writeRtpPacket,
  type RtpPacket,
  type RtpPacketInit,
  type RtpSerializeOptions,
} from './packet.js';
export {
  ONE_BYTE_PROFILE,
  TWO_BYTE_PROFILE,
  chooseExtensionForm,
  extensionFormOf,
  findHeaderExtension,
  parseHeaderExtensions,
  type HeaderExtension,
  type HeaderExtensionForm,
} from './header-extensions.js';
export {
  ExtensionUri,
  absSendTimeExtension,
  absSendTimeFromMs,
  absSendTimeToMs,
  audioLevelExtension,
  midExtension,
  repairedRidExtension,
  ridExtension,
  transportCcExtension,
  type AudioLevel,
  type ExtensionCodec,
} from './extension-values.js';
export { Extmap, type ExtmapEntry, type ExtmapOptions } from './extmap.js';
export { SequenceUnwrapper, isNewerSequence, sequenceDelta } from './sequence.js';
