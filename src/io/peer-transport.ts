// Drives one peer connection's TransportStack: owns its UDP sockets and its one timer,
// feeds datagrams and time in, sends what it wants sent and hands its events up.
import { DeadlineTimer } from './deadline-timer.js';
import type { KeyObject } from 'node:crypto';
import type { OpenOptions } from '../protocol/datachannel/index.js';
import type { OutgoingRtpPacket, RtpSession, RtpSessionDescription } from '../protocol/rtp/session/index.js';
import { TransportStack, type RemoteTransport, type StackEvent, type StackStats } from '../protocol/stack/index.js';
import type { Address, Transmit } from '../protocol/types.js';
import type { LocalCandidate } from '../protocol/ice/index.js';
import { candidateWithAddress, mdnsCandidateName } from '../protocol/mdns/index.js';
import { nodeRandom, resolveStunServers } from './environment.js';
import { resolveMdnsName } from './mdns-resolver.js';
import { IceTcpSockets } from './ice-tcp.js';
import { bindAddresses, bindSockets, defaultIceProtocols, type BoundSocket, type IceProtocol } from './sockets.js';
import type { MuxEndpoint, UdpMux } from './udp-mux.js';
import { TurnRelay, type TurnFailure, type TurnTlsOptions } from './turn-relay.js';
import type { TurnServerConfig } from './turn-url.js';

export type { RemoteTransport, StackEvent, StackStats, TurnFailure, TurnServerConfig };

/** What the transport reports: the stack's events, and TURN servers that gave no candidate. */
export type TransportEvent = StackEvent | { type: 'turn-error'; failure: TurnFailure };

/** The stack's stats and the clock its times are on. */
export interface TransportStats extends StackStats {
  /**
   * Add to a time in the stats to get a DOMHighResTimeStamp on the Performance time origin
   * (W3C webrtc-stats RTCStats.timestamp): the engines' clock is `performance.now()`.
   */
  clockOriginMs: number;
}

/** What a gathering runs with: RTCConfiguration's servers and policy as they are when it starts. */
export interface GatherConfig {
  stunUrls: string[];
  relayOnly: boolean;
  turnServers: TurnServerConfig[];
}

/** How the transport is set up. */
export interface TransportOptions {
  certificate: { der: Uint8Array; privateKey: KeyObject };
  localUfrag: string;
  localPwd: string;
  /** `stun:` servers from RTCConfiguration.iceServers. */
  stunUrls: string[];
  /** Nonstandard: bind host candidates to this address only. */
  bindAddress?: string | undefined;
  /** Nonstandard: local port range. */
  portRange?: { min: number; max: number } | undefined;
  /** Nonstandard: share this mux's port instead of binding sockets of our own. */
  udpMux?: UdpMux | undefined;
  /**
   * Nonstandard: the transports of host candidates, UDP and/or TCP (RFC 6544 passive and
   * active candidates); default PURERTC_ICE_PROTOCOLS, else UDP only.
   */
  iceProtocols?: readonly IceProtocol[] | undefined;
  /** iceTransportPolicy "relay": no host or srflx candidates, only TURN relays. */
  relayOnly?: boolean;
  /** TURN servers from RTCConfiguration.iceServers, one allocation each. */
  turnServers?: TurnServerConfig[];
  /** Nonstandard: certificates trusted for turns: servers besides the system's. */
  turnTls?: TurnTlsOptions;
  /** Our a=sctp-init (SNAP), whose Initiate Tag and initial TSN the association keeps. */
  sctpInit?: Uint8Array | undefined;
  /** Our a=sctp-port (default 5000). */
  sctpPort?: number | undefined;
  /** Largest message SCTP accepts (our a=max-message-size; 0 any size). */
  maxReceiveMessageSize?: number | undefined;
  /** The RTCP CNAME our descriptions state (RFC 7022). */
  cname?: string | undefined;
  /** Nonstandard: DTLS-SRTP profile ids offered or accepted, in order of preference (default: all). */
  srtpProfiles?: readonly number[] | undefined;
}

const now = (): number => performance.now();

