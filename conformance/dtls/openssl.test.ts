// Our DTLS client against `openssl s_server -dtls1_2` and our server against
// `openssl s_client -dtls1_2`, on real UDP sockets on 127.0.0.1: ECDSA certificates on
// both sides, client certificate required, AES-128-GCM, use_srtp, application data both
// ways, and the exported SRTP keying material compared with what openssl prints.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, generateSelfSignedCertificate, type GeneratedCertificate } from '../../src/crypto/index.js';
import { DtlsConnection, SrtpProfile, type DtlsEvent } from '../../src/protocol/dtls/index.js';
import type { Random } from '../../src/protocol/types.js';
import { UdpDtlsDriver } from './udp-driver.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const random: Random = {
  bytes: (n) => new Uint8Array(randomBytes(n)),
  uint32: () => randomBytes(4).readUInt32BE(0),
};
const SRTP_ARGS = ['-use_srtp', 'SRTP_AES128_CM_SHA1_80', '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60'];

/** Collects an openssl child's output and resolves when a pattern appears in it. */
class OpensslProcess {
  output = '';
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[]) {
    this.child = spawn('openssl', args);
    this.child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = (): void => {
        const m = this.output.match(pattern);
        if (m) return resolve(m);
        if (Date.now() - started > timeoutMs) return reject(new Error(`openssl never printed ${pattern}; output:\n${this.output}`));
        setTimeout(poll, 20);
      };
      poll();
    });
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

const dataText = (events: DtlsEvent[]): string =>
  events.map((e) => (e.type === 'data' ? new TextDecoder().decode(e.data) : '')).join('');

function writePem(dir: string, name: string, cert: GeneratedCertificate): { cert: string; key: string } {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  writeFileSync(certPath, new X509Certificate(cert.der).toString());
  writeFileSync(keyPath, cert.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  return { cert: certPath, key: keyPath };
}

function keyingMaterial(output: string): string | undefined {
  return output.match(/Keying material: ([0-9A-F]+)/)?.[1];
}

describe('conformance: DTLS 1.2 against openssl', function () {
  this.timeout(20000);
  let dir = '';
  let ours: GeneratedCertificate;
  let theirs: GeneratedCertificate;
  let theirFiles: { cert: string; key: string };
  let oursRsa: GeneratedCertificate;

  before(async function () {
    if (!hasOpenssl) {
      if (process.env.CI === 'true') throw new Error('openssl is required for the DTLS conformance tests when CI=true');
      console.warn('\n  !!! SKIPPING DTLS/openssl conformance: `openssl` is not installed !!!\n');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'purertc-dtls-'));
    ours = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
    theirs = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
    theirFiles = writePem(dir, 'openssl', theirs);
    oursRsa = await generateSelfSignedCertificate({ key: { type: 'rsa', modulusLength: 2048, publicExponent: 65537 } });
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const connection = (role: 'client' | 'server', certificate = ours): DtlsConnection =>
    new DtlsConnection({
      role,
      certificate,
      remoteFingerprints: [{ algorithm: 'sha-256', value: fingerprint(theirs.der, 'sha-256') }],
      random,
      srtpProfiles: [SrtpProfile.AES128_CM_HMAC_SHA1_80],
    });

  async function exchange(driver: UdpDtlsDriver, openssl: OpensslProcess): Promise<void> {
    await driver.waitFor((ev) => ev.some((e) => e.type === 'connected' || e.type === 'error'), 8000, 'the handshake');
    const connected = driver.events.find((e) => e.type === 'connected');
    assert.ok(connected && connected.type === 'connected', JSON.stringify(driver.events));
    assert.equal(connected.srtpProfile, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    assert.deepEqual(connected.remoteCertificate, theirs.der);

    driver.connection.send(new TextEncoder().encode('hello from purertc\n'));
    driver.drain();
    await openssl.waitFor(/hello from purertc/, 5000);
    openssl.write('hello from openssl\n');
    await driver.waitFor((ev) => dataText(ev).includes('hello from openssl'), 5000, 'data from openssl');

    const printed = keyingMaterial((await openssl.waitFor(/Keying material: [0-9A-F]+/, 5000)).input ?? '');
    const exported = Buffer.from(driver.connection.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toString('hex').toUpperCase();
    assert.equal(exported, printed, 'RFC 5705 exporter output must match openssl');
    assert.equal(driver.connection.stats.badMacRecords, 0);
  }

  it('our client against openssl s_server (client certificate required)', async () => {
    // Find a free port by binding and releasing one; s_server then listens on it.
    const probe = await UdpDtlsDriver.open(connection('client'));
    const port = probe.port;
    probe.close();
    const server = new OpensslProcess([
      's_server', '-dtls1_2', '-accept', String(port), '-cert', theirFiles.cert, '-key', theirFiles.key,
      '-Verify', '1', '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256', ...SRTP_ARGS,
    ]);
    const driver = await UdpDtlsDriver.open(connection('client'), { address: '127.0.0.1', port });
    try {
      await server.waitFor(/ACCEPT/, 5000);
      driver.connection.start(driver.now());
      driver.drain();
      await exchange(driver, server);
      assert.match(server.output, /CIPHER is ECDHE-ECDSA-AES128-GCM-SHA256/);
      assert.match(server.output, /SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80/);
      assert.match(server.output, /Client certificate/);
      driver.connection.close();
      driver.drain();
      await server.waitFor(/shutting down SSL|CONNECTION CLOSED|DONE/, 5000);
    } finally {
      driver.close();
      server.kill();
    }
  });

  it('our server against openssl s_client (sends its certificate)', async () => {
    const driver = await UdpDtlsDriver.open(connection('server'));
    const client = new OpensslProcess([
      's_client', '-dtls1_2', '-connect', `127.0.0.1:${driver.port}`, '-cert', theirFiles.cert, '-key', theirFiles.key,
      '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256', ...SRTP_ARGS,
    ]);
    try {
      await exchange(driver, client);
      assert.match(client.output, /Cipher is ECDHE-ECDSA-AES128-GCM-SHA256/);
      assert.match(client.output, /Extended master secret: yes/);
      assert.match(client.output, /SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80/);
      client.write('Q\n'); // s_client: 'Q' sends close_notify and ends
      await driver.waitFor((ev) => ev.some((e) => e.type === 'closed'), 5000, 'close_notify from openssl');
    } finally {
      driver.close();
      client.kill();
    }
  });

  it('our RSA server with AES-256-GCM against openssl s_client', async () => {
    const driver = await UdpDtlsDriver.open(connection('server', oursRsa));
    const client = new OpensslProcess([
      's_client', '-dtls1_2', '-connect', `127.0.0.1:${driver.port}`, '-cert', theirFiles.cert, '-key', theirFiles.key,
      '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384', '-curves', 'prime256v1', ...SRTP_ARGS,
    ]);
    try {
      await driver.waitFor((ev) => ev.some((e) => e.type === 'connected' || e.type === 'error'), 8000, 'the handshake');
      assert.equal(driver.connection.state, 'connected', JSON.stringify(driver.events));
      const printed = keyingMaterial((await client.waitFor(/Keying material: [0-9A-F]+/, 5000)).input ?? '');
      const exported = Buffer.from(driver.connection.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toString('hex').toUpperCase();
      assert.equal(exported, printed);
      assert.match(client.output, /Cipher is ECDHE-RSA-AES256-GCM-SHA384/);
    } finally {
      driver.close();
      client.kill();
    }
  });
});
