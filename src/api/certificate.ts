// RTCCertificate and the generateCertificate algorithm (WebRTC 1.0 §4.9, "Certificate
// Management"). Key generation, X.509 and fingerprints live in src/crypto; this file
// converts arguments the way WebIDL and WebCrypto do and wraps the result.
//
// Structured cloning: the IDL marks RTCCertificate [Serializable], but Node's
// structuredClone and postMessage offer no hook for user classes, so cloning an
// RTCCertificate in Node yields a plain `{}`. We do not pretend otherwise.
// `serializeCertificate`/`deserializeCertificate` below are the nonstandard way across:
// the serialized record holds only clonable values (a number, a Uint8Array and a
// KeyObject, which Node clones), so it can go through postMessage to a worker.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { types as utilTypes } from 'node:util';
import {
  DEFAULT_CERTIFICATE_LIFETIME_MS,
  fingerprint,
  generateCertificateKeyPair,
  generateSelfSignedCertificate,
  generateSelfSignedCertificateSync,
  type CertificateAlgorithm,
  type CertificateKeyParams,
  type FingerprintAlgorithm,
  type RandomSource,
} from '../crypto/index.js';
import { interfaces } from './interfaces.js';
import {
  DOMString,
  INTERNAL,
  dictionary,
  finishInterface,
  illegalConstructor,
  unsignedLongEnforced,
  unsignedLongLongEnforced,
  unsignedShortEnforced,
  type Converter,
} from './webidl.js';

/** The RTCDtlsFingerprint dictionary (WebRTC 1.0 §5.5.1). */
export interface RTCDtlsFingerprint {
  /** Hash function name from the IANA "Hash Function Textual Names" registry. */
  algorithm?: string;
  /** The fingerprint, colon-separated hex pairs. */
  value?: string;
}

/** One fingerprint of our certificate in SDP form: RFC 8122 §5 uppercase hex. */
export interface SdpFingerprint {
  /** Hash function name, e.g. 'sha-256'. */
  readonly algorithm: FingerprintAlgorithm;
  /** Uppercase colon-separated hex, ready for `a=fingerprint`. */
  readonly value: string;
}

/** What the stack needs from an RTCCertificate (the spec's [[Certificate]] and key handle). */
export interface CertificateInternals {
  /** The X.509 certificate, DER encoded (do not mutate). */
  readonly der: Uint8Array;
  /** The private key the DTLS handshake signs with. */
  readonly privateKey: KeyObject;
  /** The public key in the certificate. */
  readonly publicKey: KeyObject;
  /** Key and signature algorithm: picks the DTLS signature scheme. */
  readonly algorithm: CertificateAlgorithm;
  /** [[Expires]]: ms since the epoch. */
  readonly expires: number;
  /** Fingerprints for SDP, uppercase; the first uses the signature's digest (sha-256). */
  readonly fingerprints: readonly SdpFingerprint[];
}

/** Injected clock and randomness for certificate generation (tests). */
export interface CertificateEnv {
  /** Current time in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** Random bytes for serial number and common name (default node:crypto). */
  randomBytes?: RandomSource;
}

// WebRTC 1.0 generateCertificate: expires defaults to 2592000000 (30 days) and is capped
// at 31536000000 (365 days); libwebrtc (Chromium) caps its certificates at a year too.
const MAX_EXPIRES_MS = 365 * 24 * 60 * 60 * 1000;

let internalsOf!: (cert: RTCCertificate) => CertificateInternals;
let hasBrand!: (value: object) => boolean;

/** A certificate and private key for DTLS (WebRTC 1.0 §4.9.2); made only by generateCertificate. */
export class RTCCertificate {
  #internals: CertificateInternals;

  static {
    internalsOf = (cert) => cert.#internals;
    hasBrand = (value) => #internals in value;
  }

  /** Internal: script cannot construct RTCCertificate ("Illegal constructor"). */
  constructor(token: typeof INTERNAL, internals: CertificateInternals) {
    if (token !== INTERNAL || internals === undefined) throw illegalConstructor();
    this.#internals = internals;
  }

  /** When the certificate stops being valid, in ms since the epoch ([[Expires]]). */
  get expires(): number {
    return this.#internals.expires;
  }

  /** A fresh list of fingerprints; `value` is lowercase hex (§5.5.1), as Chromium returns. */
  getFingerprints(): RTCDtlsFingerprint[] {
    return this.#internals.fingerprints.map((f) => ({ algorithm: f.algorithm, value: f.value.toLowerCase() }));
  }
}

finishInterface(RTCCertificate, { ctorLength: 0, lengths: { getFingerprints: 0 } });
interfaces.RTCCertificate = RTCCertificate;

/** Internal: the key, DER and SDP fingerprints behind a certificate; TypeError if not one. */
export function certificateInternals(cert: RTCCertificate): CertificateInternals {
  return internalsOf(cert);
}

