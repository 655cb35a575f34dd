// The IceAgent's wire handling: connectivity checks and their answers (RFC 8445 §7.2,
// §7.3), pacing (§6.1.4.2), consent requests (RFC 7675) and srflx gathering (§5.1.1.2).
import {
  ParseError,
  StunMethod,
  StunTransaction,
  getErrorCode,
  getMappedAddress,
  getXorMappedAddress,
  newTransactionId,
  serializeMessage,
  transactionKey,
  verifyMessageIntegrity,
  type StunMessage,
} from '../stun/index.js';
import { addressKey, isLoopback, sameAddress, type Address } from '../types.js';
import { AgentCore, NOMINATION_ATTEMPTS, type Pending } from './agent-core.js';
import type { LocalCandidate, TcpType } from './candidate.js';
import type { CandidatePair } from './checklist.js';
import { buildCheck, splitUsername, validateRequest, type RejectedRequest } from './messages.js';

/** RFC 6544 §6.2: the direction of the remote candidate a TCP check came from, by ours. */
const TCP_COUNTERPART: Readonly<Record<TcpType, TcpType>> = { active: 'passive', passive: 'active', so: 'so' };

// RFC 8445 §7.3.1.1: the error a losing role-conflict request gets.
const ROLE_CONFLICT: RejectedRequest = { ok: false, code: 487, reason: 'Role Conflict', authenticated: true };

/** Check, consent and gathering transactions on top of the agent's state; see IceAgent. */
export abstract class AgentChecks extends AgentCore {
  // ---- connectivity checks (RFC 8445 §7.2, §7.3) ----

  protected handleRequest(msg: StunMessage, from: Address, to: Address, nowMs: number): void {
    const host = this.locals.baseFor(to);
    if (!host) {
      this.stats.unknownBase++;
      return;
    }
    // Loopback and other addresses never pair (see formPair): a check reaching a loopback
    // base from another of this host's addresses, or the reverse, is left unanswered.
    if (isLoopback(to.address) !== isLoopback(from.address)) {
      this.stats.crossLoopback++;
      return;
    }
    const ufrags = splitUsername(msg);
    const old = this.previous !== undefined && ufrags?.[0] === this.previous.ufrag ? this.previous : undefined;
    const ufrag = old ? old.ufrag : this.localUfrag;
    const key = old ? old.key : this.localKey;
    const v = validateRequest(msg, ufrag, key);
    if (!v.ok) return this.reject(msg, v, to, from, key);
    this.noteReceived(from, to, nowMs);
    // RFC 7675 §5.1: once consent is lost we stop sending anything on the path.
    if (this.consentLost) return;
    if (old) return this.answer(msg, from, to, key, this.pairOn(to, from)); // consent for the pre-restart pair
    // RFC 8445 §7.3.1.1: role conflict repair by tie-breaker.
    if (this.controllingRole && v.controlling !== undefined) {
      if (this.tieBreaker >= v.controlling) return this.reject(msg, ROLE_CONFLICT, to, from, key);
      this.setRole(false);
    } else if (!this.controllingRole && v.controlled !== undefined) {
      if (this.tieBreaker < v.controlled) return this.reject(msg, ROLE_CONFLICT, to, from, key);
      this.setRole(true);
    }
    // RFC 8445 §7.3.1.3: an unknown source is a peer-reflexive remote candidate.
    const remote = this.remotes.find(from) ?? this.remotes.learn(from, v.priority, host.tcpType && TCP_COUNTERPART[host.tcpType]);
    let pair = this.checklist.find(host.base, from);
    if (pair === undefined && remote !== undefined && (this.checklist.pairs.length < this.opts.maxPairs || this.dropLowestUnchecked())) {
      pair = this.checklist.add(host, remote, this.controllingRole);
    }
    if (pair === undefined) {
      // No room for the candidate (MAX_REMOTE_CANDIDATES) or its pair (maxPairs): the check
      // is answered, as it authenticated, but triggers nothing.
      if (remote === undefined) this.stats.remoteCandidatesDropped++;
      else this.stats.pairsDropped++;
      return this.answer(msg, from, to, key);
    }
    // RFC 8445 §7.3.1.4: the triggered check.
    this.answer(msg, from, to, key, pair);
    pair.heardFrom = true;
    if (pair.state === 'in-progress') {
      this.pending.get(pair.transactionKey ?? '')?.tx.cancel();
      pair.transactionKey = undefined;
    }
    if (pair.state !== 'succeeded') this.checklist.trigger(pair);
    // RFC 8445 §7.3.1.5: the controlled agent learns nominations from USE-CANDIDATE.
    if (!this.controllingRole && v.useCandidate) {
      if (pair.state === 'succeeded') this.nominate(pair, nowMs);
      else pair.nominateOnSuccess = true;
    }
  }

