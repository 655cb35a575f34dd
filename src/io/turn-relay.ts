// One TURN allocation as the driver holds it: the UDP socket, or the TCP or TLS connection,
// to the server (RFC 8656 §3.1), the sans-IO TurnClient it feeds, and the client's timer.
// Datagrams the ICE agent sends from the relayed address go through `send`; what peers
// send there comes back through `onData`.
import { DeadlineTimer } from './deadline-timer.js';
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { TurnClient, TurnStreamFramer, type TurnEvent } from '../protocol/turn/index.js';
import type { RelayProtocol } from '../protocol/ice/index.js';
import type { Address } from '../protocol/types.js';
import { nodeRandom } from './environment.js';
import { parseTurnUrl, resolveTurnHost, type TurnServerConfig } from './turn-url.js';

/** W3C webrtc §4.8.4 (RTCPeerConnectionIceErrorEvent.errorCode): a server that could not be reached. */
export const UNREACHABLE_ERROR_CODE = 701;

/** An allocation that failed before it gave a candidate (an icecandidateerror). */
export interface TurnFailure {
  url: string;
  /** The server's STUN error code, or 701 when it was never reached. */
  errorCode: number;
  errorText: string;
  /** The local address and port used to reach the server, when a socket was opened. */
  address: string | null;
  port: number | null;
}

/** What the relay tells its driver. */
export interface TurnRelayHandlers {
  /** The allocation exists: `relayed` is the candidate, `mapped` its related address. */
  allocated(relay: TurnRelay, relayed: Address, mapped: Address | undefined): void;
  /** No allocation came of it (reported once; never after `allocated`). */
  failed(relay: TurnRelay, failure: TurnFailure): void;
  /** A peer's datagram arrived at the relayed address. */
  data(relay: TurnRelay, data: Uint8Array, peer: Address): void;
}

/** Extra trust for TLS connections to TURN servers (nonstandard; PEM certificates). */
export interface TurnTlsOptions {
  ca?: string[] | undefined;
}

/** How a relay reports itself. */
export interface TurnRelayOptions {
  /** Extra trust for turns: servers. */
  tls?: TurnTlsOptions | undefined;
  /** Policy "relay": no host candidate exposes the local address, so errors leave it out. */
  hideLocalAddress?: boolean;
}

const now = (): number => performance.now();

/**
 * Allocate requests over UDP: sent at 0, 0.5, 1.5, 3.5 and 7.5 s, given up 8 s after the last
 * (RFC 8489 §6.2.1 with Rc 5): an unreachable server holds gathering up for 15.5 s.
 */
const UDP_MAX_REQUESTS = 5;
/** A TCP or TLS connection to the server not up by then counts as unreachable (701). */
export const CONNECT_TIMEOUT_MS = 10_000;

type Connection = { kind: 'udp'; socket: dgram.Socket } | { kind: 'stream'; socket: net.Socket };

/** One allocation on one TURN server. */
export class TurnRelay {
  /** The relayed address, once allocated. */
  relayed: Address | undefined;
  /** The transport to the server, as stats report it. */
  readonly protocol: RelayProtocol | undefined;
  /** The server's address, once resolved. */
  server: Address | undefined;
  private client: TurnClient | undefined;
  private connection: Connection | undefined;
  // An allocation alone never keeps the process alive (the peer connection's timer does).
  private readonly timer = new DeadlineTimer(() => {
    if (this.closed) return;
    this.client?.handleTimeout(now());
    this.flush();
  }, false);
  private closed = false;
  private settled = false;

  /** Parses the URL; `start` does the rest. */
  constructor(
    readonly config: TurnServerConfig,
    private readonly handlers: TurnRelayHandlers,
    private readonly options: TurnRelayOptions = {},
  ) {
    this.protocol = parseTurnUrl(config.url)?.protocol;
  }

