// Negotiated state of one handshake: randoms, suite, transcript, master secret and the
// peer's certificate; plus the derivations that need several of them at once.
import { timingSafeEqual, type KeyObject } from 'node:crypto';
import { certificatePublicKey, fingerprint, isFingerprintAlgorithm } from '../../crypto/index.js';
import { concat } from './bytes.js';
import { AlertDescription } from './constants.js';
import { GcmRecordProtection } from './gcm.js';
import { serializeWholeMessage } from './handshake.js';
import { extendedMasterSecret, finishedVerifyData, keyBlock, transcriptHash } from './prf.js';
import { keyKind } from './signature.js';
import type { CipherSuiteInfo } from './suites.js';
import { HandshakeFailure, type RemoteFingerprint } from './types.js';

/** Shared handshake state; both role handlers fill it in. */
export class Session {
  /** ClientHello.random. */
  clientRandom = new Uint8Array(32);
  /** ServerHello.random. */
  serverRandom = new Uint8Array(32);
  /** The negotiated suite, once ServerHello is sent or received. */
  suite: CipherSuiteInfo | undefined;
  /** The negotiated SRTP profile, if use_srtp was agreed. */
  srtpProfile: number | undefined;
  /** The 48-byte master secret, once the key exchange is done. */
  masterSecret: Uint8Array | undefined;
  /** The peer's leaf certificate (DER). */
  peerCertificate: Uint8Array | undefined;
  /** The peer's Certificate message as sent: the leaf first, then any chain above it (DER). */
  peerCertificateChain: readonly Uint8Array[] = [];
  private peerKey: KeyObject | undefined;
  private peerKeyKind: 'ec' | 'rsa' | undefined;
  private transcript: Uint8Array[] = [];

  /** Appends a handshake message as if sent unfragmented (RFC 6347 §4.2.6). */
  addMessage(msgType: number, messageSeq: number, body: Uint8Array): void {
    this.transcript.push(serializeWholeMessage(msgType, messageSeq, body));
  }

  /** RFC 6347 §4.2.1: the first ClientHello and the HelloVerifyRequest are left out. */
  resetTranscript(): void {
    this.transcript = [];
  }

  /** All handshake messages so far, concatenated. */
  transcriptBytes(): Uint8Array {
    return concat(...this.transcript);
  }

  /** The suite, asserted present: callers run only after hello negotiation set it. */
  get negotiated(): CipherSuiteInfo {
    if (!this.suite) throw new Error('cipher suite used before negotiation');
    return this.suite;
  }

  /**
   * Takes the peer's certificate list (RFC 5246 §7.4.2: the sender's certificate first); the
   * leaf's key is read when first used (see peerPublicKey).
   */
  setPeerCertificates(chain: readonly Uint8Array[], expectedKind?: 'ec' | 'rsa'): void {
    const der = chain[0]!;
    this.peerCertificateChain = chain;
    this.peerCertificate = der;
    this.peerKey = undefined;
    this.peerKeyKind = expectedKind;
  }

  /**
   * The public key in the peer's certificate, read on first use (importing it costs about
   * as much as a signature check); throws HandshakeFailure when unusable.
   */
  get peerPublicKey(): KeyObject {
    if (this.peerKey) return this.peerKey;
    const der = this.peerCertificate;
    if (!der) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'no peer certificate');
    let key: KeyObject;
    try {
      key = certificatePublicKey(der);
    } catch {
      throw new HandshakeFailure(AlertDescription.badCertificate, 'peer certificate does not parse');
    }
    const kind = keyKind(key);
    if (kind === undefined || (this.peerKeyKind !== undefined && kind !== this.peerKeyKind)) {
      throw new HandshakeFailure(AlertDescription.unsupportedCertificate, `peer certificate key is ${key.asymmetricKeyType}`);
    }
    this.peerKey = key;
    return key;
  }

  /** RFC 7627 §4: the extended master secret over the transcript through ClientKeyExchange. */
  deriveMasterSecret(preMasterSecret: Uint8Array): void {
    const hash = this.negotiated.prfHash;
    this.masterSecret = extendedMasterSecret(hash, preMasterSecret, transcriptHash(hash, this.transcriptBytes()));
  }

  /** Epoch-1 record protection for `role` from the key block (RFC 5246 §6.3). */
  recordProtection(role: 'client' | 'server'): GcmRecordProtection {
    const s = this.negotiated;
    const k = keyBlock(s.prfHash, this.master, this.clientRandom, this.serverRandom, s.keyBytes);
    return role === 'client'
      ? new GcmRecordProtection(s.cipher, k.clientWriteKey, k.clientWriteIv, k.serverWriteKey, k.serverWriteIv)
      : new GcmRecordProtection(s.cipher, k.serverWriteKey, k.serverWriteIv, k.clientWriteKey, k.clientWriteIv);
  }

  /** verify_data for `label` over the transcript so far. */
  verifyData(label: 'client finished' | 'server finished'): Uint8Array {
    const hash = this.negotiated.prfHash;
    return finishedVerifyData(hash, this.master, label, transcriptHash(hash, this.transcriptBytes()));
  }

  /** Throws decrypt_error unless the peer's verify_data matches (constant-time compare). */
  checkVerifyData(label: 'client finished' | 'server finished', received: Uint8Array): void {
    const expected = this.verifyData(label);
    // RFC 5246 §7.4.9: recipients MUST verify that the contents are correct.
    if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
      throw new HandshakeFailure(AlertDescription.decryptError, 'Finished verify_data mismatch');
    }
  }

  /** The master secret, asserted present: only used after the key exchange. */
  get master(): Uint8Array {
    if (!this.masterSecret) throw new Error('master secret used before the key exchange');
    return this.masterSecret;
  }
}

/**
 * Whether `der` matches one of the SDP fingerprints (RFC 8122 §5; RFC 8842 §5: the
 * certificate MUST match a fingerprint). Entries with hash functions we do not know are
 * skipped; if none is usable the check fails.
 */
export function matchesFingerprint(der: Uint8Array, list: readonly RemoteFingerprint[]): boolean {
  for (const fp of list) {
    const algorithm = fp.algorithm.toLowerCase();
    if (!isFingerprintAlgorithm(algorithm)) continue;
    if (fingerprint(der, algorithm) === fp.value.toUpperCase()) return true;
  }
  return false;
}
