// A sans-IO DTLS 1.2 endpoint (RFC 6347 over RFC 5246) as WebRTC uses it: ECDHE-AES-GCM,
// mutual certificate authentication checked against SDP fingerprints, DTLS-SRTP export.
import { serializeAlert, isChangeCipherSpec, parseAlert } from './alert.js';
import { AlertDescription, AlertLevel, ContentType, DTLS1_2, MAX_PLAINTEXT_BYTES } from './constants.js';
import { ClientHandshake } from './client.js';
import { HelloGate } from './cookie.js';
import { generateEcdheKey } from './ecdhe.js';
import { DtlsStateError, ParseError } from './errors.js';
import { parseHandshakeFragments, type HandshakeFragment } from './handshake.js';
import type { HandshakeHost } from './host.js';
import { exportKeyingMaterial } from './prf.js';
import { HandshakeReassembler, type HandshakeMessage } from './reassembler.js';
import { parseRecord, type DtlsRecord } from './record.js';
import { RecordLayer } from './record-layer.js';
import { FlightSender } from './flight.js';
import { ServerHandshake } from './server.js';
import { matchesFingerprint, Session } from './session.js';
import { HandshakeFailure, newStats, type DtlsEvent, type DtlsOptions, type DtlsStats, type RemoteFingerprint } from './types.js';

/** Lifecycle of a connection. */
export type DtlsState = 'new' | 'handshaking' | 'awaiting-fingerprint' | 'connected' | 'closed' | 'failed';

// Application data that arrives before the handshake completes locally, this many records at most.
const MAX_EARLY_DATA = 64;

// W3C webrtc-stats tlsVersion: ServerHello.version as four upper-case hex digits (DTLS 1.2).
const VERSION_HEX = DTLS1_2.toString(16).toUpperCase().padStart(4, '0');

/** One DTLS 1.2 association with one peer; fed datagrams and time, polled for output. */
export class DtlsConnection {
  /** Counters of dropped, retransmitted and processed traffic. */
  readonly stats: DtlsStats = newStats();
  private stateValue: DtlsState = 'new';
  private readonly role: 'client' | 'server';
  private readonly session = new Session();
  private readonly records = new RecordLayer();
  private readonly reassembler = new HandshakeReassembler();
  private readonly client: ClientHandshake | undefined;
  private readonly server: ServerHandshake | undefined;
  private readonly helloGate: HelloGate | undefined;
  /** The datagram being handled comes from an address the driver has verified (ICE). */
  private fromVerifiedPeer = false;
  private remoteFingerprints: RemoteFingerprint[] | null;
  private readonly flights: FlightSender;
  private nowMs = 0;
  private handshakeDone = false;
  /** The peer's certificate matched its fingerprint and the connection reported 'connected'. */
  private verified = false;
  private peerRetransmitted = false;
  private earlyData: Uint8Array[] = [];
  /** Client: may send application data before the server's Finished (RFC 7918). */
  private readonly falseStartAllowed: boolean;
  private falseStarted = false;
  private readonly earlyAnswerAllowed: boolean;
  /** The certificate and fingerprint list already found to match (not hashed again at completion). */
  private matched: { der: Uint8Array; list: readonly RemoteFingerprint[] } | undefined;
  /** Server: flight 6 is out, the client's CertificateVerify check is pending. */
  private answeringEarly = false;
  /** Checks deferred past the flight just built (see HandshakeHost.deferCheck). */
  private pendingChecks: Array<() => void> = [];
  private readonly transmits: Uint8Array[] = [];
  private readonly events: DtlsEvent[] = [];

