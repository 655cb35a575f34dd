// ServerHelloDone (RFC 5246 §7.4.5): an empty body ending the server's hello flight.
import { Reader } from '../bytes.js';

/** Parses a ServerHelloDone body, which must be empty. */
export function parseServerHelloDone(body: Uint8Array): Record<string, never> {
  new Reader(body).end('ServerHelloDone');
  return {};
}

/** Serializes a ServerHelloDone body. */
export function serializeServerHelloDone(): Uint8Array {
  return new Uint8Array(0);
}
