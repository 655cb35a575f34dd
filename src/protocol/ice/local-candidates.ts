// The agent's local candidates: host candidates per bound socket, server-reflexive ones
// from STUN servers, and peer-reflexive ones learned from check responses (RFC 8445 §5.1,
// §7.2.5.3.1).
import { canonicalIp } from '../stun/index.js';
import { sameAddress, type Address } from '../types.js';
import {
  ACTIVE_TCP_PORT,
  TCP_TYPE_PREFERENCE,
  TYPE_PREFERENCE,
  candidatePriority,
  tcpLocalPreference,
  computeFoundation,
  localPreferenceOf,
  type LocalCandidate,
  type RelayProtocol,
  type TcpType,
} from './candidate.js';

/**
 * The local preference of a relay candidate by its transport to the server, as browsers
 * rank them: UDP above TCP above TLS (RFC 8445 §5.1.2.1 leaves the choice to the agent).
 */
const RELAY_LOCAL_PREFERENCE: Readonly<Record<RelayProtocol, number>> = { udp: 0x7fff, tcp: 0x5fff, tls: 0x3fff };

/** An address with its IP in canonical text form (its transport kept); throws TypeError for a non-IP. */
export function canonicalAddress(a: Address): Address {
  const address = canonicalIp(a.address);
  if (address === undefined) throw new TypeError(`not an IP address: ${a.address}`);
  const out: Address = { address, port: a.port, family: address.includes(':') ? 6 : 4 };
  if (a.transport === 'tcp') out.transport = 'tcp';
  return out;
}

/** Local candidates of one component. */
export class LocalCandidates {
  /** Every local candidate, in the order learned. */
  readonly all: LocalCandidate[] = [];
  private readonly hostCount = { 4: 0, 6: 0 };
  private readonly tcpCount = { 4: 0, 6: 0 };

  /** The UDP host candidates (one per base): the ones srflx gathering starts from. */
  hosts(): LocalCandidate[] {
    return this.all.filter((c) => c.type === 'host' && c.transport === 'udp');
  }

  /** The candidates that are signalled to the peer (host, srflx and relay; prflx never is). */
  signalled(): LocalCandidate[] {
    return this.all.filter((c) => c.type !== 'prflx');
  }

  /** The candidates that are their own base and so are paired (host and relay, RFC 8445 §6.1.2.4). */
  bases(): LocalCandidate[] {
    return this.all.filter((c) => c.type === 'host' || c.type === 'relay');
  }

  /** The host or relay candidate whose base is this address (where a check arrived). */
  baseFor(base: Address): LocalCandidate | undefined {
    return this.all.find((c) => (c.type === 'host' || c.type === 'relay') && sameAddress(c.base, base));
  }

  /** The host candidate whose base is this address. */
  hostFor(base: Address): LocalCandidate | undefined {
    return this.all.find((c) => c.type === 'host' && sameAddress(c.base, base));
  }

  /** The candidate with this transport address (and transport), if any. */
  find(a: Address): LocalCandidate | undefined {
    const transport = a.transport ?? 'udp';
    return this.all.find((c) => c.port === a.port && c.address === a.address && c.transport === transport);
  }

  /**
   * Adds the host candidate for a base (returned unchanged if known). RFC 8445 §5.1.2.1
   * local preference, unique per candidate; RFC 8421 §4: the families interleave, IPv6
   * first (the first IPv6 address, the first IPv4, the second IPv6, ...), so checks of
   * one family do not all wait behind the other's.
   */
  addHost(base: Address): { candidate: LocalCandidate; added: boolean } {
    const b = canonicalAddress(base);
    const known = this.hostFor(b);
    if (known) return { candidate: known, added: false };
    const index = this.hostCount[b.family]++;
    const localPreference = Math.max(0, 0xffff - 2 * index - (b.family === 6 ? 0 : 1));
    const candidate: LocalCandidate = {
      foundation: computeFoundation('host', b.address),
      component: 1,
      transport: 'udp',
      priority: candidatePriority(TYPE_PREFERENCE.host, localPreference),
      address: b.address,
      port: b.port,
      family: b.family,
      type: 'host',
      base: b,
    };
    this.all.push(candidate);
    return { candidate, added: true };
  }

