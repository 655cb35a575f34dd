// The RTCDataChannels of one peer connection (W3C WebRTC §6.1, §6.2): stream ids by DTLS
// role, attaching channels to the SCTP transport, channels the remote opens, and closing.
import type { ChannelOptions } from '../protocol/datachannel/index.js';
import {
  RTCDataChannel,
  type DataChannelConfig,
  type DataChannelControl,
  type DataChannelCounters,
  type DataChannelState,
  type DataChannelTransport,
} from './data-channel.js';
import { RTCError } from './error.js';
import * as idl from './webidl.js';

/** What the registry needs from the transport below. */
export interface ChannelWire {
  open(init: { id: number; label: string; protocol: string; ordered: boolean; negotiated: boolean; maxRetransmits?: number; maxPacketLifeTime?: number }): void;
  send(id: number, data: string | Uint8Array): void;
  /** Starts closing; true when the channel never reached the wire (no 'closed' follows). */
  close(id: number): boolean;
  maxMessageSize(): number;
}

/**
 * One channel as getStats lists it, for the life of its peer connection (W3C webrtc-stats:
 * a monitored object with no lifetime of its own stays in the report, closed ones too).
 */
export interface ChannelStatsEntry {
  /** `D<n>`: n counts the connection's channels from 0 in creation order, so never reused. */
  readonly statsId: string;
  readonly label: string;
  readonly protocol: string;
  readonly counters: Readonly<DataChannelCounters>;
  /** The stream id and readyState now (kept, without the channel, once it closed). */
  id(): number | null;
  state(): DataChannelState;
}

/** A stats entry that lets go of its channel once the channel is closed. */
class StatsEntry implements ChannelStatsEntry {
  readonly label: string;
  readonly protocol: string;
  readonly counters: Readonly<DataChannelCounters>;
  private channel: RTCDataChannel | null;
  private closedId: number | null = null;

  constructor(
    readonly statsId: string,
    channel: RTCDataChannel,
    control: DataChannelControl,
  ) {
    this.channel = channel;
    this.label = channel.label;
    this.protocol = channel.protocol;
    this.counters = control.counters;
  }

  id(): number | null {
    return this.channel ? this.channel.id : this.closedId;
  }

  state(): DataChannelState {
    return this.channel ? this.channel.readyState : 'closed';
  }

  /** The channel is closed for good: keep its id, drop the object. */
  release(): void {
    if (!this.channel) return;
    this.closedId = this.channel.id;
    this.channel = null;
  }
}

/**
 * Closed data channels getStats keeps reporting (with their label, protocol and counters);
 * the oldest closed one leaves the report when another closes past this many.
 */
export const MAX_CLOSED_CHANNEL_STATS = 1000;

/** Every data channel of one peer connection. */
export class ChannelRegistry {
  /** Closed channels' stats entries dropped past MAX_CLOSED_CHANNEL_STATS. */
  droppedStats = 0;
  private readonly controls = new Map<RTCDataChannel, DataChannelControl>();
  /** Every channel ever made here, in creation order, for getStats. */
  private readonly statsEntries = new Set<StatsEntry>();
  /** Channels made so far: the n of the next `D<n>`. */
  private made = 0;
  /** Entries of closed channels, oldest first (at most MAX_CLOSED_CHANNEL_STATS). */
  private readonly closedEntries = new Set<StatsEntry>();
  /** The entries whose channel is not yet known to be closed. */
  private readonly liveEntries = new Map<RTCDataChannel, StatsEntry>();
  /** Channels on the wire, by SCTP stream id. */
  private readonly byId = new Map<number, RTCDataChannel>();
  /** Registered channels per stream id (a count, so a clash never frees an id early). */
  private readonly idUse = new Map<number, number>();
  /** Channels not yet handed to the transport, in creation order. */
  private readonly waiting = new Set<RTCDataChannel>();
  /** Per parity (0 even, 1 odd): no id below this one is free, so allocation scans from it. */
  private readonly lowestFree = [0, 1];
  /** RTCStatsReport "peer-connection" counters. */
  opened = 0;
  closed = 0;
  /** Channels counted in `opened` and not yet in `closed`. */
  private readonly openCounted = new WeakSet<RTCDataChannel>();

