// The anti-replay sliding window (RFC 6347 §4.1.2.6, after RFC 4303 §3.4.3).

/** Window size in records; RFC 6347 §4.1.2.6 asks for at least 32 and recommends 64. */
export const REPLAY_WINDOW_SIZE = 64;

/** Tracks which record sequence numbers of one epoch have been received. */
export class ReplayWindow {
  private top = -1; // highest sequence number accepted so far
  private readonly seen = new Uint8Array(REPLAY_WINDOW_SIZE);

  /** Whether `seq` is new: above the window, or inside it and not yet seen. */
  isFresh(seq: number): boolean {
    if (seq > this.top) return true;
    if (seq <= this.top - REPLAY_WINDOW_SIZE) return false; // RFC 6347 §4.1.2.6: left of window: reject
    return this.seen[seq % REPLAY_WINDOW_SIZE] === 0;
  }

  /** Marks `seq` received; call only after the record authenticated (RFC 6347 §4.1.2.6). */
  accept(seq: number): void {
    if (seq > this.top) {
      const shift = seq - this.top;
      if (shift >= REPLAY_WINDOW_SIZE) this.seen.fill(0);
      else for (let s = this.top + 1; s < seq; s++) this.seen[s % REPLAY_WINDOW_SIZE] = 0;
      this.top = seq;
    }
    this.seen[seq % REPLAY_WINDOW_SIZE] = 1;
  }
}