  /**
   * Adds a TCP host candidate (RFC 6544 §4.1) for a base the driver holds: a listening
   * socket's address for a passive one, the local address and ACTIVE_TCP_PORT for an active
   * one (it connects from ports it does not know beforehand, RFC 6544 §4.5). Returned
   * unchanged if known. The other-pref interleaves the families as addHost does.
   */
  addTcpHost(base: Address, tcpType: TcpType): { candidate: LocalCandidate; added: boolean } {
    const b = canonicalAddress({ ...base, transport: 'tcp', port: tcpType === 'active' ? ACTIVE_TCP_PORT : base.port });
    const known = this.all.find((c) => c.type === 'host' && c.tcpType === tcpType && sameAddress(c.base, b));
    if (known) return { candidate: known, added: false };
    const index = this.tcpCount[b.family]++;
    const localPreference = tcpLocalPreference(tcpType, 0x1fff - 2 * index - (b.family === 6 ? 0 : 1));
    const candidate: LocalCandidate = {
      // RFC 8445 §5.1.1.3 with RFC 6544: the transport is part of the foundation; so is
      // the direction, as active and passive candidates never pair with the same remote.
      foundation: computeFoundation('host', `${b.address}/${tcpType}`, '', 'tcp'),
      component: 1,
      transport: 'tcp',
      tcpType,
      priority: candidatePriority(TCP_TYPE_PREFERENCE.host, localPreference),
      address: b.address,
      port: b.port,
      family: b.family,
      type: 'host',
      base: b,
    };
    this.all.push(candidate);
    return { candidate, added: true };
  }

  /**
   * Adds a server-reflexive candidate; undefined when it is redundant (RFC 8445 §5.1.3:
   * same address as its base, or already known).
   */
  addSrflx(host: LocalCandidate, mapped: Address, server: Address, url?: string): LocalCandidate | undefined {
    if (sameAddress(mapped, host.base) || this.find(mapped)) return undefined;
    const candidate: LocalCandidate = {
      foundation: computeFoundation('srflx', host.base.address, server.address),
      component: 1,
      transport: 'udp',
      priority: candidatePriority(TYPE_PREFERENCE.srflx, localPreferenceOf(host.priority)),
      address: mapped.address,
      port: mapped.port,
      family: mapped.family,
      type: 'srflx',
      relatedAddress: host.base.address,
      relatedPort: host.base.port,
      base: host.base,
    };
    if (url !== undefined) candidate.url = url;
    this.all.push(candidate);
    return candidate;
  }

  /**
   * Adds a relayed candidate from a TURN allocation (RFC 8445 §5.1.1.2): its base is the
   * relayed address itself, its related address the mapped address the server saw, and its
   * type preference 0 (§5.1.2.2). Undefined when the relayed address is already known.
   */
  addRelay(relayed: Address, mapped: Address | undefined, server: Address, relayProtocol: RelayProtocol, url?: string): LocalCandidate | undefined {
    const r = canonicalAddress(relayed);
    if (this.find(r)) return undefined;
    const candidate: LocalCandidate = {
      // RFC 8445 §5.1.1.3: same type, base, server and transport share a foundation.
      foundation: computeFoundation('relay', r.address, `${server.address}/${relayProtocol}`),
      component: 1,
      transport: 'udp',
      priority: candidatePriority(TYPE_PREFERENCE.relay, RELAY_LOCAL_PREFERENCE[relayProtocol] - (r.family === 4 ? 0x100 : 0)),
      address: r.address,
      port: r.port,
      family: r.family,
      type: 'relay',
      base: r,
      relayProtocol,
    };
    // RFC 8839 §5.1: a relay candidate carries raddr/rport; with no mapped address reported,
    // the unspecified address, as Chromium writes it.
    candidate.relatedAddress = mapped?.address ?? (r.family === 6 ? '::' : '0.0.0.0');
    candidate.relatedPort = mapped?.port ?? 0;
    if (url !== undefined) candidate.url = url;
    this.all.push(candidate);
    return candidate;
  }

  /** RFC 8445 §7.2.5.3.1: a peer-reflexive candidate with the PRIORITY the check carried. */
  addPrflx(host: LocalCandidate, mapped: Address, priority: number): LocalCandidate {
    const candidate: LocalCandidate = {
      foundation: computeFoundation('prflx', host.base.address, '', host.transport),
      component: 1,
      transport: host.transport,
      priority,
      address: mapped.address,
      port: mapped.port,
      family: mapped.family,
      type: 'prflx',
      relatedAddress: host.base.address,
      relatedPort: host.base.port,
      base: host.base,
    };
    // RFC 6544 §4.5: a TCP candidate keeps the direction of the one it was learnt from.
    if (host.tcpType !== undefined) candidate.tcpType = host.tcpType;
    this.all.push(candidate);
    return candidate;
  }

  /** RFC 8445 §7.2.2: the priority a peer-reflexive candidate from this host's base gets. */
  prflxPriority(host: LocalCandidate): number {
    const typePreference = host.transport === 'tcp' ? TCP_TYPE_PREFERENCE.prflx : TYPE_PREFERENCE.prflx;
    return candidatePriority(typePreference, localPreferenceOf(host.priority));
  }

  /** Keeps only the candidates `keep` accepts (an ICE restart under another configuration). */
  retain(keep: (c: LocalCandidate) => boolean): void {
    const kept = this.all.filter(keep);
    this.all.length = 0;
    this.all.push(...kept);
  }
}
