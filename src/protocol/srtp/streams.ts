// Per-SSRC receive state, created on demand and capped: a peer, even an authenticated one,
// cannot make a context track SSRCs without bound.
import { ReplayWindow } from './replay.js';
import { RocState } from './roc.js';

/** Default cap on the receive streams a context tracks, for SRTP and for SRTCP each. */
export const DEFAULT_MAX_STREAMS = 1024;

/** The receive state of one SSRC. */
export class ReceiveStream {
  /** SRTP only: ROC and s_l. */
  readonly roc: RocState | undefined;
  /** The replay list, by packet index (SRTP) or SRTCP index. */
  readonly window: ReplayWindow;
  /** When it last accepted a packet, in the table's ticks. */
  lastUsed = 0;

  /** A stream whose first accepted packet has sequence number `firstSeq` (SRTP) or none (SRTCP). */
  constructor(windowSize: number, firstSeq: number | undefined) {
    this.roc = firstSeq === undefined ? undefined : new RocState(firstSeq);
    this.window = new ReplayWindow(windowSize);
  }
}

/** Receive streams by SSRC, at most `maxStreams`, the least recently used evicted first. */
export class StreamTable {
  private readonly streams = new Map<number, ReceiveStream>();
  private tick = 0;
  /** Streams evicted so far. */
  evicted = 0;

  /** A table of at most `maxStreams` streams with replay windows of `windowSize`. */
  constructor(
    private readonly maxStreams: number,
    private readonly windowSize: number,
  ) {
    if (!Number.isInteger(maxStreams) || maxStreams < 1) throw new RangeError(`maxStreams ${maxStreams}`);
    void new ReplayWindow(windowSize); // throws RangeError now rather than at the first packet
  }

  /** How many streams are tracked. */
  get size(): number {
    return this.streams.size;
  }

  /** The stream of `ssrc`, if tracked. */
  get(ssrc: number): ReceiveStream | undefined {
    return this.streams.get(ssrc);
  }

  /**
   * Adds the stream of `ssrc`, called once its first packet authenticated (so only a keyed
   * peer makes streams). At the cap, the stream idle longest goes: it loses its replay list
   * and ROC, so a packet of that SSRC replayed later is taken once more; a peer has to keep
   * more than `maxStreams` SSRCs busy for that to matter.
   */
  add(ssrc: number, firstSeq: number | undefined): ReceiveStream {
    if (this.streams.size >= this.maxStreams) {
      let oldest: number | undefined;
      let oldestTick = Infinity;
      // Linear, but only when a new authenticated SSRC arrives at the cap.
      for (const [key, s] of this.streams) {
        if (s.lastUsed < oldestTick) {
          oldestTick = s.lastUsed;
          oldest = key;
        }
      }
      if (oldest !== undefined) this.streams.delete(oldest);
      this.evicted++;
    }
    const stream = new ReceiveStream(this.windowSize, firstSeq);
    this.streams.set(ssrc, stream);
    return stream;
  }

  /** Marks `stream` used now. */
  touch(stream: ReceiveStream): void {
    stream.lastUsed = ++this.tick;
  }
}
