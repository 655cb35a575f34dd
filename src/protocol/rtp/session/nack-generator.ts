// The receive side's NACK list (RFC 4585 §6.2.1, RFC 4588): sequence numbers found missing are
// requested once they are late enough not to be mere reordering, asked again at RTT spacing,
// and given up after a number of tries or an age. Bounded: a gap too large to repair clears
// the list and asks for a key frame instead (as libwebrtc's NackRequester does).

/** Tunables of a NackGenerator. */
export interface NackGeneratorOptions {
  /** A missing packet is first requested this long after it was found missing. */
  reorderWaitMs: number;
  /** Requests per packet before it is given up. */
  maxRetries: number;
  /** Age (since found missing) after which a packet is given up. */
  maxAgeMs: number;
  /** Most packets on the list; a larger gap clears it (default 500). */
  maxListSize?: number;
}

interface Missing {
  foundMs: number;
  /** When it was last requested (undefined before the first request). */
  requestedMs: number | undefined;
  requests: number;
}

/** The least time between two requests of one packet, whatever the RTT. */
const MIN_RETRY_MS = 10;

/** Tracks the missing packets of one SSRC by extended sequence number. */
export class NackGenerator {
  /** Missing packets; insertion order is ascending sequence order (gaps are added in order). */
  private readonly missing = new Map<number, Missing>();
  private highest: number | undefined;
  private nextDue: number | undefined;
  private readonly maxListSize: number;
  /** Sequence numbers put in NACKs (each retry counts). */
  requested = 0;
  /** Packets given up after their retries or age. */
  gaveUp = 0;
  /** Missing packets that arrived later (reordered or retransmitted). */
  recovered = 0;

  /** Builds an empty list. */
  constructor(private readonly options: NackGeneratorOptions) {
    this.maxListSize = options.maxListSize ?? 500;
  }

  /** Packets on the list now. */
  get size(): number {
    return this.missing.size;
  }

  /**
   * Notes a packet at `extended`. Returns true when the list overflowed (a gap over the list
   * size, or the list grew past it) and was cut: the caller asks for a key frame.
   */
  onPacket(extended: number, nowMs: number): boolean {
    if (this.highest === undefined) {
      this.highest = extended;
      return false;
    }
    if (extended <= this.highest) {
      if (this.missing.delete(extended)) this.recovered++;
      return false;
    }
    const gap = extended - this.highest - 1;
    this.highest = extended;
    if (gap === 0) return false;
    if (gap > this.maxListSize) {
      this.gaveUp += this.missing.size + gap;
      this.missing.clear();
      return true;
    }
    for (let s = extended - gap; s < extended; s++) this.missing.set(s, { foundMs: nowMs, requestedMs: undefined, requests: 0 });
    const due = nowMs + this.options.reorderWaitMs;
    if (this.nextDue === undefined || due < this.nextDue) this.nextDue = due;
    let overflowed = false;
    for (const s of this.missing.keys()) {
      if (this.missing.size <= this.maxListSize) break;
      this.missing.delete(s);
      this.gaveUp++;
      overflowed = true;
    }
    return overflowed;
  }

  /** Forgets packets before `extended` (the jitter buffer moved past them). */
  dropBefore(extended: number): void {
    for (const s of this.missing.keys()) {
      if (s >= extended) break;
      this.missing.delete(s);
      this.gaveUp++;
    }
  }

  /** Forgets everything (a sequence restart or a new SSRC). */
  reset(): void {
    this.missing.clear();
    this.highest = undefined;
    this.nextDue = undefined;
  }

  /** The spacing between two requests of one packet: a little over one round trip. */
  private retryMs(rttMs: number): number {
    return Math.max(MIN_RETRY_MS, rttMs * 1.25 + 5);
  }

  /**
   * The extended sequence numbers to request at `nowMs` (ascending), marking them requested;
   * packets past their retries or age are given up first.
   */
  poll(nowMs: number, rttMs: number): number[] {
    if (this.nextDue === undefined || nowMs < this.nextDue) return [];
    const out: number[] = [];
    const retry = this.retryMs(rttMs);
    let nextDue: number | undefined;
    for (const [s, m] of this.missing) {
      if (m.requests >= this.options.maxRetries || nowMs - m.foundMs >= this.options.maxAgeMs) {
        this.missing.delete(s);
        this.gaveUp++;
        continue;
      }
      const due = m.requestedMs === undefined ? m.foundMs + this.options.reorderWaitMs : m.requestedMs + retry;
      if (nowMs >= due) {
        out.push(s);
        m.requestedMs = nowMs;
        m.requests++;
        this.requested++;
      }
      const next = Math.min(m.requestedMs === undefined ? due : m.requestedMs + retry, m.foundMs + this.options.maxAgeMs);
      if (nextDue === undefined || next < nextDue) nextDue = next;
    }
    this.nextDue = nextDue;
    return out;
  }

  /** When `poll` next has something to do, or undefined. */
  nextTimeoutMs(): number | undefined {
    return this.missing.size === 0 ? undefined : this.nextDue;
  }
}
