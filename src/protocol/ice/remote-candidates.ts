// The agent's remote candidates: signalled ones (trickled, RFC 8838) and peer-reflexive
// ones learned from incoming checks (RFC 8445 §7.3.1.3).
import { canonicalIp } from '../stun/index.js';
import type { Address } from '../types.js';
import type { IceCandidate, RemoteCandidate } from './candidate.js';

/**
 * Most remote candidates one agent keeps, signalled and peer-reflexive together. RFC 8445
 * §6.1.2.5 has agents bound the check list (100 pairs here); a browser signals a handful of
 * candidates, so 500 leaves room for many interfaces while a peer that sends thousands
 * cannot grow memory or pairing work without bound. Past it a candidate is dropped and
 * counted (IceAgentStats.remoteCandidatesDropped).
 */
export const MAX_REMOTE_CANDIDATES = 500;

/** Remote candidates of one component, keyed by transport address. */
export class RemoteCandidates {
  /** Every remote candidate, in the order learned. */
  readonly all: IceCandidate[] = [];
  /** The candidates by transport address (`address|port`), so lookups stay O(1). */
  private readonly byAddress = new Map<string, IceCandidate>();
  private learned = 0;
  /** Signalled candidates refused past MAX_REMOTE_CANDIDATES. */
  dropped = 0;
  /** Peer-reflexive candidates learnt from checks and not signalled since. */
  private readonly unsignalled = new WeakSet<IceCandidate>();

  /** Whether a candidate was learnt from a check and never signalled (its address then stays out of stats). */
  isLearned(c: IceCandidate): boolean {
    return this.unsignalled.has(c);
  }

  /** The candidate with this transport address, if any. */
  find(a: Address): IceCandidate | undefined {
    return this.byAddress.get(`${a.address}|${a.port}`);
  }

  /** Whether another candidate may be added (MAX_REMOTE_CANDIDATES). */
  get full(): boolean {
    return this.all.length >= MAX_REMOTE_CANDIDATES;
  }

  /**
   * Adds a signalled candidate. Returns undefined for one that is not an IP literal or is a
   * duplicate, or past MAX_REMOTE_CANDIDATES (then counted in `dropped`); `updated` when it
   * replaced what a peer-reflexive candidate had guessed.
   */
  add(c: RemoteCandidate): { candidate: IceCandidate; updated: boolean } | undefined {
    const address = canonicalIp(c.address);
    if (address === undefined || !Number.isInteger(c.port) || c.port <= 0 || c.port > 0xffff) return undefined;
    const existing = this.find({ address, port: c.port, family: 4 });
    if (existing) {
      if (existing.type !== 'prflx' || c.type === 'prflx') return undefined;
      // RFC 8445 §7.3.1.3 / RFC 8838 §11.4: the signalled candidate replaces the learned
      // prflx one in place, so pairs that refer to it see the new priority and type.
      existing.type = c.type;
      existing.priority = c.priority;
      existing.foundation = c.foundation;
      this.unsignalled.delete(existing);
      return { candidate: existing, updated: true };
    }
    if (this.full) {
      this.dropped++;
      return undefined;
    }
    const candidate: IceCandidate = {
      foundation: c.foundation,
      component: 1,
      transport: 'udp',
      priority: c.priority >>> 0,
      address,
      port: c.port,
      family: address.includes(':') ? 6 : 4,
      type: c.type,
    };
    if (c.relatedAddress !== undefined) candidate.relatedAddress = c.relatedAddress;
    if (c.relatedPort !== undefined) candidate.relatedPort = c.relatedPort;
    this.all.push(candidate);
    this.byAddress.set(`${address}|${c.port}`, candidate);
    return { candidate, updated: false };
  }

  /** RFC 8445 §7.3.1.3: a peer-reflexive candidate with the request's PRIORITY; undefined when full. */
  learn(source: Address, priority: number): IceCandidate | undefined {
    if (this.full) return undefined;
    // The foundation is arbitrary but must differ from every other remote candidate's.
    const candidate: IceCandidate = {
      foundation: `prflx${++this.learned}`,
      component: 1,
      transport: 'udp',
      priority,
      address: source.address,
      port: source.port,
      family: source.family,
      type: 'prflx',
    };
    this.all.push(candidate);
    this.byAddress.set(`${source.address}|${source.port}`, candidate);
    this.unsignalled.add(candidate);
    return candidate;
  }

  /** Forgets every remote candidate (ICE restart). */
  clear(): void {
    this.all.length = 0;
    this.byAddress.clear();
  }
}
