import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import {
  RTCCertificate,
  RTCCertificateConverter,
  certificateInternals,
  deserializeCertificate,
  generateCertificate,
  generateCertificateWith,
  generateDefaultCertificate,
  prepareDefaultCertificate,
  takeDefaultCertificate,
  isRTCCertificate,
  serializeCertificate,
} from '../../src/api/certificate.js';
import { interfaces } from '../../src/api/interfaces.js';
import { RTCPeerConnection } from '../../src/api/peer-connection.js';
import type { RandomSource } from '../../src/crypto/random.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 1024,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

function isDOMException(name: string): (err: unknown) => boolean {
  return (err) => err instanceof DOMException && err.name === name;
}

describe('api/RTCCertificate', () => {
  let cert: RTCCertificate;
  before(async () => {
    cert = await generateCertificate(ECDSA);
  });

  describe('interface', () => {
    it('has no constructor script can call', () => {
      const ctor = RTCCertificate as unknown as new () => unknown;
      assert.throws(() => new ctor(), { name: 'TypeError', message: 'Illegal constructor' });
      assert.throws(() => (RTCCertificate as unknown as () => unknown)(), TypeError);
      assert.equal(RTCCertificate.length, 0);
      assert.equal(RTCCertificate.name, 'RTCCertificate');
      assert.equal(interfaces.RTCCertificate, RTCCertificate);
    });

    it('has the WebIDL shape: enumerable members, lengths, @@toStringTag', () => {
      const proto = RTCCertificate.prototype;
      const expires = Object.getOwnPropertyDescriptor(proto, 'expires')!;
      assert.equal(expires.enumerable, true);
      assert.equal(typeof expires.get, 'function');
      assert.equal(expires.set, undefined);
      const fp = Object.getOwnPropertyDescriptor(proto, 'getFingerprints')!;
      assert.equal(fp.enumerable, true);
      assert.equal(proto.getFingerprints.length, 0);
      assert.equal(Object.prototype.toString.call(cert), '[object RTCCertificate]');
    });

    it('throws TypeError when members are called on other objects', () => {
      const getter = Object.getOwnPropertyDescriptor(RTCCertificate.prototype, 'expires')!.get!;
      assert.throws(() => getter.call({}), TypeError);
      const fake = Object.create(RTCCertificate.prototype) as RTCCertificate;
      assert.throws(() => RTCCertificate.prototype.getFingerprints.call(fake), TypeError);
      assert.throws(() => (RTCCertificate.prototype as { expires: number }).expires, TypeError);
    });
  });

  describe('generateCertificate', () => {
    it('makes an ECDSA P-256 certificate expiring in 30 days by default', async () => {
      const before = Date.now();
      const c = await generateCertificate(ECDSA);
      assert.ok(c instanceof RTCCertificate);
      assert.ok(c.expires >= before + 30 * DAY_MS && c.expires <= Date.now() + 30 * DAY_MS);
      const internals = certificateInternals(c);
      assert.equal(internals.algorithm, 'ecdsa-p256');
      const x509 = new X509Certificate(internals.der);
      assert.equal(x509.verify(internals.publicKey), true);
      assert.equal(x509.checkPrivateKey(internals.privateKey), true);
    });

    for (const modulusLength of [1024, 2048]) {
      it(`makes an RSASSA-PKCS1-v1_5 certificate with modulusLength ${modulusLength}`, async () => {
        const c = await generateCertificate({ ...RSA, modulusLength });
        assert.ok(c.expires > Date.now());
        const internals = certificateInternals(c);
        assert.equal(internals.algorithm, 'rsa');
        const details = new X509Certificate(internals.der).publicKey.asymmetricKeyDetails;
        assert.equal(details?.modulusLength, modulusLength);
        assert.equal(details?.publicExponent, 65537n);
      });
    }

    it('matches algorithm and hash names case-insensitively, hash as a dictionary too', async () => {
      assert.ok((await generateCertificate({ name: 'ecdsa', namedCurve: 'P-256' })) instanceof RTCCertificate);
      const c = await generateCertificate({ ...RSA, name: 'rsassa-pkcs1-V1_5', hash: { name: 'sha-256' } });
      assert.equal(certificateInternals(c).algorithm, 'rsa');
    });

    it('rejects unsupported algorithms with NotSupportedError', async () => {
      const bad: unknown[] = [
        'invalid-algo',
        { name: 'invalid-algo' },
        { ...RSA, hash: 'SHA-1' },
        { ...RSA, hash: 'SHA-999' },
        { ...RSA, modulusLength: 512 },
        { ...RSA, publicExponent: new Uint8Array([1, 0, 0]) },
        { ...RSA, publicExponent: new Uint8Array([1, 0, 0, 0, 1]) },
        { name: 'ECDSA', namedCurve: 'P-384' },
        { name: 'ECDSA', namedCurve: 'p-256' },
        { ...RSA, name: 'RSA-PSS' },
        { name: 'ECDH', namedCurve: 'P-256' },
        { name: 'AES-GCM', length: 128 },
        'Ed25519',
        null,
      ];
      for (const alg of bad) {
        await assert.rejects(generateCertificate(alg), isDOMException('NotSupportedError'), String(alg));
      }
    });

    it('rejects with TypeError when the parameters do not convert (WebCrypto normalization)', async () => {
      const bad: unknown[] = [
        {},
        'ECDSA',
        { name: 'ECDSA' },
        { ...RSA, publicExponent: [1, 0, 1] },
        { ...RSA, modulusLength: -1 },
        { ...RSA, hash: undefined },
        { name: 'AES-GCM' },
        Symbol('x'),
      ];
      for (const alg of bad) await assert.rejects(generateCertificate(alg), TypeError, String(typeof alg));
    });

    it('returns a rejected promise rather than throwing', () => {
      const p = generateCertificate(Symbol('x'));
      assert.ok(p instanceof Promise);
      return assert.rejects(p, TypeError);
    });

    it('honours expires, converted as [EnforceRange] unsigned long long', async () => {
      const start = Date.now();
      const c = await generateCertificate({ ...ECDSA, expires: 2000 });
      assert.ok(Math.abs(c.expires - (start + 2000)) < 1000);
      const expired = await generateCertificate({ ...ECDSA, expires: 0 });
      assert.ok(expired.expires <= Date.now());
      for (const expires of [-1, 'invalid', Number.NaN, Infinity, 2 ** 53]) {
        await assert.rejects(generateCertificate({ ...ECDSA, expires }), TypeError, String(expires));
      }
      // Even for an unknown algorithm, a bad expires is reported first.
      await assert.rejects(generateCertificate({ name: 'nope', expires: -1 }), TypeError);
    });

    it('caps expires at 365 days', async () => {
      const now = Date.UTC(2030, 0, 1);
      const c = await generateCertificateWith({ ...ECDSA, expires: 10 * 365 * DAY_MS }, { now: () => now });
      assert.equal(c.expires, now + 365 * DAY_MS);
      const x509 = new X509Certificate(certificateInternals(c).der);
      assert.equal(new Date(x509.validTo).getTime(), now + 365 * DAY_MS);
    });

    it('uses the injected clock and randomness', async () => {
      const now = Date.UTC(2030, 5, 1, 8, 0, 0, 500);
      let next = 0;
      const randomBytes: RandomSource = (n) => Uint8Array.from({ length: n }, () => 0x10 + next++);
      const c = await generateCertificateWith({ ...ECDSA, expires: 60_000 }, { now: () => now, randomBytes });
      assert.equal(c.expires, now + 60_000);
      const x509 = new X509Certificate(certificateInternals(c).der);
      assert.equal(x509.serialNumber, '1011121314151617');
      assert.equal(x509.subject, 'CN=18191a1b1c1d1e1f');
      assert.equal(new Date(x509.validTo).getTime(), now - 500 + 60_000);
    });
  });

  describe('getFingerprints', () => {
    it('returns a fresh list with a lowercase sha-256 fingerprint', () => {
      const a = cert.getFingerprints();
      const b = cert.getFingerprints();
      assert.ok(Array.isArray(a));
      assert.notEqual(a, b);
      assert.notEqual(a[0], b[0]);
      assert.equal(a.length, 1);
      assert.equal(a[0]!.algorithm, 'sha-256');
      assert.match(a[0]!.value!, /^([0-9a-f]{2}:)+[0-9a-f]{2}$/);
      const x509 = new X509Certificate(certificateInternals(cert).der);
      assert.equal(a[0]!.value, x509.fingerprint256.toLowerCase());
      a[0]!.value = 'changed';
      assert.notEqual(cert.getFingerprints()[0]!.value, 'changed');
    });

    it('exposes the uppercase SDP form internally', () => {
      const [sdp] = certificateInternals(cert).fingerprints;
      assert.equal(sdp!.algorithm, 'sha-256');
      assert.equal(sdp!.value, cert.getFingerprints()[0]!.value!.toUpperCase());
      assert.match(sdp!.value, /^([0-9A-F]{2}:)+[0-9A-F]{2}$/);
    });
  });

  describe('internals', () => {
    it('certificateInternals and isRTCCertificate brand-check', () => {
      assert.equal(certificateInternals(cert).expires, cert.expires);
      assert.throws(() => certificateInternals({} as RTCCertificate), TypeError);
      assert.equal(isRTCCertificate(cert), true);
      assert.equal(isRTCCertificate(Object.create(RTCCertificate.prototype)), false);
      assert.equal(isRTCCertificate(null), false);
      assert.equal(RTCCertificateConverter(cert, 'x'), cert);
      assert.throws(() => RTCCertificateConverter({}, 'x'), TypeError);
    });

    it('generateDefaultCertificate makes ECDSA P-256 for 30 days, synchronously', () => {
      const now = Date.UTC(2031, 0, 1);
      const c = generateDefaultCertificate({ now: () => now });
      assert.equal(certificateInternals(c).algorithm, 'ecdsa-p256');
      assert.equal(c.expires, now + 30 * DAY_MS);
    });

    it('default certificates made ahead (when connections close, two at most) are taken once each, then fresh ones are made', async () => {
      const fingerprint = (c: RTCCertificate): string => c.getFingerprints()[0]!.value!;
      const a = takeDefaultCertificate();
      const b = takeDefaultCertificate();
      assert.notEqual(fingerprint(a), fingerprint(b));
      prepareDefaultCertificate();
      prepareDefaultCertificate();
      prepareDefaultCertificate(); // two spares at most
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 30));
      const before = Date.now();
      const spare = takeDefaultCertificate();
      const spare2 = takeDefaultCertificate();
      // Made before `before`: their 30 days started earlier.
      for (const s of [spare, spare2]) assert.ok(s.expires <= before + 30 * DAY_MS - 20, `expires ${s.expires - before - 30 * DAY_MS} ms off`);
      const fresh = takeDefaultCertificate();
      assert.ok(fresh.expires >= before + 30 * DAY_MS);
      assert.equal(new Set([a, b, spare, spare2, fresh].map(fingerprint)).size, 5);
      assert.equal(certificateInternals(spare).algorithm, 'ecdsa-p256');
    });

    it('closing a connection with a default certificate prepares the next one', async () => {
      const pc = new RTCPeerConnection();
      pc.close();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 30));
      const before = Date.now();
      assert.ok(takeDefaultCertificate().expires <= before + 30 * DAY_MS - 20);
      const own = await generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
      const withOwn = new RTCPeerConnection({ certificates: [own] });
      withOwn.close();
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(takeDefaultCertificate().expires >= before + 30 * DAY_MS, 'no spare after a connection with its own certificate');
    });
  });

  describe('structured cloning', () => {
    it('is not cloned by Node\'s structuredClone (no hook for user classes)', () => {
      const clone = structuredClone(cert) as unknown;
      assert.equal(clone instanceof RTCCertificate, false);
      assert.equal(isRTCCertificate(clone), false);
    });

    it('round-trips through serializeCertificate, structuredClone and postMessage', async () => {
      const copy = deserializeCertificate(structuredClone(serializeCertificate(cert)));
      assert.equal(copy.expires, cert.expires);
      assert.deepEqual(copy.getFingerprints(), cert.getFingerprints());
      const { port1, port2 } = new MessageChannel();
      const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
      port1.postMessage(serializeCertificate(cert));
      const viaPort = deserializeCertificate(await received);
      port1.close();
      const a = certificateInternals(viaPort);
      const b = certificateInternals(cert);
      assert.deepEqual(a.der, b.der);
      assert.equal(a.privateKey.equals(b.privateKey), true);
      assert.equal(a.algorithm, 'ecdsa-p256');
    });

    it('rejects malformed serialized data with DataCloneError', () => {
      const good = serializeCertificate(cert);
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const bad: unknown[] = [
        null,
        {},
        { ...good, expires: 'soon' },
        { ...good, der: [1, 2, 3] },
        { ...good, der: new Uint8Array([0x30, 0]) },
        { ...good, privateKey: 'key' },
        { ...good, privateKey: certificateInternals(cert).publicKey },
        { ...good, privateKey: other },
      ];
      for (const data of bad) assert.throws(() => deserializeCertificate(data), isDOMException('DataCloneError'));
    });
  });
});
