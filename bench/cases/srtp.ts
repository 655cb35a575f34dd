// SRTP protect and unprotect rate: the same 1200-byte RTP packets through purertc's
// SrtpContext and through werift's SrtpSession, per profile, in packets per second.
// Every stack keys its contexts with the same master key and salt, so its SRTP packets must
// be the same bytes; the child returns their SHA-256 and the parent compares them, and each
// child checks that unprotect gives back every packet it protected.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR } from '../lib/paths.js';
import type { StackId } from '../stacks/types.js';

/** The profiles measured: DTLS-SRTP ids (RFC 5764 §4.1.2, RFC 7714 §14.2) and names. */
export const SRTP_BENCH_PROFILES = [
  { id: 0x0001, name: 'AES_CM_128_HMAC_SHA1_80', keyBytes: 16, saltBytes: 14 },
  { id: 0x0007, name: 'AEAD_AES_128_GCM', keyBytes: 16, saltBytes: 12 },
] as const;

/** The stacks with an SRTP implementation the case can drive on its own. */
export const SRTP_STACKS: readonly StackId[] = ['purertc', 'werift'];

/** Parameters of the SRTP case. */
export interface SrtpParams {
  /** Distinct packets per round (consecutive sequence numbers; a round uses fresh contexts). */
  packets: number;
  /** Size of each RTP packet, header included. */
  packetBytes: number;
  /** Rounds run for at least this long per profile and direction, after one uncounted round. */
  minMs: number;
}

/** One profile's figures. */
export interface SrtpProfileResult {
  protectPps: number;
  unprotectPps: number;
  /** Packets timed in each direction. */
  protectPackets: number;
  unprotectPackets: number;
  /** SHA-256 of the SRTP packets of one round, in order: equal across stacks when they agree. */
  protectedSha256: string;
}

/** What the case measured on one stack. */
export interface SrtpResult {
  /** Where the SRTP code came from. */
  source: string;
  profiles: Record<string, SrtpProfileResult>;
}

/** One stack's SRTP: a protect function and an unprotect function per fresh context pair. */
interface SrtpBackend {
  source: string;
  /** Prepares the stack's own form of the packets (werift sends a parsed header and a payload). */
  prepare(packets: readonly Buffer[]): void;
  /** A fresh sending context: protects the i-th prepared packet. */
  protector(profile: number, key: Buffer, salt: Buffer): (i: number) => Uint8Array;
  /** A fresh receiving context: the RTP packet inside an SRTP packet (undefined when refused). */
  unprotector(profile: number, key: Buffer, salt: Buffer): (srtp: Uint8Array) => Uint8Array | undefined;
}

/** The same packets in every process: a deterministic header and payload per index. */
function makePackets(count: number, packetBytes: number): Buffer[] {
  let x = 0x2545f491;
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const p = Buffer.alloc(packetBytes);
    p[0] = 0x80; // RFC 3550 §5.1: V=2, no padding, extension or CSRC
    p[1] = 96 | (i % 30 === 29 ? 0x80 : 0); // dynamic payload type, a marker now and then
    p.writeUInt16BE((1000 + i) & 0xffff, 2);
    p.writeUInt32BE((90_000 + Math.floor(i / 30) * 3000) >>> 0, 4);
    p.writeUInt32BE(0x1234abcd, 8);
    for (let j = 12; j < packetBytes; j++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      p[j] = x & 0xff;
    }
    out.push(p);
  }
  return out;
}

async function purertcBackend(): Promise<SrtpBackend> {
  // The package does not export its SRTP contexts, so they come from src/ through tsx.
  const file = path.join(ROOT_DIR, 'src', 'protocol', 'srtp', 'index.ts');
  const { SrtpContext } = (await import(pathToFileURL(file).href)) as typeof import('../../src/protocol/srtp/index.js');
  let packets: readonly Buffer[] = [];
  return {
    source: 'src/protocol/srtp SrtpContext (through tsx)',
    prepare(p) {
      packets = p;
    },
    protector(profile, masterKey, masterSalt) {
      const ctx = new SrtpContext({ profile, masterKey, masterSalt });
      return (i) => ctx.protectRtp(packets[i]!);
    },
    unprotector(profile, masterKey, masterSalt) {
      const ctx = new SrtpContext({ profile, masterKey, masterSalt });
      return (srtp) => ctx.unprotectRtp(srtp);
    },
  };
}

