// A sans-IO ICE agent (RFC 8445) for one component over UDP, with trickle (RFC 8838) and
// consent freshness (RFC 7675). The driver owns the sockets: it reports each bound socket
// with `addLocalHostCandidate`, feeds every datagram to `handleInput`, and sends what
// `pollTransmit` returns from the socket bound to `Transmit.from`.
import {
  ParseError,
  StunMethod,
  checkFingerprint,
  isStun,
  parseMessage,
  shortTermKey,
  type StunMessage,
} from '../stun/index.js';
import { addressKey, sameAddress, type Address, type Transmit } from '../types.js';
import { AgentChecks } from './agent-checks.js';
import type { IceAgentOptions, IceEvent, IceState } from './agent-types.js';
import type { IceCandidate, LocalCandidate, RelayProtocol, RemoteCandidate } from './candidate.js';
import type { CandidatePair } from './checklist.js';
import { canonicalAddress } from './local-candidates.js';
import { snapshot, type IceSnapshot } from './stats.js';

/** One ICE agent: gathering, checks, nomination, consent; fed input, polled for output. */
export class IceAgent extends AgentChecks {
  /** Creates an agent; nothing is sent until candidates and credentials are known. */
  constructor(options: IceAgentOptions) {
    super(options);
  }

  /** The RTCIceTransportState. */
  get state(): IceState {
    return this.stateValue;
  }

  /** Whether this agent is currently the controlling one. */
  get controlling(): boolean {
    return this.controllingRole;
  }

  /** Every local candidate known (host, srflx and learned prflx). */
  get localCandidates(): readonly LocalCandidate[] {
    return this.locals.all;
  }

  /** Every remote candidate known (signalled and learned prflx). */
  get remoteCandidates(): readonly IceCandidate[] {
    return this.remotes.all;
  }

  /** The check list, highest priority first (for stats). */
  get pairs(): readonly CandidatePair[] {
    return this.checklist.pairs;
  }

  /** Registers a bound socket's address as a host candidate base and reports the candidate. */
  addLocalHostCandidate(base: Address): LocalCandidate {
    const { candidate, added } = this.locals.addHost(base);
    if (!added) return candidate;
    this.emit({ type: 'candidate', candidate });
    for (const server of this.servers) if (server.family === candidate.family) this.gatherQueue.push({ host: candidate, server });
    for (const remote of this.remotes.all) this.formPair(candidate, remote);
    this.update();
    return candidate;
  }

  /**
   * Registers a TCP host candidate (RFC 6544 §4.1) and reports it. Passive: `base` is a
   * listening socket's address; the driver feeds each frame of an accepted connection to
   * `handleInput` with `from` the connection's remote address (transport 'tcp') and sends
   * what goes to that address over that connection. Active: `base` is the local address
   * (its port becomes ACTIVE_TCP_PORT); the driver connects to `Transmit.to` when first
   * asked to send there from it, and reports that connection's frames from `Transmit.to`.
   */
  addLocalTcpCandidate(base: Address, tcpType: 'active' | 'passive'): LocalCandidate | undefined {
    if (this.closed) return undefined;
    const { candidate, added } = this.locals.addTcpHost(base, tcpType);
    if (!added) return candidate;
    this.emit({ type: 'candidate', candidate });
    for (const remote of this.remotes.all) this.formPair(candidate, remote);
    this.update();
    return candidate;
  }

  /**
   * Adds a STUN server: a Binding request from each host base of its family (RFC 8445
   * §5.1.1.2). `url` names it in the stats of the srflx candidates it gives.
   */
  addStunServer(server: Address, url?: string): void {
    const s = canonicalAddress(server);
    if (this.servers.some((x) => sameAddress(x, s))) return;
    this.servers.push(s);
    if (url !== undefined) this.serverUrls.set(addressKey(s), url);
    for (const host of this.locals.hosts()) if (host.family === s.family) this.gatherQueue.push({ host, server: s });
  }

  /**
   * Adds the relayed candidate of a TURN allocation the driver holds (RFC 8445 §5.1.1.2).
   * The agent sends from it as from a host base (`Transmit.from` is the relayed address);
   * the driver carries those datagrams through the allocation and feeds what the peers send
   * there to `handleInput` with `to` the relayed address.
   */
  addLocalRelayCandidate(relayed: Address, mapped: Address | undefined, server: Address, relayProtocol: RelayProtocol, url?: string): LocalCandidate | undefined {
    if (this.closed) return undefined;
    const candidate = this.locals.addRelay(relayed, mapped, server, relayProtocol, url);
    if (candidate === undefined) return undefined;
    this.emit({ type: 'candidate', candidate });
    for (const remote of this.remotes.all) this.formPair(candidate, remote);
    this.update();
    return candidate;
  }

