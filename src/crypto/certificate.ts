// Self-signed X.509 v3 certificates (RFC 5280) for DTLS, the way WebRTC endpoints make
// them: a fresh key pair, a random serial number and a random common name.
import { createECDH, createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as der from './der.js';
import { randomBytes as defaultRandomBytes, type RandomSource } from './random.js';

/** The key and signature algorithm of a certificate. */
export type CertificateAlgorithm = 'ecdsa-p256' | 'rsa';

/** Which key to generate: ECDSA on P-256, or RSA with the given size and exponent. */
export type CertificateKeyParams =
  | { type: 'ecdsa-p256' }
  | { type: 'rsa'; modulusLength: number; publicExponent: number };

/** A certificate's key pair. */
export interface CertificateKeyPair {
  /** The private (signing) key. */
  privateKey: KeyObject;
  /** The matching public key. */
  publicKey: KeyObject;
  /** The public key as a DER subjectPublicKeyInfo, when already known (saves an export). */
  spki?: Uint8Array;
}

/** Inputs to `generateSelfSignedCertificate`; time and randomness are injectable. */
export interface CertificateOptions {
  /** Key to generate. */
  key: CertificateKeyParams;
  /** Current time in ms since the epoch (default `Date.now()`). */
  nowMs?: number;
  /** Lifetime in ms from `nowMs` to notAfter (default 30 days, WebRTC's default). */
  expiresMs?: number;
  /** Random bytes for the serial number and common name (default node:crypto). */
  randomBytes?: RandomSource;
  /** Subject and issuer common name (default 16 random hex digits). */
  commonName?: string;
  /** Use this key pair instead of generating one (its type must match `key`). */
  keyPair?: CertificateKeyPair;
}

/** A generated certificate and its keys. */
export interface GeneratedCertificate {
  /** The certificate, DER encoded. */
  der: Uint8Array;
  /** Signing key for DTLS CertificateVerify / ServerKeyExchange. */
  privateKey: KeyObject;
  /** The public key in the certificate. */
  publicKey: KeyObject;
  /** notBefore as encoded (whole seconds), ms since the epoch. */
  notBeforeMs: number;
  /** notAfter as encoded (whole seconds), ms since the epoch. */
  notAfterMs: number;
  /** Key and signature algorithm. */
  algorithm: CertificateAlgorithm;
}

/** Default certificate lifetime: 30 days, as WebRTC 1.0 generateCertificate uses. */
export const DEFAULT_CERTIFICATE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

// notBefore is backdated by a day, as libwebrtc does, so a peer whose clock is somewhat
// behind ours still accepts the certificate.
const NOT_BEFORE_BACKDATE_MS = 24 * 60 * 60 * 1000;

/** OIDs used in the certificates we build. */
export const OID = {
  /** id-at-commonName (RFC 5280 App. A.1). */
  commonName: '2.5.4.3',
  /** ecdsa-with-SHA256 (RFC 5758 §3.2). */
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  /** sha256WithRSAEncryption (RFC 4055 §5). */
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  /** id-ecPublicKey (RFC 5480 §2.1.1). */
  ecPublicKey: '1.2.840.10045.2.1',
  /** secp256r1 (RFC 5480 §2.1.1.1). */
  secp256r1: '1.2.840.10045.3.1.7',
} as const;

/** The signature AlgorithmIdentifier for a key type. */
export function signatureAlgorithmIdentifier(algorithm: CertificateAlgorithm): Uint8Array {
  return algorithm === 'ecdsa-p256' ? ECDSA_WITH_SHA256.slice() : SHA256_WITH_RSA.slice();
}

// RFC 5758 §3.2: for ecdsa-with-SHA256 the parameters field MUST be absent.
const ECDSA_WITH_SHA256 = der.sequence(der.oid(OID.ecdsaWithSha256));
// RFC 4055 §5: sha256WithRSAEncryption parameters MUST be NULL.
const SHA256_WITH_RSA = der.sequence(der.oid(OID.sha256WithRsaEncryption), der.nullValue());
const COMMON_NAME = der.oid(OID.commonName);

/** An X.501 Name holding a single common name: SEQUENCE { SET { SEQUENCE { OID, UTF8String } } }. */
export function commonNameName(cn: string): Uint8Array {
  return der.sequence(der.set(der.sequence(COMMON_NAME, der.utf8String(cn))));
}

/** A positive serial number of `bytes` random octets (RFC 5280 §4.1.2.2: at most 20). */
export function randomSerial(random: RandomSource, bytes = 8): Uint8Array {
  const serial = Uint8Array.from(random(bytes).subarray(0, bytes));
  if (serial.length !== bytes) throw new RangeError('random source returned too few bytes');
  // RFC 5280 §4.1.2.2: the serial number MUST be a positive integer, so never zero.
  if (serial.every((b) => b === 0)) serial[bytes - 1] = 1;
  return serial;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function keyPairOptions(key: CertificateKeyParams): [type: 'ec' | 'rsa', options: object] {
  const publicKeyEncoding = { type: 'spki', format: 'der' } as const;
  return key.type === 'ecdsa-p256'
    ? ['ec', { namedCurve: 'P-256', publicKeyEncoding }]
    : ['rsa', { modulusLength: key.modulusLength, publicExponent: key.publicExponent, publicKeyEncoding }];
}

/** A generated key pair with its SPKI, whose public KeyObject is made only when read. */
function lazyPublicKey(spki: Uint8Array, privateKey: KeyObject, makePublicKey: () => KeyObject): CertificateKeyPair {
  let publicKey: KeyObject | undefined;
  const generated: CertificateKeyPair = {
    privateKey,
    spki,
    get publicKey(): KeyObject {
      return (publicKey ??= makePublicKey());
    },
  };
  generatedPairs.add(generated);
  return generated;
}

/** A pair node generated with a DER-encoded public key. */
function fromEncodedPair(spkiDer: Buffer, privateKey: KeyObject): CertificateKeyPair {
  return lazyPublicKey(new Uint8Array(spkiDer), privateKey, () => createPublicKey({ key: spkiDer, format: 'der', type: 'spki' }));
}

/**
 * Generate a key pair of the given type off the main thread (node:crypto generateKeyPair).
 * The public key comes back DER-encoded, because exporting it on the main thread costs
 * more than generating the pair; its KeyObject is made only when read.
 */
export async function generateCertificateKeyPair(key: CertificateKeyParams): Promise<CertificateKeyPair> {
  const [type, options] = keyPairOptions(key);
  // node's typings have no overload for an encoded public key with a KeyObject private key.
  const pair = await new Promise<{ publicKey: Buffer; privateKey: KeyObject }>((resolve, reject) => {
    const done = (error: Error | null, publicKey: Buffer, privateKey: KeyObject): void => (error ? reject(error) : resolve({ publicKey, privateKey }));
    (generateKeyPair as unknown as (type: string, options: object, callback: typeof done) => void)(type, options, done);
  });
  return fromEncodedPair(pair.publicKey, pair.privateKey);
}

/**
 * `generateCertificateKeyPair` on this thread: for P-256, cheaper than a thread-pool round
 * trip. The P-256 pair comes from node's ECDH (raw scalar and point) and goes into a
 * KeyObject through a JWK import, and the SPKI is built from the point with our DER
 * helpers: node's DER encoders cost more than the key generation itself. (Never via a JWK *export*: node 20
 * can deadlock after some thousands of EC JWK exports.)
 */
export function generateCertificateKeyPairSync(key: CertificateKeyParams): CertificateKeyPair {
  if (key.type === 'ecdsa-p256') return p256KeyPair();
  const [type, options] = keyPairOptions(key);
  const pair = (generateKeyPairSync as unknown as (type: string, options: object) => { publicKey: Buffer; privateKey: KeyObject })(type, options);
  return fromEncodedPair(pair.publicKey, pair.privateKey);
}

/** RFC 5480 §2.1.1: the AlgorithmIdentifier of an EC key on P-256 (DER, whole). */
export const P256_ALGORITHM = der.sequence(der.oid(OID.ecPublicKey), der.oid(OID.secp256r1));

function p256KeyPair(): CertificateKeyPair {
  const ecdh = createECDH('prime256v1');
  const point = ecdh.generateKeys(); // 0x04 || X || Y
  // RFC 7518 §6.2.2.1: "d" is the full 32 octets.
  const scalar = ecdh.getPrivateKey();
  const d = scalar.length >= 32 ? scalar : Buffer.concat([Buffer.alloc(32 - scalar.length), scalar]);
  const privateKey = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: d.toString('base64url'), x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  // RFC 5480 §2: SubjectPublicKeyInfo { algorithm, BIT STRING holding the point }.
  const spki = der.sequence(P256_ALGORITHM, der.bitString(point));
  return lazyPublicKey(spki, privateKey, () => createPublicKey(privateKey));
}

/** Key pairs generateCertificateKeyPair made for a given CertificateKeyParams. */
const generatedPairs = new WeakSet<CertificateKeyPair>();

function checkKeyPair(key: CertificateKeyParams, pair: CertificateKeyPair): void {
  const { privateKey, publicKey } = pair;
  if (privateKey.type !== 'private' || publicKey.type !== 'public') {
    throw new TypeError('keyPair must hold a private and a public KeyObject');
  }
  const ok =
    key.type === 'ecdsa-p256'
      ? privateKey.asymmetricKeyType === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      : privateKey.asymmetricKeyType === 'rsa';
  if (!ok) throw new TypeError(`keyPair does not match key type ${key.type}`);
}

/** What is signed, and what the finished certificate reports. */
interface Unsigned {
  tbs: Uint8Array;
  sigAlg: Uint8Array;
  keyPair: CertificateKeyPair;
  notBeforeMs: number;
  notAfterMs: number;
  algorithm: CertificateAlgorithm;
}

/** Builds the TBSCertificate for `keyPair` (the options already checked). */
function toBeSigned(opts: CertificateOptions, keyPair: CertificateKeyPair): Unsigned {
  const random = opts.randomBytes ?? defaultRandomBytes;
  const nowMs = opts.nowMs ?? Date.now();
  const expiresMs = opts.expiresMs ?? DEFAULT_CERTIFICATE_LIFETIME_MS;
  const algorithm: CertificateAlgorithm = opts.key.type;
  const serial = randomSerial(random);
  const commonName = opts.commonName ?? hex(random(8).subarray(0, 8));

  // X.509 times have one-second resolution; keep the values we actually encode.
  const notBeforeMs = Math.floor((nowMs - NOT_BEFORE_BACKDATE_MS) / 1000) * 1000;
  const notAfterMs = Math.floor((nowMs + expiresMs) / 1000) * 1000;
  const name = commonNameName(commonName);
  const sigAlg = signatureAlgorithmIdentifier(algorithm);
  const spki = keyPair.spki ?? new Uint8Array(keyPair.publicKey.export({ type: 'spki', format: 'der' }));

  // RFC 5280 §4.1: TBSCertificate ::= SEQUENCE { version [0] EXPLICIT, serialNumber,
  // signature, issuer, validity, subject, subjectPublicKeyInfo }; self-signed, so
  // issuer = subject.
  const tbs = der.sequence(
    der.explicit(0, der.integer(2)), // RFC 5280 §4.1.2.1: v3 is encoded as 2
    der.integerFromUnsigned(serial),
    sigAlg,
    name,
    der.sequence(der.time(notBeforeMs), der.time(notAfterMs)),
    name,
    spki,
  );
  return { tbs, sigAlg, keyPair, notBeforeMs, notAfterMs, algorithm };
}

function checkOptions(opts: CertificateOptions): void {
  const nowMs = opts.nowMs ?? 0;
  const expiresMs = opts.expiresMs ?? DEFAULT_CERTIFICATE_LIFETIME_MS;
  if (!Number.isFinite(nowMs) || !Number.isFinite(expiresMs) || expiresMs < 0) {
    throw new RangeError('nowMs and expiresMs must be finite, expiresMs non-negative');
  }
  // A pair from generateCertificateKeyPair is of the requested type by construction;
  // reading a fresh key's details costs tens of microseconds.
  if (opts.keyPair && !generatedPairs.has(opts.keyPair)) checkKeyPair(opts.key, opts.keyPair);
}

/** The certificate from its TBSCertificate and signature. */
function signed(u: Unsigned, signature: Uint8Array): GeneratedCertificate {
  // ECDSA: node emits the DER Ecdsa-Sig-Value RFC 5758 §3.2 wants; RSA: PKCS#1 v1.5 padding.
  const certificate = der.sequence(u.tbs, u.sigAlg, der.bitString(signature));
  const keyPair = u.keyPair;
  return {
    der: certificate,
    privateKey: keyPair.privateKey,
    get publicKey(): KeyObject {
      return keyPair.publicKey;
    },
    notBeforeMs: u.notBeforeMs,
    notAfterMs: u.notAfterMs,
    algorithm: u.algorithm,
  };
}

/**
 * Generate a key pair and a self-signed X.509 v3 certificate for it (RFC 5280 §4.1),
 * signed with ECDSA P-256/SHA-256 or RSASSA-PKCS1-v1_5/SHA-256. No extensions are
 * included, as browsers' DTLS certificates carry none. Key generation and signing run in
 * node's thread pool (an RSA key takes tens of milliseconds).
 */
export async function generateSelfSignedCertificate(opts: CertificateOptions): Promise<GeneratedCertificate> {
  checkOptions(opts);
  const u = toBeSigned(opts, opts.keyPair ?? (await generateCertificateKeyPair(opts.key)));
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign('sha256', u.tbs, u.keyPair.privateKey, (error, result) => (error ? reject(error) : resolve(result))),
  );
  return signed(u, new Uint8Array(signature));
}

/**
 * `generateSelfSignedCertificate` on this thread. For ECDSA P-256 the whole certificate
 * costs about 0.2 ms of this thread, which stalls the event loop less than the two
 * thread-pool round trips (each wakes a pool thread and the event loop) of the
 * asynchronous form.
 */
export function generateSelfSignedCertificateSync(opts: CertificateOptions): GeneratedCertificate {
  checkOptions(opts);
  const u = toBeSigned(opts, opts.keyPair ?? generateCertificateKeyPairSync(opts.key));
  return signed(u, new Uint8Array(sign('sha256', u.tbs, u.keyPair.privateKey)));
}