  /** Makes a channel (script's createDataChannel or a remote DCEP OPEN) and registers it. */
  create(config: DataChannelConfig): { channel: RTCDataChannel; control: DataChannelControl } {
    let control!: DataChannelControl;
    const channel = new RTCDataChannel(idl.INTERNAL, config, (c) => {
      control = c;
    });
    this.controls.set(channel, control);
    if (config.id !== null) this.takeId(config.id);
    this.waiting.add(channel);
    const entry = new StatsEntry(`D${this.made++}`, channel, control);
    this.statsEntries.add(entry);
    this.liveEntries.set(channel, entry);
    return { channel, control };
  }

  /** Every channel made on this connection, open or closed, in creation order. */
  stats(): readonly ChannelStatsEntry[] {
    return [...this.statsEntries];
  }

  /** The stats entry of a channel that just closed lets go of it. */
  private release(channel: RTCDataChannel): void {
    const entry = this.liveEntries.get(channel);
    if (entry === undefined || channel.readyState !== 'closed') return;
    entry.release();
    this.liveEntries.delete(channel);
    // W3C webrtc-stats keeps closed channels in the report; a peer that opens and closes
    // channels without end would grow it without end, so only the newest are kept.
    this.closedEntries.add(entry);
    if (this.closedEntries.size > MAX_CLOSED_CHANNEL_STATS) {
      const oldest = this.closedEntries.values().next().value!;
      this.closedEntries.delete(oldest);
      this.statsEntries.delete(oldest);
      this.droppedStats++;
    }
  }

  /** Whether a stream id is taken by any channel. */
  idInUse(id: number): boolean {
    return this.idUse.has(id);
  }

  private takeId(id: number): void {
    this.idUse.set(id, (this.idUse.get(id) ?? 0) + 1);
  }

  private freeId(id: number): void {
    const n = this.idUse.get(id) ?? 0;
    if (n > 1) return void this.idUse.set(id, n - 1);
    this.idUse.delete(id);
    if (id < this.lowestFree[id & 1]!) this.lowestFree[id & 1] = id;
  }

  /**
   * RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones; the lowest free
   * one below 65535 (W3C §6.1: 65534 is the largest id), or null. Amortized O(1): the scan
   * starts where the last one stopped unless an id below it was freed.
   */
  allocate(role: 'client' | 'server'): number | null {
    const parity = role === 'client' ? 0 : 1;
    let id = this.lowestFree[parity]!;
    while (id < 65535 && this.idUse.has(id)) id += 2;
    this.lowestFree[parity] = id;
    return id < 65535 ? id : null;
  }

  /** Gives every channel without an id one, once the DTLS role is known. */
  assignIds(role: 'client' | 'server'): void {
    for (const control of this.controls.values()) {
      if (control.config.id !== null) continue;
      const id = this.allocate(role);
      if (id === null) control.closed(new DOMException('No stream id available.', 'OperationError'));
      else {
        control.setId(id);
        this.takeId(id);
      }
    }
  }

  /**
   * Every channel with an id, not closing or closed, goes to the transport, which puts it
   * on the wire once SCTP is up (at once if it is).
   */
  attachAll(wire: ChannelWire): void {
    // Only channels not yet on the wire are visited, so creating n channels costs O(n).
    for (const channel of this.waiting) {
      const control = this.controls.get(channel);
      if (control === undefined || channel.readyState === 'closing' || channel.readyState === 'closed') {
        this.waiting.delete(channel);
        continue;
      }
      const id = control.config.id;
      if (id === null || this.byId.has(id)) continue;
      this.waiting.delete(channel);
      this.byId.set(id, channel);
      control.setTransport(this.transportFor(id, wire));
      const c = control.config;
      const init: Parameters<ChannelWire['open']>[0] = { id, label: c.label, protocol: c.protocol, ordered: c.ordered, negotiated: c.negotiated };
      if (c.maxRetransmits !== null) init.maxRetransmits = c.maxRetransmits;
      if (c.maxPacketLifeTime !== null) init.maxPacketLifeTime = c.maxPacketLifeTime;
      wire.open(init);
    }
  }

