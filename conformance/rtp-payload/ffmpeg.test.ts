// The depacketizers against ffmpeg's RTP packetizers on 127.0.0.1: ffmpeg encodes testsrc
// once and writes it both as RTP to our socket and to a file (the tee muxer); the frames we
// reassemble must equal the file's frames byte for byte, and what we write from them (Annex
// B for H.264, an IVF for VP8) must decode with ffmpeg and probe with ffprobe at the right
// size and frame count. Skipped with a message when ffmpeg or its encoder is missing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canStartAccessUnit, H264Depacketizer, joinAnnexB, nalType, splitAnnexB, Vp8Depacketizer, type DepacketizedFrame, type ReceivedPayload } from '../../src/protocol/rtp/payload/index.js';

const FRAMES = 30;
const WIDTH = 160;
const HEIGHT = 120;

/** Whether ffmpeg runs and has the encoder; says why not when it cannot. */
function hasEncoder(name: string): boolean {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 10_000 });
  const ok = r.status === 0 && new RegExp(`\\s${name}\\s`).test(r.stdout);
  if (!ok) console.log(`      skipped: ${r.error ? 'ffmpeg is not installed' : `this ffmpeg has no ${name} encoder`}`);
  return ok;
}

/** The RTP payload and the header fields the depacketizers need (RFC 3550 §5.1); RTCP is skipped. */
function parseRtp(b: Uint8Array): ReceivedPayload | undefined {
  if (b.length < 12 || b[0]! >> 6 !== 2) return undefined;
  // RFC 5761 §4: RTCP packet types 200-204 sit where marker and payload type 72-76 would.
  if (b[1]! >= 200 && b[1]! <= 204) return undefined;
  let o = 12 + 4 * (b[0]! & 0x0f);
  if (b[0]! & 0x10) {
    if (o + 4 > b.length) return undefined;
    o += 4 + 4 * ((b[o + 2]! << 8) | b[o + 3]!);
  }
  let end = b.length;
  if (b[0]! & 0x20) end -= b[b.length - 1]!;
  if (o > end) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { payload: b.subarray(o, end), marker: (b[1]! & 0x80) !== 0, sequenceNumber: v.getUint16(2), timestamp: v.getUint32(4) };
}

