// Sans-IO data channel bookkeeping over an SCTP association: stream id allocation, DCEP
// open/ack (RFC 8832), PPID mapping (RFC 8831 §6.6) and closing by stream reset (§6.7).
import type { SctpEvent, SendOptions } from '../sctp/index.js';
import { ParseError } from './errors.js';
import { ChannelType, DcepMessageType, parseDcepMessage, serializeDcepMessage, type DataChannelOpen } from './message.js';
import { decodeMessage, encodeMessage, Ppid } from './ppid.js';

/** What the manager needs from an SCTP association (SctpAssociation fits). */
export interface SctpTransportLike {
  send(streamId: number, ppid: number, data: Uint8Array, options: SendOptions | undefined, nowMs: number): void;
  resetStreams(streamIds: number[]): void;
  bufferedAmount(streamId: number): number;
}

/** A channel's configuration, as RTCDataChannelInit describes it. */
export interface ChannelOptions {
  label: string;
  protocol: string;
  ordered: boolean;
  maxRetransmits: number | undefined;
  maxPacketLifeTime: number | undefined;
  /** DCEP priority (RFC 8832 §5.1); 256 is normal. */
  priority: number;
  negotiated: boolean;
}

/** Arguments of `open`: RTCDataChannelInit plus the label. */
export interface OpenOptions {
  label?: string;
  protocol?: string;
  ordered?: boolean;
  maxRetransmits?: number;
  maxPacketLifeTime?: number;
  priority?: number;
  negotiated?: boolean;
  /** Stream id; required for negotiated channels, otherwise chosen by DTLS role. */
  id?: number;
}

/** Events `pollEvent` returns. */
export type DataChannelEvent =
  | { type: 'channel-open'; id: number; options: ChannelOptions }
  | { type: 'open'; id: number }
  /** `sizeBytes`: the payload's length on the wire (0 for an empty message, RFC 8831 §6.6). */
  | { type: 'message'; id: number; data: string | Uint8Array; sizeBytes: number }
  | { type: 'buffered-amount'; id: number; bytes: number }
  | { type: 'closing'; id: number }
  | { type: 'closed'; id: number }
  | { type: 'error'; id: number | undefined; message: string };

/** Lifecycle of one channel. */
export type ChannelState = 'connecting' | 'open' | 'closing' | 'closed';

interface Channel {
  id: number;
  options: ChannelOptions;
  state: ChannelState;
  /** We sent DATA_CHANNEL_OPEN and wait for the ACK. */
  awaitingAck: boolean;
  outgoingReset: boolean;
  incomingReset: boolean;
}

/** Options of `new DataChannelManager(...)`. */
export interface DataChannelManagerOptions {
  transport: SctpTransportLike;
  /** DTLS role: RFC 8832 §6: the client uses even stream ids, the server odd ones. */
  role: 'client' | 'server';
  /** Outgoing streams negotiated by SCTP; default 65535. */
  maxStreams?: number;
}

/** Data channels multiplexed on one SCTP association. */
export class DataChannelManager {
  /** DCEP messages that did not parse, counted instead of thrown (STYLE.md habit 7). */
  badDcepMessages = 0;
  /** Messages refused as larger than our a=max-message-size (their channels were closed). */
  oversizedMessages = 0;
  /** DATA_CHANNEL_OPENs refused (with a stream reset) on a stream at or above maxStreams. */
  refusedOpens = 0;
  private readonly transport: SctpTransportLike;
  private readonly role: 'client' | 'server';
  private maxStreams: number;
  private readonly channels = new Map<number, Channel>();
  private readonly events: DataChannelEvent[] = [];
  private connected = false;

  /** A manager with no channels yet. */
  constructor(o: DataChannelManagerOptions) {
    this.transport = o.transport;
    this.role = o.role;
    this.maxStreams = o.maxStreams ?? 65535;
  }

  /**
   * Opens a channel and returns its stream id. In-band channels send DATA_CHANNEL_OPEN and
   * open on the ACK; negotiated channels open as soon as SCTP is connected. Throws
   * RangeError when no id is free or the id is taken or out of range.
   */
  open(init: OpenOptions, nowMs: number): number {
    const options = normalize(init);
    const id = init.id ?? this.allocate();
    if (!Number.isInteger(id) || id < 0 || id >= Math.min(this.maxStreams, 65535)) throw new RangeError(`bad stream id ${id}`);
    if (this.channels.has(id)) throw new RangeError(`stream id ${id} is in use`);
    const ch: Channel = { id, options, state: 'connecting', awaitingAck: false, outgoingReset: false, incomingReset: false };
    this.channels.set(id, ch);
    if (options.negotiated) {
      if (this.connected) this.markOpen(ch);
      return id;
    }
    const open: DataChannelOpen = {
      type: DcepMessageType.OPEN,
      ...dcepReliability(options),
      priority: options.priority,
      label: options.label,
      protocol: options.protocol,
    };
    // RFC 8832 §6: DCEP messages go reliable and ordered.
    this.transport.send(id, Ppid.DCEP, serializeDcepMessage(open), undefined, nowMs);
    ch.awaitingAck = true;
    // RFC 8832 §6: the opener may send before the ACK, so the channel opens with SCTP.
    if (this.connected) this.markOpen(ch);
    return id;
  }

