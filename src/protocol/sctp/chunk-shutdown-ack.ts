// SHUTDOWN ACK chunk (RFC 9260 §3.3.9): a header with no value.
import { ChunkType } from './constants.js';

/** A SHUTDOWN ACK. */
export interface ShutdownAckChunk {
  type: typeof ChunkType.SHUTDOWN_ACK;
}
