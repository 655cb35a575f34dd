// Certificate (RFC 5246 §7.4.2, §7.4.6): a chain of DER certificates, leaf first.
import { Reader, concat, vec24 } from '../bytes.js';

/** A Certificate body. */
export interface CertificateMessage {
  /** ASN.1Cert certificate_list<0..2^24-1>, each DER, sender's own first. */
  certificates: Uint8Array[];
}

/** Parses a Certificate body. */
export function parseCertificate(body: Uint8Array): CertificateMessage {
  const r = new Reader(body);
  const list = new Reader(r.vec24());
  r.end('Certificate');
  const certificates: Uint8Array[] = [];
  while (list.remaining > 0) certificates.push(list.vec24(1));
  return { certificates };
}

/** Serializes a Certificate body. */
export function serializeCertificate(m: CertificateMessage): Uint8Array {
  return vec24(concat(...m.certificates.map((c) => vec24(c))));
}