  protected handleResponse(msg: StunMessage, from: Address, to: Address, nowMs: number): void {
    const key = transactionKey(msg.transactionId);
    const p = this.pending.get(key);
    if (!p) {
      this.stats.responsesIgnored++;
      return;
    }
    if (p.kind === 'gather') return this.onGatherResponse(key, p, msg);
    // RFC 8489 §9.1.4: a response that fails integrity is discarded, the transaction goes on.
    if (!verifyMessageIntegrity(msg, p.remoteKey)) {
      this.stats.responsesIgnored++;
      return;
    }
    this.pending.delete(key);
    p.tx.handleResponse();
    const pair = p.pair;
    // RFC 8445 §7.2.5.2.1: the response must come from where the request went, to where it left.
    const symmetric = sameAddress(from, pair.remoteAddress) && sameAddress(to, pair.local.base);
    if (p.kind === 'consent') {
      if (this.consentKey === key) this.consentKey = undefined;
      if (symmetric && msg.class === 'success') {
        roundTrip(pair, p.tx, nowMs);
        if (pair === this.selected) this.consent?.onResponse(nowMs);
      }
      return;
    }
    this.noteReceived(from, to, nowMs);
    if (pair.transactionKey === key) pair.transactionKey = undefined;
    if (this.nominationKey === key) this.nominationKey = undefined;
    if (symmetric && msg.class === 'error' && errorCode(msg) === 487) {
      // RFC 8445 §7.2.5.1: switch role if we have not already, and check the pair again.
      this.stats.roleConflicts++;
      if (p.controlling === this.controllingRole) this.setRole(!p.controlling);
      if (this.nominating === pair) this.nominating = undefined;
      if (pair.state !== 'succeeded') this.checklist.trigger(pair);
      return;
    }
    const mapped = symmetric && msg.class === 'success' ? xorMapped(msg) : undefined;
    // Over TCP the mapped address is the connection's far end as the peer sees it.
    if (mapped !== undefined && pair.local.transport === 'tcp') mapped.transport = 'tcp';
    if (mapped === undefined || mapped.family !== pair.local.family) return this.failPair(pair, p.useCandidate, false);
    // RFC 8445 §7.2.5.3.1: a mapped address that is no known candidate is a local prflx one.
    // An active TCP host candidate connects from a port the system picks, never the one it
    // is signalled with (RFC 6544 §4.5): the mapped address names that port on the same IP,
    // and is the candidate itself rather than a peer-reflexive one.
    const activeHost = pair.local.tcpType === 'active' && pair.local.type === 'host' && mapped.address === pair.local.address;
    const validLocal = activeHost ? pair.local : (this.locals.find(mapped) ?? this.locals.addPrflx(pair.local, mapped, p.priority));
    // RFC 8445 §7.2.5.3.2-3: the pair is valid; its foundation's frozen pairs may go.
    // (The valid pair shares base and remote with the checked one; we keep one object.)
    pair.state = 'succeeded';
    pair.validLocal = validLocal;
    roundTrip(pair, p.tx, nowMs);
    this.stats.checksSucceeded++;
    this.firstValidMs ??= nowMs;
    this.checklist.unfreeze(pair.foundation);
    if (pair === this.selected) this.consent?.onResponse(nowMs);
    if (this.controllingRole ? p.useCandidate && p.controlling : pair.nominateOnSuccess) this.nominate(pair, nowMs);
  }

