// Finished (RFC 5246 §7.4.9): verify_data, 12 bytes for every TLS 1.2 suite we support.
import { Reader } from '../bytes.js';

/** Length of verify_data for the suites this stack implements (RFC 5246 §7.4.9). */
export const VERIFY_DATA_BYTES = 12;

/** A Finished body. */
export interface Finished {
  /** verify_data. */
  verifyData: Uint8Array;
}

/** Parses a Finished body. */
export function parseFinished(body: Uint8Array): Finished {
  const r = new Reader(body);
  const verifyData = r.bytesOf(VERIFY_DATA_BYTES);
  r.end('Finished');
  return { verifyData };
}

/** Serializes a Finished body. */
export function serializeFinished(m: Finished): Uint8Array {
  return Uint8Array.from(m.verifyData);
}
