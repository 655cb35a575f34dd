// The state cookie: everything needed to build the association from a COOKIE ECHO, signed
// so the INIT receiver can stay stateless until then (RFC 9260 §5.1.3, §5.1.5).
import { hmac } from '../../crypto/mac.js';
import { constantTimeEqual, readU16, readU32, writeU16, writeU32 } from './bytes.js';

/** Computes HMAC-SHA-256 of `data` under `key`; injectable so crypto can come from the driver. */
export type HmacSha256 = (key: Uint8Array, data: Uint8Array) => Uint8Array;

/** HMAC-SHA-256 from node:crypto (pure computation; no I/O, clocks or randomness). */
export const nodeHmacSha256: HmacSha256 = (key, data) => hmac('sha256', key, data);

/** What the cookie remembers about both ends. */
export interface CookieState {
  createdAtMs: number;
  lifetimeMs: number;
  localTag: number;
  localInitialTsn: number;
  peerTag: number;
  peerInitialTsn: number;
  peerARwnd: number;
  /** Streams the peer will send on (its OS, capped by our MIS). */
  inboundStreams: number;
  /** Streams we may send on (our OS, capped by its MIS). */
  outboundStreams: number;
  /** Tie-tags (RFC 9260 §5.2.2): zero unless the INIT arrived while a TCB existed. */
  localTieTag: number;
  peerTieTag: number;
  peerForwardTsn: boolean;
  peerReconfig: boolean;
}

const VERSION = 1;
const BODY_BYTES = 1 + 8 + 4 * 10 + 2 * 2 + 1;
const MAC_BYTES = 32;
/** Size of every cookie this stack issues. */
export const COOKIE_BYTES = BODY_BYTES + MAC_BYTES;

/** Builds a signed cookie. */
export function createCookie(s: CookieState, secret: Uint8Array, hmac: HmacSha256): Uint8Array {
  const b = new Uint8Array(COOKIE_BYTES);
  b[0] = VERSION;
  const created = Math.max(0, Math.floor(s.createdAtMs));
  writeU32(b, 1, Math.floor(created / 0x1_0000_0000));
  writeU32(b, 5, created >>> 0);
  const words = [
    s.lifetimeMs,
    s.localTag,
    s.localInitialTsn,
    s.peerTag,
    s.peerInitialTsn,
    s.peerARwnd,
    s.localTieTag,
    s.peerTieTag,
    0,
    0,
  ];
  words.forEach((w, i) => writeU32(b, 9 + 4 * i, w));
  writeU16(b, 49, s.inboundStreams);
  writeU16(b, 51, s.outboundStreams);
  b[53] = (s.peerForwardTsn ? 1 : 0) | (s.peerReconfig ? 2 : 0);
  b.set(hmac(secret, b.subarray(0, BODY_BYTES)).subarray(0, MAC_BYTES), BODY_BYTES);
  return b;
}

/** Why a cookie was refused. */
export type CookieRejection = 'malformed' | 'bad-mac' | 'stale';

/**
 * Verifies and decodes a cookie. RFC 9260 §5.1.5: check the MAC (in constant time, STYLE.md
 * habit 12) and then the lifetime.
 */
export function openCookie(
  cookie: Uint8Array,
  secret: Uint8Array,
  hmac: HmacSha256,
  nowMs: number,
): CookieState | CookieRejection {
  if (cookie.length !== COOKIE_BYTES || cookie[0] !== VERSION) return 'malformed';
  const mac = hmac(secret, cookie.subarray(0, BODY_BYTES)).subarray(0, MAC_BYTES);
  if (!constantTimeEqual(mac, cookie.subarray(BODY_BYTES))) return 'bad-mac';
  const createdAtMs = readU32(cookie, 1) * 0x1_0000_0000 + readU32(cookie, 5);
  const w = (i: number): number => readU32(cookie, 9 + 4 * i);
  const lifetimeMs = w(0);
  // RFC 9260 §5.1.5 step 3: a cookie older than its lifetime is stale.
  if (nowMs - createdAtMs > lifetimeMs) return 'stale';
  return {
    createdAtMs,
    lifetimeMs,
    localTag: w(1),
    localInitialTsn: w(2),
    peerTag: w(3),
    peerInitialTsn: w(4),
    peerARwnd: w(5),
    localTieTag: w(6),
    peerTieTag: w(7),
    inboundStreams: readU16(cookie, 49),
    outboundStreams: readU16(cookie, 51),
    peerForwardTsn: (cookie[53]! & 1) !== 0,
    peerReconfig: (cookie[53]! & 2) !== 0,
  };
}
