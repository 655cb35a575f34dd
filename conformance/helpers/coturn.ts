// Debian's coturn (`turnserver`) as a child process listening on 127.0.0.1 only, and a
// one-port-translating "NAT" on loopback, so a server-reflexive address can differ from
// the host address without leaving the machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withTimeout } from './probe.js';

/** Where Debian installs coturn. */
export const TURNSERVER = '/usr/bin/turnserver';

/** Whether coturn is installed and runs. */
export function hasTurnserver(): boolean {
  return existsSync(TURNSERVER) && spawnSync(TURNSERVER, ['-h'], { timeout: 5000 }).error === undefined;
}

/** A UDP port that was free on 127.0.0.1 a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, '127.0.0.1', resolve);
  });
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A STUN Binding request (RFC 8489 §6) with a fresh transaction ID. */
function bindingRequest(): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
}

/** Sends Binding requests until `port` answers one (the server is up), or times out. */
async function waitForStun(port: number, timeoutMs: number): Promise<void> {
  const s = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(0, '127.0.0.1', resolve);
    });
    s.on('error', () => undefined);
    await withTimeout(
      new Promise<void>((resolve) => {
        s.once('message', () => resolve());
        const poke = (): void => {
          s.send(bindingRequest(), port, '127.0.0.1');
          timer = setTimeout(poke, 50);
        };
        let timer = setTimeout(poke, 0);
        s.once('message', () => clearTimeout(timer));
      }),
      timeoutMs,
      `coturn to answer a Binding request on 127.0.0.1:${port}`,
    );
  } finally {
    s.close();
  }
}

/** A running coturn on 127.0.0.1:`port`. */
export class Coturn {
  /** Everything coturn printed, for failure messages. */
  output = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly dir: string,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Starts coturn on a free port and waits until it answers STUN. */
  static async start(timeoutMs = 5000): Promise<Coturn> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freeUdpPort();
      const dir = mkdtempSync(join(tmpdir(), 'purertc-coturn-'));
      const child = spawn(
        TURNSERVER,
        [
          '-n', // no configuration file
          '--listening-ip=127.0.0.1',
          '--relay-ip=127.0.0.1',
          `--listening-port=${port}`,
          '--no-tls',
          '--no-dtls',
          '--no-cli',
          '--allow-loopback-peers',
          '--log-file=stdout',
          '--simple-log',
          `--pidfile=${join(dir, 'turnserver.pid')}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const server = new Coturn(child, port, dir);
      try {
        await Promise.race([
          waitForStun(port, timeoutMs),
          new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`turnserver exited with ${String(code)}:\n${server.output}`)))),
        ]);
        return server;
      } catch (e) {
        lastError = e;
        server.stop();
      }
    }
    throw lastError;
  }

  /** Kills coturn and removes its scratch directory. */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A port-translating relay in front of a UDP server, on loopback: a client sends to
 * `port`; each client address gets its own outside socket (an endpoint-independent
 * mapping, RFC 4787 §4.1), from which its datagrams go on to the server; replies come back
 * to the client from `port`. The server therefore sees 127.0.0.1:<outside port>.
 */
export class LoopbackNat {
  /** Outside ports by client `address:port`. */
  readonly mappings = new Map<string, number>();
  /** Datagrams relayed towards the server. */
  forwarded = 0;
  private readonly outside = new Map<string, Promise<dgram.Socket>>();
  private readonly sockets: dgram.Socket[] = [];

  private constructor(
    private readonly front: dgram.Socket,
    private readonly serverPort: number,
  ) {
    front.on('message', (msg, rinfo) => void this.forward(msg, rinfo));
  }

  /** Starts a relay towards 127.0.0.1:`serverPort`. */
  static async start(serverPort: number): Promise<LoopbackNat> {
    const front = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.bind(0, '127.0.0.1', resolve);
    });
    front.on('error', () => undefined);
    return new LoopbackNat(front, serverPort);
  }

  /** The address clients send to. */
  get port(): number {
    return this.front.address().port;
  }

  private async forward(msg: Buffer, client: dgram.RemoteInfo): Promise<void> {
    const key = `${client.address}:${client.port}`;
    let socket = this.outside.get(key);
    if (!socket) {
      // The mapping is made once per client, even if datagrams arrive while it binds.
      socket = new Promise<dgram.Socket>((resolve) => {
        const s = dgram.createSocket('udp4');
        this.sockets.push(s);
        s.on('error', () => undefined);
        s.on('message', (reply) => this.front.send(reply, client.port, client.address));
        s.bind(0, '127.0.0.1', () => {
          this.mappings.set(key, s.address().port);
          resolve(s);
        });
      });
      this.outside.set(key, socket);
    }
    const s = await socket;
    this.forwarded++;
    s.send(msg, this.serverPort, '127.0.0.1');
  }

  /** Closes every socket. */
  close(): void {
    for (const s of this.sockets) s.close();
    this.outside.clear();
    this.front.close();
  }
}