/** One peer connection's transport over UDP. */
export class PeerTransport {
  private readonly stack: TransportStack;
  private sockets: BoundSocket[] = [];
  /** Our place on a shared UDP mux, when the connection uses one instead of its own sockets. */
  private mux: MuxEndpoint | null = null;
  private relays: TurnRelay[] = [];
  /** ICE-TCP listeners and connections, when TCP candidates are gathered. */
  private tcp: IceTcpSockets | null = null;
  /** The local ufrag now (an accepted TCP connection's first check must name it). */
  private ufrag: string;
  /** Relays not yet allocated or failed (and a regathering under way): gathering is not complete before they are. */
  private gatherPending = 0;
  /** The servers and policy of the last gathering. */
  private gatherConfig: GatherConfig;
  private readonly timer = new DeadlineTimer(() => {
    if (this.closed) return;
    this.stack.handleTimeout(now());
    this.flush();
  });
  private started = false;
  private closed = false;
  private delivering = false;
  private flushScheduled = false;
  private prepareScheduled = false;
  /** Host candidates are in (or none will be): the work ahead may run. */
  private hostsReady = false;
  /** Remote ICE generation (each setRemote): answers for an older one are ignored. */
  private remoteGeneration = 0;
  /** Remote .local candidates being resolved, and whether end-of-candidates waits for them. */
  private namesPending = 0;
  private endDeferred = false;

  constructor(
    private readonly options: TransportOptions,
    /** Receives every stack event, in order. */
    private readonly onEvent: (e: TransportEvent) => void,
  ) {
    this.ufrag = options.localUfrag;
    this.gatherConfig = { stunUrls: options.stunUrls, relayOnly: options.relayOnly === true, turnServers: options.turnServers ?? [] };
    this.stack = new TransportStack({
      certificate: options.certificate,
      localUfrag: options.localUfrag,
      localPwd: options.localPwd,
      random: nodeRandom(),
      // The RTP session's SRs carry Unix time: the wall clock less the monotonic one.
      media: { wallClockOffsetMs: performance.timeOrigin, ...(options.cname !== undefined ? { cname: options.cname } : {}) },
      ...(options.sctpInit ? { sctpInit: options.sctpInit } : {}),
      ...(options.sctpPort !== undefined ? { sctpPort: options.sctpPort } : {}),
      ...(options.maxReceiveMessageSize !== undefined ? { maxReceiveMessageSize: options.maxReceiveMessageSize } : {}),
      ...(options.srtpProfiles !== undefined ? { srtpProfiles: options.srtpProfiles } : {}),
    });
  }

