// A tiny UDP driver for the DTLS conformance tests: one socket on 127.0.0.1, one timer,
// feeding a sans-IO DtlsConnection the way src/io will.
import { createSocket, type Socket } from 'node:dgram';
import { DtlsConnection, type DtlsEvent } from '../../src/protocol/dtls/index.js';

/** Drives one DtlsConnection over a UDP socket to a fixed peer. */
export class UdpDtlsDriver {
  /** Every event the connection reported, in order. */
  readonly events: DtlsEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];
  private readonly startMs = performance.now();

  private constructor(
    readonly connection: DtlsConnection,
    readonly socket: Socket,
    private remote: { address: string; port: number } | undefined,
  ) {
    socket.on('message', (msg, rinfo) => {
      this.remote ??= { address: rinfo.address, port: rinfo.port };
      this.connection.handleInput(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), this.now());
      this.drain();
    });
  }

  /** Binds a socket on 127.0.0.1 (port 0: any) for `connection`, sending to `remote` if given. */
  static async open(connection: DtlsConnection, remote?: { address: string; port: number }, port = 0): Promise<UdpDtlsDriver> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', () => resolve());
    });
    return new UdpDtlsDriver(connection, socket, remote);
  }

  /** The bound local port. */
  get port(): number {
    return this.socket.address().port;
  }

  /** Milliseconds since the driver started: the engine's clock. */
  now(): number {
    return performance.now() - this.startMs;
  }

  /** Sends everything queued, collects events, and re-arms the one timer. */
  drain(): void {
    const c = this.connection;
    for (let d = c.pollTransmit(); d; d = c.pollTransmit()) {
      if (this.remote) this.socket.send(d, this.remote.port, this.remote.address);
    }
    for (let e = c.pollEvent(); e; e = c.pollEvent()) this.events.push(e);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const at = c.pollTimeout();
    if (at !== undefined) {
      this.timer = setTimeout(() => {
        this.connection.handleTimeout(this.now());
        this.drain();
      }, Math.max(0, at - this.now()));
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when `predicate` holds over the events, or rejects after `timeoutMs`. */
  waitFor(predicate: (events: DtlsEvent[]) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(this.events.map((e) => e.type === 'error' ? e : e.type))}`)), timeoutMs);
      const check = (): void => {
        if (predicate(this.events)) {
          clearTimeout(deadline);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Stops the timer and closes the socket. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.socket.close();
  }
}