  /**
   * A check on `pair` failed: an error response other than 487, an answer that does not
   * validate, or (`timedOut`) no answer after Rc requests.
   */
  protected failPair(pair: CandidatePair, nomination: boolean, timedOut: boolean): void {
    if (nomination && this.nominating === pair) {
      this.nominating = undefined;
      this.stats.nominationsFailed++;
      // RFC 8445 §8.1.1: the pair is still valid, so a failed nomination transaction is
      // tried again (maybeNominate) up to NOMINATION_ATTEMPTS. One that timed out was
      // already sent Rc times: as for any check, the pair fails (§7.2.5.2.4).
      pair.nominationFailures = timedOut ? NOMINATION_ATTEMPTS : pair.nominationFailures + 1;
      if (pair.nominationFailures < NOMINATION_ATTEMPTS) return;
      // Nominated back after a role switch: consent freshness (RFC 7675) judges a selected pair.
      if (pair === this.selected) {
        this.owedNomination = undefined;
        return;
      }
      // RFC 8445 §7.2.5.2.4: the pair fails; another valid pair is nominated, or, with none
      // left, the checks are exhausted and the agent ends 'failed'.
      if (pair.state === 'succeeded') {
        pair.state = 'failed';
        this.stats.checksFailed++;
        return;
      }
    }
    if (pair.transactionKey !== undefined || pair.state !== 'in-progress') return;
    pair.state = 'failed';
    this.stats.checksFailed++;
  }

  protected onTimeout(p: Pending): void {
    if (p.kind === 'gather') return;
    if (p.kind === 'consent') {
      if (this.consentKey === p.tx.key) this.consentKey = undefined;
      return;
    }
    if (p.pair.transactionKey === p.tx.key) p.pair.transactionKey = undefined;
    const nomination = this.nominationKey === p.tx.key;
    if (nomination) this.nominationKey = undefined;
    this.failPair(p.pair, nomination, true);
  }

  protected startCheck(pair: CandidatePair, useCandidate: boolean, nowMs: number): void {
    const creds = this.credentials()!;
    const transactionId = newTransactionId(this.random);
    const priority = this.locals.prflxPriority(pair.local);
    const request = buildCheck({
      transactionId, priority, useCandidate, localUfrag: creds.localUfrag, remoteUfrag: creds.remoteUfrag,
      remoteKey: creds.remoteKey, controlling: this.controllingRole, tieBreaker: this.tieBreaker,
    });
    const tx = new StunTransaction(request, transactionId, pair.remoteAddress, nowMs, this.checkTxOptions(), pair.local.base);
    if (pair.transactionKey !== undefined) this.pending.get(pair.transactionKey)?.tx.cancel();
    pair.transactionKey = tx.key;
    if (pair.state !== 'succeeded') pair.state = 'in-progress';
    this.pending.set(tx.key, { kind: 'check', tx, pair, controlling: this.controllingRole, useCandidate, priority, remoteKey: creds.remoteKey });
    this.stats.checksSent++;
    pair.counters.requestsSent++;
    this.drain(tx);
  }

  protected checkTxOptions(): { rtoMs: number; maxRequests: number } {
    return { rtoMs: this.opts.checkRtoMs, maxRequests: this.opts.checkMaxRequests };
  }

  /** RFC 8445 §6.1.4.2: one new transaction per Ta: nomination, triggered, gathering, ordinary. */
  protected pace(nowMs: number, nominationNow = false): void {
    if (nowMs < this.nextPaceMs && !(nominationNow && this.nominationQueued)) return;
    const canCheck = this.remoteKey !== undefined;
    if (canCheck && this.nominationQueued && this.nominating) {
      this.nominationQueued = false;
      this.startCheck(this.nominating, true, nowMs);
      this.nominationKey = this.nominating.transactionKey;
    } else if (canCheck && this.checklist.hasWork(false)) {
      this.startCheck(this.checklist.next(false)!, false, nowMs);
    } else if (this.gatherQueue.length > 0) {
      this.startGather(this.gatherQueue.shift()!, nowMs);
    } else if (canCheck && this.checklist.hasWork(!this.checksStopped)) {
      this.startCheck(this.checklist.next(!this.checksStopped)!, false, nowMs);
    } else {
      return;
    }
    this.nextPaceMs = nowMs + this.opts.taMs;
  }

