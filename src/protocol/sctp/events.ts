// Events an SctpAssociation reports through pollEvent.

/** The handshake completed. */
export interface SctpConnectedEvent {
  type: 'connected';
  /** Streams we may send on (min of our OS and the peer's MIS). */
  maxStreamsOut: number;
  /** Streams the peer may send on. */
  maxStreamsIn: number;
}

/** A complete user message arrived. */
export interface SctpMessageEvent {
  type: 'message';
  streamId: number;
  ppid: number;
  data: Uint8Array;
  unordered: boolean;
}

/** The peer reset these incoming streams (RFC 6525 outgoing reset request from the peer). */
export interface SctpStreamResetEvent {
  type: 'stream-reset';
  streamIds: number[];
}

/** Our own reset of these outgoing streams finished (`ok` false when the peer refused). */
export interface SctpStreamResetDoneEvent {
  type: 'stream-reset-done';
  streamIds: number[];
  ok: boolean;
}

/** `bytes` of a stream's queued data left the send queue (went to the wire or expired). */
export interface SctpBufferedAmountEvent {
  type: 'buffered-amount';
  streamId: number;
  bytes: number;
}

/** The association ended: 'shutdown' (graceful), 'abort', 'peer-abort: ...', 'timeout', ... */
export interface SctpClosedEvent {
  type: 'closed';
  reason: string;
}

/** A non-fatal problem: an ERROR chunk from the peer or a refused request. */
export interface SctpErrorEvent {
  type: 'error';
  code: 'peer-error' | 'reset-refused' | 'protocol';
  message: string;
}

/**
 * A message on `streamId` grew past maxReceiveMessageSize (our a=max-message-size) and was
 * refused: its fragments were acknowledged and dropped. The owner resets the stream.
 */
export interface SctpMessageTooLargeEvent {
  type: 'message-too-large';
  streamId: number;
}

/** Anything pollEvent returns. */
export type SctpEvent =
  | SctpConnectedEvent
  | SctpMessageEvent
  | SctpStreamResetEvent
  | SctpStreamResetDoneEvent
  | SctpBufferedAmountEvent
  | SctpClosedEvent
  | SctpErrorEvent
  | SctpMessageTooLargeEvent;

/** Options of `SctpAssociation.send`. */
export interface SendOptions {
  /** Deliver without regard to order (U bit). */
  unordered?: boolean;
  /** RFC 3758 rexmit policy: retransmissions allowed (0 = send once). */
  maxRetransmits?: number;
  /** RFC 3758 timed policy: give up this many ms after `send`. */
  maxPacketLifeTimeMs?: number;
}
