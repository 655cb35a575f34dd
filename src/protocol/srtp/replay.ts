// The SRTP and SRTCP replay list as a sliding window (RFC 3711 §3.3.2, after RFC 2401
// Appendix C), over packet indexes below 2^53.

/** What a window says about an index. */
export type ReplayVerdict = 'fresh' | 'replayed' | 'too-old';

/** Default window size: libsrtp's 128 (RFC 3711 §3.3.2 asks for at least 64). */
export const DEFAULT_REPLAY_WINDOW = 128;
/** Largest window accepted (Chromium's video window is 1024). */
export const MAX_REPLAY_WINDOW = 32768;

/** Which of the last `size` indexes at or below the highest one have been received. */
export class ReplayWindow {
  private top = -1; // highest index accepted so far; -1 before the first
  private readonly bits: Uint32Array;

  /** A window of `size` indexes, a power of two from 32 to MAX_REPLAY_WINDOW. */
  constructor(readonly size: number = DEFAULT_REPLAY_WINDOW) {
    if (!Number.isInteger(size) || size < 32 || size > MAX_REPLAY_WINDOW || (size & (size - 1)) !== 0) {
      throw new RangeError(`replay window of ${size} (a power of two from 32 to ${MAX_REPLAY_WINDOW})`);
    }
    this.bits = new Uint32Array(size / 32);
  }

  /** The highest index accepted, or -1. */
  get highest(): number {
    return this.top;
  }

  /** Whether `index` may be accepted; changes nothing (RFC 3711 §3.3.2: check first, update after authentication). */
  check(index: number): ReplayVerdict {
    if (index > this.top) return 'fresh';
    // RFC 3711 §3.3.2: an index left of the window is "too old" and is discarded.
    if (this.top - index >= this.size) return 'too-old';
    return this.has(index) ? 'replayed' : 'fresh';
  }

  /** Records `index` as received; only after the packet authenticated (RFC 3711 §3.3.2). */
  accept(index: number): void {
    if (index > this.top) {
      const shift = index - this.top;
      if (shift >= this.size || this.top < 0) this.bits.fill(0);
      else for (let i = this.top + 1; i < index; i++) this.clear(i);
      this.top = index;
    }
    const slot = index % this.size; // indexes reach 2^48: no 32-bit masking
    this.bits[slot >>> 5]! |= 1 << (slot & 31);
  }

  private has(index: number): boolean {
    const slot = index % this.size;
    return (this.bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  private clear(index: number): void {
    const slot = index % this.size;
    this.bits[slot >>> 5]! &= ~(1 << (slot & 31));
  }
}
