// COOKIE ECHO chunk (RFC 9260 §3.3.11).
import { ChunkType } from './constants.js';

/** A COOKIE ECHO: the state cookie from the INIT ACK, returned verbatim. */
export interface CookieEchoChunk {
  type: typeof ChunkType.COOKIE_ECHO;
  cookie: Uint8Array;
}

/** Parses a COOKIE ECHO value. */
export function parseCookieEcho(v: Uint8Array): CookieEchoChunk {
  return { type: ChunkType.COOKIE_ECHO, cookie: v.slice() };
}
