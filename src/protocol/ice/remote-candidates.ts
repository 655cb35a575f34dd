// The agent's remote candidates: signalled ones (trickled, RFC 8838) and peer-reflexive
// ones learned from incoming checks (RFC 8445 §7.3.1.3).
import { canonicalIp } from '../stun/index.js';
import type { Address } from '../types.js';
import { isBadPort } from './bad-ports.js';
import type { IceCandidate, RemoteCandidate, TcpType } from './candidate.js';

const TCP_TYPES: ReadonlySet<string> = new Set(['active', 'passive', 'so']);

/** The map key of a transport address: TCP and UDP ones never collide. */
function keyOf(address: string, port: number, tcp: boolean): string {
  return tcp ? `${address}|${port}|tcp` : `${address}|${port}`;
}

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
  /** Signalled candidates refused past MAX_REMOTE_CANDIDATES or aimed at a Fetch bad port over TCP. */
  dropped = 0;
  /** Peer-reflexive candidates learnt from checks and not signalled since. */
  private readonly unsignalled = new WeakSet<IceCandidate>();

  /** Whether a candidate was learnt from a check and never signalled (its address then stays out of stats). */
  isLearned(c: IceCandidate): boolean {
    return this.unsignalled.has(c);
  }

  /** The candidate with this transport address, if any. */
  find(a: Address): IceCandidate | undefined {
    return this.byAddress.get(keyOf(a.address, a.port, a.transport === 'tcp'));
  }

  /** Whether another candidate may be added (MAX_REMOTE_CANDIDATES). */
  get full(): boolean {
    return this.all.length >= MAX_REMOTE_CANDIDATES;
  }

  /**
   * Adds a signalled candidate. Returns undefined for one that is not an IP literal or is a
   * duplicate, a TCP one without a known tcptype (RFC 6544 §4.5), or (then counted in
   * `dropped`) a passive or simultaneous-open TCP one on a Fetch bad port, or one past
   * MAX_REMOTE_CANDIDATES; `updated` when it replaced what a
   * peer-reflexive candidate had guessed.
   */
  add(c: RemoteCandidate): { candidate: IceCandidate; updated: boolean } | undefined {
    const address = canonicalIp(c.address);
    if (address === undefined || !Number.isInteger(c.port) || c.port <= 0 || c.port > 0xffff) return undefined;
    const tcp = (c.transport ?? 'udp').toLowerCase() === 'tcp';
    const tcpType = c.tcpType?.toLowerCase();
    if (tcp && (tcpType === undefined || !TCP_TYPES.has(tcpType))) return undefined;
    // No connection is opened to a Fetch bad port; an active candidate's port (9) is only a
    // placeholder, as nothing connects to it.
    if (tcp && tcpType !== 'active' && isBadPort(c.port)) {
      this.dropped++;
      return undefined;
    }
    const existing = this.byAddress.get(keyOf(address, c.port, tcp));
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
      transport: tcp ? 'tcp' : 'udp',
      priority: c.priority >>> 0,
      address,
      port: c.port,
      family: address.includes(':') ? 6 : 4,
      type: c.type,
    };
    if (tcp) candidate.tcpType = tcpType as TcpType;
    if (c.relatedAddress !== undefined) candidate.relatedAddress = c.relatedAddress;
    if (c.relatedPort !== undefined) candidate.relatedPort = c.relatedPort;
    this.all.push(candidate);
    this.byAddress.set(keyOf(address, c.port, tcp), candidate);
    return { candidate, updated: false };
  }

  /**
   * RFC 8445 §7.3.1.3: a peer-reflexive candidate with the request's PRIORITY; undefined when
   * full. A TCP one takes `tcpType`, the counterpart of the local candidate the check reached.
   */
  learn(source: Address, priority: number, tcpType?: TcpType): IceCandidate | undefined {
    if (this.full) return undefined;
    const tcp = source.transport === 'tcp';
    // The foundation is arbitrary but must differ from every other remote candidate's.
    const candidate: IceCandidate = {
      foundation: `prflx${++this.learned}`,
      component: 1,
      transport: tcp ? 'tcp' : 'udp',
      priority,
      address: source.address,
      port: source.port,
      family: source.family,
      type: 'prflx',
    };
    if (tcp && tcpType !== undefined) candidate.tcpType = tcpType;
    this.all.push(candidate);
    this.byAddress.set(keyOf(source.address, source.port, tcp), candidate);
    this.unsignalled.add(candidate);
    return candidate;
  }

  /** Forgets every remote candidate (ICE restart). */
  clear(): void {
    this.all.length = 0;
    this.byAddress.clear();
  }
}