  /** Starts ICE as controlling or controlled and gathers host and srflx candidates. */
  start(controlling: boolean): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.stack.start(controlling);
    // Sockets are bound in the next turn: setLocalDescription resolves (and the app sends
    // its description) first; candidates trickle from there, as gathering runs in parallel.
    setImmediate(() => void this.gather());
  }

  /**
   * The stack's work ahead (DTLS connection, handshake key, SCTP association) runs in a
   * later turn, once the description, the first checks and the host candidates' events
   * are out and the connection waits for its peer.
   */
  private schedulePrepare(): void {
    if (this.prepareScheduled || this.closed || !this.hostsReady || !this.stack.preparationPending) return;
    this.prepareScheduled = true;
    setImmediate(() => {
      this.prepareScheduled = false;
      if (!this.closed) this.stack.prepare();
    }).unref();
  }

  private async gather(): Promise<void> {
    try {
      const config = this.gatherConfig;
      this.startRelays(config.turnServers);
      if (!config.relayOnly) {
        const bases = await this.udpBases();
        if (this.closed) return;
        for (const base of bases) this.stack.addLocalBase(base, now());
        await this.listenTcp();
        if (this.closed) return;
        // The first checks and the host candidates go out before the work ahead, and before
        // the STUN servers' names are looked up.
        this.flush();
      }
      this.hostsReady = true;
      this.schedulePrepare();
      if (!config.relayOnly) {
        const servers = await resolveStunServers(config.stunUrls);
        if (this.closed) return;
        for (const { server, url } of servers) this.stack.addStunServer(server, now(), url);
      }
      if (this.closed) return;
      this.stack.endOfLocalCandidates(now());
      this.flush();
    } catch (e) {
      // Never an unhandled rejection: report the failure as an uncaught error of its own.
      queueMicrotask(() => {
        throw e;
      });
    }
  }

  /**
   * The UDP host bases (none when UDP is not gathered): the mux's or the sockets already
   * bound, else a place on the mux or sockets bound now.
   */
  private async udpBases(): Promise<Address[]> {
    if (!(this.options.iceProtocols ?? defaultIceProtocols()).includes('udp')) return [];
    if (this.mux) return this.mux.bases;
    if (this.sockets.length > 0) return this.sockets.map((s) => s.base);
    return this.options.udpMux ? this.attachMux(this.options.udpMux) : this.bind();
  }

  /** Binds sockets of our own; returns their bases. */
  private async bind(): Promise<Address[]> {
    const bound = await bindSockets({ bindAddress: this.options.bindAddress, portRange: this.options.portRange }, (data, from, socket) =>
      this.onDatagram(data, from, socket.base),
    );
    if (this.closed) {
      for (const s of bound) s.socket.close();
      return [];
    }
    this.sockets = bound;
    return bound.map((s) => s.base);
  }

  /**
   * ICE-TCP host candidates (RFC 6544 §4.1) on each bind address: a passive one per
   * listener that bound, and an active one per address (it connects when checks ask).
   */
  private async listenTcp(): Promise<void> {
    if (this.tcp !== null || !(this.options.iceProtocols ?? defaultIceProtocols()).includes('tcp')) return;
    const tcp = new IceTcpSockets(() => this.ufrag, (data, from, base) => this.onDatagram(data, from, base));
    this.tcp = tcp;
    const addresses = bindAddresses(this.options.bindAddress);
    const passive = await tcp.listen(addresses);
    if (this.closed) {
      tcp.close();
      return;
    }
    for (const base of passive) this.stack.addLocalTcpBase(base, 'passive', now());
    for (const a of addresses) this.stack.addLocalTcpBase({ address: a.address, port: 0, family: a.family }, 'active', now());
  }

  /** Takes a place on the shared mux (none on a closed one: no host candidates then); returns its bases. */
  private attachMux(udpMux: UdpMux): Address[] {
    if (udpMux.closed) return [];
    try {
      this.mux = udpMux.attach(this.options.localUfrag, (data, from, base) => this.onDatagram(data, from, base));
    } catch {
      return [];
    }
    return this.mux.bases;
  }

  /** Starts one allocation per TURN server; gathering completes once each has answered. */
  private startRelays(servers: TurnServerConfig[]): void {
    if (servers.length === 0) return;
    this.gatherPending += servers.length;
    this.stack.setGatheringPending(true, now());
    const settled = (): void => this.gatherSettled();
    for (const config of servers) {
      const relay = new TurnRelay(config, {
        allocated: (r, relayed, mapped) => {
          if (this.closed) return;
          this.run(() => this.stack.addRelayCandidate(relayed, mapped, r.server!, r.protocol!, r.config.url, now()));
          settled();
        },
        failed: (_r, failure) => {
          if (this.closed) return;
          this.onEvent({ type: 'turn-error', failure });
          settled();
        },
        data: (r, data, peer) => this.onDatagram(data, peer, r.relayed!),
      }, { tls: this.options.turnTls, hideLocalAddress: this.gatherConfig.relayOnly });
      this.relays.push(relay);
      void relay.start().catch((e: unknown) => queueMicrotask(() => {
        throw e;
      }));
    }
  }

  /** One piece of gathering work ended: with none left, gathering may complete. */
  private gatherSettled(): void {
    if (--this.gatherPending === 0 && !this.closed) this.run(() => this.stack.setGatheringPending(false, now()));
  }

  /**
   * W3C webrtc §4.4.1.6 setConfiguration: new ICE servers or a new policy apply from the
   * next gathering, which an ICE restart starts. Candidates the new configuration does not
   * give are withdrawn (host and srflx ones under "relay", those of servers no longer
   * configured); new servers are asked and, from "relay" back to "all", host candidates
   * come back. Allocations no longer configured stay open (the pre-restart pair may run
   * through one) until close().
   */
  private async regather(ufrag: string, pwd: string, config: GatherConfig): Promise<void> {
    this.gatherConfig = config;
    const turnKey = (t: TurnServerConfig): string => `${t.url}\n${t.username}\n${t.credential}`;
    const wanted = new Set(config.turnServers.map(turnKey));
    const kept = this.relays.filter((r) => wanted.has(turnKey(r.config)));
    const keptKeys = new Set(kept.map((r) => turnKey(r.config)));
    const stun = new Set(config.stunUrls);
    const keep = (c: LocalCandidate): boolean => {
      if (c.type === 'relay') return kept.some((r) => r.relayed !== undefined && r.relayed.address === c.base.address && r.relayed.port === c.base.port);
      return !config.relayOnly && (c.type !== 'srflx' || (c.url !== undefined && stun.has(c.url)));
    };
    // Pending until the work below is done, so the restarted agent does not complete at once.
    this.gatherPending++;
    this.run(() => {
      this.stack.setGatheringPending(true, now());
      this.stack.restartIce(ufrag, pwd, now(), keep);
    });
    try {
      this.startRelays(config.turnServers.filter((t) => !keptKeys.has(turnKey(t))));
      if (!config.relayOnly) {
        const bases = await this.udpBases();
        if (this.closed) return;
        await this.listenTcp();
        if (this.closed) return;
        this.run(() => {
          for (const base of bases) this.stack.addLocalBase(base, now());
        });
        const servers = await resolveStunServers(config.stunUrls);
        if (this.closed) return;
        this.run(() => {
          for (const { server, url } of servers) this.stack.addStunServer(server, now(), url);
        });
      }
    } finally {
      this.gatherSettled();
    }
  }

  /** Applies the remote ICE parameters and candidates (SRD). */
  setRemote(remote: RemoteTransport): void {
    this.remoteGeneration++;
    this.namesPending = 0;
    this.endDeferred = false;
    const named = remote.candidates.filter((c) => mdnsCandidateName(c) !== undefined);
    if (named.length > 0) {
      this.endDeferred = remote.endOfCandidates;
      remote = { ...remote, candidates: remote.candidates.filter((c) => !named.includes(c)), endOfCandidates: false };
    }
    this.run(() => this.stack.setRemote(remote, now()));
    for (const c of named) this.resolveCandidate(c);
    this.schedulePrepare();
  }

  /** A trickled remote candidate (`candidate:...`), or '' for end-of-candidates. */
  addRemoteCandidate(candidate: string): void {
    if (candidate === '' && this.namesPending > 0) {
      this.endDeferred = true;
      return;
    }
    if (mdnsCandidateName(candidate) !== undefined) {
      this.resolveCandidate(candidate);
      return;
    }
    this.run(() => this.stack.addRemoteCandidate(candidate, now()));
  }

  /**
   * draft-ietf-mmusic-mdns-ice-candidates §3.2.1: a candidate whose address is a .local name
   * is resolved by mDNS (RFC 6762) and used with the address found; one that does not
   * resolve is ignored. End-of-candidates waits for the names still being resolved.
   */
  private resolveCandidate(candidate: string): void {
    const generation = this.remoteGeneration;
    this.namesPending++;
    void resolveMdnsName(mdnsCandidateName(candidate)!).then((addresses) => {
      if (this.closed || generation !== this.remoteGeneration) return;
      for (const address of addresses) this.run(() => this.stack.addRemoteCandidate(candidateWithAddress(candidate, address), now()));
      if (--this.namesPending === 0 && this.endDeferred) {
        this.endDeferred = false;
        this.run(() => this.stack.addRemoteCandidate('', now()));
      }
    });
  }

  /** The DTLS role negotiated by a=setup, and whether SCTP is wanted. */
  setRoles(dtlsRole: 'client' | 'server', wantSctp: boolean): void {
    this.run(() => this.stack.setRoles(dtlsRole, wantSctp, now()));
    this.schedulePrepare();
  }

  /** Opens (or queues until SCTP is up) a data channel on a chosen stream id. */
  openChannel(options: OpenOptions & { id: number }): void {
    this.run(() => this.stack.openChannel(options, now()));
  }

  /** Sends a message on an open channel. */
  send(id: number, data: string | Uint8Array): void {
    this.run(() => this.stack.send(id, data, now()));
  }

  /** Starts closing a channel (stream reset); true if it was still waiting for SCTP (see TransportStack). */
  closeChannel(id: number): boolean {
    let waiting = false;
    this.run(() => {
      waiting = this.stack.closeChannel(id, now());
    });
    return waiting;
  }

  /** Applies the negotiated RTP session description (see TransportStack.setRtpDescription). */
  setRtpDescription(description: RtpSessionDescription): void {
    this.run(() => this.stack.setRtpDescription(description, now()));
  }

  /** Sends one packetized payload of a sender (the mid) on an encoding; `captureMs` on the performance.now() clock. */
  sendRtp(senderId: string, packet: OutgoingRtpPacket, captureMs: number, encodingIndex = 0): void {
    this.run(() => void this.stack.sendRtp(senderId, packet, now(), { captureMs, encodingIndex }));
  }

  /** Runs `fn` on the RTP session with the time (performance.now()), then sends what it produced. */
  withRtpSession<T>(fn: (session: RtpSession, nowMs: number) => T): T | undefined {
    if (this.closed) return undefined;
    const t = now();
    const out = this.stack.withRtpSession((s) => fn(s, t), t);
    this.flush();
    return out;
  }

  /** Asks the sender of a receiver's stream for a key frame (see TransportStack.requestKeyFrame). */
  requestKeyFrame(receiverId: string): void {
    this.run(() => this.stack.requestKeyFrame(receiverId, now()));
  }

  /** Bytes queued on a channel. */
  bufferedAmount(id: number): number {
    return this.stack.bufferedAmount(id);
  }

  /** What getStats reports of the transport, copied now; still answers after close(). */
  stats(): TransportStats {
    return { ...this.stack.stats(), clockOriginMs: performance.timeOrigin };
  }

  /** Restarts ICE with new credentials; under a changed configuration, gathers with it (see regather). */
  restartIce(ufrag: string, pwd: string, config?: GatherConfig): void {
    this.ufrag = ufrag;
    this.mux?.setUfrag(ufrag);
    if (config === undefined || !this.hostsReady || sameGatherConfig(config, this.gatherConfig)) {
      this.run(() => this.stack.restartIce(ufrag, pwd, now()));
      return;
    }
    void this.regather(ufrag, pwd, config).catch((e: unknown) => queueMicrotask(() => {
      throw e;
    }));
  }

  /** Closes everything: no timers, no sockets, no events afterwards. */
  close(): void {
    if (this.closed) return;
    this.stack.close(now());
    this.sendAll();
    this.closed = true;
    this.timer.cancel();
    this.mux?.close();
    this.mux = null;
    this.tcp?.close();
    this.tcp = null;
    // dgram sends complete a tick later: close the sockets after the last ones have left.
    for (const r of this.relays) r.close();
    this.relays = [];
    const sockets = this.sockets;
    this.sockets = [];
    setImmediate(() => {
      for (const s of sockets) s.socket.close();
    });
  }

  private run(fn: () => void): void {
    if (this.closed) return;
    fn();
    this.flush();
  }

  private onDatagram(data: Uint8Array, from: Address, base: Address): void {
    if (this.closed) return;
    const settingUp = !this.stack.sctpUp;
    this.stack.handleDatagram(data, from, base, now());
    // What is ready now (a check's response, the next handshake flight) leaves now, ahead
    // of tasks already queued; SCTP's output and the events wait for the end of the turn,
    // so the datagrams that arrive in one turn of the event loop are answered together.
    for (let tx = this.stack.pollQueuedTransmit(); tx; tx = this.stack.pollQueuedTransmit()) this.sendOne(tx);
    // Checks the handshake left until its flight was out run now, while the peer works.
    this.stack.runPendingChecks(now());
    // Until SCTP is up there is nothing to batch: what a handshake step reports (the
    // association up, a channel open) goes up now, so its events' tasks run in this turn.
    // A step may leave work ahead (a DTLS client's key and association once its hello is
    // out): it runs in a later turn, after the datagrams already waiting.
    if (settingUp) {
      this.flush();
      this.schedulePrepare();
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  private sendAll(): void {
    for (let tx = this.stack.pollTransmit(); tx; tx = this.stack.pollTransmit()) this.sendOne(tx);
  }

  private sendOne(tx: Transmit): void {
    const from = tx.from;
    if (from?.transport === 'tcp') {
      this.tcp?.send(from, tx.to, tx.data);
      return;
    }
    if (from !== undefined && this.relays.length > 0) {
      // From a relayed address: through its allocation (RFC 8656 §11, §12).
      const relay = this.relays.find((r) => r.relayed !== undefined && r.relayed.port === from.port && r.relayed.address === from.address);
      if (relay !== undefined) {
        relay.send(tx.to, tx.data);
        return;
      }
    }
    if (this.mux) {
      this.mux.send(tx.data, tx.to, from);
      return;
    }
    const socket = (from && this.sockets.find((s) => s.base.port === from.port && s.base.address === from.address)) ?? this.sockets[0];
    socket?.socket.send(tx.data, tx.to.port, tx.to.address);
  }

  /** Sends pending datagrams, delivers events, re-arms the timer. */
  private flush(): void {
    if (this.closed) return;
    this.sendAll();
    // Event handlers may call back into the transport; deliver from the outermost flush only.
    if (!this.delivering) {
      this.delivering = true;
      try {
        for (let e = this.stack.pollEvent(); e && !this.closed; e = this.stack.pollEvent()) this.onEvent(e);
      } finally {
        this.delivering = false;
      }
      if (this.closed) return;
      this.sendAll();
    }
    this.arm();
  }

  private arm(): void {
    const next = this.stack.pollTimeout();
    if (next === undefined) return;
    this.timer.arm(next);
  }
}

/** Whether two gatherings would ask the same servers under the same policy. */
function sameGatherConfig(a: GatherConfig, b: GatherConfig): boolean {
  const turn = (c: GatherConfig): string => JSON.stringify(c.turnServers.map((t) => [t.url, t.username, t.credential]));
  return a.relayOnly === b.relayOnly && JSON.stringify(a.stunUrls) === JSON.stringify(b.stunUrls) && turn(a) === turn(b);
}
