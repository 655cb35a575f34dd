// Certificate stats objects (W3C webrtc-stats §RTCCertificateStats): the local
// certificates and the chain the remote side presented in DTLS, each certificate pointing
// at its issuer's object while the chain goes on.
import { fingerprint } from '../../crypto/index.js';
import { certificateId } from './ids.js';
import type { StatsDict } from './transport.js';

/** A certificate as the report needs it. */
export interface CertificateInput {
  der: Uint8Array;
  /** SHA-256 fingerprint, upper-case colon-separated hex, when already known. */
  sha256?: string;
}

const fingerprints = new WeakMap<Uint8Array, string>();

/** The certificate's SHA-256 fingerprint (hashed once per DER buffer). */
export function sha256Of(c: CertificateInput): string {
  if (c.sha256 !== undefined) return c.sha256;
  let fp = fingerprints.get(c.der);
  if (fp === undefined) {
    fp = fingerprint(c.der, 'sha-256');
    fingerprints.set(c.der, fp);
  }
  return fp;
}

/**
 * Adds one object per certificate of `chain` (leaf first, RFC 5246 §7.4.2 order) and
 * returns the leaf's id. W3C webrtc-stats: issuerCertificateId names the next certificate
 * of the chain, and is absent at its end (a self-signed certificate has none).
 */
export function certificateChainStats(out: Map<string, StatsDict>, chain: readonly CertificateInput[], timestamp: number): string | null {
  const ids = chain.map((c) => certificateId(sha256Of(c)));
  chain.forEach((c, i) => {
    const fp = sha256Of(c);
    const dict: StatsDict = {
      id: ids[i],
      type: 'certificate',
      timestamp,
      fingerprint: fp,
      fingerprintAlgorithm: 'sha-256',
      base64Certificate: Buffer.from(c.der).toString('base64'),
    };
    const issuer = ids[i + 1];
    if (issuer !== undefined && issuer !== ids[i]) dict.issuerCertificateId = issuer;
    out.set(ids[i]!, dict);
  });
  return ids[0] ?? null;
}