  /** The remote opened a channel with DCEP; returns it, open, for the datachannel event. */
  remoteOpened(id: number, o: ChannelOptions, wire: ChannelWire): { channel: RTCDataChannel; control: DataChannelControl } {
    const made = this.create({
      label: o.label,
      ordered: o.ordered,
      maxPacketLifeTime: o.maxPacketLifeTime ?? null,
      maxRetransmits: o.maxRetransmits ?? null,
      protocol: o.protocol,
      negotiated: false,
      id,
    });
    this.byId.set(id, made.channel);
    this.waiting.delete(made.channel);
    made.control.setTransport(this.transportFor(id, wire));
    // W3C §6.2 (receiving DCEP OPEN): the channel is open when the datachannel event fires,
    // so send() works inside ondatachannel; its open event follows.
    made.control.markOpen();
    this.countOpened(made.channel);
    return made;
  }

  /** The control of the channel on stream `id`. */
  control(id: number): DataChannelControl | undefined {
    const ch = this.byId.get(id);
    return ch ? this.controls.get(ch) : undefined;
  }

  /** A channel on the wire opened (DCEP ACK or negotiated). */
  onOpen(id: number): void {
    const control = this.control(id);
    if (!control) return;
    this.countOpened(this.byId.get(id)!);
    control.open();
  }

  private countOpened(channel: RTCDataChannel): void {
    if (this.openCounted.has(channel)) return;
    this.openCounted.add(channel);
    this.opened++;
  }

  /**
   * W3C webrtc-stats dataChannelsClosed: channels that leave "open"; one that closes
   * without ever being open is not counted.
   */
  private countClosed(channel: RTCDataChannel): void {
    if (this.openCounted.delete(channel)) this.closed++;
  }

  /**
   * The closing procedure of stream `id` finished: the channel leaves the registry. One that
   * never reached the wire (`counted` false) was never open, so it is not counted as closed.
   */
  onClosed(id: number, counted = true): void {
    const channel = this.byId.get(id);
    if (!channel) return;
    const control = this.controls.get(channel);
    this.byId.delete(id);
    this.controls.delete(channel);
    this.waiting.delete(channel);
    this.freeId(id);
    if (counted) this.countClosed(channel);
    control?.closed();
    this.release(channel);
  }

  /**
   * The association ended (with `failed`, open channels get an "sctp-failure" error). With
   * `eventsLater` (pc.close()), every channel is closed at once and its close event comes in
   * a queued task, as Chromium does it, rather than from inside close().
   */
  closeAll(failed: boolean, eventsLater = false): void {
    for (const [channel, control] of [...this.controls]) {
      const error =
        failed && channel.readyState !== 'closed'
          ? new RTCError({ errorDetail: 'sctp-failure' } as never, 'The SCTP association failed.')
          : undefined;
      if (channel.readyState !== 'closed') this.countClosed(channel);
      control.closed(error, eventsLater);
      this.release(channel);
    }
  }

  private transportFor(id: number, wire: ChannelWire): DataChannelTransport {
    return {
      send: (_channel, data) => wire.send(id, data),
      close: () => {
        // Closed before SCTP came up: nothing to reset, the closing procedure ends (in a
        // task), and the channel was never open, so it is not counted as closed.
        if (wire.close(id)) setImmediate(() => this.onClosed(id, false));
      },
      maxMessageSize: () => wire.maxMessageSize(),
    };
  }
}
