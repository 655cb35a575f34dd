// RTCRtpEncodingParameters.maxBitrate (W3C webrtc §5.2) applied to whole frames before they
// are packetized: a token bucket at the rate; a frame it cannot pay for is dropped, and in
// video every frame after it until a key frame (the ones between reference the dropped one),
// which is asked of the source once the bucket has recovered. Sans-IO: time comes in.

/** What the budget says of a frame. */
export type FrameVerdict = 'send' | 'drop';

/** How a frame depends on others: a video key frame, a video delta frame, or an audio frame (independent). */
export type FrameDependency = 'key' | 'delta' | 'independent';

/** The burst the bucket holds: this many ms at the rate. */
const BURST_MS = 500;
/** A key frame request the source left unanswered is repeated after this long. */
const ASK_AGAIN_MS = 1000;

/** A frame-level token bucket for one encoding. */
export class FrameBudget {
  private rateBps: number | undefined;
  private tokensBits = 0;
  private atMs: number | undefined;
  private waitingForKey = false;
  private askedAtMs: number | undefined;
  /** Frames dropped so far. */
  framesDropped = 0;
  /** Bytes of the frames dropped. */
  bytesDropped = 0;

  /** Sets (or clears, undefined) the rate in bits per second. */
  setRate(rateBps: number | undefined): void {
    if (rateBps === this.rateBps) return;
    this.rateBps = rateBps;
    this.atMs = undefined;
    if (rateBps === undefined) this.waitingForKey = false;
  }

  private refill(nowMs: number): void {
    const rate = this.rateBps!;
    const capacity = (rate * BURST_MS) / 1000;
    this.tokensBits = this.atMs === undefined ? capacity : Math.min(capacity, this.tokensBits + ((nowMs - this.atMs) * rate) / 1000);
    this.atMs = nowMs;
  }

  /** Whether a frame of `bytes` goes out at `nowMs` (it is paid for when it does). */
  admit(bytes: number, dependency: FrameDependency, nowMs: number): FrameVerdict {
    if (this.rateBps === undefined) return 'send';
    this.refill(nowMs);
    const bits = bytes * 8;
    const capacity = (this.rateBps * BURST_MS) / 1000;
    let send: boolean;
    if (dependency === 'key') {
      // A key frame may go into debt of one burst: it is what repairs the stream after drops.
      send = this.tokensBits > -capacity && (this.waitingForKey || this.tokensBits >= bits || this.tokensBits >= capacity / 2);
    } else if (dependency === 'delta') {
      send = !this.waitingForKey && this.tokensBits >= bits;
    } else {
      send = this.tokensBits >= bits;
    }
    if (!send) {
      this.framesDropped++;
      this.bytesDropped += bytes;
      if (dependency !== 'independent' && !this.waitingForKey) {
        this.waitingForKey = true;
        this.askedAtMs = undefined;
      }
      return 'drop';
    }
    this.tokensBits -= bits;
    if (dependency === 'key') this.waitingForKey = false;
    return 'send';
  }

  /**
   * True when video frames were dropped, no key frame came since, the bucket is half full and
   * no request went in the last second: the caller asks the source for a key frame.
   */
  takeKeyFrameRequest(nowMs: number): boolean {
    if (!this.waitingForKey || this.rateBps === undefined) return false;
    if (this.askedAtMs !== undefined && nowMs - this.askedAtMs < ASK_AGAIN_MS) return false;
    this.refill(nowMs);
    if (this.tokensBits < (this.rateBps * BURST_MS) / 1000 / 2) return false;
    this.askedAtMs = nowMs;
    return true;
  }
}
