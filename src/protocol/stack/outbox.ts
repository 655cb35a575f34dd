// The datagrams a TransportStack has ready, in order. Small DTLS datagrams to one address may
// share a datagram: RFC 6347 §4.1.1 allows several records per datagram, and a Finished
// with the SCTP chunks it unlocks then costs the peer one wake-up instead of two.
import { sameAddress, type Transmit } from '../types.js';

/** Largest datagram that small DTLS datagrams are merged into: the 1200 bytes every path carries. */
export const MERGE_LIMIT = 1200;

/** A FIFO of datagrams to send. */
export class Outbox {
  private readonly queue: Transmit[] = [];
  /** The last queued transmit, when it is a DTLS datagram others may join. */
  private dtlsTail: Transmit | undefined;

  /** Queues a datagram that joins nothing (STUN). */
  push(tx: Transmit): void {
    this.queue.push(tx);
  }

  /**
   * Queues a DTLS datagram; with `merge`, it joins the last queued one when that is DTLS
   * to the same address from the same base and both fit in MERGE_LIMIT.
   */
  pushDtls(tx: Transmit, merge: boolean): void {
    const n = this.queue.length;
    const last = n > 0 ? this.queue[n - 1]! : undefined;
    if (
      merge &&
      last !== undefined &&
      last === this.dtlsTail &&
      last.data.length + tx.data.length <= MERGE_LIMIT &&
      sameAddress(last.to, tx.to) &&
      (last.from === tx.from || (last.from !== undefined && tx.from !== undefined && sameAddress(last.from, tx.from)))
    ) {
      const joined = new Uint8Array(last.data.length + tx.data.length);
      joined.set(last.data, 0);
      joined.set(tx.data, last.data.length);
      last.data = joined;
      return;
    }
    this.queue.push(tx);
    this.dtlsTail = tx;
  }

  /** The oldest datagram, or undefined. */
  shift(): Transmit | undefined {
    const tx = this.queue.shift();
    if (tx === this.dtlsTail) this.dtlsTail = undefined;
    return tx;
  }
}