/** Receives RTP on a loopback port while ffmpeg runs; resolves when ffmpeg has exited and the socket drained. */
async function receive(args: (port: number) => string[], push: (p: ReceivedPayload) => void): Promise<void> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  socket.on('message', (msg) => {
    const p = parseRtp(new Uint8Array(msg));
    if (p) push(p);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  try {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    assert.equal(code, 0, `ffmpeg failed: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    socket.close();
  }
}

function probe(file: string): { codec_name: string; width: number; height: number; nb_read_frames: string } {
  const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', file], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).streams[0];
}

function decodeErrors(file: string): string {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8', timeout: 20_000 });
  return `${r.status === 0 ? '' : `exit ${r.status} `}${r.stderr}`.trim();
}

/** A minimal IVF writer (32-byte file header, 12-byte frame headers), enough for ffprobe. */
function writeIvf(fourcc: string, frames: Uint8Array[]): Uint8Array {
  const out = Buffer.alloc(32 + frames.reduce((n, f) => n + 12 + f.length, 0));
  out.write('DKIF', 0, 'latin1');
  out.writeUInt16LE(0, 4);
  out.writeUInt16LE(32, 6);
  out.write(fourcc, 8, 'latin1');
  out.writeUInt16LE(WIDTH, 12);
  out.writeUInt16LE(HEIGHT, 14);
  out.writeUInt32LE(15, 16);
  out.writeUInt32LE(1, 20);
  out.writeUInt32LE(frames.length, 24);
  let o = 32;
  frames.forEach((f, i) => {
    out.writeUInt32LE(f.length, o);
    out.writeBigUInt64LE(BigInt(i), o + 4);
    out.set(f, o + 12);
    o += 12 + f.length;
  });
  return out;
}

function readIvfFrames(b: Uint8Array): Uint8Array[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const frames: Uint8Array[] = [];
  for (let o = v.getUint16(6, true); o + 12 <= b.length; o += 12 + v.getUint32(o, true)) frames.push(b.subarray(o + 12, o + 12 + v.getUint32(o, true)));
  return frames;
}

function accessUnits(stream: Uint8Array): Uint8Array[] {
  const units: Uint8Array[][] = [];
  let sawSlice = false;
  for (const nal of splitAnnexB(stream)) {
    if (units.length === 0 || (sawSlice && canStartAccessUnit(nal[0]!, nal[1]))) {
      units.push([]);
      sawSlice = false;
    }
    units[units.length - 1]!.push(nal);
    if (nalType(nal[0]!) >= 1 && nalType(nal[0]!) <= 5) sawSlice = true;
  }
  return units.map(joinAnnexB);
}

const source = ['-f', 'lavfi', '-i', `testsrc=size=${WIDTH}x${HEIGHT}:rate=15`, '-frames:v', String(FRAMES), '-pix_fmt', 'yuv420p', '-g', '10'];
const tee = (port: number, format: string, file: string): string[] => ['-map', '0:v', '-f', 'tee', `[f=rtp:pkt_size=400]rtp://127.0.0.1:${port}?rtcpport=${port}|[f=${format}]${file}`];

describe('RTP payload formats against ffmpeg on 127.0.0.1', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'purertc-rtp-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('VP8 (RFC 7741): every frame of ffmpeg libvpx RTP comes back byte-exact and our IVF decodes', function () {
    if (!hasEncoder('libvpx')) return this.skip();
    return (async () => {
      const d = new Vp8Depacketizer();
      const frames: DepacketizedFrame[] = [];
      const file = join(dir, 'sent.ivf');
      await receive((port) => [...source, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', ...tee(port, 'ivf', file)], (p) => {
        const f = d.push(p);
        if (f) frames.push(f);
      });
      const sent = readIvfFrames(new Uint8Array(readFileSync(file)));
      assert.equal(sent.length, FRAMES);
      assert.equal(frames.length, FRAMES, JSON.stringify(d.stats));
      frames.forEach((f, i) => assert.ok(Buffer.from(f.data).equals(Buffer.from(sent[i]!)), `frame ${i} differs`));
      assert.deepEqual(frames.filter((f) => f.keyFrame).map((f) => [f.width, f.height]), [[WIDTH, HEIGHT], [WIDTH, HEIGHT], [WIDTH, HEIGHT]]);
      assert.ok(d.stats.packets > FRAMES, 'frames were split over several packets');
      const ours = join(dir, 'received.ivf');
      writeFileSync(ours, writeIvf('VP80', frames.map((f) => f.data)));
      assert.deepEqual(probe(ours), { codec_name: 'vp8', width: WIDTH, height: HEIGHT, nb_read_frames: String(FRAMES) });
      assert.equal(decodeErrors(ours), '');
    })();
  });

  it('H.264 (RFC 6184): every access unit of ffmpeg libx264 RTP comes back byte-exact and our Annex B decodes', function () {
    if (!hasEncoder('libx264')) return this.skip();
    return (async () => {
      const d = new H264Depacketizer();
      const frames: DepacketizedFrame[] = [];
      const file = join(dir, 'sent.h264');
      await receive((port) => [...source, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', ...tee(port, 'h264', file)], (p) => {
        const f = d.push(p);
        if (f) frames.push(f);
      });
      const sent = accessUnits(new Uint8Array(readFileSync(file)));
      assert.equal(sent.length, FRAMES);
      assert.equal(frames.length, FRAMES, JSON.stringify(d.stats));
      frames.forEach((f, i) => assert.ok(Buffer.from(f.data).equals(Buffer.from(sent[i]!)), `access unit ${i} differs`));
      assert.deepEqual(frames.map((f, i) => (f.keyFrame ? i : -1)).filter((i) => i >= 0), [0, 10, 20]);
      assert.deepEqual([frames[0]!.width, frames[0]!.height], [WIDTH, HEIGHT]);
      const ours = join(dir, 'received.h264');
      writeFileSync(ours, Buffer.concat(frames.map((f) => f.data)));
      assert.deepEqual(probe(ours), { codec_name: 'h264', width: WIDTH, height: HEIGHT, nb_read_frames: String(FRAMES) });
      assert.equal(decodeErrors(ours), '');
    })();
  });
});
