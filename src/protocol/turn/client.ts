// A sans-IO TURN client (RFC 8656) for one allocation on one server: Allocate with the
// long-term credential mechanism, Refresh before expiry, CreatePermission and ChannelBind
// per peer, Send/Data indications and ChannelData on the data path, Refresh 0 on close.
// The driver owns the UDP socket or the TCP/TLS stream (framed by TurnStreamFramer).
import {
  ParseError,
  StunMethod,
  StunTransaction,
  getXorMappedAddress,
  isStun,
  newTransactionId,
  parseMessage,
  serializeMessage,
  transactionKey,
  type StunAttribute,
  type StunMessage,
} from '../stun/index.js';
import type { Address, Transmit } from '../types.js';
import {
  TurnErrorCodes,
  channelNumberAttr,
  dataAttr,
  getData,
  getXorPeerAddress,
  getXorRelayedAddress,
  lifetimeAttr,
  requestedTransportAttr,
  xorPeerAddressAttr,
} from './attributes.js';
import { LongTermCredentials } from './auth.js';
import { errorCodeOf, lifetimeOf, reasonOf, refreshDelayMs } from './responses.js';
import { isChannelData, parseChannelData, serializeChannelData } from './channel-data.js';
import { CHANNEL_REFRESH_MS, PERMISSION_REFRESH_MS, RelayPeers, type Channel } from './peers.js';
import type { TurnClientOptions, TurnClientStats, TurnEvent, TurnState } from './types.js';

/** Retries of one request after 401/438 answers before it counts as failed. */
const MAX_AUTH_RETRIES = 3;

type Kind = 'allocate' | 'refresh' | 'permission' | 'channel';

interface Request {
  kind: Kind;
  tx: StunTransaction;
  authenticated: boolean;
  retries: number;
  /** Rebuilds the request's own attributes for a new transaction ID (for a retry). */
  attributes: (transactionId: Uint8Array) => StunAttribute[];
  method: number;
  peer?: Address;
}

/** One TURN allocation: fed the server's messages, polled for what to send it. */
export class TurnClient {
  /** Counters of dropped input and activity. */
  readonly stats: TurnClientStats = {
    malformed: 0, responsesIgnored: 0, integrityFailures: 0, unknownChannel: 0, badIndications: 0, sendsDropped: 0,
    indicationsSent: 0, channelDataSent: 0, indicationsReceived: 0, channelDataReceived: 0, staleNonces: 0, refreshes: 0,
  };
  /** The relayed transport address, once allocated. */
  relayed: Address | undefined;
  /** The server-reflexive address the server saw (XOR-MAPPED-ADDRESS), once allocated. */
  mapped: Address | undefined;
  private stateValue: TurnState = 'new';
  private readonly creds: LongTermCredentials;
  private readonly pending = new Map<string, Request>();
  private readonly transmits: Transmit[] = [];
  private readonly events: TurnEvent[] = [];
  private readonly peers = new RelayPeers();
  private refreshAtMs = Infinity;
  private nowMs = 0;
  private readonly lifetimeSec: number;
  private readonly maxQueued: number;
  private readonly txOptions: { rtoMs: number; maxRequests: number; lastWaitFactor: number };

  /** Creates the client; nothing is sent before `start`. */
  constructor(private readonly options: TurnClientOptions) {
    this.creds = new LongTermCredentials(options.username, options.password);
    this.lifetimeSec = options.lifetimeSec ?? 600;
    this.maxQueued = options.maxQueuedPerPeer ?? 16;
    const rtoMs = options.rtoMs ?? 500;
    // RFC 8489 §6.2.2: over TCP and TLS a request is sent once and waits Ti (39.5 s).
    this.txOptions = options.transport === 'udp'
      ? { rtoMs, maxRequests: options.maxRequests ?? 7, lastWaitFactor: 16 }
      : { rtoMs, maxRequests: 1, lastWaitFactor: (options.streamTimeoutMs ?? 39_500) / rtoMs };
  }

  /** Where the allocation is. */
  get state(): TurnState {
    return this.stateValue;
  }

