// Shared helpers for the SRTP tests: packets and context pairs with fixed keys.
import { SrtpContext, SRTP_PROFILES, type SrtpContextOptions, type SrtpProfile } from '../../../src/protocol/srtp/index.js';

/** Every implemented profile. */
export const PROFILES: readonly SrtpProfile[] = [...SRTP_PROFILES.values()];

/** An RTP packet: version 2, PT 111, optional CSRCs and a one-byte-header extension. */
export function rtp(seq: number, ssrc: number, payload: Uint8Array | number = 160, opts: { csrcs?: number; extensionWords?: number; marker?: boolean } = {}): Uint8Array {
  const body = typeof payload === 'number' ? Uint8Array.from({ length: payload }, (_, i) => (i * 7 + seq) & 0xff) : payload;
  const cc = opts.csrcs ?? 0;
  const ext = opts.extensionWords;
  const headerBytes = 12 + 4 * cc + (ext === undefined ? 0 : 4 + 4 * ext);
  const p = new Uint8Array(headerBytes + body.length);
  const v = new DataView(p.buffer);
  p[0] = 0x80 | (ext === undefined ? 0 : 0x10) | cc;
  p[1] = (opts.marker ? 0x80 : 0) | 111;
  v.setUint16(2, seq);
  v.setUint32(4, seq * 960);
  v.setUint32(8, ssrc);
  for (let i = 0; i < cc; i++) v.setUint32(12 + 4 * i, 0x1000 + i);
  if (ext !== undefined) {
    const at = 12 + 4 * cc;
    v.setUint16(at, 0xbede);
    v.setUint16(at + 2, ext);
    for (let i = 0; i < 4 * ext; i++) p[at + 4 + i] = 0x10 + i;
  }
  p.set(body, headerBytes);
  return p;
}

/** An RTCP receiver report from `ssrc` with one report block. */
export function rtcp(ssrc: number, fill = 0): Uint8Array {
  const p = new Uint8Array(32);
  const v = new DataView(p.buffer);
  p[0] = 0x81;
  p[1] = 201;
  v.setUint16(2, 7);
  v.setUint32(4, ssrc);
  for (let i = 8; i < 32; i++) p[i] = (i + fill) & 0xff;
  return p;
}

/** Key and salt of the right lengths, filled from `seed`. */
export function keysFor(profile: SrtpProfile, seed = 1): { masterKey: Uint8Array; masterSalt: Uint8Array } {
  return {
    masterKey: Uint8Array.from({ length: profile.keyBytes }, (_, i) => (seed * 31 + i * 17) & 0xff),
    masterSalt: Uint8Array.from({ length: profile.saltBytes }, (_, i) => (seed * 13 + i * 5 + 1) & 0xff),
  };
}

/** A sender and a receiver context with the same keys. */
export function pair(profile: SrtpProfile, options: Partial<SrtpContextOptions> = {}, seed = 1): { tx: SrtpContext; rx: SrtpContext } {
  const base = { profile, ...keysFor(profile, seed), ...options };
  return { tx: new SrtpContext(base), rx: new SrtpContext(base) };
}

/** Hex of bytes, for assertions. */
export const toHex = (b: Uint8Array | undefined): string => (b === undefined ? 'undefined' : Buffer.from(b).toString('hex'));
