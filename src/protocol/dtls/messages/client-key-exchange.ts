// ClientKeyExchange for ECDHE (RFC 8422 §5.7): the client's ephemeral public key.
import { Reader, vec8 } from '../bytes.js';

/** A ClientKeyExchange body for an ECDHE suite. */
export interface ClientKeyExchange {
  /** ClientECDiffieHellmanPublic.ecdh_Yc<1..2^8-1>. */
  publicKey: Uint8Array;
}

/** Parses a ClientKeyExchange body. */
export function parseClientKeyExchange(body: Uint8Array): ClientKeyExchange {
  const r = new Reader(body);
  const publicKey = r.vec8(1);
  r.end('ClientKeyExchange');
  return { publicKey };
}

/** Serializes a ClientKeyExchange body. */
export function serializeClientKeyExchange(m: ClientKeyExchange): Uint8Array {
  return vec8(m.publicKey);
}