  /** Sends a message; empty ones go as one 0 byte with PPID 56/57 (RFC 8831 §6.6). */
  send(id: number, data: string | Uint8Array, nowMs: number): void {
    const ch = this.channels.get(id);
    if (ch === undefined || ch.state !== 'open') throw new RangeError(`channel ${id} is not open`);
    const { ppid, bytes } = encodeMessage(data);
    const o = ch.options;
    // RFC 8832 §6: until the ACK arrives, messages go ordered so none overtakes the OPEN.
    const sendOptions: SendOptions = { unordered: !o.ordered && !ch.awaitingAck };
    if (o.maxRetransmits !== undefined) sendOptions.maxRetransmits = o.maxRetransmits;
    if (o.maxPacketLifeTime !== undefined) sendOptions.maxPacketLifeTimeMs = o.maxPacketLifeTime;
    this.transport.send(id, ppid, bytes, sendOptions, nowMs);
  }

  /** Starts closing: resets our outgoing stream (RFC 8831 §6.7). */
  close(id: number): void {
    const ch = this.channels.get(id);
    if (ch === undefined || ch.state === 'closing' || ch.state === 'closed') return;
    this.startClosing(ch);
  }

  /** Queued bytes of a channel not yet handed to the wire. */
  bufferedAmount(id: number): number {
    return this.transport.bufferedAmount(id);
  }

  /** A channel's state and options, if it exists. */
  channel(id: number): { state: ChannelState; options: ChannelOptions } | undefined {
    const ch = this.channels.get(id);
    return ch === undefined ? undefined : { state: ch.state, options: ch.options };
  }

  /** The next event, or undefined. */
  pollEvent(): DataChannelEvent | undefined {
    return this.events.shift();
  }

  /** Feeds an event from the SCTP association. Bad DCEP input is counted, never thrown. */
  handleSctpEvent(e: SctpEvent, nowMs: number): void {
    switch (e.type) {
      case 'connected':
        this.connected = true;
        this.maxStreams = e.maxStreamsOut;
        for (const ch of this.channels.values()) if (ch.state === 'connecting') this.markOpen(ch);
        return;
      case 'message':
        if (e.ppid === Ppid.DCEP) this.onDcep(e.streamId, e.data, nowMs);
        else this.onUserMessage(e.streamId, e.ppid, e.data);
        return;
      case 'message-too-large': {
        // RFC 8841 §6: larger than our a=max-message-size. The message was refused as it
        // arrived; the channel closes (its stream is reset, RFC 8831 §6.7).
        this.oversizedMessages++;
        this.events.push({ type: 'error', id: e.streamId, message: `message on stream ${e.streamId} exceeds the maximum message size` });
        const ch = this.channels.get(e.streamId);
        if (ch !== undefined && ch.state !== 'closing' && ch.state !== 'closed') this.startClosing(ch);
        return;
      }
      case 'buffered-amount':
        if (this.channels.has(e.streamId)) this.events.push({ type: 'buffered-amount', id: e.streamId, bytes: e.bytes });
        return;
      case 'stream-reset':
        for (const id of e.streamIds.length > 0 ? e.streamIds : [...this.channels.keys()]) this.onIncomingReset(id);
        return;
      case 'stream-reset-done':
        for (const id of e.streamIds) {
          const ch = this.channels.get(id);
          if (ch === undefined || ch.state !== 'closing') continue;
          ch.outgoingReset = true;
          // A peer that refused the reset, or cannot reset streams at all (no RE-CONFIG),
          // will not reset its side either: the closing procedure (RFC 8831 §6.7) ends here
          // rather than leave the channel closing for ever.
          if (!e.ok) ch.incomingReset = true;
          this.maybeClosed(ch);
        }
        return;
      case 'closed':
        for (const ch of this.channels.values()) {
          if (ch.state !== 'closed') {
            ch.state = 'closed';
            this.events.push({ type: 'closed', id: ch.id });
          }
        }
        this.channels.clear();
        return;
      default:
        return;
    }
  }

  private allocate(): number {
    const start = this.role === 'client' ? 0 : 1;
    const limit = Math.min(this.maxStreams, 65535);
    for (let id = start; id < limit; id += 2) if (!this.channels.has(id)) return id;
    throw new RangeError('no free stream id');
  }

  private markOpen(ch: Channel): void {
    ch.state = 'open';
    this.events.push({ type: 'open', id: ch.id });
  }