  /** Resolves the server, opens the connection and sends the first Allocate. */
  async start(): Promise<void> {
    const url = parseTurnUrl(this.config.url);
    if (url === undefined) return this.settle(UNREACHABLE_ERROR_CODE, 'TURN URL not supported');
    const server = await resolveTurnHost(url.host, url.port);
    if (this.closed) return;
    if (server === undefined) return this.settle(UNREACHABLE_ERROR_CODE, 'TURN server name not resolved');
    if (!usableDestination(server.address)) return this.settle(UNREACHABLE_ERROR_CODE, `TURN server address ${server.address} is not a unicast destination`);
    this.server = server;
    const client = new TurnClient({
      server, transport: url.protocol, username: this.config.username, password: this.config.credential, random: nodeRandom(),
      maxRequests: UDP_MAX_REQUESTS,
    });
    this.client = client;
    if (url.protocol === 'udp') {
      const socket = dgram.createSocket({ type: server.family === 6 ? 'udp6' : 'udp4' });
      this.connection = { kind: 'udp', socket };
      // A connected socket hears only the server, and learns of ICMP errors (a closed port
      // answers at once instead of after every retransmission).
      socket.on('error', (e: Error) => {
        if (this.closed) return;
        client.connectionLost(e.message);
        this.flush();
      });
      socket.on('message', (msg) => this.input(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength)));
      socket.connect(server.port, server.address, () => {
        if (this.closed) return;
        client.start(now());
        this.flush();
      });
      return;
    }
    const framer = new TurnStreamFramer();
    const options = { host: server.address, port: server.port };
    const socket = url.protocol === 'tls'
      ? tls.connect({
        ...options,
        // Certificates are checked as a browser does: against the name in the URL.
        servername: net.isIP(url.host) === 0 ? url.host : undefined,
        ...(this.options.tls?.ca ? { ca: [...tls.rootCertificates, ...this.options.tls.ca] } : {}),
      } as tls.ConnectionOptions)
      : net.connect(options);
    this.connection = { kind: 'stream', socket };
    socket.setNoDelay(true);
    const connectTimer = setTimeout(() => {
      this.settle(UNREACHABLE_ERROR_CODE, 'connection to the TURN server timed out');
      socket.destroy();
    }, CONNECT_TIMEOUT_MS);
    connectTimer.unref();
    socket.once('close', () => clearTimeout(connectTimer));
    socket.once(url.protocol === 'tls' ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer);
      if (this.closed) return;
      client.start(now());
      this.flush();
    });
    socket.on('data', (chunk: Buffer) => {
      for (const message of framer.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) this.input(message);
      if (framer.corrupt) {
        client.connectionLost('the TURN server sent something that is not TURN');
        socket.destroy();
        this.flush();
      }
    });
    socket.on('error', (e: Error) => {
      if (client.state === 'new') this.settle(UNREACHABLE_ERROR_CODE, e.message);
    });
    socket.on('close', () => {
      if (this.closed) return;
      if (client.state === 'new') this.settle(UNREACHABLE_ERROR_CODE, 'connection to the TURN server closed');
      client.connectionLost('connection to the TURN server closed');
      this.flush();
    });
  }

  /** Sends a datagram to `peer` through the allocation; false when it was dropped. */
  send(peer: Address, data: Uint8Array): boolean {
    if (this.closed || this.client === undefined) return false;
    const ok = this.client.send(peer, data, now());
    this.flush();
    return ok;
  }

  /** Deallocates (Refresh 0) and closes the connection; reports nothing afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timer.cancel();
    this.client?.close(now());
    this.writeAll();
    const c = this.connection;
    if (c === undefined) return;
    // The last message leaves before the socket goes.
    if (c.kind === 'udp') setImmediate(() => c.socket.close());
    else c.socket.end();
  }

  private input(bytes: Uint8Array): void {
    if (this.closed || this.client === undefined) return;
    this.client.handleInput(bytes, now());
    this.flush();
  }

  private settle(errorCode: number, errorText: string): void {
    if (this.settled || this.closed) return;
    this.settled = true;
    const local = this.localAddress();
    // W3C webrtc §4.8.4: an address not exposed in a host candidate is null; an unspecified
    // one (a socket bound to every interface) names none.
    const exposed = local !== undefined && !this.options.hideLocalAddress && local.address !== '0.0.0.0' && local.address !== '::';
    // Like Chromium, a hidden address comes with port 0.
    this.handlers.failed(this, { url: this.config.url, errorCode, errorText, address: exposed ? local.address : null, port: exposed ? local.port : 0 });
  }

  private localAddress(): { address: string; port: number } | undefined {
    const c = this.connection;
    try {
      if (c?.kind === 'udp') return c.socket.address();
      if (c?.kind === 'stream' && c.socket.localAddress !== undefined) return { address: c.socket.localAddress, port: c.socket.localPort ?? 0 };
    } catch {
      /* not bound */
    }
    return undefined;
  }

  private writeAll(): void {
    const client = this.client;
    const c = this.connection;
    if (client === undefined || c === undefined) return;
    for (let tx = client.pollTransmit(); tx; tx = client.pollTransmit()) {
      if (c.kind === 'udp') c.socket.send(tx.data);
      else if (!c.socket.destroyed) c.socket.write(tx.data);
    }
  }

  private flush(): void {
    if (this.closed) return;
    const client = this.client;
    if (client === undefined) return;
    this.writeAll();
    for (let e = client.pollEvent(); e && !this.closed; e = client.pollEvent()) this.onEvent(e);
    this.arm();
  }

  private onEvent(e: TurnEvent): void {
    switch (e.type) {
      case 'allocated':
        this.relayed = e.relayed;
        this.settled = true;
        this.handlers.allocated(this, e.relayed, e.mapped);
        return;
      case 'failed':
        this.settle(e.code ?? UNREACHABLE_ERROR_CODE, e.reason);
        return;
      case 'data':
        this.handlers.data(this, e.data, e.peer);
        return;
      case 'permission-failed':
        return;
    }
  }

  private arm(): void {
    const next = this.client?.pollTimeout();
    if (next === undefined || this.closed) return;
    this.timer.arm(next);
  }
}

/**
 * Whether an address can be sent to: not unspecified, not "this network" (0.0.0.0/8,
 * RFC 1122 §3.2.1.3), not broadcast or multicast.
 */
function usableDestination(address: string): boolean {
  const a = address.toLowerCase();
  if (net.isIPv4(a)) {
    const first = Number(a.split('.')[0]);
    return first !== 0 && first < 224;
  }
  return a !== '::' && !a.startsWith('ff');
}
