// The certificate a peer connection uses when RTCConfiguration.certificates is empty. Like
// browsers, spares are generated ahead (after the first peer connection asks): two, since
// peers often come in pairs. Every connection still gets its own key.
import { generateDefaultCertificate, type RTCCertificate } from './certificate.js';

/** Spares kept ready. */
const SPARES = 2;
/** Margin under which a spare counts as too close to expiry to hand out. */
const MIN_REMAINING_MS = 24 * 60 * 60 * 1000;

const spares: Array<Promise<RTCCertificate>> = [];

function generate(): Promise<RTCCertificate> {
  const p = generateDefaultCertificate();
  // A failed spare is dropped; the taker generates afresh and sees any error itself.
  p.catch(() => {
    const i = spares.indexOf(p);
    if (i >= 0) spares.splice(i, 1);
  });
  return p;
}

/** A fresh ECDSA P-256 certificate for one peer connection. */
export async function takeDefaultCertificate(): Promise<RTCCertificate> {
  const ready = spares.shift();
  while (spares.length < SPARES) spares.push(generate());
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