interface WeriftRtpHeader {
  readonly payloadOffset: number;
}
interface WeriftSrtpSession {
  encrypt(payload: Buffer, header: WeriftRtpHeader): Buffer;
  decrypt(buf: Buffer): Buffer;
}
interface WeriftSrtp {
  SrtpSession: new (config: { keys: Record<'localMasterKey' | 'localMasterSalt' | 'remoteMasterKey' | 'remoteMasterSalt', Buffer>; profile: number }) => WeriftSrtpSession;
  RtpPacket: { deSerialize(buf: Buffer): { header: WeriftRtpHeader; payload: Buffer } };
}

async function weriftBackend(): Promise<SrtpBackend> {
  // werift exports its SRTP session and RTP packet classes from the package's main entry.
  const { SrtpSession, RtpPacket } = (await import('werift')) as unknown as WeriftSrtp;
  let parsed: { header: WeriftRtpHeader; payload: Buffer }[] = [];
  const session = (profile: number, key: Buffer, salt: Buffer): WeriftSrtpSession =>
    new SrtpSession({ keys: { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt }, profile });
  return {
    source: 'werift SrtpSession (package main entry)',
    // A werift RTP sender hands its SRTP session a parsed header and the payload.
    prepare(p) {
      parsed = p.map((b) => RtpPacket.deSerialize(b));
    },
    protector(profile, key, salt) {
      const s = session(profile, key, salt);
      return (i) => s.encrypt(parsed[i]!.payload, parsed[i]!.header);
    },
    unprotector(profile, key, salt) {
      const s = session(profile, key, salt);
      return (srtp) => s.decrypt(Buffer.from(srtp.buffer, srtp.byteOffset, srtp.byteLength));
    },
  };
}

/** Times `round()` (which handles `perRound` packets) until `minMs` passed; one uncounted round first. */
function rate(perRound: number, minMs: number, round: () => void): { pps: number; packets: number } {
  round();
  let packets = 0;
  const t0 = performance.now();
  let elapsed = 0;
  // Bounded: at most 10,000 rounds, and no longer than minMs plus one round.
  for (let n = 0; n < 10_000 && elapsed < minMs; n++) {
    round();
    packets += perRound;
    elapsed = performance.now() - t0;
  }
  return { pps: (packets * 1000) / elapsed, packets };
}

/** Runs the SRTP case on one stack. */
export async function runSrtp(stackId: StackId, p: SrtpParams): Promise<SrtpResult> {
  const backend = stackId === 'purertc' ? await purertcBackend() : stackId === 'werift' ? await weriftBackend() : undefined;
  if (!backend) throw new Error(`${stackId} has no SRTP implementation the bench can drive on its own`);
  const packets = makePackets(p.packets, p.packetBytes);
  backend.prepare(packets);
  const profiles: Record<string, SrtpProfileResult> = {};
  for (const profile of SRTP_BENCH_PROFILES) {
    const key = Buffer.alloc(profile.keyBytes, 0x5a);
    const salt = Buffer.alloc(profile.saltBytes, 0xc3);
    // Verification: one round protected, hashed, and unprotected back to the same packets.
    const protect = backend.protector(profile.id, key, salt);
    const srtp = packets.map((_, i) => Uint8Array.from(protect(i)));
    const hash = createHash('sha256');
    for (const s of srtp) hash.update(s);
    const unprotect = backend.unprotector(profile.id, key, salt);
    srtp.forEach((s, i) => {
      const back = unprotect(s);
      if (back === undefined || !packets[i]!.equals(back)) throw new Error(`${profile.name}: packet ${i} did not round-trip`);
    });
    // Fresh contexts per round: SRTP forbids reusing an index under one key, and a receiver
    // refuses a replay.
    const prot = rate(p.packets, p.minMs, () => {
      const f = backend.protector(profile.id, key, salt);
      for (let i = 0; i < packets.length; i++) f(i);
    });
    const unprot = rate(p.packets, p.minMs, () => {
      const f = backend.unprotector(profile.id, key, salt);
      for (let i = 0; i < srtp.length; i++) if (f(srtp[i]!) === undefined) throw new Error(`${profile.name}: packet ${i} refused`);
    });
    profiles[profile.name] = { protectPps: prot.pps, unprotectPps: unprot.pps, protectPackets: prot.packets, unprotectPackets: unprot.packets, protectedSha256: hash.digest('hex') };
  }
  return { source: backend.source, profiles };
}