  /** Creates an idle connection; call start() (the server may also just receive). */
  constructor(options: DtlsOptions) {
    this.role = options.role;
    this.remoteFingerprints = options.remoteFingerprints ? options.remoteFingerprints.map((f) => ({ ...f })) : null;
    const mtu = options.mtu ?? 1200;
    if (!(mtu >= 64)) throw new RangeError(`mtu ${mtu} is too small`);
    this.falseStartAllowed = options.falseStart ?? true;
    this.earlyAnswerAllowed = options.earlyAnswer ?? false;
    const timing = {
      initialRtoMs: options.initialRtoMs ?? 1000, // RFC 6347 §4.2.4.1: 1 second
      maxRtoMs: options.maxRtoMs ?? 60000, // RFC 6347 §4.2.4.1: up to 60 seconds
      maxRetransmissions: options.maxRetransmissions ?? 8,
    };
    this.flights = new FlightSender(this.records, mtu, timing, (d) => this.queueDatagram(d));
    const host: HandshakeHost = {
      session: this.session,
      random: options.random,
      certificateDer: options.certificate.der,
      privateKey: options.certificate.privateKey,
      ecdheKey: (group) => {
        const made = options.ecdheKey?.(group);
        return made !== undefined && made.group === group ? made : generateEcdheKey(group, options.random);
      },
      srtpProfiles: options.srtpProfiles ?? [],
      queueMessage: (msgType, body) => this.session.addMessage(msgType, this.flights.queueMessage(msgType, body), body),
      queueChangeCipherSpec: () => this.flights.queueChangeCipherSpec(),
      sendFlight: (awaitReply) => this.flights.send(awaitReply, this.nowMs),
      installKeys: (protection) => this.records.installKeys(protection),
      checkPeerCertificateEarly: () => {
        const der = this.session.peerCertificate;
        if (der && this.remoteFingerprints) {
          if (!matchesFingerprint(der, this.remoteFingerprints)) {
            throw new HandshakeFailure(AlertDescription.badCertificate, 'remote certificate does not match the SDP fingerprint');
          }
          this.matched = { der, list: this.remoteFingerprints };
        }
      },
      deferCheck: (check) => this.pendingChecks.push(check),
      earlyAnswer: () => this.earlyAnswerAllowed && this.remoteFingerprints !== null,
      finalFlightSent: () => this.onFinalFlightSent(),
      complete: () => this.onHandshakeComplete(),
    };
    if (this.role === 'client') this.client = new ClientHandshake(host);
    else {
      this.server = new ServerHandshake(host);
      this.helloGate = new HelloGate(Uint8Array.from(options.random.bytes(32)));
    }
  }

  /** Current lifecycle state. */
  get state(): DtlsState {
    return this.stateValue;
  }

  /** Begins the handshake; the client sends its ClientHello. */
  start(nowMs: number): void {
    if (this.stateValue !== 'new') throw new DtlsStateError(`start() in state ${this.stateValue}`);
    this.nowMs = nowMs;
    this.stateValue = 'handshaking';
    if (this.client) this.guard(() => this.client!.start());
  }

  /** Whether checks wait to run (see runPendingChecks). */
  get hasPendingChecks(): boolean {
    return this.pendingChecks.length > 0;
  }

  /**
   * Runs the checks the handshake deferred past the flight it just queued: the client's
   * check of the ServerKeyExchange signature, an early-answering server's check of the
   * CertificateVerify (whose success then reports 'connected'). Drivers call it once they
   * have sent what pollTransmit gave; it also runs before any input or timer is handled,
   * and pollTimeout is due at once while a check waits. A failure fails the connection
   * with a fatal alert.
   */
  runPendingChecks(): void {
    if (this.pendingChecks.length === 0) return;
    const checks = this.pendingChecks;
    this.pendingChecks = [];
    this.guard(() => {
      for (const check of checks) if (this.isOpen) check();
    });
  }

  /** Feeds one received datagram (one or more records). Never throws on bad input. */
  handleInput(datagram: Uint8Array, nowMs: number, fromVerifiedPeer = false): void {
    this.nowMs = nowMs;
    this.runPendingChecks();
    this.fromVerifiedPeer = fromVerifiedPeer;
    this.stats.datagramsReceived++;
    if (this.stateValue === 'new' && this.server) this.stateValue = 'handshaking';
    if (!this.isOpen || this.stateValue === 'new') return;
    this.peerRetransmitted = false;
    this.guard(() => {
      let rest = datagram;
      while (rest.length > 0 && this.isOpen) {
        let parsed: { record: DtlsRecord; sizeBytes: number };
        try {
          parsed = parseRecord(rest);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
          // RFC 6347 §4.1.2.7: invalid records SHOULD be silently discarded.
          this.stats.malformedRecords++;
          break;
        }
        rest = rest.subarray(parsed.sizeBytes);
        this.stats.recordsReceived++;
        this.onRecord(parsed.record);
      }
      this.drainEarlyRecords();
      if (this.peerRetransmitted) this.onPeerRetransmission();
    });
  }

  /** Advances time: retransmits the last flight when its timer has expired. */
  handleTimeout(nowMs: number): void {
    this.nowMs = nowMs;
    this.runPendingChecks();
    if (!this.isOpen) return;
    const result = this.flights.onTimeout(nowMs);
    if (result === 'retransmitted') this.stats.retransmissions++;
    else if (result === 'gave-up') this.fail(undefined, 'DTLS handshake timed out');
  }

