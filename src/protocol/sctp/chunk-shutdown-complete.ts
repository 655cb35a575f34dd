// SHUTDOWN COMPLETE chunk (RFC 9260 §3.3.13): a header with the T bit and no value.
import { ChunkType } from './constants.js';

/** A SHUTDOWN COMPLETE. */
export interface ShutdownCompleteChunk {
  type: typeof ChunkType.SHUTDOWN_COMPLETE;
  /** T bit: the verification tag is the sender's own. */
  reflected: boolean;
}