  private onDcep(id: number, bytes: Uint8Array, nowMs: number): void {
    let m;
    try {
      m = parseDcepMessage(bytes);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.badDcepMessages++;
      this.events.push({ type: 'error', id, message: `bad DCEP message: ${err.code}` });
      return;
    }
    if (m.type === DcepMessageType.ACK) {
      const ch = this.channels.get(id);
      if (ch !== undefined) ch.awaitingAck = false;
      return;
    }
    if (this.channels.has(id)) {
      // RFC 8832 §6: an OPEN on a stream in use is an error; keep the existing channel.
      this.badDcepMessages++;
      this.events.push({ type: 'error', id, message: 'DATA_CHANNEL_OPEN on a stream in use' });
      return;
    }
    if (id >= Math.min(this.maxStreams, 65535)) {
      // W3C §6.1 maxChannels: a channel needs a stream each way; the association gave us
      // fewer outgoing streams than this id, so no ACK can go back. The stream is reset
      // (RFC 8831 §6.7, as a close) and the OPEN counted; no channel is made.
      this.refusedOpens++;
      this.transport.resetStreams([id]);
      this.events.push({ type: 'error', id, message: `DATA_CHANNEL_OPEN on stream ${id}, beyond the ${this.maxStreams} negotiated` });
      return;
    }
    const options = fromOpen(m);
    const ch: Channel = { id, options, state: 'open', awaitingAck: false, outgoingReset: false, incomingReset: false };
    this.channels.set(id, ch);
    // RFC 8832 §6: answer with DATA_CHANNEL_ACK on the same stream, ordered.
    this.transport.send(id, Ppid.DCEP, serializeDcepMessage({ type: DcepMessageType.ACK }), undefined, nowMs);
    this.events.push({ type: 'channel-open', id, options });
  }

  private onUserMessage(id: number, ppid: number, bytes: Uint8Array): void {
    const ch = this.channels.get(id);
    const data = decodeMessage(ppid, bytes);
    if (ch === undefined || data === undefined || ch.state === 'closed') {
      this.events.push({ type: 'error', id, message: `message on stream ${id} (ppid ${ppid}) dropped` });
      return;
    }
    // RFC 8832 §6: a message after our OPEN implies the peer's ACK.
    ch.awaitingAck = false;
    const empty = ppid === Ppid.STRING_EMPTY || ppid === Ppid.BINARY_EMPTY;
    this.events.push({ type: 'message', id, data, sizeBytes: empty ? 0 : bytes.length });
  }

  private onIncomingReset(id: number): void {
    const ch = this.channels.get(id);
    if (ch === undefined) return;
    ch.incomingReset = true;
    // RFC 8831 §6.7: the peer closed: reset our outgoing stream too.
    if (ch.state !== 'closing') this.startClosing(ch);
    this.maybeClosed(ch);
  }

  private startClosing(ch: Channel): void {
    ch.state = 'closing';
    this.events.push({ type: 'closing', id: ch.id });
    this.transport.resetStreams([ch.id]);
  }

  private maybeClosed(ch: Channel): void {
    if (!ch.outgoingReset || !ch.incomingReset) return;
    ch.state = 'closed';
    this.channels.delete(ch.id);
    this.events.push({ type: 'closed', id: ch.id });
  }
}

function normalize(init: OpenOptions): ChannelOptions {
  if (init.maxRetransmits !== undefined && init.maxPacketLifeTime !== undefined) {
    throw new TypeError('maxRetransmits and maxPacketLifeTime are mutually exclusive');
  }
  const clamp = (v: number | undefined): number | undefined =>
    v === undefined ? undefined : Math.min(0xffff_ffff, Math.max(0, Math.floor(v)));
  return {
    label: init.label ?? '',
    protocol: init.protocol ?? '',
    ordered: init.ordered ?? true,
    maxRetransmits: clamp(init.maxRetransmits),
    maxPacketLifeTime: clamp(init.maxPacketLifeTime),
    priority: init.priority ?? 256,
    negotiated: init.negotiated ?? false,
  };
}

/** RFC 8832 §5.1: the channel type and reliability parameter for a configuration. */
function dcepReliability(o: ChannelOptions): { channelType: number; reliabilityParameter: number } {
  const u = o.ordered ? 0 : 0x80;
  if (o.maxRetransmits !== undefined) {
    return { channelType: ChannelType.PARTIAL_RELIABLE_REXMIT | u, reliabilityParameter: o.maxRetransmits };
  }
  if (o.maxPacketLifeTime !== undefined) {
    return { channelType: ChannelType.PARTIAL_RELIABLE_TIMED | u, reliabilityParameter: o.maxPacketLifeTime };
  }
  return { channelType: ChannelType.RELIABLE | u, reliabilityParameter: 0 };
}

function fromOpen(m: DataChannelOpen): ChannelOptions {
  const kind = m.channelType & 0x7f;
  return {
    label: m.label,
    protocol: m.protocol,
    ordered: (m.channelType & 0x80) === 0,
    maxRetransmits: kind === ChannelType.PARTIAL_RELIABLE_REXMIT ? m.reliabilityParameter : undefined,
    maxPacketLifeTime: kind === ChannelType.PARTIAL_RELIABLE_TIMED ? m.reliabilityParameter : undefined,
    priority: m.priority,
    negotiated: false,
  };
}