  /** Whether the driver still gathers (TURN allocations under way): gathering is not complete. */
  setGatheringPending(pending: boolean): void {
    this.driverGathering = pending;
    this.update();
  }

  /** The driver has reported every socket and server: gathering completes once servers answer. */
  endOfLocalCandidates(): void {
    this.localEnd = true;
    this.update();
  }

  /**
   * The peer's ice-ufrag and ice-pwd; a change without `restart` means the peer restarted.
   * `nowMs` starts the PAC timer (RFC 8863 §3): failure is not declared before it runs out.
   */
  setRemoteCredentials(ufrag: string, pwd: string, nowMs = this.nowMs): void {
    const key = shortTermKey(pwd);
    if (this.remoteUfrag === ufrag && this.remoteKey && bytesEqual(this.remoteKey, key)) return;
    if (this.remoteUfrag !== undefined) this.resetChecks();
    this.remoteUfrag = ufrag;
    this.remoteKey = key;
    this.pacEndsMs = nowMs + this.opts.pacTimeoutMs;
    this.update();
  }

  /**
   * Adds a trickled remote candidate (RFC 8838). Only component 1, UDP or TCP with a
   * tcptype (RFC 6544), and IP literals are used: resolving `.local` names is the driver's
   * job. Returns whether it was used.
   */
  addRemoteCandidate(c: RemoteCandidate): boolean {
    const transport = (c.transport ?? 'udp').toLowerCase();
    if (this.closed || (c.component ?? 1) !== 1 || (transport !== 'udp' && transport !== 'tcp')) return false;
    const dropped = this.remotes.dropped;
    const result = this.remotes.add(c);
    if (this.remotes.dropped !== dropped) this.stats.remoteCandidatesDropped++;
    if (result === undefined) return false;
    if (result.updated) this.checklist.reprioritize(this.controllingRole);
    else for (const base of this.locals.bases()) this.formPair(base, result.candidate);
    this.update();
    return true;
  }

  /** The peer signalled end-of-candidates (RFC 8838 §13). */
  setRemoteEndOfCandidates(): void {
    this.remoteEnd = true;
    this.update();
  }

  /**
   * Feeds one received datagram; `to` is the local base it arrived on. Returns true when it
   * was a STUN Binding message for the agent; anything else is not the agent's (but still
   * counts as proof of life on the selected pair).
   */
  handleInput(data: Uint8Array, from: Address, to: Address, nowMs: number): boolean {
    this.nowMs = nowMs;
    if (!isStun(data)) {
      const wasDisconnected = this.disconnected;
      this.noteReceived(from, to, nowMs);
      this.countReceived(from, to, data.length, nowMs);
      // Traffic on the selected pair ends 'disconnected' now, not at the next consent check.
      if (wasDisconnected && !this.disconnected) this.update();
      return false;
    }
    let msg: StunMessage;
    try {
      msg = parseMessage(data);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.stats.malformed++;
      return true;
    }
    if (msg.method !== StunMethod.Binding) return false;
    if (this.closed) return true;
    // RFC 8445 §7.2.2 has every ICE message carry FINGERPRINT; a wrong one is not ICE's.
    if (checkFingerprint(msg) === false) {
      this.stats.badFingerprint++;
      return true;
    }
    this.requestBytes = data.length;
    if (msg.class === 'request') this.handleRequest(msg, from, to, nowMs);
    else if (msg.class !== 'indication') this.handleResponse(msg, from, to, nowMs);
    if (!this.consentLost) this.maybeNominate(nowMs);
    this.update();
    return true;
  }

  /** Runs timers: retransmissions, paced checks, nomination, consent. */
  handleTimeout(nowMs: number): void {
    this.nowMs = nowMs;
    if (this.closed) return;
    for (const [key, p] of this.pending) {
      p.tx.handleTimeout(nowMs);
      this.drain(p.tx);
      if (p.tx.pollEvent()?.type === 'timeout') {
        this.pending.delete(key);
        this.onTimeout(p);
      }
    }
    if (!this.consentLost) {
      this.maybeNominate(nowMs);
      this.pace(nowMs);
      this.runConsent(nowMs);
    }
    this.update();
  }

  /** The next datagram to send. */
  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  /** The next event. */
  pollEvent(): IceEvent | undefined {
    return this.events.shift();
  }

