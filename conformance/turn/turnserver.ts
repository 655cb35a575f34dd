// coturn (`turnserver`) as a TURN server on 127.0.0.1 with long-term credentials, UDP and
// TCP on one port and TLS on another (a certificate made by openssl at start), relay ports
// in a small range, loopback peers allowed. Killed by `stop`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort, TURNSERVER } from '../helpers/coturn.js';

export { hasTurnserver, TURNSERVER } from '../helpers/coturn.js';

/** The credentials the server accepts. */
export const TURN_USER = 'purertc';
export const TURN_PASSWORD = 'relay-secret';
export const TURN_REALM = 'purertc.test';

/** Resolves once a TCP connection to 127.0.0.1:`port` is accepted, or rejects after `timeoutMs`. */
async function waitForTcp(port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 0; attempt < 200; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (performance.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`turnserver did not listen on TCP ${port} within ${timeoutMs} ms`);
}

/** A running coturn with TURN over UDP, TCP and TLS. */
export class TurnServer {
  /** Everything coturn printed. */
  output = '';
  private constructor(
    private readonly child: ChildProcess,
    /** UDP and TCP port. */
    readonly port: number,
    /** TLS port. */
    readonly tlsPort: number,
    /** The server certificate (PEM), self-signed for 127.0.0.1 and localhost: the CA to trust. */
    readonly certificatePem: string,
    private readonly dir: string,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Starts coturn on free ports and waits until its TCP and TLS listeners accept. */
  static async start(timeoutMs = 8000): Promise<TurnServer> {
    const dir = mkdtempSync(join(tmpdir(), 'purertc-turn-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const made = spawnSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
    ], { timeout: 10000 });
    if (made.status !== 0) throw new Error(`openssl req failed: ${made.stderr?.toString()}`);
    const port = await freeUdpPort();
    const tlsPort = await freeUdpPort();
    const relayBase = 49152 + Math.floor(Math.random() * 150) * 100;
    const child = spawn(TURNSERVER, [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--tls-listening-port=${tlsPort}`,
      `--cert=${cert}`,
      `--pkey=${key}`,
      '--no-dtls',
      '--lt-cred-mech',
      `--user=${TURN_USER}:${TURN_PASSWORD}`,
      `--realm=${TURN_REALM}`,
      '--allow-loopback-peers',
      '--no-cli',
      `--min-port=${relayBase}`,
      `--max-port=${relayBase + 99}`,
      '--log-file=stdout',
      '--simple-log',
      `--pidfile=${join(dir, 'turnserver.pid')}`,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new TurnServer(child, port, tlsPort, readFileSync(cert, 'utf8'), dir);
    try {
      await Promise.race([
        Promise.all([waitForTcp(port, timeoutMs), waitForTcp(tlsPort, timeoutMs)]),
        new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`turnserver exited with ${String(code)}:\n${server.output}`)))),
      ]);
    } catch (e) {
      server.stop();
      throw e;
    }
    return server;
  }

  /** The URL of each transport. */
  url(transport: 'udp' | 'tcp' | 'tls'): string {
    if (transport === 'tls') return `turns:127.0.0.1:${this.tlsPort}?transport=tcp`;
    return `turn:127.0.0.1:${this.port}?transport=${transport}`;
  }

  /** Kills coturn and removes its scratch directory. */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