  /** Sends the first Allocate (RFC 8656 §7.1), without credentials as RFC 8489 §9.2.3 says. */
  start(nowMs: number): void {
    if (this.stateValue !== 'new') return;
    this.nowMs = nowMs;
    this.stateValue = 'allocating';
    // RFC 8656 §7.1: REQUESTED-TRANSPORT is UDP (17): the relay is a UDP socket, whatever
    // the transport to the server.
    this.request('allocate', StunMethod.Allocate, () => [requestedTransportAttr(17), lifetimeAttr(this.lifetimeSec)], false, 0);
  }

  /**
   * Sends `data` to `peer` through the relay: ChannelData on a bound channel, else a Send
   * indication once the peer's permission is installed (RFC 8656 §9, §11); until then it
   * is queued. Returns false when dropped.
   */
  send(peer: Address, data: Uint8Array, nowMs: number): boolean {
    this.nowMs = nowMs;
    if (this.stateValue !== 'allocated') return this.dropSend();
    const channel = this.peers.channel(peer);
    if (channel?.state === 'bound') {
      this.pushData(serializeChannelData(channel.number, data, this.options.transport !== 'udp'));
      this.stats.channelDataSent++;
      return true;
    }
    let permission = this.peers.permission(peer.address);
    if (permission === undefined) {
      permission = this.peers.addPermission(peer.address);
      this.createPermission(peer);
    }
    if (permission.state === 'pending') {
      if (permission.queue.length >= this.maxQueued) return this.dropSend();
      permission.queue.push({ peer, data: data.slice() });
      return true;
    }
    this.sendIndication(peer, data);
    return true;
  }

  /** Feeds one message from the server: a datagram (UDP) or one framed message (TCP/TLS). */
  handleInput(bytes: Uint8Array, nowMs: number): void {
    this.nowMs = nowMs;
    if (this.stateValue === 'closed') return;
    if (isChannelData(bytes)) return this.onChannelData(bytes);
    if (!isStun(bytes)) {
      this.stats.malformed++;
      return;
    }
    let msg: StunMessage;
    try {
      msg = parseMessage(bytes);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.stats.malformed++;
      return;
    }
    if (msg.class === 'indication') return this.onIndication(msg);
    if (msg.class === 'request') {
      this.stats.malformed++;
      return;
    }
    const key = transactionKey(msg.transactionId);
    const req = this.pending.get(key);
    if (req === undefined) {
      this.stats.responsesIgnored++;
      return;
    }
    const code = msg.class === 'error' ? errorCodeOf(msg) : undefined;
    // RFC 8489 §9.2.5: 401 and 438 answers are not checked for integrity; others are.
    const challenge = code === TurnErrorCodes.Unauthenticated || code === TurnErrorCodes.StaleNonce;
    if (req.authenticated && !challenge && !this.creds.responseValid(msg)) {
      this.stats.integrityFailures++;
      return;
    }
    this.pending.delete(key);
    req.tx.handleResponse();
    if (msg.class === 'error') this.onError(req, msg, code);
    else this.onSuccess(req, msg);
  }

  /** Runs timers: retransmissions and timeouts, allocation, permission and channel refreshes. */
  handleTimeout(nowMs: number): void {
    this.nowMs = nowMs;
    if (this.stateValue === 'closed' || this.stateValue === 'failed') return;
    for (const [key, req] of this.pending) {
      req.tx.handleTimeout(nowMs);
      this.drain(req.tx);
      if (req.tx.pollEvent()?.type !== 'timeout') continue;
      this.pending.delete(key);
      this.onFailure(req, undefined, 'no answer from the TURN server');
      if ((this.stateValue as TurnState) === 'failed') return;
    }
    if (this.stateValue !== 'allocated') return;
    if (nowMs >= this.refreshAtMs) {
      this.refreshAtMs = Infinity;
      this.request('refresh', StunMethod.Refresh, () => [lifetimeAttr(this.lifetimeSec)], true, 0);
    }
    const due = this.peers.due(nowMs);
    for (const p of due.permissions) this.createPermission({ address: p.ip, port: 0, family: p.ip.includes(':') ? 6 : 4 });
    for (const c of due.channels) this.bindChannel(c);
  }

  /**
   * Ends the allocation: a Refresh with LIFETIME 0 (RFC 8656 §7.2) goes out once, nothing
   * is retransmitted or reported afterwards.
   */
  close(nowMs: number): void {
    this.nowMs = nowMs;
    if (this.stateValue === 'closed') return;
    const wasAllocated = this.stateValue === 'allocated';
    for (const r of this.pending.values()) r.tx.abandon();
    this.pending.clear();
    this.transmits.length = 0;
    if (wasAllocated) {
      const req = this.request('refresh', StunMethod.Refresh, () => [lifetimeAttr(0)], true, 0);
      this.pending.delete(req.tx.key);
      req.tx.abandon();
    }
    this.stateValue = 'closed';
    this.peers.clear();
  }

