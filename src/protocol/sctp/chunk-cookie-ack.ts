// COOKIE ACK chunk (RFC 9260 §3.3.12): a header with no value.
import { ChunkType } from './constants.js';

/** A COOKIE ACK. */
export interface CookieAckChunk {
  type: typeof ChunkType.COOKIE_ACK;
}