/** Internal: whether a value is a genuine RTCCertificate (brand check, not instanceof). */
export function isRTCCertificate(value: unknown): value is RTCCertificate {
  return typeof value === 'object' && value !== null && hasBrand(value);
}

/** `keys.publicKey` is read only when asked for (it may be made lazily from the DER). */
function makeCertificate(
  der: Uint8Array,
  keys: { readonly privateKey: KeyObject; readonly publicKey: KeyObject },
  algorithm: CertificateAlgorithm,
  expires: number,
): RTCCertificate {
  // JSEP §5.2.1: the fingerprint's digest matches the certificate signature's (SHA-256).
  const fingerprints: SdpFingerprint[] = [{ algorithm: 'sha-256', value: fingerprint(der, 'sha-256') }];
  return new RTCCertificate(INTERNAL, {
    der: Uint8Array.from(der),
    privateKey: keys.privateKey,
    get publicKey(): KeyObject {
      return keys.publicKey;
    },
    algorithm,
    expires,
    fingerprints: Object.freeze(fingerprints.map((f) => Object.freeze(f))),
  });
}

/** Internal: generate a certificate from already-normalized parameters. */
export async function createCertificate(
  key: CertificateKeyParams,
  expiresMs: number,
  env: CertificateEnv = {},
): Promise<RTCCertificate> {
  const now = env.now ?? Date.now;
  const keyPair = await generateCertificateKeyPair(key);
  // WebRTC 1.0 generateCertificate: [[Expires]] is the current time (once the keys
  // exist) plus expires; the X.509 notAfter says the same, to the second.
  const nowMs = now();
  const generated = await generateSelfSignedCertificate({
    key,
    keyPair,
    nowMs,
    expiresMs,
    ...(env.randomBytes ? { randomBytes: env.randomBytes } : {}),
  });
  return makeCertificate(generated.der, keyPair, key.type, nowMs + expiresMs);
}

const RTCCertificateExpiration = dictionary('RTCCertificateExpiration', {
  expires: { type: unsignedLongLongEnforced },
});

// --- AlgorithmIdentifier normalization, as WebCrypto's "normalize an algorithm" does it for
// the generateKey operation: unknown names are NotSupportedError, missing or mistyped
// members of the algorithm's parameter dictionary are TypeError.

const CONTEXT = 'Failed to execute generateCertificate: parameter 1';

function notSupported(message: string): DOMException {
  return new DOMException(`Failed to execute generateCertificate: ${message}`, 'NotSupportedError');
}

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

/** `AlgorithmIdentifier` = `(object or DOMString)`. */
const AlgorithmIdentifier: Converter<object | string> = (v, context) => (isObject(v) ? v : DOMString(v, context));

/** WebCrypto `BigInteger` = `Uint8Array`, big-endian; copied as WebCrypto does. */
const BigInteger: Converter<Uint8Array> = (v, context) => {
  if (!utilTypes.isUint8Array(v)) throw new TypeError(`${context} is not of type 'Uint8Array'.`);
  return Uint8Array.from(v);
};

type Params = Record<string, unknown> & { name: string };
const Algorithm = dictionary('Algorithm', { name: { type: DOMString, required: true } });
const asParams = (conv: Converter<object>): Converter<Params> => conv as Converter<Params>;
const RsaHashedKeyGenParams = asParams(
  dictionary(
    'RsaHashedKeyGenParams',
    {
      hash: { type: AlgorithmIdentifier, required: true },
      modulusLength: { type: unsignedLongEnforced, required: true },
      publicExponent: { type: BigInteger, required: true },
    },
    Algorithm,
  ),
);
const EcKeyGenParams = asParams(
  dictionary('EcKeyGenParams', { namedCurve: { type: DOMString, required: true } }, Algorithm),
);
const AesKeyGenParams = asParams(
  dictionary('AesKeyGenParams', { length: { type: unsignedShortEnforced, required: true } }, Algorithm),
);
const HmacKeyGenParams = asParams(
  dictionary(
    'HmacKeyGenParams',
    { hash: { type: AlgorithmIdentifier, required: true }, length: { type: unsignedLongEnforced } },
    Algorithm,
  ),
);
const AlgorithmOnly = asParams(Algorithm);

