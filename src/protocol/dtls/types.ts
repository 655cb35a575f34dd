// Options, events and counters of a DtlsConnection.
import type { KeyObject } from 'node:crypto';
import type { Random } from '../types.js';
import type { EcdheKey } from './ecdhe.js';

/** A certificate fingerprint as SDP carries it (RFC 8122 §5). */
export interface RemoteFingerprint {
  /** Hash function name, e.g. "sha-256" (case-insensitive). */
  algorithm: string;
  /** Uppercase colon-separated hex (case-insensitive). */
  value: string;
}

/** Our certificate and its private key. */
export interface DtlsCertificate {
  /** DER X.509 certificate (ECDSA P-256 or RSA). */
  der: Uint8Array;
  /** The matching private key. */
  privateKey: KeyObject;
}

/** Options for `new DtlsConnection`. */
export interface DtlsOptions {
  /** 'client' sends the ClientHello; 'server' answers it. */
  role: 'client' | 'server';
  /** Our certificate; the peer checks its fingerprint. */
  certificate: DtlsCertificate;
  /** The peer's fingerprints from SDP; null until known (see setRemoteFingerprints). */
  remoteFingerprints: RemoteFingerprint[] | null;
  /** Randomness for hello randoms, ECDHE keys and the cookie secret. */
  random: Random;
  /** SRTP protection profiles to offer/accept, in preference order (none: no use_srtp). */
  srtpProfiles?: number[];
  /** Largest datagram we send, in bytes (default 1200). */
  mtu?: number;
  /** First retransmission timeout in ms (default 1000, RFC 6347 §4.2.4.1). */
  initialRtoMs?: number;
  /** Largest retransmission timeout in ms (default 60000, RFC 6347 §4.2.4.1). */
  maxRtoMs?: number;
  /** Retransmissions of one flight before the handshake fails (default 8). */
  maxRetransmissions?: number;
  /**
   * A key made ahead (in idle time) for an ECDHE group, or undefined; each key it returns
   * is used once. Without it, or when it has none, the key is generated when needed.
   */
  ecdheKey?: (group: number) => EcdheKey | undefined;
  /**
   * Client only: TLS False Start (RFC 7918). Application data may be sent once the final
   * flight is out, before the server's Finished arrives, saving a round trip (default true).
   */
  falseStart?: boolean;
  /**
   * Server only: answer the client's final flight before checking its CertificateVerify
   * signature (default false). Flight 6 and whatever application data in the client's
   * flight prompts (an SCTP INIT ACK) are queued first; the check runs at
   * runPendingChecks, which the driver calls once it has sent those datagrams (and which
   * runs before any later input or timer). 'connected', and any data after that flight,
   * wait for the check. Only with the SDP fingerprints known.
   */
  earlyAnswer?: boolean;
}

/** Something the connection reports to its driver. */
export type DtlsEvent =
  | { type: 'connected'; srtpProfile?: number; remoteCertificate: Uint8Array }
  /**
   * `send()` works from now on, before 'connected': a False Start client once its final
   * flight is out, an early-answering server once flight 6 is.
   */
  | { type: 'false-start' }
  | { type: 'data'; data: Uint8Array }
  | { type: 'closed' }
  | { type: 'error'; alert?: number; message: string };

/** Counters of a connection, for stats and tests. */
export interface DtlsStats {
  /** Datagrams handed to handleInput. */
  datagramsReceived: number;
  /** Datagrams returned by pollTransmit (queued). */
  datagramsSent: number;
  /** Records that parsed. */
  recordsReceived: number;
  /** Bytes or records that failed to parse and were dropped. */
  malformedRecords: number;
  /** Protected records whose authentication failed (RFC 6347 §4.1.2.7: silently dropped). */
  badMacRecords: number;
  /** Records dropped by the anti-replay window. */
  replayedRecords: number;
  /** Records dropped for other reasons (unknown epoch, wrong state, buffer full). */
  droppedRecords: number;
  /** Handshake fragments dropped (inconsistent, too large, too far ahead). */
  droppedFragments: number;
  /** Flights we retransmitted (timer or peer retransmission). */
  retransmissions: number;
  /** Handshake fragments of messages already processed (the peer retransmitted). */
  duplicateMessages: number;
  /** Alerts received. */
  alertsReceived: number;
  /** Application data records sent. */
  applicationRecordsSent: number;
  /** Application data records received and authenticated. */
  applicationRecordsReceived: number;
}

/** A zeroed stats object. */
export function newStats(): DtlsStats {
  return {
    datagramsReceived: 0,
    datagramsSent: 0,
    recordsReceived: 0,
    malformedRecords: 0,
    badMacRecords: 0,
    replayedRecords: 0,
    droppedRecords: 0,
    droppedFragments: 0,
    retransmissions: 0,
    duplicateMessages: 0,
    alertsReceived: 0,
    applicationRecordsSent: 0,
    applicationRecordsReceived: 0,
  };
}

/** A fatal handshake problem: the alert to send and why. Caught inside the connection. */
export class HandshakeFailure extends Error {
  /** Builds a failure carrying the AlertDescription to send. */
  constructor(
    readonly alert: number,
    message: string,
  ) {
    super(message);
    this.name = 'HandshakeFailure';
  }
}
