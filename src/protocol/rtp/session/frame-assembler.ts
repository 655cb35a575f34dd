// The reorder (jitter) buffer and frame assembler of one received SSRC: packets go in by
// extended sequence number, come out in order, and are grouped into frames by timestamp and
// marker bit (RFC 3550 §5.1: the marker marks a frame boundary for video profiles). A gap that
// is not filled within the wait drops the frame it broke (counted, reported to the owner so
// it can ask for a key frame), and assembly resumes at the next frame start.
import type { FramePolicy } from './config.js';

/** One packet held by the buffer (the payload is the buffer's own copy). */
export interface BufferedPacket {
  extended: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payloadType: number;
  payload: Uint8Array;
  arrivalMs: number;
  /** Came as a retransmission (RTX unwrapped, RFC 4588 §4). */
  retransmitted: boolean;
}

/** A complete frame, its packets in sequence order. */
export interface AssembledFrame {
  timestamp: number;
  payloadType: number;
  packets: BufferedPacket[];
  /** The payload format's verdict on its first packet; undefined without an isKeyFrame predicate. */
  keyFrame: boolean | undefined;
  /** True for the first frame after frames were dropped (a decoder may need a key frame first). */
  afterLoss: boolean;
  /** Arrival of the packet that completed it. */
  completedMs: number;
}

/** Tunables of a FrameAssembler. */
export interface FrameAssemblerOptions {
  /** How long a gap holds delivery before it is skipped. */
  maxWaitMs: number;
  /** Packets held at most; a packet further ahead forces the gap before it to be skipped. */
  capacity: number;
  /** Every packet is a frame (audio), rather than timestamp + marker groups (video). */
  singlePacketFrames: boolean;
  /** The payload format's predicates for a payload type, if it has any. */
  policyFor(payloadType: number): FramePolicy | undefined;
}

/** What the owner hears from `poll`. */
export interface AssemblerSink {
  frame(frame: AssembledFrame): void;
  /** `count` frames were dropped at a skipped gap (or while waiting for the next frame start). */
  dropped(count: number): void;
}

/** Reorders one SSRC's packets and assembles frames. */
export class FrameAssembler {
  private readonly buffer = new Map<number, BufferedPacket>();
  private next: number | undefined;
  /** When the head-of-line gap was first seen (a later packet waited for an earlier one). */
  private gapSinceMs: number | undefined;
  private frame: BufferedPacket[] = [];
  /** The previous packet released, in unbroken order, ended a frame. */
  private afterBoundary = true;
  /** After a skipped gap: packets are discarded until a frame start. */
  private needStart = false;
  /** The timestamp last counted as a dropped frame while resynchronising. */
  private droppedTimestamp: number | undefined;
  private lossPending = false;
  framesAssembled = 0;
  framesDropped = 0;
  /** Packets thrown away: late (behind the release point), duplicate, or of dropped frames. */
  packetsDiscarded = 0;

  /** Builds an empty buffer. */
  constructor(private readonly options: FrameAssemblerOptions) {}

  /** Changes how long a gap holds delivery (the owner adapts it to the round trip). */
  setMaxWaitMs(ms: number): void {
    this.options.maxWaitMs = ms;
  }

  /** Packets held now. */
  get size(): number {
    return this.buffer.size;
  }

  /** The extended sequence number delivery waits for next, once known. */
  get nextSequence(): number | undefined {
    return this.next;
  }

  /** Takes a packet; late and duplicate ones are discarded. */
  insert(p: BufferedPacket, nowMs: number, sink: AssemblerSink): void {
    if (this.next === undefined) this.next = p.extended;
    if (p.extended < this.next || this.buffer.has(p.extended)) {
      this.packetsDiscarded++;
      return;
    }
    if (p.extended - this.next >= this.options.capacity) this.skipTo(p.extended - this.options.capacity + 1, sink);
    this.buffer.set(p.extended, p);
    if (p.extended !== this.next && this.gapSinceMs === undefined) this.gapSinceMs = nowMs;
  }

  /** Releases what is in order, skipping a gap whose wait is over. */
  poll(nowMs: number, sink: AssemblerSink): void {
    // Each turn releases or skips at least one held packet, so the loop is bounded by the buffer.
    for (let guard = this.buffer.size + 1; guard > 0 && this.next !== undefined; guard--) {
      const p = this.buffer.get(this.next);
      if (p !== undefined) {
        this.buffer.delete(this.next);
        this.next++;
        this.accept(p, sink);
        continue;
      }
      if (this.buffer.size === 0) {
        this.gapSinceMs = undefined;
        break;
      }
      this.gapSinceMs ??= nowMs;
      if (nowMs - this.gapSinceMs < this.options.maxWaitMs) break;
      let lowest = Infinity;
      for (const s of this.buffer.keys()) if (s < lowest) lowest = s;
      this.skipTo(lowest, sink);
    }
    if (this.next !== undefined && this.buffer.has(this.next)) this.gapSinceMs = undefined;
    else if (this.buffer.size > 0) this.gapSinceMs ??= nowMs;
  }

