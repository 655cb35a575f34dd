// HelloVerifyRequest (RFC 6347 §4.2.1): the server's stateless cookie challenge.
import { Reader, concat, u16, vec8 } from '../bytes.js';

/** A HelloVerifyRequest body. */
export interface HelloVerifyRequest {
  /** server_version. */
  version: number;
  /** cookie<0..2^8-1>. */
  cookie: Uint8Array;
}

/** Parses a HelloVerifyRequest body. */
export function parseHelloVerifyRequest(body: Uint8Array): HelloVerifyRequest {
  const r = new Reader(body);
  const version = r.u16();
  const cookie = r.vec8();
  r.end('HelloVerifyRequest');
  return { version, cookie };
}

/** Serializes a HelloVerifyRequest body. */
export function serializeHelloVerifyRequest(m: HelloVerifyRequest): Uint8Array {
  return concat(u16(m.version), vec8(m.cookie));
}