// WebCrypto's algorithms registered for generateKey, keyed by ASCII-uppercased name.
const GENERATE_KEY = new Map<string, [string, Converter<Params>]>(
  (
    [
      ['RSASSA-PKCS1-v1_5', RsaHashedKeyGenParams],
      ['RSA-PSS', RsaHashedKeyGenParams],
      ['RSA-OAEP', RsaHashedKeyGenParams],
      ['ECDSA', EcKeyGenParams],
      ['ECDH', EcKeyGenParams],
      ['Ed25519', AlgorithmOnly],
      ['X25519', AlgorithmOnly],
      ['AES-CTR', AesKeyGenParams],
      ['AES-CBC', AesKeyGenParams],
      ['AES-GCM', AesKeyGenParams],
      ['AES-KW', AesKeyGenParams],
      ['HMAC', HmacKeyGenParams],
    ] as Array<[string, Converter<Params>]>
  ).map(([name, conv]) => [asciiUpper(name), [name, conv]]),
);
const DIGESTS = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (ch) => ch.toUpperCase());
}

function normalizeDigest(hash: object | string): string {
  const { name } = AlgorithmOnly(typeof hash === 'string' ? { name: hash } : hash, `${CONTEXT}: hash`);
  const found = DIGESTS.find((d) => d === asciiUpper(name));
  if (found === undefined) throw notSupported(`hash '${name}' is not supported`);
  return found;
}

// Chromium's limits for RSA certificate keys (libwebrtc KeyParams): 1024 to 8192 bits.
const RSA_MIN_BITS = 1024;
const RSA_MAX_BITS = 8192;

/** Normalize a keygen AlgorithmIdentifier to the key we will generate, or throw. */
function normalizeKeygenAlgorithm(alg: object | string): CertificateKeyParams {
  const input = typeof alg === 'string' ? { name: alg } : alg;
  const { name } = AlgorithmOnly(input, CONTEXT);
  const entry = GENERATE_KEY.get(asciiUpper(name));
  if (entry === undefined) throw notSupported(`algorithm '${name}' is not supported`);
  const [canonical, convert] = entry;
  const params = convert(input, CONTEXT);
  const hash = params.hash === undefined ? undefined : normalizeDigest(params.hash as object | string);
  // WebRTC 1.0 §4.9 (generateCertificate): an algorithm the user agent cannot or will not
  // use for a DTLS certificate rejects with NotSupportedError. Like Chromium we take ECDSA
  // on P-256 and RSASSA-PKCS1-v1_5 with SHA-256.
  if (canonical === 'ECDSA') {
    if (params.namedCurve !== 'P-256') throw notSupported(`curve '${String(params.namedCurve)}' is not supported`);
    return { type: 'ecdsa-p256' };
  }
  if (canonical === 'RSASSA-PKCS1-v1_5') {
    if (hash !== 'SHA-256') throw notSupported(`RSASSA-PKCS1-v1_5 needs SHA-256, not ${String(hash)}`);
    const modulusLength = params.modulusLength as number;
    if (modulusLength < RSA_MIN_BITS || modulusLength > RSA_MAX_BITS) {
      throw notSupported(`modulusLength ${modulusLength} is outside ${RSA_MIN_BITS}-${RSA_MAX_BITS}`);
    }
    let exponent = 0n;
    for (const b of params.publicExponent as Uint8Array) exponent = (exponent << 8n) | BigInt(b);
    // node:crypto takes a 32-bit exponent; an RSA exponent must be odd and at least 3.
    if (exponent < 3n || exponent > 0xffffffffn || exponent % 2n === 0n) {
      throw notSupported(`publicExponent ${exponent} is not supported`);
    }
    return { type: 'rsa', modulusLength, publicExponent: Number(exponent) };
  }
  throw notSupported(`${canonical} cannot be used for an RTCPeerConnection certificate`);
}

/**
 * The steps of `RTCPeerConnection.generateCertificate(keygenAlgorithm)` (WebRTC 1.0 §4.9):
 * ECDSA P-256 and RSASSA-PKCS1-v1_5 with SHA-256; bad `expires` rejects with TypeError,
 * anything else unusable with a NotSupportedError DOMException.
 */
export function generateCertificate(keygenAlgorithm: unknown): Promise<RTCCertificate> {
  return generateCertificateWith(keygenAlgorithm, {});
}

/** Internal: `generateCertificate` with an injected clock and randomness. */
export async function generateCertificateWith(keygenAlgorithm: unknown, env: CertificateEnv): Promise<RTCCertificate> {
  // AlgorithmIdentifier is (object or DOMString): anything not an object becomes a string.
  const alg = AlgorithmIdentifier(keygenAlgorithm, CONTEXT);
  let expires = DEFAULT_CERTIFICATE_LIFETIME_MS;
  if (typeof alg !== 'string') {
    const expiration = RTCCertificateExpiration(alg, CONTEXT);
    if (expiration.expires !== undefined) expires = expiration.expires;
  }
  if (expires > MAX_EXPIRES_MS) expires = MAX_EXPIRES_MS;
  const key = normalizeKeygenAlgorithm(alg);
  return createCertificate(key, expires, env);
}

/**
 * Internal: the certificate an RTCPeerConnection makes when given none (ECDSA P-256, 30
 * days), on this thread (about 0.2 ms; see generateSelfSignedCertificateSync).
 */
