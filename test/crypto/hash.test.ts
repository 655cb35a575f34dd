// Fingerprints checked against the FIPS 180 "abc" test vectors and node's X509Certificate.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { generateSelfSignedCertificate } from '../../src/crypto/certificate.js';
import { colonHex, fingerprint, isFingerprintAlgorithm, type FingerprintAlgorithm } from '../../src/crypto/hash.js';

function colons(hexDigits: string): string {
  return hexDigits.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

describe('crypto/hash', () => {
  const abc = new TextEncoder().encode('abc');
  const vectors: Record<FingerprintAlgorithm, string> = {
    'sha-1': 'a9993e364706816aba3e25717850c26c9cd0d89d',
    'sha-224': '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7',
    'sha-256': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'sha-384':
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    'sha-512':
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a' +
      '2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  };

  for (const [algorithm, digest] of Object.entries(vectors) as Array<[FingerprintAlgorithm, string]>) {
    it(`${algorithm} of "abc" matches FIPS 180`, () => {
      assert.equal(fingerprint(abc, algorithm), colons(digest));
    });
  }

  it('formats as RFC 8122 §5 uppercase hex pairs with colons', () => {
    assert.equal(colonHex(Uint8Array.of(0x0a, 0xff, 0x00)), '0A:FF:00');
    assert.equal(colonHex(new Uint8Array(0)), '');
    assert.match(fingerprint(abc, 'sha-256'), /^([0-9A-F]{2}:)+[0-9A-F]{2}$/);
  });

  it('agrees with X509Certificate.fingerprint256 on a generated certificate', async () => {
    const cert = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
    const x509 = new X509Certificate(cert.der);
    assert.equal(fingerprint(cert.der, 'sha-256'), x509.fingerprint256);
    assert.equal(fingerprint(cert.der, 'sha-1'), x509.fingerprint);
  });

  it('rejects unknown algorithms', () => {
    assert.throws(() => fingerprint(abc, 'md5' as FingerprintAlgorithm), TypeError);
    assert.equal(isFingerprintAlgorithm('sha-256'), true);
    assert.equal(isFingerprintAlgorithm('SHA-256'), false);
    assert.equal(isFingerprintAlgorithm('toString'), false);
  });
});
