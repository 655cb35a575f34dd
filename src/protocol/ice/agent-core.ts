// The IceAgent's state and the logic that derives from it: nomination and selection
// (RFC 8445 §8), role changes, pair formation, and the RTCIceTransportState. The wire
// handling lives in agent-checks.ts and the public API in agent.ts.
import { StunTransaction, shortTermKey, type StunMessage } from '../stun/index.js';
import { isLoopback, sameAddress, type Address, type Random, type Transmit } from '../types.js';
import { ICE_DEFAULTS, type IceAgentOptions, type IceAgentStats, type IceEvent, type IceState, type ResolvedIceOptions } from './agent-types.js';
import { candidateAddress, transportsPair, type IceCandidate, type LocalCandidate } from './candidate.js';
import { CheckList, type CandidatePair } from './checklist.js';
import { ConsentMonitor } from './consent.js';
import { LocalCandidates } from './local-candidates.js';
import { buildError, buildSuccess, type RejectedRequest } from './messages.js';
import { RemoteCandidates } from './remote-candidates.js';
import type { TrafficCounters } from './stats.js';

/** An outstanding STUN transaction and what it is for. */
export type Pending =
  | { kind: 'check'; tx: StunTransaction; pair: CandidatePair; controlling: boolean; useCandidate: boolean; priority: number; remoteKey: Uint8Array }
  | { kind: 'consent'; tx: StunTransaction; pair: CandidatePair; remoteKey: Uint8Array }
  | { kind: 'gather'; tx: StunTransaction; host: LocalCandidate; server: Address };

/** Both sides' short-term credentials of one ICE generation. */
export interface Credentials {
  localUfrag: string;
  localKey: Uint8Array;
  remoteUfrag: string;
  remoteKey: Uint8Array;
}

/**
 * Most error responses (400, 401) an agent sends a second to requests that did not
 * authenticate; past it they are dropped and counted (IceAgentStats.errorResponsesSuppressed).
 * A peer that knows the credentials never needs one, so a flood of bad requests gets at
 * most this many small answers, whatever their sources.
 */
export const UNAUTHENTICATED_ERRORS_PER_SECOND = 10;

/**
 * Nomination checks a controlling agent sends on one valid pair before it gives the pair up
 * (RFC 8445 §8.1.1 leaves the number open; a check that times out has already been sent Rc
 * times and ends the pair's nomination at once).
 */
export const NOMINATION_ATTEMPTS = 3;

/** State shared by the agent's parts; see IceAgent. */
export abstract class AgentCore {
  /** Counters of dropped input and protocol activity. */
  readonly stats: IceAgentStats = {
    malformed: 0, badFingerprint: 0, requestsRejected: 0, requestsAnswered: 0, responsesIgnored: 0,
    unknownBase: 0, crossLoopback: 0, checksSent: 0, checksSucceeded: 0, checksFailed: 0, consentRequestsSent: 0, nominationsFailed: 0, roleConflicts: 0,
    remoteCandidatesDropped: 0, pairsDropped: 0, errorResponsesSuppressed: 0,
  };
  /** Non-STUN datagrams over the transport, for getStats (W3C webrtc-stats RTCTransportStats). */
  readonly traffic: TrafficCounters = { packetsSent: 0, bytesSent: 0, packetsReceived: 0, bytesReceived: 0 };
  /** W3C webrtc-stats selectedCandidatePairChanges: a pair selected, replaced or lost. */
  selectedPairChanges = 0;
  protected readonly opts: ResolvedIceOptions;
  protected readonly random: Random;
  protected readonly tieBreaker: bigint;
  protected controllingRole: boolean;
  protected localUfrag: string;
  protected localKey: Uint8Array;
  /** Pre-restart local credentials, still answered until a new pair is selected (RFC 8445 §9). */
  protected previous: { ufrag: string; key: Uint8Array } | undefined;
  protected remoteUfrag: string | undefined;
  protected remoteKey: Uint8Array | undefined;
  protected readonly locals = new LocalCandidates();
  protected readonly remotes = new RemoteCandidates();
  protected readonly checklist = new CheckList();
  protected readonly pending = new Map<string, Pending>();
  protected readonly transmits: Transmit[] = [];
  protected readonly events: IceEvent[] = [];
  protected readonly servers: Address[] = [];
  /** The URL the driver named for a STUN server, by addressKey (srflx candidates report it). */
  protected readonly serverUrls = new Map<string, string>();
  protected readonly gatherQueue: Array<{ host: LocalCandidate; server: Address }> = [];
  protected nextPaceMs = -Infinity;
  protected nowMs = 0;
  /** Size of the datagram being handled, so no error response to it is larger (RFC 8489 §6.3.4 spirit, see reject). */
  protected requestBytes = 0;
  /** Error responses to unauthenticated requests in the current one-second window, and its start. */
  private unauthenticatedErrors = 0;
  private unauthenticatedWindowMs = -Infinity;
  protected selected: CandidatePair | undefined;
  protected consentCreds: Credentials | undefined;
  protected consent: ConsentMonitor | undefined;
  protected consentKey: string | undefined;
  protected nominating: CandidatePair | undefined;
  /**
   * The selected pair, learnt from the peer's USE-CANDIDATE while controlled, now that this
   * agent controls: the peer, controlled since, waits for this agent to nominate it.
   */
  protected owedNomination: CandidatePair | undefined;
  protected nominationQueued = false;
  protected nominationKey: string | undefined;
  protected firstValidMs: number | undefined;
  /** When the PAC timer (RFC 8863) started with the remote credentials runs out. */
  protected pacEndsMs = 0;
  /** RFC 8445 §8.1.2: once a pair is selected only triggered checks are sent. */
  protected checksStopped = false;
  protected remoteEnd = false;
  protected localEnd = false;
  /** The driver still waits for TURN allocations (IceAgent.setGatheringPending). */
  protected driverGathering = false;
  protected gatheringComplete = false;
  protected disconnected = false;
  protected consentLost = false;
  protected closed = false;
  protected stateValue: IceState = 'new';