  /** When a gap's wait ends, if delivery waits on one. */
  nextTimeoutMs(): number | undefined {
    return this.buffer.size > 0 && this.gapSinceMs !== undefined ? this.gapSinceMs + this.options.maxWaitMs : undefined;
  }

  /** Drops everything held and starts again (a sequence restart or a BYE); the partial frame counts as dropped. */
  reset(sink: AssemblerSink): void {
    this.packetsDiscarded += this.buffer.size;
    this.buffer.clear();
    if (this.frame.length > 0) {
      this.framesDropped++;
      sink.dropped(1);
    }
    this.frame = [];
    this.next = undefined;
    this.gapSinceMs = undefined;
    this.afterBoundary = true;
    this.needStart = false;
  }

  /** Gives up on everything before `extended`: the frame being built is dropped and assembly resynchronises. */
  private skipTo(extended: number, sink: AssemblerSink): void {
    const next = this.next!;
    for (const s of this.buffer.keys()) {
      if (s < extended) {
        this.buffer.delete(s);
        this.packetsDiscarded++;
      }
    }
    this.next = extended;
    this.gapSinceMs = undefined;
    let dropped: number;
    if (this.options.singlePacketFrames) {
      // Each missing packet was a frame of its own.
      dropped = Math.max(1, extended - next);
    } else {
      // At least one frame lost data: the one being built, or one whose start was lost.
      dropped = 1;
      this.droppedTimestamp = this.frame.length > 0 ? this.frame[0]!.timestamp : undefined;
      this.packetsDiscarded += this.frame.length;
      this.frame = [];
      this.needStart = true;
      this.afterBoundary = false;
    }
    this.framesDropped += dropped;
    this.lossPending = true;
    sink.dropped(dropped);
  }

  private isStart(p: BufferedPacket, policy: FramePolicy | undefined): boolean {
    if (policy?.isFrameStart !== undefined) return policy.isFrameStart(p.payload);
    const current = this.frame[0];
    return this.afterBoundary || (current !== undefined && current.timestamp !== p.timestamp);
  }

  private accept(p: BufferedPacket, sink: AssemblerSink): void {
    if (this.options.singlePacketFrames) {
      this.emit([p], sink);
      return;
    }
    const policy = this.options.policyFor(p.payloadType);
    const current = this.frame[0];
    // A new timestamp in unbroken order ends the previous frame even without its marker.
    if (current !== undefined && current.timestamp !== p.timestamp) {
      this.emit(this.frame, sink);
      this.frame = [];
      this.afterBoundary = true;
    }
    const start = this.isStart(p, policy);
    // A packet that does not start a frame continues one only if one is being built.
    if ((this.needStart || this.frame.length === 0) && !start) {
      this.packetsDiscarded++;
      if (this.droppedTimestamp === undefined) this.droppedTimestamp = p.timestamp;
      else if (this.droppedTimestamp !== p.timestamp) {
        this.droppedTimestamp = p.timestamp;
        this.framesDropped++;
        sink.dropped(1);
      }
      // RFC 3550 §5.1: the marker ends a frame, so the packet after it starts one.
      this.afterBoundary = p.marker;
      return;
    }
    this.needStart = false;
    if (start && this.frame.length > 0) {
      // A second start within one timestamp: what came before cannot be a whole frame.
      this.packetsDiscarded += this.frame.length;
      this.framesDropped++;
      sink.dropped(1);
      this.frame = [];
    }
    this.frame.push(p);
    this.afterBoundary = false;
    if (p.marker) {
      this.emit(this.frame, sink);
      this.frame = [];
      this.afterBoundary = true;
    }
  }

  private emit(packets: BufferedPacket[], sink: AssemblerSink): void {
    const first = packets[0]!;
    const policy = this.options.policyFor(first.payloadType);
    const last = packets[packets.length - 1]!;
    const frame: AssembledFrame = {
      timestamp: first.timestamp,
      payloadType: first.payloadType,
      packets,
      keyFrame: policy?.isKeyFrame?.(first.payload),
      afterLoss: this.lossPending,
      completedMs: last.arrivalMs,
    };
    this.lossPending = false;
    this.framesAssembled++;
    sink.frame(frame);
  }
}
