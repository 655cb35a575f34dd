// CertificateVerify (RFC 5246 §7.4.8): the client's signature over the handshake so far.
import { Reader, concat, u16, vec16 } from '../bytes.js';

/** A CertificateVerify body. */
export interface CertificateVerify {
  /** SignatureAndHashAlgorithm. */
  signatureScheme: number;
  /** The signature bytes. */
  signature: Uint8Array;
}

/** Parses a CertificateVerify body. */
export function parseCertificateVerify(body: Uint8Array): CertificateVerify {
  const r = new Reader(body);
  const signatureScheme = r.u16();
  const signature = r.vec16(1);
  r.end('CertificateVerify');
  return { signatureScheme, signature };
}

/** Serializes a CertificateVerify body. */
export function serializeCertificateVerify(m: CertificateVerify): Uint8Array {
  return concat(u16(m.signatureScheme), vec16(m.signature));
}
