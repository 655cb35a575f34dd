// The association's timers: what each does when it fires (RFC 9260 §5.1 T1-init, §6.3.3
// T3-rtx, §8.3 HEARTBEAT, §9.2 T2-shutdown; RFC 6525 §5.1.1 stream reset; RFC 8899 §4.3 black
// holes) and when the next one is due. The public API is in association.ts.
import { ChunkType } from './constants.js';
import { AssociationInput } from './association-input.js';
import { buildPacket } from './packet-builder.js';

/** Timer handling shared by SctpAssociation. */
export abstract class AssociationTimers extends AssociationInput {
  /** Runs the timers due at `nowMs` (the association has not ended). */
  protected runTimers(nowMs: number): void {
    if (this.initFallbackAtMs !== undefined && nowMs >= this.initFallbackAtMs) {
      this.initFallbackAtMs = undefined;
      if (this.state === 'closed') this.connect(nowMs);
    }
    if (this.t1AtMs !== undefined && nowMs >= this.t1AtMs) this.onT1();
    if (this.t2AtMs !== undefined && nowMs >= this.t2AtMs) this.onT2();
    const s = this.sender;
    if (s?.t3AtMs !== undefined && nowMs >= s.t3AtMs && !this.ended) {
      if (s.onT3Expiry(nowMs, this.opts.maxRetransmissions)) {
        this.fail('too many retransmissions');
        return;
      }
      // RFC 8899 §4.3: a timeout at a probed size may be a black hole; go back to the base
      // and search again from there (§5.2) a probe timeout later.
      if (this.pmtu?.onBlackHole(nowMs + this.probeTimeoutMs())) this.setMtu(this.pmtu.base);
    }
    if (this.sackAtMs !== undefined && nowMs >= this.sackAtMs) {
      this.sackAtMs = undefined;
      this.sackNow = true;
    }
    if (this.hbAtMs !== undefined && nowMs >= this.hbAtMs) this.onHeartbeatTimer();
    const r = this.reset;
    if (r?.retryAtMs !== undefined && nowMs >= r.retryAtMs && r.pending !== undefined) {
      // RFC 6525 §5.1.1: an unanswered request goes again under the rules of T3-rtx: the
      // association's error counter (RFC 9260 §8.1) and a backed-off RTO. A request the
      // peer answered "in progress" (§5.2.2) is asked again without counting an error.
      if (!r.inProgress) {
        if (this.countError()) {
          this.fail('stream reset request unanswered');
          return;
        }
        this.rto.backOff();
      }
      r.inProgress = false;
      this.control.push({ type: ChunkType.RE_CONFIG, params: [r.pending.param] });
      r.retryAtMs = nowMs + this.rto.rtoMs;
    }
  }

  /** The earliest timer, or undefined when none runs. */
  protected timerDeadline(): number | undefined {
    let t: number | undefined;
    const min = (v: number | undefined): void => {
      if (v !== undefined && (t === undefined || v < t)) t = v;
    };
    min(this.initFallbackAtMs);
    min(this.t1AtMs);
    min(this.t2AtMs);
    min(this.sender?.t3AtMs);
    min(this.sackAtMs);
    min(this.hbAtMs);
    min(this.reset?.retryAtMs);
    if (this.state === 'established') min(this.pmtu?.timeoutMs);
    return t;
  }

  /** How long a PMTU probe waits for its HEARTBEAT ACK (RFC 8899 §5.1.1 PROBE_TIMER). */
  protected probeTimeoutMs(): number {
    return Math.max(this.rto.rtoMs, 200);
  }

  private onT1(): void {
    if (++this.t1Count > this.opts.maxInitRetransmissions) {
      this.fail('handshake timed out');
      return;
    }
    this.rto.backOff();
    if (this.state === 'cookie-wait') this.sendInit();
    else if (this.state === 'cookie-echoed' && this.cookieEcho !== undefined) {
      this.control.unshift(this.cookieEcho);
      this.t1AtMs = this.nowMs + this.rto.rtoMs;
    } else this.t1AtMs = undefined;
  }

  private onT2(): void {
    if (++this.t2Count > this.opts.maxRetransmissions) {
      this.fail('shutdown timed out');
      return;
    }
    this.rto.backOff();
    this.t2AtMs = this.nowMs + this.rto.rtoMs;
    // RFC 9260 §9.2: T2-shutdown retransmits SHUTDOWN or SHUTDOWN ACK.
    if (this.state === 'shutdown-sent') this.control.push({ type: ChunkType.SHUTDOWN, cumTsnAck: this.tracker!.cumTsn });
    else if (this.state === 'shutdown-ack-sent') this.control.push({ type: ChunkType.SHUTDOWN_ACK });
  }

  private onHeartbeatTimer(): void {
    if (this.state !== 'established' || this.opts.heartbeatIntervalMs <= 0) {
      this.hbAtMs = undefined;
      return;
    }
    // RFC 9260 §8.3: an unanswered HEARTBEAT counts as an error (§8.1: the association's).
    if (this.hbNonce !== undefined && this.countError()) {
      this.fail('peer stopped answering heartbeats');
      return;
    }
    const info = new Uint8Array(12);
    const nonce = this.opts.random.uint32() >>> 0;
    this.hbNonce = nonce;
    this.hbSentAtMs = this.nowMs;
    info.set([nonce >>> 24, nonce >>> 16, nonce >>> 8, nonce]);
    this.control.push({ type: ChunkType.HEARTBEAT, info });
    this.hbAtMs = this.nowMs + this.opts.heartbeatIntervalMs + this.rto.rtoMs;
  }

  /** RFC 9260 §9.2: SHUTDOWN or SHUTDOWN ACK is out: T2-shutdown starts, T3-rtx stops. */
  protected startT2(): void {
    this.t2Count = 0;
    this.t2AtMs = this.nowMs + this.rto.rtoMs;
    this.sender!.t3AtMs = undefined;
  }

  /** Sends our INIT and starts T1-init (RFC 9260 §5.1 A). */
  protected sendInit(): void {
    this.rawOut.push(buildPacket(this.opts.localPort, this.opts.remotePort, 0, [this.initChunk!]));
    this.t1AtMs = this.nowMs + this.rto.rtoMs;
  }
}