  /** When handleTimeout must next be called, or undefined if no timer runs. */
  pollTimeout(): number | undefined {
    return this.pendingChecks.length > 0 ? this.nowMs : this.flights.deadlineMs;
  }

  /** The retransmission timer alone, without the pending checks that pollTimeout counts. */
  get retransmitDeadline(): number | undefined {
    return this.flights.deadlineMs;
  }

  /** The next datagram to send. */
  pollTransmit(): Uint8Array | undefined {
    return this.transmits.shift();
  }

  /** The next event for the driver. */
  pollEvent(): DtlsEvent | undefined {
    return this.events.shift();
  }

  /**
   * Whether `send()` works: once connected, and for a False Start client from its final
   * flight on (the 'false-start' event).
   */
  get writable(): boolean {
    return this.stateValue === 'connected' || ((this.falseStarted || this.answeringEarly) && this.stateValue === 'handshaking');
  }

  /**
   * Sends application data, one record per 2^14 bytes, one datagram per record. Pending
   * checks do not run first: before a False Start client reads anything more (which runs
   * them), only what SCTP sends unprompted can be queued — its INIT, no secret.
   */
  send(data: Uint8Array): void {
    if (!this.writable) throw new DtlsStateError(`send() in state ${this.stateValue}`);
    let offset = 0;
    do {
      const chunk = data.subarray(offset, offset + MAX_PLAINTEXT_BYTES);
      this.queueDatagram(this.records.seal(ContentType.applicationData, 1, chunk));
      this.stats.applicationRecordsSent++;
      offset += chunk.length;
    } while (offset < data.length);
  }

  /** RFC 5705 keying material, e.g. 'EXTRACTOR-dtls_srtp' for SRTP (RFC 5764 §4.2). */
  exportKeyingMaterial(label: string, length: number, context?: Uint8Array): Uint8Array {
    if (this.stateValue !== 'connected') throw new DtlsStateError(`exportKeyingMaterial() in state ${this.stateValue}`);
    if (!Number.isSafeInteger(length) || length < 1 || length > 0xffff) throw new RangeError(`bad keying material length ${length}`);
    const s = this.session;
    return exportKeyingMaterial(s.negotiated.prfHash, s.master, label, s.clientRandom, s.serverRandom, length, context);
  }

  /** Sends close_notify (RFC 5246 §7.2.1) and closes. */
  close(): void {
    if (!this.isOpen) return;
    if (this.stateValue !== 'new') this.sendAlert(AlertLevel.warning, AlertDescription.closeNotify);
    this.toClosed();
  }

  /** Supplies the peer's SDP fingerprints; a held handshake then completes or fails. */
  setRemoteFingerprints(list: RemoteFingerprint[]): void {
    this.remoteFingerprints = list.map((f) => ({ ...f }));
    if (this.stateValue === 'awaiting-fingerprint') this.guard(() => this.verifyAndConnect());
    else if (this.stateValue === 'handshaking' && this.session.peerCertificate && !matchesFingerprint(this.session.peerCertificate, list)) {
      this.fail(AlertDescription.badCertificate, 'remote certificate does not match the SDP fingerprint');
    }
  }

  /** This end's role. */
  get dtlsRole(): 'client' | 'server' {
    return this.role;
  }

  /**
   * What the handshake agreed, from 'connected' on (W3C webrtc-stats RTCTransportStats
   * tlsVersion, dtlsCipher, remote certificate): the suite's IANA name, the version as four
   * upper-case hex digits, and the peer's certificate list, its own certificate first.
   */
  get agreed(): { cipherSuite: string; version: string; peerCertificates: readonly Uint8Array[] } | undefined {
    const suite = this.session.suite;
    if (!this.verified || suite === undefined) return undefined;
    return { cipherSuite: suite.name, version: VERSION_HEX, peerCertificates: this.session.peerCertificateChain };
  }

  /** The negotiated SRTP protection profile, if any. */
  get srtpProfile(): number | undefined {
    return this.session.srtpProfile;
  }

  private get isOpen(): boolean {
    return this.stateValue !== 'closed' && this.stateValue !== 'failed';
  }

