// Stream reconfiguration bookkeeping: outgoing SSN reset requests we send and the requests
// we answer (RFC 6525 §5.1.2, §5.2.1, §5.2.2).
import {
  ReconfigResult,
  type OutgoingResetParam,
  type ReconfigParam,
  type ReconfigResponseParam,
} from './chunk-reconfig.js';
import { tsnAdd, tsnLte } from './serial.js';

/** A request of ours waiting for its response. */
interface PendingRequest {
  param: OutgoingResetParam;
}

/** What answering a peer request produced. */
export interface RequestOutcome {
  response: ReconfigResponseParam;
  /** Incoming streams reset now (deliver a 'stream-reset' event). */
  performed?: number[];
}

/** What a response to our request means. */
export type ResponseOutcome =
  | { kind: 'done'; streamIds: number[]; ok: boolean }
  | { kind: 'retry' }
  | { kind: 'ignored' };

/** Request sequence numbers and the one request each side may have outstanding. */
export class StreamReset {
  /** Our request in flight, if any. */
  pending: PendingRequest | undefined;
  /** When to retransmit the pending request. */
  retryAtMs: number | undefined;
  /** The peer answered the pending request "in progress" (RFC 6525 §5.2.2): a retry is no error. */
  inProgress = false;
  private nextRequestSeq: number;
  private peerExpectedSeq: number;
  private lastResponse: ReconfigResponseParam | undefined;
  /** A peer request we accepted but could not perform yet (deferred reset processing). */
  private deferred: OutgoingResetParam | undefined;

  /** RFC 6525 §5.1.1: both sides start request numbers at their initial TSN. */
  constructor(localInitialTsn: number, peerInitialTsn: number) {
    this.nextRequestSeq = localInitialTsn;
    this.peerExpectedSeq = peerInitialTsn;
  }

  /** Builds our Outgoing SSN Reset Request (RFC 6525 §5.1.2). */
  request(streamIds: number[], senderLastTsn: number): OutgoingResetParam {
    const param: OutgoingResetParam = {
      kind: 'outgoing-reset',
      requestSeq: this.nextRequestSeq,
      responseSeq: tsnAdd(this.peerExpectedSeq, -1),
      senderLastTsn,
      streamIds,
    };
    this.nextRequestSeq = tsnAdd(this.nextRequestSeq, 1);
    this.pending = { param };
    this.inProgress = false;
    return param;
  }

  /** Answers a peer request; `cumTsn` is our receiver's cumulative TSN. */
  onRequest(p: ReconfigParam, cumTsn: number): RequestOutcome | undefined {
    if (p.kind === 'response') return undefined;
    const seq = p.kind === 'other' ? undefined : p.requestSeq;
    if (seq === undefined) {
      return { response: { kind: 'response', responseSeq: 0, result: ReconfigResult.DENIED } };
    }
    // RFC 6525 §5.2.1: a retransmitted request gets the same response again.
    if (seq === tsnAdd(this.peerExpectedSeq, -1) && this.lastResponse !== undefined) {
      if (this.deferred === undefined || this.deferred.requestSeq !== seq) return { response: this.lastResponse };
      const r = this.tryDeferred(cumTsn);
      return { response: this.lastResponse, ...r };
    }
    if (seq !== this.peerExpectedSeq) {
      return { response: { kind: 'response', responseSeq: seq, result: ReconfigResult.ERROR_BAD_SEQUENCE_NUMBER } };
    }
    this.peerExpectedSeq = tsnAdd(seq, 1);
    if (p.kind !== 'outgoing-reset') {
      // This stack never asks the peer to reset for it; WebRTC uses outgoing resets only.
      this.lastResponse = { kind: 'response', responseSeq: seq, result: ReconfigResult.DENIED };
      return { response: this.lastResponse };
    }
    if (tsnLte(p.senderLastTsn, cumTsn)) {
      this.lastResponse = { kind: 'response', responseSeq: seq, result: ReconfigResult.SUCCESS_PERFORMED };
      return { response: this.lastResponse, performed: p.streamIds };
    }
    // RFC 6525 §5.2.2: data up to the sender's last TSN is still missing: defer the reset.
    this.deferred = p;
    this.lastResponse = { kind: 'response', responseSeq: seq, result: ReconfigResult.IN_PROGRESS };
    return { response: this.lastResponse };
  }

  /** Performs a deferred reset once the cumulative TSN reached the sender's last TSN. */
  checkDeferred(cumTsn: number): number[] | undefined {
    return this.tryDeferred(cumTsn).performed;
  }

  private tryDeferred(cumTsn: number): { performed?: number[] } {
    const d = this.deferred;
    if (d === undefined || !tsnLte(d.senderLastTsn, cumTsn)) return {};
    this.deferred = undefined;
    this.lastResponse = { kind: 'response', responseSeq: d.requestSeq, result: ReconfigResult.SUCCESS_PERFORMED };
    return { performed: d.streamIds };
  }

  /** Handles a response to our pending request. */
  onResponse(p: ReconfigResponseParam): ResponseOutcome {
    const pending = this.pending;
    if (pending === undefined || p.responseSeq !== pending.param.requestSeq) return { kind: 'ignored' };
    if (p.result === ReconfigResult.IN_PROGRESS) {
      this.inProgress = true;
      return { kind: 'retry' };
    }
    this.pending = undefined;
    this.retryAtMs = undefined;
    this.inProgress = false;
    const ok = p.result === ReconfigResult.SUCCESS_PERFORMED || p.result === ReconfigResult.SUCCESS_NOTHING_TO_DO;
    return { kind: 'done', streamIds: pending.param.streamIds, ok };
  }
}
