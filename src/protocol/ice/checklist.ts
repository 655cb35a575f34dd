// Candidate pairs and the check list (RFC 8445 §6.1.2): pair priority, pair states, the
// triggered-check queue, and the choice of the next pair to check (§6.1.4.2).
import { addressKey, type Address } from '../types.js';
import { candidateAddress, type IceCandidate, type LocalCandidate } from './candidate.js';
import { newPairCounters, type PairCounters } from './stats.js';

/** RFC 8445 §6.1.2.6 pair states. */
export type PairState = 'frozen' | 'waiting' | 'in-progress' | 'succeeded' | 'failed';

/** A local host candidate paired with a remote candidate of the same family. */
export interface CandidatePair {
  /** `localBase|remote`, unique in the list. */
  key: string;
  local: LocalCandidate;
  remote: IceCandidate;
  remoteAddress: Address;
  /** RFC 8445 §6.1.2.3 pair foundation: the two candidate foundations joined. */
  foundation: string;
  priority: bigint;
  state: PairState;
  /** The local candidate the check's mapped address names (host, or a learned prflx). */
  validLocal?: LocalCandidate;
  /** RFC 8445 §8.1.1: the pair is nominated. */
  nominated: boolean;
  /** Controlled agent: USE-CANDIDATE arrived before our own check succeeded (§7.3.1.5). */
  nominateOnSuccess: boolean;
  /**
   * Controlling agent: USE-CANDIDATE checks on this pair that failed (an error response or
   * an answer that did not validate; a timeout counts as all of them); at NOMINATION_ATTEMPTS
   * the pair is not nominated again.
   */
  nominationFailures: number;
  /** Key of the in-progress check transaction, if any. */
  transactionKey?: string;
  /**
   * An authenticated check arrived from the remote address: whoever is there knows our
   * password (from the signalling), so it is the peer and not a spoofed source.
   */
  heardFrom?: boolean;
  /** What getStats reports of the pair (W3C webrtc-stats RTCIceCandidatePairStats). */
  counters: PairCounters;
}

/** RFC 8445 §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the controlling side's. */
export function pairPriority(controllingPriority: number, controlledPriority: number): bigint {
  const g = BigInt(controllingPriority);
  const d = BigInt(controlledPriority);
  const [min, max] = g < d ? [g, d] : [d, g];
  return (min << 32n) + 2n * max + (g > d ? 1n : 0n);
}

/** The pairs of one component's check list, highest priority first. */
export class CheckList {
  /** The pairs, sorted by priority (descending). */
  readonly pairs: CandidatePair[] = [];
  private readonly byKey = new Map<string, CandidatePair>();
  private readonly triggered: CandidatePair[] = [];

  /** The pair with this local base and remote address, if formed. */
  find(base: Address, remote: Address): CandidatePair | undefined {
    return this.byKey.get(`${addressKey(base)}|${addressKey(remote)}`);
  }

  /** Forms a pair (state frozen) unless it exists; returns the pair in the list. */
  add(local: LocalCandidate, remote: IceCandidate, controlling: boolean): CandidatePair {
    const remoteAddress = candidateAddress(remote);
    const key = `${addressKey(local.base)}|${addressKey(remoteAddress)}`;
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const pair: CandidatePair = {
      key,
      local,
      remote,
      remoteAddress,
      foundation: `${local.foundation}:${remote.foundation}`,
      priority: 0n,
      state: 'frozen',
      nominated: false,
      nominateOnSuccess: false,
      nominationFailures: 0,
      counters: newPairCounters(),
    };
    this.byKey.set(key, pair);
    this.pairs.push(pair);
    this.reprioritize(controlling);
    return pair;
  }

  /** Removes a pair (pruning, RFC 8445 §6.1.2.5). */
  remove(pair: CandidatePair): void {
    if (!this.byKey.delete(pair.key)) return;
    this.pairs.splice(this.pairs.indexOf(pair), 1);
    const t = this.triggered.indexOf(pair);
    if (t >= 0) this.triggered.splice(t, 1);
  }

  /** Recomputes every pair priority for the current role and re-sorts. */
  reprioritize(controlling: boolean): void {
    for (const p of this.pairs) {
      p.priority = controlling
        ? pairPriority(p.local.priority, p.remote.priority)
        : pairPriority(p.remote.priority, p.local.priority);
    }
    this.pairs.sort((a, b) => (a.priority === b.priority ? 0 : a.priority > b.priority ? -1 : 1));
  }

  /** RFC 8445 §6.1.4.1: puts a pair on the triggered-check queue (once). */
  trigger(pair: CandidatePair): void {
    pair.state = 'waiting';
    if (!this.triggered.includes(pair)) this.triggered.push(pair);
  }

  /**
   * RFC 8445 §6.1.4.2: the pair to check next: the triggered queue first, then the
   * highest-priority waiting pair, then a frozen pair whose foundation has no pair waiting or
   * in progress. Only triggered checks when `ordinary` is false.
   */
  next(ordinary: boolean): CandidatePair | undefined {
    while (this.triggered.length > 0) {
      const p = this.triggered.shift()!;
      if (p.state === 'waiting') return p;
    }
    return ordinary ? this.ordinaryCandidate() : undefined;
  }

  /** Whether `next(ordinary)` would return a pair; it changes nothing. */
  hasWork(ordinary: boolean): boolean {
    if (this.triggered.some((p) => p.state === 'waiting')) return true;
    return ordinary && this.ordinaryCandidate() !== undefined;
  }

  private ordinaryCandidate(): CandidatePair | undefined {
    const waiting = this.pairs.find((p) => p.state === 'waiting');
    if (waiting) return waiting;
    const busy = new Set<string>();
    for (const p of this.pairs) if (p.state === 'in-progress') busy.add(p.foundation);
    return this.pairs.find((p) => p.state === 'frozen' && !busy.has(p.foundation));
  }

  /** RFC 8445 §7.2.5.3.3: unfreezes the frozen pairs sharing a foundation. */
  unfreeze(foundation: string): void {
    for (const p of this.pairs) if (p.state === 'frozen' && p.foundation === foundation) p.state = 'waiting';
  }

  /** RFC 8445 §6.1.2.6 and RFC 8838 §10: a new pair waits unless its foundation is busy. */
  initialState(pair: CandidatePair): void {
    const busy = this.pairs.some(
      (p) => p !== pair && p.foundation === pair.foundation && (p.state === 'waiting' || p.state === 'in-progress'),
    );
    if (pair.state === 'frozen' && !busy) pair.state = 'waiting';
  }

  /** Drops every pair and queued check. */
  clear(): void {
    this.pairs.length = 0;
    this.byKey.clear();
    this.triggered.length = 0;
  }
}
