// Public face of the RTP session engine: demux of a bundle's RTP to receivers (RFC 8843), receive
// streams with statistics, NACK, reordering and frame assembly, send streams with history, RTX,
// pacing and SRs, RTCP scheduling and feedback, and the events and stats the API layer needs.
export { RtpSession, type OutgoingRtpPacket, type SendOptions } from './session.js';
export {
  resolveOptions,
  type CodecDescription,
  type EncodingDescription,
  type FramePolicy,
  type ReceiverDescription,
  type ResolvedOptions,
  type RtpFeedback,
  type RtpSessionDescription,
  type RtpSessionOptions,
  type SenderDescription,
  type SignalledSsrc,
} from './config.js';
export type {
  ByeEvent,
  FrameEvent,
  KeyFrameNeededEvent,
  KeyFrameRequestEvent,
  LocalSsrcChangedEvent,
  RembEvent,
  ReceivedRtpPacket,
  RtpPacketEvent,
  RtpSessionEvent,
  RtpTransmit,
  StreamActiveEvent,
  StreamInactiveEvent,
  StreamReplacedEvent,
  TransportFeedbackEvent,
} from './events.js';
export type { AssembledFrame, BufferedPacket } from './frame-assembler.js';
export type { DemuxDropReason } from './demux.js';
export type { InboundRtpSnapshot, OutboundRtpSnapshot, RemoteOutbound, RtpSessionStats, SessionCounters } from './stats.js';
export type { InboundCounters } from './receive-stream.js';
export type { OutboundCounters, RemoteInbound } from './send-stream.js';
export { ReceiveStatistics, MAX_DROPOUT, MAX_MISORDER, type SequenceVerdict } from './receive-statistics.js';
export { NackGenerator, type NackGeneratorOptions } from './nack-generator.js';
export { FrameAssembler, type AssemblerSink, type FrameAssemblerOptions } from './frame-assembler.js';
export { SendHistory, type SentPacket } from './send-history.js';
export { TwccRecorder } from './twcc-recorder.js';
export { FrameBudget, type FrameDependency, type FrameVerdict } from './frame-budget.js';
export { SourceTable, SOURCE_MAX_AGE_MS, type RtpSourceEntry } from './sources.js';
export { ReceiveObservers } from './receive-observers.js';
export { OutgoingBitrate } from './outgoing-bitrate.js';
export { RtpDemux, type DemuxOptions, type Route } from './demux.js';