export function generateDefaultCertificate(env: CertificateEnv = {}): RTCCertificate {
  const nowMs = (env.now ?? Date.now)();
  const expiresMs = DEFAULT_CERTIFICATE_LIFETIME_MS;
  const generated = generateSelfSignedCertificateSync({
    key: { type: 'ecdsa-p256' },
    nowMs,
    expiresMs,
    ...(env.randomBytes ? { randomBytes: env.randomBytes } : {}),
  });
  return makeCertificate(generated.der, generated, 'ecdsa-p256', nowMs + expiresMs);
}

/** Default certificates made ahead for the next RTCPeerConnections, and when, oldest first. */
const spares: Array<{ certificate: RTCCertificate; madeAtMs: number }> = [];
let sparesScheduled = 0;

/** Spares kept at most: a process that runs both ends of a connection closes two at a time. */
const MAX_SPARES = 2;

/** A spare older than this is made again: its 30 days of life are counted from its making. */
const SPARE_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Internal: the default certificate for a new RTCPeerConnection. The oldest spare made
 * ahead by `prepareDefaultCertificate` is taken if one is still fresh (each is used once),
 * else one is made now.
 */
export function takeDefaultCertificate(): RTCCertificate {
  for (let ready = spares.shift(); ready; ready = spares.shift()) {
    if (Date.now() - ready.madeAtMs < SPARE_MAX_AGE_MS) return ready.certificate;
  }
  return generateDefaultCertificate();
}

/**
 * Internal: makes the next connection's default certificate in a later turn of the event
 * loop, off its set-up path. Called when a connection that used one closes: a process that
 * ends a connection is likely to open another (a server), and closing is not waited on.
 * MAX_SPARES at most, each made in a turn of its own; the timer does not keep the process
 * alive.
 */
export function prepareDefaultCertificate(): void {
  if (spares.length + sparesScheduled >= MAX_SPARES) return;
  sparesScheduled++;
  setImmediate(() => {
    sparesScheduled--;
    if (spares.length >= MAX_SPARES) return;
    try {
      spares.push({ certificate: generateDefaultCertificate(), madeAtMs: Date.now() });
    } catch {
      // Made when needed instead, where a failure is reported.
    }
  }).unref();
}

/** Nonstandard: an RTCCertificate as values structuredClone and postMessage can carry. */
export interface SerializedCertificate {
  /** [[Expires]] in ms since the epoch. */
  expires: number;
  /** The certificate, DER encoded. */
  der: Uint8Array;
  /** The private key (a KeyObject, which Node can clone to workers). */
  privateKey: KeyObject;
}

/** Nonstandard: the parts of a certificate that survive structured cloning (see top of file). */
export function serializeCertificate(cert: RTCCertificate): SerializedCertificate {
  const internals = internalsOf(cert);
  return { expires: internals.expires, der: Uint8Array.from(internals.der), privateKey: internals.privateKey };
}

function dataCloneError(message: string): DOMException {
  return new DOMException(`Cannot deserialize RTCCertificate: ${message}`, 'DataCloneError');
}

/** Nonstandard: rebuild an RTCCertificate from `serializeCertificate` output; DataCloneError if invalid. */
export function deserializeCertificate(data: unknown): RTCCertificate {
  const d = data as Partial<SerializedCertificate> | null;
  if (typeof d !== 'object' || d === null) throw dataCloneError('not an object');
  const { expires, der, privateKey } = d;
  if (typeof expires !== 'number' || !Number.isSafeInteger(expires) || expires < 0) throw dataCloneError('bad expires');
  if (!utilTypes.isUint8Array(der)) throw dataCloneError('der is not a Uint8Array');
  if (!utilTypes.isKeyObject(privateKey) || privateKey.type !== 'private') {
    throw dataCloneError('privateKey is not a private KeyObject');
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    throw dataCloneError('der is not an X.509 certificate');
  }
  if (!x509.checkPrivateKey(privateKey)) throw dataCloneError('the key does not match the certificate');
  const publicKey = x509.publicKey;
  let algorithm: CertificateAlgorithm;
  if (publicKey.asymmetricKeyType === 'rsa') algorithm = 'rsa';
  else if (publicKey.asymmetricKeyType === 'ec' && publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    algorithm = 'ecdsa-p256';
  } else throw dataCloneError('unsupported key type');
  return makeCertificate(der, { privateKey, publicKey }, algorithm, expires);
}

/** WebIDL converter for the RTCCertificate interface type (e.g. in RTCConfiguration.certificates). */
export const RTCCertificateConverter: Converter<RTCCertificate> = (value, context) => {
  if (!isRTCCertificate(value)) throw new TypeError(`${context} is not of type 'RTCCertificate'.`);
  return value;
};