  /** Fills in the options; nothing is sent until candidates and credentials are known. */
  constructor(options: IceAgentOptions) {
    this.opts = { ...ICE_DEFAULTS };
    for (const [k, v] of Object.entries(options)) if (v !== undefined && k in ICE_DEFAULTS) (this.opts as Record<string, unknown>)[k] = v;
    this.random = options.random;
    this.tieBreaker = options.tieBreaker;
    this.controllingRole = options.controlling;
    this.localUfrag = options.localUfrag;
    this.localKey = shortTermKey(options.localPwd);
  }

  // ---- nomination and selection (RFC 8445 §8) ----

  /** Whether a pair is still to be selected: none yet, or an ICE restart is under way. */
  protected selecting(): boolean {
    return this.selected === undefined || this.previous !== undefined;
  }

  /** The highest-priority valid pair a nomination check may still be sent on. */
  protected bestNominable(): CandidatePair | undefined {
    return this.checklist.pairs.find((p) => p.state === 'succeeded' && p.nominationFailures < NOMINATION_ATTEMPTS);
  }

  protected nominationDeadline(): number | undefined {
    if (!this.controllingRole || !this.selecting() || this.nominating || this.firstValidMs === undefined) return undefined;
    return this.bestNominable() ? this.firstValidMs + this.opts.nominationDelayMs : undefined;
  }

  /**
   * Controlling agent, regular nomination (RFC 8445 §8.1.1) as browsers do it: nominate the
   * best valid pair once no better pair is still being checked, or after a short delay.
   */
  protected maybeNominate(nowMs: number): void {
    if (!this.controllingRole || this.nominating || this.remoteKey === undefined) return;
    if (!this.selecting()) {
      // RFC 8445 §7.3.1.1, §8.1.1: a pair selected while controlled is nominated again once
      // this agent controls, or the peer, controlled since, would wait for ever.
      const owed = this.owedNomination;
      if (owed !== undefined && owed === this.selected) this.queueNomination(owed, nowMs);
      return;
    }
    const best = this.bestNominable();
    if (!best) return;
    const better = this.checklist.pairs.some(
      (p) => p.priority > best.priority && (p.state === 'frozen' || p.state === 'waiting' || p.state === 'in-progress'),
    );
    if (better && nowMs < this.firstValidMs! + this.opts.nominationDelayMs) return;
    this.queueNomination(best, nowMs);
  }

  private queueNomination(pair: CandidatePair, nowMs: number): void {
    this.nominating = pair;
    this.nominationQueued = true;
    // A first nomination check goes out now rather than at the next Ta tick: it repeats a
    // check on a pair that has just answered, so it probes no new path (pacing exists to
    // spread checks of new paths, RFC 8445 §14). A retry after a failure takes its turn in
    // the Ta pacing.
    this.pace(nowMs, pair.nominationFailures === 0);
  }

  protected abstract pace(nowMs: number, nominationNow?: boolean): void;

  protected nominate(pair: CandidatePair, nowMs: number): void {
    pair.nominated = true;
    if (this.nominating === pair) this.nominating = undefined;
    if (this.owedNomination === pair) this.owedNomination = undefined;
    if (this.selected === pair) return;
    // RFC 8445 §8.1.1: with several nominated pairs the highest-priority one is used.
    if (this.selected && !this.selecting() && this.selected.priority > pair.priority) return;
    this.selected = pair;
    this.selectedPairChanges++;
    this.checksStopped = true;
    this.previous = undefined;
    this.consentCreds = this.credentials();
    this.consent = new ConsentMonitor(
      { intervalMs: this.opts.consentIntervalMs, timeoutMs: this.opts.consentTimeoutMs, disconnectedMs: this.opts.disconnectedTimeoutMs },
      this.random,
      nowMs,
    );
    this.consentKey = undefined;
    this.disconnected = false;
    this.emit({ type: 'selected-pair', local: pair.validLocal ?? pair.local, remote: pair.remote });
  }

