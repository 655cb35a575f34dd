// Public face of the RTP wire formats: datagram demultiplexing (RFC 7983), the RTP packet
// (RFC 3550) and its header extensions (RFC 8285) with typed values, sequence-number
// unwrapping, RTCP packets (RFC 3550, RFC 4585, RFC 5104, REMB, transport-wide feedback) and
// the report-block arithmetic. Pure codecs: no state beyond the small helpers, no I/O.
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
export { PsfbFormat, RtcpPacketType, RtpfbFormat, type RawRtcpPacket } from './rtcp-header.js';
export { isCompoundRtcp, parseRtcp, rtcpSize, serializeRtcp, writeRtcp, type RtcpPacket, type RtcpParseOptions } from './rtcp-compound.js';
export type { ReceiverReport, ReportBlock, SenderReport } from './rtcp-report.js';
export { SdesItemType, type SdesChunk, type SdesItem, type SourceDescription } from './rtcp-sdes.js';
export type { Goodbye } from './rtcp-bye.js';
export type { AppPacket } from './rtcp-app.js';
export { nackPairsFromSequences, sequencesFromNackPairs, type GenericNack, type NackPair } from './rtcp-nack.js';
export type { FirEntry, FullIntraRequest, PictureLossIndication } from './rtcp-psfb.js';
export type { Remb } from './rtcp-remb.js';
export { TWCC_DELTA_US, TWCC_REFERENCE_US, TwccStatus, twccArrivals, type TransportFeedback, type TwccArrival } from './rtcp-twcc.js';
export { buildTransportFeedback, type TwccBuildOptions } from './twcc-builder.js';
export {
  NTP_UNIX_OFFSET_SECONDS,
  compactNtp,
  compactNtpFromMs,
  compactNtpToMs,
  cumulativeLost,
  fractionLost,
  msToCompactNtp,
  ntpFromMs,
  ntpToMs,
  roundTripMs,
  type NtpTime,
} from './report-math.js';
export * from './session/index.js';
