// CertificateRequest (RFC 5246 §7.4.4): how the server asks the client for its certificate.
import { Reader, concat, parseU16List, u16List, vec16, vec8 } from '../bytes.js';

/** A TLS 1.2 CertificateRequest body. */
export interface CertificateRequest {
  /** ClientCertificateType certificate_types<1..2^8-1>. */
  certificateTypes: number[];
  /** supported_signature_algorithms<2..2^16-2>. */
  signatureSchemes: number[];
  /** DistinguishedName certificate_authorities<0..2^16-1>, each DER. */
  authorities: Uint8Array[];
}

/** Parses a CertificateRequest body. */
export function parseCertificateRequest(body: Uint8Array): CertificateRequest {
  const r = new Reader(body);
  const certificateTypes = Array.from(r.vec8(1));
  const signatureSchemes = parseU16List(r.vec16(2, 0xfffe));
  const list = new Reader(r.vec16());
  r.end('CertificateRequest');
  const authorities: Uint8Array[] = [];
  while (list.remaining > 0) authorities.push(list.vec16(1));
  return { certificateTypes, signatureSchemes, authorities };
}

/** Serializes a CertificateRequest body. */
export function serializeCertificateRequest(m: CertificateRequest): Uint8Array {
  return concat(
    vec8(Uint8Array.from(m.certificateTypes)),
    u16List(m.signatureSchemes),
    vec16(concat(...m.authorities.map((a) => vec16(a)))),
  );
}
