import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  DEFAULT_CERTIFICATE_LIFETIME_MS,
  OID,
  generateSelfSignedCertificate,
  generateSelfSignedCertificateSync,
  generateCertificateKeyPairSync,
  randomSerial,
} from '../../src/crypto/certificate.js';
import * as der from '../../src/crypto/der.js';
import type { RandomSource } from '../../src/crypto/random.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW_MS = Date.UTC(2024, 4, 17, 12, 30, 45, 250);

function counter(start = 1): RandomSource {
  let next = start;
  return (n) => Uint8Array.from({ length: n }, () => next++ & 0xff);
}

function countOccurrences(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).toString('hex').split(Buffer.from(needle).toString('hex')).length - 1;
}

describe('crypto/certificate', () => {
  it('makes an ECDSA P-256 certificate that parses and verifies', async () => {
    const cert = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
    const x509 = new X509Certificate(cert.der);
    assert.equal(cert.algorithm, 'ecdsa-p256');
    assert.equal(x509.verify(cert.publicKey), true);
    assert.equal(x509.checkPrivateKey(cert.privateKey), true);
    assert.equal(x509.publicKey.asymmetricKeyType, 'ec');
    assert.equal(x509.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(x509.subject, x509.issuer);
    // ecdsa-with-SHA256 in both TBSCertificate.signature and Certificate.signatureAlgorithm.
    assert.equal(countOccurrences(cert.der, der.sequence(der.oid(OID.ecdsaWithSha256))), 2);
  });

  it('makes an RSA certificate with the requested modulus and exponent', async () => {
    const cert = await generateSelfSignedCertificate({
      key: { type: 'rsa', modulusLength: 1024, publicExponent: 3 },
    });
    const x509 = new X509Certificate(cert.der);
    assert.equal(cert.algorithm, 'rsa');
    assert.equal(x509.verify(cert.publicKey), true);
    assert.equal(x509.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(x509.publicKey.asymmetricKeyDetails?.modulusLength, 1024);
    assert.equal(x509.publicKey.asymmetricKeyDetails?.publicExponent, 3n);
    // sha256WithRSAEncryption with NULL parameters, twice.
    const alg = der.sequence(der.oid(OID.sha256WithRsaEncryption), der.nullValue());
    assert.equal(countOccurrences(cert.der, alg), 2);
  });

  it('sets the validity from the injected clock, backdating notBefore by a day', async () => {
    const cert = await generateSelfSignedCertificate({
      key: { type: 'ecdsa-p256' },
      nowMs: NOW_MS,
      expiresMs: 2 * DAY_MS,
    });
    const x509 = new X509Certificate(cert.der);
    assert.equal(cert.notBeforeMs, NOW_MS - 250 - DAY_MS);
    assert.equal(cert.notAfterMs, NOW_MS - 250 + 2 * DAY_MS);
    assert.equal(new Date(x509.validFrom).getTime(), cert.notBeforeMs);
    assert.equal(new Date(x509.validTo).getTime(), cert.notAfterMs);
  });

  it('defaults to a 30 day lifetime', async () => {
    const cert = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' }, nowMs: NOW_MS });
    assert.equal(DEFAULT_CERTIFICATE_LIFETIME_MS, 30 * DAY_MS);
    assert.equal(cert.notAfterMs, NOW_MS - 250 + 30 * DAY_MS);
  });

  it('accepts a zero lifetime and dates past 2049 (GeneralizedTime)', async () => {
    const expired = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' }, nowMs: NOW_MS, expiresMs: 0 });
    assert.equal(new Date(new X509Certificate(expired.der).validTo).getTime(), NOW_MS - 250);
    const late = await generateSelfSignedCertificate({
      key: { type: 'ecdsa-p256' },
      nowMs: Date.UTC(2049, 11, 1),
      expiresMs: 365 * DAY_MS,
    });
    const x509 = new X509Certificate(late.der);
    assert.equal(new Date(x509.validTo).getTime(), Date.UTC(2050, 11, 1));
    assert.equal(x509.verify(late.publicKey), true);
  });

  it('takes the serial number and common name from the injected randomness', async () => {
    const cert = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' }, randomBytes: counter(1) });
    const x509 = new X509Certificate(cert.der);
    assert.equal(x509.serialNumber, '0102030405060708');
    assert.equal(x509.subject, 'CN=090a0b0c0d0e0f10');
    const named = await generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' }, commonName: 'WebRTC' });
    assert.equal(new X509Certificate(named.der).subject, 'CN=WebRTC');
  });

  it('keeps serial numbers positive and non-zero (RFC 5280 §4.1.2.2)', () => {
    assert.deepEqual([...randomSerial(() => new Uint8Array(8))], [0, 0, 0, 0, 0, 0, 0, 1]);
    const high = randomSerial(() => new Uint8Array(8).fill(0xff));
    assert.equal(Buffer.from(der.integerFromUnsigned(high)).toString('hex'), '020900ffffffffffffffff');
  });

  it('is byte-for-byte deterministic given key, clock and randomness (RSA signs deterministically)', async () => {
    const keyPair = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const opts = { key: { type: 'rsa', modulusLength: 1024, publicExponent: 65537 } as const, keyPair, nowMs: NOW_MS };
    const a = await generateSelfSignedCertificate({ ...opts, randomBytes: counter(5) });
    const b = await generateSelfSignedCertificate({ ...opts, randomBytes: counter(5) });
    assert.deepEqual(a.der, b.der);
    assert.equal(a.privateKey, keyPair.privateKey);
    assert.equal(new X509Certificate(a.der).verify(keyPair.publicKey), true);
  });

  it('rejects a key pair of the wrong type and bad times', async () => {
    const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await assert.rejects(generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' }, keyPair }), TypeError);
    await assert.rejects(
      generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' }, expiresMs: -1 }),
      RangeError,
    );
  });

  it('makes the same certificate on this thread as in the thread pool, given key, clock and randomness', async () => {
    const keyPair = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const opts = { key: { type: 'rsa', modulusLength: 1024, publicExponent: 65537 } as const, keyPair, nowMs: NOW_MS };
    const a = await generateSelfSignedCertificate({ ...opts, randomBytes: counter(9) });
    const b = generateSelfSignedCertificateSync({ ...opts, randomBytes: counter(9) });
    assert.deepEqual(b.der, a.der);
    assert.equal(b.notAfterMs, a.notAfterMs);
  });

  it('makes an ECDSA P-256 certificate on this thread that verifies, and checks its inputs', () => {
    const cert = generateSelfSignedCertificateSync({ key: { type: 'ecdsa-p256' }, nowMs: NOW_MS });
    const x509 = new X509Certificate(cert.der);
    assert.equal(x509.verify(cert.publicKey), true);
    assert.equal(x509.checkPrivateKey(cert.privateKey), true);
    assert.equal(x509.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(cert.notBeforeMs, Math.floor((NOW_MS - DAY_MS) / 1000) * 1000);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    assert.throws(() => generateSelfSignedCertificateSync({ key: { type: 'ecdsa-p256' }, keyPair: p384 }), TypeError);
    assert.throws(() => generateSelfSignedCertificateSync({ key: { type: 'ecdsa-p256' }, expiresMs: -1 }), RangeError);
  });

  it('makes P-256 key pairs on this thread whose SPKI matches the public key', () => {
    for (let i = 0; i < 20; i++) {
      const pair = generateCertificateKeyPairSync({ type: 'ecdsa-p256' });
      assert.deepEqual(Buffer.from(pair.spki!), pair.publicKey.export({ type: 'spki', format: 'der' }));
      // The private key is the one behind that SPKI.
      const fromSpki = createPublicKey({ key: Buffer.from(pair.spki!), format: 'der', type: 'spki' });
      const data = Buffer.from(`pair ${i}`);
      assert.equal(verify('sha256', data, fromSpki, sign('sha256', data, pair.privateKey)), true);
      assert.equal(pair.privateKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    }
  });
});