  protected hasPacedWork(): boolean {
    if (this.gatherQueue.length > 0) return true;
    if (this.remoteKey === undefined) return false;
    return (this.nominationQueued && this.nominating !== undefined) || this.checklist.hasWork(!this.checksStopped);
  }

  // ---- consent freshness (RFC 7675) ----

  protected runConsent(nowMs: number): void {
    const pair = this.selected;
    const creds = this.consentCreds;
    if (!pair || !this.consent || !creds) return;
    if (this.consent.expired(nowMs)) {
      // RFC 7675 §5.1: consent expired: stop sending on the pair; the transport has failed.
      this.consentLost = true;
      this.selectedPairChanges++;
      for (const p of this.pending.values()) p.tx.abandon();
      this.pending.clear();
      return;
    }
    if (this.consent.due(nowMs, this.consentInFlight())) {
      const transactionId = newTransactionId(this.random);
      const request = buildCheck({
        transactionId, localUfrag: creds.localUfrag, remoteUfrag: creds.remoteUfrag, remoteKey: creds.remoteKey,
        priority: this.locals.prflxPriority(pair.local), controlling: this.controllingRole, tieBreaker: this.tieBreaker, useCandidate: false,
      });
      // RFC 7675 §5.1: every consent request uses a new transaction ID.
      const tx = new StunTransaction(request, transactionId, pair.remoteAddress, nowMs, { rtoMs: this.opts.checkRtoMs, maxRequests: 4, lastWaitFactor: 4 }, pair.local.base);
      this.pending.set(tx.key, { kind: 'consent', tx, pair, remoteKey: creds.remoteKey });
      this.consentKey = tx.key;
      this.consent.sent(nowMs);
      this.stats.consentRequestsSent++;
      pair.counters.consentRequestsSent++;
      this.drain(tx);
    }
    this.disconnected = this.consent.disconnected(nowMs);
  }

  // ---- srflx gathering (RFC 8445 §5.1.1.2) ----

  protected startGather(job: { host: LocalCandidate; server: Address }, nowMs: number): void {
    const transactionId = newTransactionId(this.random);
    const request = serializeMessage({ class: 'request', method: StunMethod.Binding, transactionId, attributes: [] }, { fingerprint: true });
    const tx = new StunTransaction(request, transactionId, job.server, nowMs, {
      rtoMs: this.opts.gatherRtoMs, maxRequests: this.opts.gatherMaxRequests, lastWaitFactor: 4,
    }, job.host.base);
    this.pending.set(tx.key, { kind: 'gather', tx, ...job });
    this.drain(tx);
  }

  protected onGatherResponse(key: string, p: Pending & { kind: 'gather' }, msg: StunMessage): void {
    this.pending.delete(key);
    p.tx.handleResponse();
    if (msg.class !== 'success') return;
    let mapped: Address | undefined;
    try {
      mapped = getXorMappedAddress(msg) ?? getMappedAddress(msg);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
    if (!mapped || mapped.family !== p.host.family) return;
    const candidate = this.locals.addSrflx(p.host, mapped, p.server, this.serverUrls.get(addressKey(p.server)));
    if (candidate) this.emit({ type: 'candidate', candidate });
  }
}


/**
 * W3C webrtc-stats totalRoundTripTime/currentRoundTripTime: a success response to a check
 * or consent request gives one round trip, measured from the request's latest send (a
 * retransmitted request is answered from its copy that got through, most often the last).
 */
function roundTrip(pair: CandidatePair, tx: StunTransaction, nowMs: number): void {
  const c = pair.counters;
  const rttMs = Math.max(0, nowMs - tx.lastSentMs);
  c.responsesReceived++;
  c.totalRoundTripMs += rttMs;
  c.currentRoundTripMs = rttMs;
}

function errorCode(msg: StunMessage): number | undefined {
  try {
    return getErrorCode(msg)?.code;
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

function xorMapped(msg: StunMessage): Address | undefined {
  try {
    return getXorMappedAddress(msg);
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}