  protected setRole(controlling: boolean): void {
    if (this.controllingRole === controlling) return;
    this.controllingRole = controlling;
    this.checklist.reprioritize(controlling);
    this.nominating = undefined;
    this.nominationQueued = false;
    // RFC 8445 §8.1.1: only the controlling agent nominates; a pair selected on the peer's
    // nomination is nominated back once roles swap (see maybeNominate).
    this.owedNomination = controlling && !this.selecting() ? this.selected : undefined;
    this.emit({ type: 'role-changed', controlling });
  }

  protected consentInFlight(): boolean {
    return this.consentKey !== undefined && this.pending.has(this.consentKey);
  }

  protected noteReceived(from: Address, to: Address, nowMs: number): void {
    const p = this.selected;
    if (!p || !this.consent || !sameAddress(from, p.remoteAddress) || !sameAddress(to, p.local.base)) return;
    this.consent.onReceive(nowMs);
    this.disconnected = false;
  }

  /**
   * The pair a datagram between `base` and `remote` belongs to: the selected one (compared
   * without allocating), else a lookup in the check list (before selection, or an old path).
   */
  protected pairOn(base: Address | undefined, remote: Address): CandidatePair | undefined {
    const s = this.selected;
    if (s && s.remoteAddress.port === remote.port && s.remoteAddress.address === remote.address && s.remoteAddress.transport === remote.transport && (base === undefined || sameAddress(base, s.local.base))) return s;
    return base === undefined ? undefined : this.checklist.find(base, remote);
  }

  // ---- helpers ----

  protected formPair(local: LocalCandidate, remote: IceCandidate): void {
    // RFC 8445 §6.1.2.2: pair only candidates of the same address family. Only host
    // candidates are paired: §6.1.2.4 would replace a srflx local candidate by its base and
    // then prune the pair as redundant, so pairing bases alone gives the pruned list.
    if (local.family !== remote.family || !transportsPair(local, remote) || this.checklist.find(local.base, candidateAddress(remote))) return;
    // RFC 6544 §6.2: a passive local candidate sends no checks of its own, so its pairs are
    // pruned; the peer's active side connects, and the pair its check makes (with a
    // peer-reflexive remote candidate) is checked back over that connection.
    if (local.tcpType === 'passive') return;
    // A loopback base reaches only this host's loopback, and another host is never on it:
    // such pairs could only reach this host through an address it does not use for them.
    if (isLoopback(local.base.address) !== isLoopback(remote.address)) return;
    const pair = this.checklist.add(local, remote, this.controllingRole);
    this.checklist.initialState(pair);
    // RFC 8445 §6.1.2.5: cap the list, dropping the lowest-priority unchecked pairs.
    while (this.checklist.pairs.length > this.opts.maxPairs) {
      if (!this.dropLowestUnchecked()) break;
    }
  }

  /**
   * RFC 8445 §6.1.2.5: drops the lowest-priority frozen or waiting pair (counted in
   * pairsDropped); false when every pair is in progress or done. The list is sorted by
   * priority, so the scan from its end stops at the first such pair.
   */
  protected dropLowestUnchecked(): boolean {
    const pairs = this.checklist.pairs;
    for (let i = pairs.length - 1; i >= 0; i--) {
      const p = pairs[i]!;
      if (p.state !== 'frozen' && p.state !== 'waiting') continue;
      this.checklist.remove(p);
      this.stats.pairsDropped++;
      return true;
    }
    return false;
  }

  protected resetChecks(): void {
    for (const [key, p] of this.pending) {
      if (p.kind !== 'check') continue;
      p.tx.abandon();
      this.pending.delete(key);
    }
    this.checklist.clear();
    this.remotes.clear();
    this.remoteEnd = false;
    this.nominating = undefined;
    this.nominationQueued = false;
    this.nominationKey = undefined;
    this.owedNomination = undefined;
    this.firstValidMs = undefined;
    this.checksStopped = false;
  }

  protected dropSelection(): void {
    this.selected = undefined;
    this.owedNomination = undefined;
    this.consent = undefined;
    this.consentCreds = undefined;
    this.consentLost = false;
    this.disconnected = false;
  }

  protected credentials(): Credentials | undefined {
    if (this.remoteUfrag === undefined || this.remoteKey === undefined) return undefined;
    return { localUfrag: this.localUfrag, localKey: this.localKey, remoteUfrag: this.remoteUfrag, remoteKey: this.remoteKey };
  }

