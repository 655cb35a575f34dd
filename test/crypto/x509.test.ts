// Reading the subjectPublicKeyInfo out of certificates: ours, OpenSSL-style ones, and
// malformed input, against node's full X.509 parser.
import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import * as der from '../../src/crypto/der.js';
import { generateSelfSignedCertificate } from '../../src/crypto/certificate.js';
import { certificatePublicKey, certificateSpki } from '../../src/crypto/x509.js';

function spkiOf(certificate: Uint8Array): Buffer {
  return new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
}

describe('crypto/x509', () => {
  it('finds the same public key as node in ECDSA and RSA certificates', async () => {
    const ec = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
    const rsa = await generateSelfSignedCertificate({ key: { type: 'rsa', modulusLength: 1024, publicExponent: 65537 } });
    for (const cert of [ec, rsa]) {
      assert.deepEqual(Buffer.from(certificateSpki(cert.der)), spkiOf(cert.der));
      assert.equal(certificatePublicKey(cert.der).equals(new X509Certificate(cert.der).publicKey), true);
    }
    assert.equal(certificatePublicKey(ec.der).asymmetricKeyType, 'ec');
    assert.equal(certificatePublicKey(rsa.der).asymmetricKeyType, 'rsa');
  });

  it('reads a v1 certificate, which has no version field', () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = new Uint8Array(keys.publicKey.export({ type: 'spki', format: 'der' }));
    const name = der.sequence(der.set(der.sequence(der.oid('2.5.4.3'), der.utf8String('v1'))));
    const alg = der.sequence(der.oid('1.2.840.10045.4.3.2'));
    const tbs = der.sequence(der.integer(7), alg, name, der.sequence(der.utcTime(0), der.utcTime(1e12)), name, spki);
    const cert = der.sequence(tbs, alg, der.bitString(new Uint8Array(8)));
    assert.deepEqual(certificateSpki(cert), spki);
  });

  it('refuses truncated, padded and malformed input with RangeError', async () => {
    const { der: good } = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      good.subarray(0, good.length - 1),
      Uint8Array.from([...good, 0]),
      Uint8Array.of(0x30, 0x80, 0, 0), // indefinite length
      Uint8Array.of(0x30, 0x81, 0x05, 1, 2, 3, 4, 5), // long form for a short length
      Uint8Array.of(0x30, 0x82, 0x00, 0x85, ...new Array<number>(0x85).fill(0)), // leading zero length octet
      der.sequence(der.sequence(der.integer(1))), // a TBSCertificate without its fields
      der.octetString(good),
    ];
    for (const input of bad) assert.throws(() => certificateSpki(input), RangeError);
  });

  it('reads element boundaries and children', () => {
    const seq = der.sequence(der.integer(1), der.octetString(new Uint8Array(200)));
    const top = der.readElement(seq, 0);
    assert.deepEqual({ tag: top.tag, start: top.start, end: top.end }, { tag: 0x30, start: 0, end: seq.length });
    const kids = der.children(seq, top);
    assert.deepEqual(kids.map((k) => k.tag), [0x02, 0x04]);
    assert.equal(kids[1]!.end - kids[1]!.contentsStart, 200);
  });
});
