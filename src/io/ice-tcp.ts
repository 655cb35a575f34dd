// ICE-TCP sockets (RFC 6544) for one peer connection: a listening server per host address
// for passive candidates, and connections opened from active candidates to the peer's
// passive ones. Every packet on them is framed (RFC 4571, protocol/ice FrameReader) and
// handed to the agent like a datagram, with TCP addresses on both ends.
import net from 'node:net';
import { FrameReader, MAX_FRAME_BYTES, frame, muxUfrag } from '../protocol/ice/index.js';
import { addressKey, type Address } from '../protocol/types.js';

/** Accepted connections one listener keeps at once; past it new ones are closed. */
export const MAX_ACCEPTED_CONNECTIONS = 32;
/** Connections one active candidate opens in all (to the peer's passive candidates). */
export const MAX_ACTIVE_CONNECTIONS = 32;
/** An accepted connection whose first packet is no check for us by then is closed (ms). */
export const FIRST_CHECK_TIMEOUT_MS = 10_000;
/** An outgoing connection not established by then is given up (ms). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Bytes a connection may have queued in the kernel and in Node; packets past it are dropped. */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** Counters of what was dropped, for debugging and tests. */
export interface IceTcpStats {
  accepted: number;
  /** Accepted connections closed: over MAX_ACCEPTED_CONNECTIONS, no check in time, or a first packet not for us. */
  rejected: number;
  connected: number;
  connectFailures: number;
  /** Packets not sent: no connection possible, too large to frame, or past MAX_QUEUED_BYTES. */
  sendDropped: number;
}

/** One connection and where its packets are reported from and to. */
interface Conn {
  socket: net.Socket;
  reader: FrameReader;
  /** The far end as the agent knows it (transport 'tcp'). */
  remote: Address;
  /** The local base the agent knows (passive listener, or active candidate at port 9). */
  base: Address;
  /** An accepted connection carries packets up only once its first one was a check for us. */
  verified: boolean;
}

/** TCP sockets of one peer connection's ICE-TCP candidates. */
export class IceTcpSockets {
  readonly stats: IceTcpStats = { accepted: 0, rejected: 0, connected: 0, connectFailures: 0, sendDropped: 0 };
  private readonly servers: net.Server[] = [];
  private readonly conns = new Map<string, Conn>();
  private opened = 0;
  private closed = false;

  constructor(
    /** The local ufrag a peer's first check must name (it changes with an ICE restart). */
    private readonly localUfrag: () => string,
    /** Receives every packet, with the far end and the local base. */
    private readonly onPacket: (data: Uint8Array, from: Address, base: Address) => void,
  ) {}

  /** Listens on each address (any port); returns the passive bases that bound. */
  async listen(addresses: readonly Address[]): Promise<Address[]> {
    const out: Address[] = [];
    for (const a of addresses) {
      const server = net.createServer({ noDelay: true });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: a.address, port: 0, ipv6Only: a.family === 6 }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch {
        continue; // address not usable
      }
      server.on('error', () => undefined);
      const info = server.address() as net.AddressInfo;
      const base: Address = { address: a.address, port: info.port, family: a.family, transport: 'tcp' };
      server.on('connection', (socket) => this.accept(socket, base));
      if (this.closed) {
        server.close();
        return [];
      }
      this.servers.push(server);
      out.push(base);
    }
    return out;
  }

  private accept(socket: net.Socket, base: Address): void {
    const live = [...this.conns.values()].filter((c) => c.base === base).length;
    if (this.closed || live >= MAX_ACCEPTED_CONNECTIONS || socket.remoteAddress === undefined || socket.remotePort === undefined) {
      this.stats.rejected++;
      socket.destroy();
      return;
    }
    this.stats.accepted++;
    const remote: Address = { address: unmapped(socket.remoteAddress), port: socket.remotePort, family: base.family, transport: 'tcp' };
    const conn: Conn = { socket, reader: new FrameReader(), remote, base, verified: false };
    const key = connKey(base, remote);
    this.conns.get(key)?.socket.destroy();
    this.conns.set(key, conn);
    const timer = setTimeout(() => {
      if (!conn.verified) this.reject(conn, key);
    }, FIRST_CHECK_TIMEOUT_MS);
    timer.unref();
    this.wire(conn, key, () => clearTimeout(timer));
  }

  private reject(conn: Conn, key: string): void {
    this.stats.rejected++;
    conn.socket.destroy();
    if (this.conns.get(key) === conn) this.conns.delete(key);
  }

  /** Reads framed packets off a connection; `done` runs when it ends. */
  private wire(conn: Conn, key: string, done: () => void): void {
    const socket = conn.socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.closed) return;
      conn.reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      for (let p = conn.reader.poll(); p; p = conn.reader.poll()) {
        if (!conn.verified) {
          // RFC 6544 §7.2 with RFC 8445 §7.3: the first packet on an accepted connection is
          // the peer's check, whose USERNAME names our ufrag first; anything else is not a
          // peer of this connection and the connection is closed.
          if (muxUfrag(p) !== this.localUfrag()) {
            this.reject(conn, key);
            return;
          }
          conn.verified = true;
        }
        this.onPacket(p, conn.remote, conn.base);
        if (this.closed || socket.destroyed) return;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      done();
      if (this.conns.get(key) === conn) this.conns.delete(key);
    });
  }

  /**
   * Sends a packet from a TCP base to a far end: over the connection accepted from it, or
   * from an active base over the connection to it, opened on first use (RFC 6544 §7.1).
   */
  send(from: Address, to: Address, data: Uint8Array): void {
    if (this.closed) return;
    const key = connKey(from, to);
    let conn = this.conns.get(key);
    if (conn === undefined) {
      conn = this.connect(from, to, key);
      if (conn === undefined) {
        this.stats.sendDropped++;
        return;
      }
    }
    if (data.length > MAX_FRAME_BYTES || conn.socket.writableLength > MAX_QUEUED_BYTES) {
      this.stats.sendDropped++;
      return;
    }
    conn.socket.write(frame(data));
  }

  /** Opens a connection from an active candidate; undefined from a passive base or past the bound. */
  private connect(from: Address, to: Address, key: string): Conn | undefined {
    if (from.port !== 9 || this.opened >= MAX_ACTIVE_CONNECTIONS) return undefined;
    this.opened++;
    const socket = net.connect({ host: to.address, port: to.port, localAddress: from.address, family: to.family, noDelay: true });
    const conn: Conn = { socket, reader: new FrameReader(), remote: { ...to }, base: from, verified: true };
    this.conns.set(key, conn);
    // An unanswered connection attempt ends here; ICE's check transaction then fails the pair.
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => {
      if (socket.connecting) {
        this.stats.connectFailures++;
        socket.destroy();
      }
    });
    socket.once('connect', () => {
      this.stats.connected++;
      socket.setTimeout(0);
    });
    socket.once('error', () => {
      if (socket.connecting) this.stats.connectFailures++;
    });
    this.wire(conn, key, () => undefined);
    return conn;
  }

  /** Closes every listener and connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.servers) s.close();
    this.servers.length = 0;
    for (const c of this.conns.values()) c.socket.destroy();
    this.conns.clear();
  }
}

function connKey(base: Address, remote: Address): string {
  return `${addressKey(base)}>${addressKey(remote)}`;
}

/** An IPv4 peer on an IPv4 listener reads as itself, not as ::ffff:a.b.c.d. */
function unmapped(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
