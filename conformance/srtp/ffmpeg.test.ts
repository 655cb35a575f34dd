// SRTP and SRTCP against an independent implementation: Debian's ffmpeg (libavformat's
// srtp.c) on 127.0.0.1. ffmpeg sends a known mu-law file as SRTP with SRTCP sender reports
// and purertc decrypts it; purertc sends SRTP across a sequence number wrap, some packets
// with a damaged tag, and ffmpeg (keyed by SDES a=crypto in an SDP file) writes what it
// decrypted, which must be exactly the payloads of the undamaged packets. ffmpeg has only
// the AES-CM suites, so the GCM profiles are not covered here.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtpContext, SrtpProfileId } from '../../src/protocol/srtp/index.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
const HOST = '127.0.0.1';
/** The longest one ffmpeg run may take. */
const RUN_LIMIT_MS = 15_000;

/** ffmpeg's suite names for the DTLS-SRTP profiles (libavformat/srtp.c). */
const SUITES = [
  { suite: 'AES_CM_128_HMAC_SHA1_80', profile: SrtpProfileId.AES128_CM_HMAC_SHA1_80 },
  // RFC 5764 semantics: a 32-bit SRTP tag and an 80-bit SRTCP tag.
  { suite: 'SRTP_AES128_CM_HMAC_SHA1_32', profile: SrtpProfileId.AES128_CM_HMAC_SHA1_32 },
] as const;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Binds a socket on 127.0.0.1 at `port` (0: any); undefined when the port is taken. */
async function bind(port: number): Promise<dgram.Socket | undefined> {
  const s = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    s.once('error', () => {
      s.close();
      resolve(undefined);
    });
    s.bind(port, HOST, () => resolve(s));
  });
}

/** Two sockets on adjacent ports P and P + 1 (RTP and RTCP, as ffmpeg uses them). */
async function bindPair(): Promise<[dgram.Socket, dgram.Socket]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const a = await bind(0);
    if (!a) continue;
    const b = await bind(a.address().port + 1);
    if (b) return [a, b];
    a.close();
  }
  throw new Error('no two adjacent UDP ports free on 127.0.0.1');
}

/** Runs ffmpeg; resolves with its exit code and output; killed at RUN_LIMIT_MS. */
function runFfmpeg(args: string[], started: (c: ChildProcess) => void = () => undefined): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'warning', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    });
    started(child);
  });
}