  /** The TCP/TLS connection to the server ended or broke: the allocation is lost with it. */
  connectionLost(reason: string): void {
    if (this.stateValue === 'closed' || this.stateValue === 'failed') return;
    this.fail(undefined, reason);
  }

  /** The next message for the server. */
  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  /** The next event. */
  pollEvent(): TurnEvent | undefined {
    return this.events.shift();
  }

  /** When `handleTimeout` must next be called, or undefined. */
  pollTimeout(): number | undefined {
    if (this.stateValue === 'closed' || this.stateValue === 'failed') return undefined;
    let t = this.stateValue === 'allocated' ? this.refreshAtMs : Infinity;
    for (const r of this.pending.values()) t = Math.min(t, r.tx.pollTimeout() ?? Infinity);
    t = Math.min(t, this.peers.nextRefreshMs());
    return t === Infinity ? undefined : t;
  }

  // ---- requests ----

  private request(kind: Kind, method: number, attributes: Request['attributes'], authenticated: boolean, retries: number, peer?: Address): Request {
    const transactionId = newTransactionId(this.options.random);
    const attrs = attributes(transactionId);
    if (authenticated) attrs.push(...this.creds.attributes());
    const key = authenticated ? this.creds.key : undefined;
    const bytes = serializeMessage({ class: 'request', method, transactionId, attributes: attrs }, key ? { integrityKey: key, fingerprint: true } : { fingerprint: true });
    const tx = new StunTransaction(bytes, transactionId, this.options.server, this.nowMs, this.txOptions);
    const req: Request = { kind, tx, authenticated, retries, attributes, method };
    if (peer) req.peer = peer;
    this.pending.set(tx.key, req);
    this.drain(tx);
    return req;
  }

  private retry(req: Request): void {
    this.request(req.kind, req.method, req.attributes, true, req.retries + 1, req.peer);
  }

  private createPermission(peer: Address): void {
    // RFC 8656 §9.1: a permission is for an IP address; the port in XOR-PEER-ADDRESS is ignored.
    this.request('permission', StunMethod.CreatePermission, (id) => [xorPeerAddressAttr(peer, id)], true, 0, peer);
  }

  private bindChannel(c: Channel): void {
    // RFC 8656 §12.1: CHANNEL-NUMBER and XOR-PEER-ADDRESS; the binding also refreshes the permission.
    this.request('channel', StunMethod.ChannelBind, (id) => [channelNumberAttr(c.number), xorPeerAddressAttr(c.peer, id)], true, 0, c.peer);
  }

  private onSuccess(req: Request, msg: StunMessage): void {
    switch (req.kind) {
      case 'allocate':
        return this.onAllocated(msg);
      case 'refresh': {
        this.stats.refreshes++;
        const lifetime = lifetimeOf(msg) ?? this.lifetimeSec;
        this.refreshAtMs = this.nowMs + refreshDelayMs(lifetime);
        return;
      }
      case 'permission': {
        const p = this.peers.permission(req.peer!.address);
        if (p === undefined) return;
        p.state = 'installed';
        p.refreshAtMs = this.nowMs + PERMISSION_REFRESH_MS;
        const queue = p.queue;
        p.queue = [];
        for (const q of queue) this.sendIndication(q.peer, q.data);
        return;
      }
      case 'channel': {
        const c = this.peers.channel(req.peer!);
        if (c === undefined) return;
        c.state = 'bound';
        c.refreshAtMs = this.nowMs + CHANNEL_REFRESH_MS;
        return;
      }
    }
  }

