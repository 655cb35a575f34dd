// 16-bit RTP sequence numbers: serial comparison (RFC 1982 ideas, as RFC 3550 Appendix A.1
// uses them) and unwrapping to an extended counter that does not wrap.

/** The signed distance from `from` to `to` on the 16-bit circle, in [-32768, 32767]. */
export function sequenceDelta(from: number, to: number): number {
  return (((to - from) & 0xffff) << 16) >> 16;
}

/** Whether `a` comes after `b` on the 16-bit circle (half the space ahead counts as after). */
export function isNewerSequence(a: number, b: number): boolean {
  return sequenceDelta(b, a) > 0;
}

/**
 * Turns 16-bit sequence numbers into an extended count that keeps counting across wraps
 * (RFC 3550 Appendix A.1 keeps a cycle count; this keeps the last extended value instead).
 * Each value is placed within ±32768 of the previous one, so reordering and duplicates near
 * a wrap land on the right cycle. The first value is returned as is; one arriving up to
 * 32768 behind it comes out negative. Exact up to 2^53, so it never wraps in practice.
 */
export class SequenceUnwrapper {
  private last: number | undefined;
  private max: number | undefined;

  /** The extended value of `sequence` (0-65535), remembered as the reference for the next. */
  unwrap(sequence: number): number {
    const extended = this.last === undefined ? sequence & 0xffff : this.last + sequenceDelta(this.last, sequence);
    this.last = extended;
    if (this.max === undefined || extended > this.max) this.max = extended;
    return extended;
  }

  /** The extended value `sequence` would get, without remembering it. */
  peek(sequence: number): number {
    return this.last === undefined ? sequence & 0xffff : this.last + sequenceDelta(this.last, sequence);
  }

  /** The highest extended value seen (RFC 3550 §6.4.1 "extended highest sequence number received"), or undefined. */
  get highest(): number | undefined {
    return this.max;
  }

  /** Forgets everything: the next value starts a new count (an SSRC change). */
  reset(): void {
    this.last = undefined;
    this.max = undefined;
  }
}
