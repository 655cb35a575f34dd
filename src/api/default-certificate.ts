// The certificate a peer connection uses when RTCConfiguration.certificates is empty. Like
// browsers, one spare is generated ahead (after the first peer connection asks), so a new
// connection does not wait for key generation; every connection still gets its own key.
import { generateDefaultCertificate, type RTCCertificate } from './certificate.js';

/** Margin under which a spare counts as too close to expiry to hand out. */
const MIN_REMAINING_MS = 24 * 60 * 60 * 1000;

let spare: Promise<RTCCertificate> | undefined;

function generate(): Promise<RTCCertificate> {
  const p = generateDefaultCertificate();
  // A failed spare is dropped; the taker generates afresh and sees any error itself.
  p.catch(() => {
    if (spare === p) spare = undefined;
  });
  return p;
}

/** A fresh ECDSA P-256 certificate for one peer connection. */
export async function takeDefaultCertificate(): Promise<RTCCertificate> {
  const ready = spare;
  spare = generate();
  if (ready) {
    try {
      const cert = await ready;
      if (cert.expires - Date.now() > MIN_REMAINING_MS) return cert;
    } catch {
      /* generate one below */
    }
  }
  return generateDefaultCertificate();
}