  /** When `handleTimeout` must next be called (may be now or past), or undefined. */
  pollTimeout(): number | undefined {
    if (this.closed) return undefined;
    let t = Infinity;
    for (const p of this.pending.values()) t = Math.min(t, p.tx.pollTimeout() ?? Infinity);
    if (!this.consentLost) {
      if (this.hasPacedWork()) t = Math.min(t, Math.max(this.nextPaceMs, this.nowMs));
      const deadline = this.nominationDeadline();
      if (deadline !== undefined) t = Math.min(t, deadline);
      // Checks have run out but the PAC timer has not: its end may bring 'failed'.
      if (this.awaitingPac()) t = Math.min(t, this.pacEndsMs);
      if (this.consent) t = Math.min(t, this.consent.pollTimeout(this.nowMs, this.consentInFlight()));
    }
    return t === Infinity ? undefined : t;
  }

  /** Wraps application data (DTLS, RTP) for the selected pair, or the best valid pair before one is. */
  send(data: Uint8Array): Transmit | undefined {
    const pair = this.route();
    return pair && { from: pair.local.base, to: pair.remoteAddress, data };
  }

  /**
   * A datagram that is not STUN (DTLS, RTP) left for `to` from `from`: counted for the
   * transport and for the pair it took (W3C webrtc-stats RTCIceCandidatePairStats). The
   * driver calls it for each datagram it hands to a socket.
   */
  noteSent(to: Address, from: Address | undefined, sizeBytes: number, nowMs: number): void {
    const t = this.traffic;
    t.packetsSent++;
    t.bytesSent += sizeBytes;
    const pair = this.pairOn(from, to);
    if (pair === undefined) return;
    const c = pair.counters;
    c.packetsSent++;
    c.bytesSent += sizeBytes;
    c.lastPacketSentMs = nowMs;
  }

  private countReceived(from: Address, to: Address, sizeBytes: number, nowMs: number): void {
    const t = this.traffic;
    t.packetsReceived++;
    t.bytesReceived += sizeBytes;
    const pair = this.pairOn(to, from);
    if (pair === undefined) return;
    const c = pair.counters;
    c.packetsReceived++;
    c.bytesReceived += sizeBytes;
    c.lastPacketReceivedMs = nowMs;
  }

  /** What getStats reports of ICE: candidates, pairs with their counters, the selection. */
  statsSnapshot(): IceSnapshot {
    return snapshot({
      controlling: this.controllingRole,
      locals: this.locals.all,
      remotes: this.remotes.all,
      isLearned: (c) => this.remotes.isLearned(c),
      pairs: this.checklist.pairs,
      selected: this.consentLost ? undefined : this.selected,
      selectedPairChanges: this.selectedPairChanges,
      traffic: this.traffic,
    });
  }

  /** The latest STUN round trip on the pair in use (RFC 7675 consent checks keep it fresh), if any. */
  selectedRoundTripMs(): number | undefined {
    const c = this.selected?.counters;
    return c !== undefined && c.responsesReceived > 0 && !this.consentLost ? c.currentRoundTripMs : undefined;
  }

  /** The pair in use: local (as the peer sees it) and remote candidates. */
  selectedPair(): { local: LocalCandidate; remote: IceCandidate } | undefined {
    const p = this.selected;
    return p && !this.consentLost && !this.closed ? { local: p.validLocal ?? p.local, remote: p.remote } : undefined;
  }

  /**
   * ICE restart (RFC 8445 §9): new local credentials, remote ones and candidates forgotten;
   * data keeps flowing on the selected pair until checks select a new one. With `keep`, the
   * local candidates it refuses are gone (the gathering runs under new servers or policy);
   * their sockets answer no more checks.
   */
  restart(localUfrag: string, localPwd: string, controlling?: boolean, keep?: (c: LocalCandidate) => boolean): void {
    if (this.closed) return;
    if (keep) this.locals.retain(keep);
    if (this.selected && !this.consentLost) this.previous = { ufrag: this.localUfrag, key: this.localKey };
    else this.dropSelection();
    this.localUfrag = localUfrag;
    this.localKey = shortTermKey(localPwd);
    this.remoteUfrag = undefined;
    this.remoteKey = undefined;
    this.resetChecks();
    if (controlling !== undefined) this.setRole(controlling);
    this.gatheringComplete = false;
    for (const candidate of this.locals.signalled()) this.emit({ type: 'candidate', candidate });
    this.update();
  }

  /** Stops everything; the state becomes 'closed'. */
  close(): void {
    for (const p of this.pending.values()) p.tx.abandon();
    this.pending.clear();
    this.transmits.length = 0;
    this.closed = true;
    this.update();
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