  // Runs `fn`, turning a handshake failure or an internal fault into a fatal alert and an
  // error event, so nothing thrown while handling network input reaches the caller.
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof HandshakeFailure) this.fail(err.alert, err.message);
      // RFC 5246 §7.2.2: a message that cannot be parsed is a fatal decode_error.
      else if (err instanceof ParseError) this.fail(AlertDescription.decodeError, `${err.code}: ${err.message}`);
      else this.fail(AlertDescription.internalError, err instanceof Error ? err.message : String(err));
    }
  }

  private onRecord(record: DtlsRecord): void {
    const text = this.records.open(record);
    if (typeof text === 'string') {
      if (text === 'no-keys' && !this.handshakeDone && this.records.holdEarly(record)) return;
      if (text === 'bad-mac') this.stats.badMacRecords++;
      else if (text === 'replay') this.stats.replayedRecords++;
      else this.stats.droppedRecords++;
      return;
    }
    switch (record.contentType) {
      case ContentType.handshake:
        return this.onHandshakeRecord(text, record);
      case ContentType.changeCipherSpec:
        // Epoch-1 keys are used as soon as they exist, so a lost or reordered CCS costs nothing.
        if (!isChangeCipherSpec(text)) this.stats.malformedRecords++;
        return;
      case ContentType.alert:
        return this.onAlert(text, record.epoch);
      default:
        return this.onApplicationData(text, record.epoch);
    }
  }

  private onHandshakeRecord(text: Uint8Array, record: DtlsRecord): void {
    let fragments: HandshakeFragment[];
    try {
      fragments = parseHandshakeFragments(text);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.stats.malformedRecords++;
      return;
    }
    for (const f of fragments) {
      if (!this.isOpen) return;
      if (this.server?.awaitingClientHello) {
        this.onInitialClientHello(f, record);
        continue;
      }
      const verdict = this.reassembler.add(f, record.epoch);
      if (verdict === 'old') {
        this.stats.duplicateMessages++;
        this.peerRetransmitted = true;
        continue;
      }
      if (verdict === 'dropped') {
        this.stats.droppedFragments++;
        continue;
      }
      for (let m = this.reassembler.pop(); m && this.isOpen; m = this.reassembler.pop()) this.onMessage(m);
    }
  }

  private onInitialClientHello(f: HandshakeFragment, record: DtlsRecord): void {
    const screen = this.helloGate!.offer(f, record.epoch, this.fromVerifiedPeer);
    if (!screen) return;
    if (screen.kind === 'drop') {
      if (screen.malformed) this.stats.malformedRecords++;
      else this.stats.droppedFragments++;
      return;
    }
    if (screen.kind === 'reply') {
      // RFC 6347 §4.2.1: the HelloVerifyRequest reuses the ClientHello's record sequence number.
      this.queueDatagram(this.records.seal(ContentType.handshake, 0, screen.helloVerifyRequest, record.sequenceNumber));
      return;
    }
    this.reassembler.reset(screen.messageSeq + 1);
    // The ServerHello continues from the second ClientHello's message_seq and record
    // sequence number, as a server that answered statelessly must (RFC 6347 §4.2.1).
    this.flights.nextMessageSeq = screen.messageSeq;
    this.records.advanceWriteSequence(0, record.sequenceNumber + 1);
    this.server!.onClientHello(screen.hello, screen.messageSeq, screen.body);
  }

  private onMessage(m: HandshakeMessage): void {
    // Renegotiation is not supported; after the handshake new messages are ignored
    // (RFC 5246 §7.4.1.1 lets a client ignore HelloRequest).
    if (this.handshakeDone) {
      this.stats.droppedFragments++;
      return;
    }
    if (this.client) this.client.handle(m);
    else this.server!.handle(m);
  }

  private drainEarlyRecords(): void {
    for (const r of this.records.takeEarly()) if (this.isOpen) this.onRecord(r);
  }

  private onAlert(text: Uint8Array, epoch: number): void {
    let alert;
    try {
      alert = parseAlert(text);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.stats.malformedRecords++;
      return;
    }
    this.stats.alertsReceived++;
    // Once keys are in use an unprotected alert could be forged by anyone on path: ignore it.
    if (epoch === 0 && this.handshakeDone) {
      this.stats.droppedRecords++;
      return;
    }
    if (alert.description === AlertDescription.closeNotify) {
      // RFC 5246 §7.2.1: the other party MUST respond with a close_notify of its own.
      this.sendAlert(AlertLevel.warning, AlertDescription.closeNotify);
      this.toClosed();
      return;
    }
    if (alert.level === AlertLevel.fatal) {
      this.stopTimers();
      this.stateValue = 'failed';
      this.events.push({ type: 'error', alert: alert.description, message: `peer sent fatal alert ${alert.description}` });
    }
  }

  private onApplicationData(text: Uint8Array, epoch: number): void {
    // Application data is only ever accepted under the negotiated keys.
    if (epoch !== 1) {
      this.stats.droppedRecords++;
      return;
    }
    this.stats.applicationRecordsReceived++;
    if (this.stateValue === 'connected' || this.answeringEarly) this.events.push({ type: 'data', data: text });
    else if (this.earlyData.length < MAX_EARLY_DATA) this.earlyData.push(text);
    else this.stats.droppedRecords++;
  }

  private onPeerRetransmission(): void {
    // The client's last flight (5) needs no repeat once the server's Finished arrived.
    if (!this.isOpen || this.client?.done) return;
    if (this.flights.onPeerRetransmission(this.nowMs)) this.stats.retransmissions++;
  }

  private onFinalFlightSent(): void {
    // RFC 7918 §3.1: only with forward-secret AEAD suites (all this stack negotiates) and a
    // peer already authenticated: its certificate matched the SDP fingerprint on arrival
    // and signed the ServerKeyExchange. Without fingerprints yet, wait for 'connected'.
    if (!this.falseStartAllowed || this.remoteFingerprints === null) return;
    this.falseStarted = true;
    this.events.push({ type: 'false-start' });
  }

  private onHandshakeComplete(): void {
    this.handshakeDone = true;
    // The server keeps flight 6 to answer a repeated flight 5 (RFC 6347 §4.2.4).
    if (this.client) this.flights.clear();
    if (this.server && this.pendingChecks.length > 0) {
      // Early answer: the records that came with (or before) the client's Finished go up
      // now, so that what they prompt (an SCTP INIT ACK) leaves with flight 6. They come
      // from the holder of the ECDHE secret whose certificate matched the SDP fingerprint;
      // only its CertificateVerify is unchecked, and the check runs before anything more
      // is read. An SCTP association stays unestablished until its COOKIE ECHO, which the
      // client can only send after reading our answer.
      this.answeringEarly = true;
      this.events.push({ type: 'false-start' });
      for (const data of this.earlyData) this.events.push({ type: 'data', data });
      this.earlyData = [];
      this.pendingChecks.push(() => {
        this.answeringEarly = false;
        this.verifyAndConnect();
      });
      return;
    }
    if (this.remoteFingerprints === null) this.stateValue = 'awaiting-fingerprint';
    else this.verifyAndConnect();
  }

  private verifyAndConnect(): void {
    const der = this.session.peerCertificate!;
    // RFC 8122 §5 / RFC 8842 §5: the certificate MUST match a fingerprint from SDP.
    const list = this.remoteFingerprints ?? [];
    const known = this.matched !== undefined && this.matched.der === der && this.matched.list === list;
    if (!known && !matchesFingerprint(der, list)) {
      this.fail(AlertDescription.badCertificate, 'remote certificate does not match the SDP fingerprint');
      return;
    }
    this.stateValue = 'connected';
    this.verified = true;
    const srtpProfile = this.session.srtpProfile;
    this.events.push(
      srtpProfile === undefined
        ? { type: 'connected', remoteCertificate: der }
        : { type: 'connected', srtpProfile, remoteCertificate: der },
    );
    for (const data of this.earlyData) this.events.push({ type: 'data', data });
    this.earlyData = [];
  }

  private sendAlert(level: number, description: number): void {
    this.queueDatagram(this.records.seal(ContentType.alert, this.records.writeEpoch, serializeAlert({ level, description })));
  }

  private fail(alert: number | undefined, message: string): void {
    if (!this.isOpen) return;
    if (alert !== undefined) this.sendAlert(AlertLevel.fatal, alert);
    this.stopTimers();
    this.stateValue = 'failed';
    this.events.push(alert === undefined ? { type: 'error', message } : { type: 'error', alert, message });
  }

  private toClosed(): void {
    this.stopTimers();
    this.stateValue = 'closed';
    this.events.push({ type: 'closed' });
  }

  private stopTimers(): void {
    this.flights.clear();
  }

  private queueDatagram(d: Uint8Array): void {
    this.transmits.push(d);
    this.stats.datagramsSent++;
  }
}