  private onAllocated(msg: StunMessage): void {
    let relayed: Address | undefined;
    let mapped: Address | undefined;
    try {
      relayed = getXorRelayedAddress(msg);
      mapped = getXorMappedAddress(msg);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
    // RFC 8656 §7.3: a success response carries XOR-RELAYED-ADDRESS.
    if (relayed === undefined) return this.fail(undefined, 'Allocate success without a relayed address');
    const lifetime = lifetimeOf(msg) ?? this.lifetimeSec;
    this.relayed = relayed;
    this.mapped = mapped;
    this.stateValue = 'allocated';
    this.refreshAtMs = this.nowMs + refreshDelayMs(lifetime);
    this.events.push({ type: 'allocated', relayed, mapped, lifetimeSec: lifetime });
  }

  private onError(req: Request, msg: StunMessage, code: number | undefined): void {
    const reason = reasonOf(msg) ?? 'error response';
    // RFC 8489 §9.2.5: a 401 to a request without credentials names the realm and nonce to
    // use; a 438 a fresh nonce. Either is retried a few times; a 401 to a request that had
    // credentials means they are wrong.
    if (code === TurnErrorCodes.Unauthenticated && !req.authenticated && this.creds.learn(msg)) return this.retry(req);
    if (code === TurnErrorCodes.StaleNonce && req.retries < MAX_AUTH_RETRIES && this.creds.learn(msg)) {
      this.stats.staleNonces++;
      return this.retry(req);
    }
    this.onFailure(req, code, reason);
  }

  private onFailure(req: Request, code: number | undefined, reason: string): void {
    switch (req.kind) {
      case 'allocate':
        return this.fail(code, reason);
      case 'refresh':
        // RFC 8656 §7.3: a 437 (or any failure) to a Refresh means the allocation is gone.
        return this.fail(code, reason);
      case 'permission': {
        const p = this.peers.removePermission(req.peer!.address);
        if (p === undefined) return;
        this.stats.sendsDropped += p.queue.length;
        this.events.push({ type: 'permission-failed', peer: req.peer!, code });
        return;
      }
      case 'channel': {
        // Data keeps going in Send indications while the permission lasts.
        const c = this.peers.channel(req.peer!);
        if (c !== undefined && c.state === 'pending') this.peers.removeChannel(c);
        return;
      }
    }
  }

  private fail(code: number | undefined, reason: string): void {
    for (const r of this.pending.values()) r.tx.abandon();
    this.pending.clear();
    this.peers.clear();
    this.stateValue = 'failed';
    this.events.push({ type: 'failed', code, reason });
  }

  // ---- data path ----

  private sendIndication(peer: Address, data: Uint8Array): void {
    // RFC 8656 §11.1: Send indications carry XOR-PEER-ADDRESS and DATA and no integrity.
    const transactionId = newTransactionId(this.options.random);
    const attributes = [xorPeerAddressAttr(peer, transactionId), dataAttr(data)];
    this.pushData(serializeMessage({ class: 'indication', method: StunMethod.Send, transactionId, attributes }));
    this.stats.indicationsSent++;
    // RFC 8656 §12: a channel makes later datagrams 36 bytes smaller; bind one for the peer.
    if (this.peers.channel(peer) === undefined) {
      const c = this.peers.addChannel(peer);
      if (c !== undefined) this.bindChannel(c);
    }
  }

  private onIndication(msg: StunMessage): void {
    if (msg.method !== StunMethod.Data) {
      this.stats.malformed++;
      return;
    }
    let peer: Address | undefined;
    try {
      peer = getXorPeerAddress(msg);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
    const data = getData(msg);
    // RFC 8656 §11.6: a Data indication without XOR-PEER-ADDRESS or DATA is discarded.
    if (peer === undefined || data === undefined) {
      this.stats.badIndications++;
      return;
    }
    this.stats.indicationsReceived++;
    this.events.push({ type: 'data', peer, data });
  }

  private onChannelData(bytes: Uint8Array): void {
    let parsed;
    try {
      parsed = parseChannelData(bytes);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.stats.malformed++;
      return;
    }
    // RFC 8656 §12.6: ChannelData on a channel not bound to a peer is discarded.
    const c = this.peers.channelByNumber(parsed.channel);
    if (c === undefined) {
      this.stats.unknownChannel++;
      return;
    }
    this.stats.channelDataReceived++;
    this.events.push({ type: 'data', peer: c.peer, data: parsed.data });
  }

  private pushData(data: Uint8Array): void {
    this.transmits.push({ to: this.options.server, data });
  }

  private dropSend(): boolean {
    this.stats.sendsDropped++;
    return false;
  }

  private drain(tx: StunTransaction): void {
    for (let t = tx.pollTransmit(); t; t = tx.pollTransmit()) this.transmits.push(t);
  }
}