  /** The pair application data takes: the selected one, else the best valid one; none once 'failed'. */
  protected route(): CandidatePair | undefined {
    // A transport that reported 'failed' carries nothing, even on a pair the peer's requests
    // made valid again but that can never be selected (nominations spent).
    if (this.closed || this.consentLost || this.stateValue === 'failed') return undefined;
    return this.selected ?? this.checklist.pairs.find((p) => p.state === 'succeeded');
  }

  protected answer(msg: StunMessage, from: Address, to: Address, key: Uint8Array, pair?: CandidatePair): void {
    this.stats.requestsAnswered++;
    if (pair) {
      pair.counters.requestsReceived++;
      pair.counters.responsesSent++;
    }
    this.transmits.push({ from: to, to: from, data: buildSuccess(msg, from, key) });
  }

  protected reject(msg: StunMessage, r: RejectedRequest, to: Address, from: Address, key: Uint8Array): void {
    this.stats.requestsRejected++;
    if (r.code === 487) this.stats.roleConflicts++;
    const data = buildError(msg, r, key);
    if (!r.authenticated) {
      // RFC 8489 §9.1.3 asks for a 400 or 401 here, but whoever sent the request proved
      // nothing: its source may be forged. So the answer is never larger than the request
      // (no amplification), and at most UNAUTHENTICATED_ERRORS_PER_SECOND go out a second;
      // the rest are dropped and counted.
      if (this.nowMs - this.unauthenticatedWindowMs >= 1000) {
        this.unauthenticatedWindowMs = this.nowMs;
        this.unauthenticatedErrors = 0;
      }
      if (data.length > this.requestBytes || this.unauthenticatedErrors >= UNAUTHENTICATED_ERRORS_PER_SECOND) {
        this.stats.errorResponsesSuppressed++;
        return;
      }
      this.unauthenticatedErrors++;
    }
    this.transmits.push({ from: to, to: from, data });
  }

  protected drain(tx: StunTransaction): void {
    for (let t = tx.pollTransmit(); t; t = tx.pollTransmit()) this.transmits.push(t);
  }

  protected emit(e: IceEvent): void {
    this.events.push(e);
  }

  /** Gathering completion and the RTCIceTransportState, reported on change. */
  protected update(): void {
    if (this.localEnd && !this.gatheringComplete && !this.closed && !this.gathering()) {
      this.gatheringComplete = true;
      this.emit({ type: 'gathering-complete' });
    }
    const s = this.computeState();
    // Browsers always pass through 'connected' on the way to 'completed'.
    if (s === 'completed' && (this.stateValue === 'new' || this.stateValue === 'checking')) {
      this.stateValue = 'connected';
      this.emit({ type: 'state', state: 'connected' });
    }
    if (s !== this.stateValue) {
      this.stateValue = s;
      this.emit({ type: 'state', state: s });
    }
  }

  protected gathering(): boolean {
    if (this.gatherQueue.length > 0 || this.driverGathering) return true;
    for (const p of this.pending.values()) if (p.kind === 'gather') return true;
    return false;
  }

  protected computeState(): IceState {
    if (this.closed) return 'closed';
    if (this.consentLost) return 'failed';
    if (this.selected) {
      if (this.disconnected) return 'disconnected';
      return this.gatheringComplete && this.remoteEnd && !this.previous ? 'completed' : 'connected';
    }
    const pairs = this.checklist.pairs;
    if (this.remoteKey === undefined) return 'new';
    if (this.checksExhausted()) return this.nowMs >= this.pacEndsMs ? 'failed' : pairs.length === 0 ? 'new' : 'checking';
    return pairs.length === 0 ? 'new' : 'checking';
  }

  /**
   * Nothing left to try: no pair with every candidate signalled, or every pair failed with
   * every local candidate out (a new candidate may still revive it). A controlling agent
   * counts a pair it may no longer nominate as failed, whatever the checks the peer's
   * requests still trigger on it: it can never be selected.
   */
  protected checksExhausted(): boolean {
    const pairs = this.checklist.pairs;
    if (pairs.length === 0) return this.remoteEnd && this.gatheringComplete;
    const spent = (p: CandidatePair): boolean => p.state === 'failed' || (this.controllingRole && p.nominationFailures >= NOMINATION_ATTEMPTS);
    return this.gatheringComplete && pairs.every(spent);
  }

  /** RFC 8863 §3: checks are exhausted but the PAC timer still runs, so no failure yet. */
  protected awaitingPac(): boolean {
    return !this.selected && !this.closed && this.remoteKey !== undefined && this.nowMs < this.pacEndsMs && this.checksExhausted();
  }
}