describe('srtp/ffmpeg', function () {
  this.timeout(40_000);
  let dir: string;

  before(function () {
    if (!hasFfmpeg) {
      if (process.env.CI === 'true') throw new Error('ffmpeg is required for the SRTP conformance tests when CI=true');
      console.warn('\n  !!! SKIPPING SRTP/ffmpeg conformance: `ffmpeg` is not installed !!!\n');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'purertc-srtp-'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const { suite, profile } of SUITES) {
    it(`purertc decrypts ffmpeg's SRTP and SRTCP (${suite})`, async () => {
      const master = randomBytes(30);
      const audio = randomBytes(8000); // one second of mu-law
      const input = join(dir, `in-${profile}.ul`);
      writeFileSync(input, audio);
      const rx = new SrtpContext({ profile, masterKey: master.subarray(0, 16), masterSalt: master.subarray(16) });
      const [rtpSocket, rtcpSocket] = await bindPair();
      const rtp = new Map<number, Uint8Array>();
      const rtcp: Uint8Array[] = [];
      let datagrams = 0;
      rtpSocket.on('message', (m) => {
        datagrams++;
        const p = rx.unprotectRtp(new Uint8Array(m));
        if (p) rtp.set((p[2]! << 8) | p[3]!, p);
      });
      rtcpSocket.on('message', (m) => {
        datagrams++;
        const p = rx.unprotectRtcp(new Uint8Array(m));
        if (p) rtcp.push(p);
      });
      try {
        const port = rtpSocket.address().port;
        const { code, log } = await runFfmpeg([
          '-f', 'mulaw', '-ar', '8000', '-ac', '1', '-i', input,
          '-c:a', 'copy', '-f', 'rtp', '-srtp_out_suite', suite, '-srtp_out_params', master.toString('base64'),
          `srtp://${HOST}:${port}?localport=0`,
        ]);
        assert.equal(code, 0, log);
        for (let i = 0; i < 50 && rtp.size * 320 < audio.length; i++) await sleep(20);
      } finally {
        rtpSocket.close();
        rtcpSocket.close();
      }
      const st = rx.stats();
      assert.deepEqual(st.rtpDropped, { 'too-short': 0, malformed: 0, 'auth-failed': 0, replayed: 0, 'too-old': 0 }, JSON.stringify(st));
      assert.deepEqual(st.rtcpDropped, { 'too-short': 0, malformed: 0, 'auth-failed': 0, replayed: 0, 'too-old': 0 }, JSON.stringify(st));
      assert.equal(st.rtpUnprotected + st.rtcpUnprotected, datagrams);
      // Payloads in sequence order (sequence numbers may wrap: order by arrival distance).
      const packets = [...rtp.values()].sort((a, b) => ((new DataView(a.buffer).getUint32(4) - new DataView(b.buffer).getUint32(4)) | 0));
      const joined = Buffer.concat(packets.map((p) => p.subarray(12)));
      assert.equal(joined.length, audio.length);
      assert.ok(joined.equals(audio), 'the decrypted payloads are the file');
      assert.ok(rtcp.length >= 1, 'at least one SRTCP sender report');
      const ssrc = new DataView(packets[0]!.buffer).getUint32(8);
      for (const r of rtcp) {
        assert.equal(r[1], 200, 'a sender report');
        assert.equal(new DataView(r.buffer).getUint32(4), ssrc);
      }
    });

    it(`ffmpeg decrypts purertc's SRTP across a sequence number wrap and drops damaged packets (${suite})`, async () => {
      const master = randomBytes(30);
      const tx = new SrtpContext({ profile, masterKey: master.subarray(0, 16), masterSalt: master.subarray(16) });
      // A free port pair for ffmpeg to listen on.
      const [probeA, probeB] = await bindPair();
      const port = probeA.address().port;
      probeA.close();
      probeB.close();
      const sdp = join(dir, `in-${profile}.sdp`);
      const output = join(dir, `out-${profile}.ul`);
      writeFileSync(
        sdp,
        ['v=0', `o=- 0 0 IN IP4 ${HOST}`, 's=-', `c=IN IP4 ${HOST}`, 't=0 0', `m=audio ${port} RTP/SAVP 0`, 'a=rtpmap:0 PCMU/8000', `a=crypto:1 ${suite} inline:${master.toString('base64')}`, ''].join('\r\n'),
      );
      const sender = (await bind(0))!;
      const payloads: Buffer[] = [];
      let ffmpegDone = false;
      const run = runFfmpeg(['-protocol_whitelist', 'file,udp,rtp,srtp,crypto', '-reorder_queue_size', '0', '-i', sdp, '-c', 'copy', '-t', '0.8', '-f', 'mulaw', '-y', output]).then((r) => {
        ffmpegDone = true;
        return r;
      });
      try {
        // Wait until ffmpeg listens: its port is then taken.
        for (let i = 0; i < 250 && !ffmpegDone; i++) {
          const s = await bind(port);
          if (!s) break;
          await new Promise<void>((r) => s.close(() => r()));
          await sleep(20);
        }
        // 20 ms packets from 65516: the wrap comes after 20. Every 9th packet gets a bad tag.
        for (let n = 0; n < 120 && !ffmpegDone; n++) {
          const seq = (65516 + n) & 0xffff;
          const p = Buffer.alloc(12 + 160);
          p[0] = 0x80;
          p.writeUInt16BE(seq, 2);
          p.writeUInt32BE((n * 160) >>> 0, 4);
          p.writeUInt32BE(0x5eed0001, 8);
          randomBytes(160).copy(p, 12);
          const s = tx.protectRtp(p);
          if (n % 9 === 4) s[s.length - 1]! ^= 0x01;
          else payloads.push(p.subarray(12));
          sender.send(s, port, HOST);
          if (n % 25 === 0) sender.send(tx.protectRtcp(senderReport(0x5eed0001, n)), port + 1, HOST);
          await sleep(20);
        }
      } finally {
        sender.close();
      }
      const { code, log } = await run;
      assert.equal(code, 0, log);
      const got = readFileSync(output);
      assert.ok(got.length >= 30 * 160, `ffmpeg wrote ${got.length} bytes`);
      // ffmpeg may have missed the first packets while starting; what it wrote must be a
      // run of the undamaged payloads, across the wrap.
      const start = payloads.findIndex((p) => p.equals(got.subarray(0, 160)));
      assert.ok(start >= 0 && start < 16, `the output starts with payload ${start}`);
      const expected = Buffer.concat(payloads.slice(start)).subarray(0, got.length);
      assert.ok(got.equals(expected), 'ffmpeg decrypted exactly the undamaged packets, in order');
    });
  }
});

/** An RTCP sender report from `ssrc` (RFC 3550 §6.4.1), with no report blocks. */
function senderReport(ssrc: number, n: number): Uint8Array {
  const p = Buffer.alloc(28);
  p[0] = 0x80;
  p[1] = 200;
  p.writeUInt16BE(6, 2);
  p.writeUInt32BE(ssrc, 4);
  p.writeUInt32BE(0xe0000000 + n, 8);
  p.writeUInt32BE(n * 160, 16);
  p.writeUInt32BE(n, 20);
  p.writeUInt32BE(n * 160, 24);
  return new Uint8Array(p.buffer, p.byteOffset, p.length);
}
