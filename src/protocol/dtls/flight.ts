// Outgoing flights and their retransmission timer (RFC 6347 §4.2.4): the last flight is
// kept, resent with exponential back-off until the peer's next flight arrives.
import type { FlightItem, RecordLayer } from './record-layer.js';

/** Timer settings for retransmissions. */
export interface FlightTiming {
  /** First timeout (RFC 6347 §4.2.4.1: 1 s). */
  initialRtoMs: number;
  /** Cap on the doubled timeout (RFC 6347 §4.2.4.1: 60 s). */
  maxRtoMs: number;
  /** Retransmissions of one flight before giving up. */
  maxRetransmissions: number;
}

/** What a timer expiry did. */
export type TimeoutResult = 'idle' | 'retransmitted' | 'gave-up';

/** Builds, sends and retransmits our handshake flights. */
export class FlightSender {
  /** message_seq of our next handshake message (RFC 6347 §4.2.2). */
  nextMessageSeq = 0;
  private building: FlightItem[] = [];
  private buildingEpoch = 0;
  private flight: FlightItem[] = [];
  private sentAtMs = 0;
  private retransmits = 0;
  private rtoMs: number;
  private deadline: number | undefined;

  /** Packs with `records` into datagrams of `mtu` bytes, handed to `output`. */
  constructor(
    private readonly records: RecordLayer,
    private readonly mtu: number,
    private readonly timing: FlightTiming,
    private readonly output: (datagram: Uint8Array) => void,
  ) {
    this.rtoMs = timing.initialRtoMs;
  }

  /** When the retransmission timer fires, if it runs. */
  get deadlineMs(): number | undefined {
    return this.deadline;
  }

  /** Appends a handshake message to the flight being built; returns its message_seq. */
  queueMessage(msgType: number, body: Uint8Array): number {
    const messageSeq = this.nextMessageSeq++;
    this.building.push({ kind: 'handshake', msgType, messageSeq, body, epoch: this.buildingEpoch });
    return messageSeq;
  }

  /** Appends a ChangeCipherSpec; later messages go out in epoch 1. */
  queueChangeCipherSpec(): void {
    this.building.push({ kind: 'ccs' });
    this.buildingEpoch = 1;
  }

  /** Sends the built flight, which replaces the previous one; `awaitReply` arms the timer. */
  send(awaitReply: boolean, nowMs: number): void {
    // RFC 6347 §4.2.4.1: keep a backed-off timer until a flight goes through without loss.
    if (this.retransmits === 0) this.rtoMs = this.timing.initialRtoMs;
    this.flight = this.building;
    this.building = [];
    this.retransmits = 0;
    this.transmit(nowMs);
    this.deadline = awaitReply ? nowMs + this.rtoMs : undefined;
  }

  /** Retransmits if the timer has expired. */
  onTimeout(nowMs: number): TimeoutResult {
    if (this.deadline === undefined || nowMs < this.deadline) return 'idle';
    if (this.retransmits >= this.timing.maxRetransmissions) {
      this.clear();
      return 'gave-up';
    }
    this.retransmits++;
    // RFC 6347 §4.2.4.1: double the timer at each retransmission, up to the maximum.
    this.rtoMs = Math.min(this.rtoMs * 2, this.timing.maxRtoMs);
    this.transmit(nowMs);
    this.deadline = nowMs + this.rtoMs;
    return 'retransmitted';
  }

  /**
   * RFC 6347 §4.2.4: a retransmitted flight from the peer means ours was lost; resend it.
   * Copies arriving within a quarter of the initial timeout of our last send are taken as
   * network duplicates, so a duplicating path does not multiply flights.
   */
  onPeerRetransmission(nowMs: number): boolean {
    if (this.flight.length === 0 || nowMs - this.sentAtMs < this.timing.initialRtoMs / 4) return false;
    this.transmit(nowMs);
    return true;
  }

  /** Stops the timer but keeps the flight for answering peer retransmissions. */
  stopTimer(): void {
    this.deadline = undefined;
  }

  /** Stops the timer and forgets the flight. */
  clear(): void {
    this.deadline = undefined;
    this.flight = [];
  }

  private transmit(nowMs: number): void {
    for (const d of this.records.packFlight(this.flight, this.mtu)) this.output(d);
    this.sentAtMs = nowMs;
  }
}
