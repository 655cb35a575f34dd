// The SRTP packet index from a 16-bit sequence number (RFC 3711 §3.3.1, Appendix A).

/**
 * The rollover counter v to use for sequence number `seq` given the stream's ROC and
 * highest sequence number s_l (RFC 3711 Appendix A). It is ROC - 1, ROC or ROC + 1; -1
 * (a packet from before the first one seen, across a wrap) and 2^32 (past the last ROC)
 * are returned as they are, for the caller to refuse rather than wrap.
 */
export function estimateRoc(roc: number, highestSeq: number, seq: number): number {
  if (highestSeq < 32768) {
    // RFC 3711 Appendix A: if SEQ - s_l > 32768 then v = ROC - 1 else v = ROC.
    return seq - highestSeq > 32768 ? roc - 1 : roc;
  }
  // RFC 3711 Appendix A: if s_l - 32768 > SEQ then v = ROC + 1 else v = ROC.
  return highestSeq - 32768 > seq ? roc + 1 : roc;
}

/** The 48-bit packet index i = 2^16 * ROC + SEQ (RFC 3711 §3.3.1). */
export function packetIndex(roc: number, seq: number): number {
  return roc * 0x10000 + seq;
}

/** Largest rollover counter: ROC is 32 bits (RFC 3711 §3.2.1). */
export const MAX_ROC = 0xffffffff;

/** ROC and highest sequence number of one SSRC, in either direction. */
export class RocState {
  /** ROC, the rollover counter. */
  roc = 0;
  /** s_l, the highest sequence number seen (with ROC). */
  highestSeq: number;

  /** Starts at the first sequence number, with ROC 0 (RFC 3711 §3.3.1). */
  constructor(firstSeq: number) {
    this.highestSeq = firstSeq;
  }

  /** The ROC for `seq`: -1 or MAX_ROC + 1 when it falls outside the counter's range. */
  estimate(seq: number): number {
    return estimateRoc(this.roc, this.highestSeq, seq);
  }

  /**
   * Updates ROC and s_l after the packet with `seq` at ROC `v` was accepted (RFC 3711
   * §3.3.1: "update ROC and s_l" only once the packet authenticated, §3.3 step 7).
   */
  update(v: number, seq: number): void {
    if (v > this.roc) {
      this.roc = v;
      this.highestSeq = seq;
    } else if (v === this.roc && seq > this.highestSeq) {
      this.highestSeq = seq;
    }
  }
}
