// ServerKeyExchange for ECDHE (RFC 8422 §5.4): ServerECDHParams and a signature over
// client_random + server_random + params.
import { Reader, concat, u16, vec16, vec8 } from '../bytes.js';
import { CURVE_TYPE_NAMED } from '../constants.js';
import { ParseError } from '../errors.js';

/** A ServerKeyExchange body for a named-curve ECDHE suite. */
export interface ServerKeyExchange {
  /** NamedGroup of the ephemeral key. */
  namedGroup: number;
  /** The server's ephemeral public key (ECPoint / X25519 u-coordinate). */
  publicKey: Uint8Array;
  /** SignatureAndHashAlgorithm (RFC 5246 §7.4.1.4.1). */
  signatureScheme: number;
  /** The signature bytes. */
  signature: Uint8Array;
}

/** The ServerECDHParams bytes, which the signature covers after both randoms. */
export function serializeEcdhParams(namedGroup: number, publicKey: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(CURVE_TYPE_NAMED), u16(namedGroup), vec8(publicKey));
}

/** Parses a ServerKeyExchange body. */
export function parseServerKeyExchange(body: Uint8Array): ServerKeyExchange {
  const r = new Reader(body);
  const curveType = r.u8();
  // RFC 8422 §5.4: explicit curves are deprecated; named_curve is all we accept.
  if (curveType !== CURVE_TYPE_NAMED) throw new ParseError('DTLS_BAD_VALUE', `ECCurveType ${curveType}`);
  const namedGroup = r.u16();
  const publicKey = r.vec8(1);
  const signatureScheme = r.u16();
  const signature = r.vec16(1);
  r.end('ServerKeyExchange');
  return { namedGroup, publicKey, signatureScheme, signature };
}

/** Serializes a ServerKeyExchange body. */
export function serializeServerKeyExchange(m: ServerKeyExchange): Uint8Array {
  return concat(serializeEcdhParams(m.namedGroup, m.publicKey), u16(m.signatureScheme), vec16(m.signature));
}
