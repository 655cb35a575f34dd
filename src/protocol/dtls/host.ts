// What the client and server handshake handlers need from their connection.
import type { KeyObject } from 'node:crypto';
import type { Random } from '../types.js';
import type { EcdheKey } from './ecdhe.js';
import type { GcmRecordProtection } from './gcm.js';
import type { Session } from './session.js';

/** Connection services used by the role-specific handshake handlers. */
export interface HandshakeHost {
  /** Shared negotiated state. */
  readonly session: Session;
  /** Randomness (hello randoms, ECDHE keys). */
  readonly random: Random;
  /** Our certificate (DER). */
  readonly certificateDer: Uint8Array;
  /** The private key of our certificate. */
  readonly privateKey: KeyObject;
  /** A fresh ephemeral key in `group` (one made ahead, if the connection was given one). */
  ecdheKey(group: number): EcdheKey;
  /** SRTP profiles to offer or accept, in preference order. */
  readonly srtpProfiles: readonly number[];
  /** Adds a handshake message to the flight being built and to the transcript. */
  queueMessage(msgType: number, body: Uint8Array): void;
  /** Adds a ChangeCipherSpec; later messages of the flight go out in epoch 1. */
  queueChangeCipherSpec(): void;
  /** Sends the flight built so far; `awaitReply` arms the retransmission timer. */
  sendFlight(awaitReply: boolean): void;
  /** Installs epoch-1 keys for both directions. */
  installKeys(protection: GcmRecordProtection): void;
  /** Checks the peer certificate against the SDP fingerprints now, if they are known. */
  checkPeerCertificateEarly(): void;
  /**
   * A check that may run after the flight being built has been handed to the driver, but
   * before any later input, timer or completion: a failure then fails the handshake.
   */
  deferCheck(check: () => void): void;
  /**
   * Server: whether the client's CertificateVerify may be checked after flight 6 is out
   * (DtlsOptions.earlyAnswer, and the SDP fingerprints are known).
   */
  earlyAnswer(): boolean;
  /** The client's final flight (5) is out: application data may follow it (RFC 7918). */
  finalFlightSent(): void;
  /** The handshake is over: verify the fingerprint and report 'connected'. */
  complete(): void;
}
