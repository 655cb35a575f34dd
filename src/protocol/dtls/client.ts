// The client side of the DTLS 1.2 handshake (RFC 6347 §4.2.4 flights 1, 3 and 5).
import { AlertDescription, DTLS1_2, ExtensionType, HandshakeType, POINT_FORMAT_UNCOMPRESSED, TLS_EMPTY_RENEGOTIATION_INFO_SCSV } from './constants.js';
import { SUPPORTED_GROUPS, type EcdheKey } from './ecdhe.js';
import {
  ecPointFormatsExtension,
  extendedMasterSecretExtension,
  findExtension,
  parseUseSrtp,
  renegotiationInfoExtension,
  signatureAlgorithmsExtension,
  supportedGroupsExtension,
  useSrtpExtension,
  type Extension,
} from './extensions.js';
import type { HandshakeHost } from './host.js';
import { parseCertificateRequest } from './messages/certificate-request.js';
import { serializeCertificateVerify } from './messages/certificate-verify.js';
import { parseCertificate, serializeCertificate } from './messages/certificate.js';
import { serializeClientHello } from './messages/client-hello.js';
import { serializeClientKeyExchange } from './messages/client-key-exchange.js';
import { parseFinished, serializeFinished } from './messages/finished.js';
import { parseHelloVerifyRequest } from './messages/hello-verify-request.js';
import { parseServerHelloDone } from './messages/server-hello-done.js';
import { parseServerHello } from './messages/server-hello.js';
import { parseServerKeyExchange, serializeEcdhParams } from './messages/server-key-exchange.js';
import type { HandshakeMessage } from './reassembler.js';
import { concat } from './bytes.js';
import { chooseSignatureScheme, peerSignatureCheck, signWith, SUPPORTED_SIGNATURE_SCHEMES } from './signature.js';
import { cipherSuiteInfo, SUPPORTED_CIPHER_SUITES } from './suites.js';
import { HandshakeFailure } from './types.js';

type ClientState = 'idle' | 'server-hello' | 'certificate' | 'key-exchange' | 'hello-done' | 'finished' | 'done';

// A server that keeps sending HelloVerifyRequests is misbehaving; stop after this many.
const MAX_HELLO_VERIFY_REQUESTS = 4;

const unexpected = (type: number, state: string): HandshakeFailure =>
  new HandshakeFailure(AlertDescription.unexpectedMessage, `unexpected handshake message ${type} in state ${state}`);

/** Drives the client's half of the handshake. */
export class ClientHandshake {
  private state: ClientState = 'idle';
  private cookie = new Uint8Array(0);
  private helloVerifyCount = 0;
  private ecdhe: EcdheKey | undefined;
  private certificateRequested = false;
  private peerSignatureSchemes: number[] | undefined;
  private preMasterSecret: Uint8Array | undefined;

  /** Binds to the connection that sends our flights. */
  constructor(private readonly host: HandshakeHost) {}

  /** Whether the handshake has finished. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** Flight 1: the first ClientHello. */
  start(): void {
    this.host.session.clientRandom = Uint8Array.from(this.host.random.bytes(32));
    this.sendClientHello();
  }

  /** Processes one complete handshake message from the server, in message_seq order. */
  handle(m: HandshakeMessage): void {
    const s = this.host.session;
    switch (this.state) {
      case 'server-hello':
        if (m.msgType === HandshakeType.helloVerifyRequest) return this.onHelloVerifyRequest(m);
        if (m.msgType !== HandshakeType.serverHello) throw unexpected(m.msgType, this.state);
        this.onServerHello(m);
        s.addMessage(m.msgType, m.messageSeq, m.body);
        this.state = 'certificate';
        return;
      case 'certificate': {
        if (m.msgType !== HandshakeType.certificate) throw unexpected(m.msgType, this.state);
        const { certificates } = parseCertificate(m.body);
        if (certificates.length === 0) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'server sent no certificate');
        s.setPeerCertificates(certificates, s.negotiated.authentication === 'ecdsa' ? 'ec' : 'rsa');
        this.host.checkPeerCertificateEarly();
        s.addMessage(m.msgType, m.messageSeq, m.body);
        this.state = 'key-exchange';
        return;
      }
      case 'key-exchange':
        if (m.msgType !== HandshakeType.serverKeyExchange) throw unexpected(m.msgType, this.state);
        this.onServerKeyExchange(m.body);
        s.addMessage(m.msgType, m.messageSeq, m.body);
        this.state = 'hello-done';
        return;
      case 'hello-done':
        if (m.msgType === HandshakeType.certificateRequest && !this.certificateRequested) {
          const req = parseCertificateRequest(m.body);
          this.certificateRequested = true;
          this.peerSignatureSchemes = req.signatureSchemes;
          s.addMessage(m.msgType, m.messageSeq, m.body);
          return;
        }
        if (m.msgType !== HandshakeType.serverHelloDone) throw unexpected(m.msgType, this.state);
        parseServerHelloDone(m.body);
        s.addMessage(m.msgType, m.messageSeq, m.body);
        this.sendFinalFlight();
        this.state = 'finished';
        return;
      case 'finished': {
        // RFC 5246 §7.4.9: Finished is the first message protected with the new keys.
        if (m.msgType !== HandshakeType.finished || m.epoch !== 1) throw unexpected(m.msgType, this.state);
        s.checkVerifyData('server finished', parseFinished(m.body).verifyData);
        s.addMessage(m.msgType, m.messageSeq, m.body);
        this.state = 'done';
        this.host.complete();
        return;
      }
      default:
        throw unexpected(m.msgType, this.state);
    }
  }

  private sendClientHello(): void {
    const extensions: Extension[] = [
      extendedMasterSecretExtension(),
      renegotiationInfoExtension(),
      supportedGroupsExtension(SUPPORTED_GROUPS),
      ecPointFormatsExtension([POINT_FORMAT_UNCOMPRESSED]),
      signatureAlgorithmsExtension(SUPPORTED_SIGNATURE_SCHEMES),
    ];
    if (this.host.srtpProfiles.length > 0) {
      extensions.push(useSrtpExtension({ profiles: [...this.host.srtpProfiles], mki: new Uint8Array(0) }));
    }
    const body = serializeClientHello({
      version: DTLS1_2,
      random: this.host.session.clientRandom,
      sessionId: new Uint8Array(0), // no resumption
      cookie: this.cookie,
      cipherSuites: [...SUPPORTED_CIPHER_SUITES],
      compressionMethods: [0],
      extensions,
    });
    this.host.queueMessage(HandshakeType.clientHello, body);
    this.host.sendFlight(true);
    this.state = 'server-hello';
  }

  private onHelloVerifyRequest(m: HandshakeMessage): void {
    const hvr = parseHelloVerifyRequest(m.body);
    if (++this.helloVerifyCount > MAX_HELLO_VERIFY_REQUESTS) {
      throw new HandshakeFailure(AlertDescription.handshakeFailure, 'too many HelloVerifyRequests');
    }
    this.cookie = Uint8Array.from(hvr.cookie);
    // RFC 6347 §4.2.1: the first ClientHello and HelloVerifyRequest are not part of the
    // transcript; the client MUST reuse its random in the second ClientHello.
    this.host.session.resetTranscript();
    this.sendClientHello();
  }

  private onServerHello(m: HandshakeMessage): void {
    const hello = parseServerHello(m.body);
    const s = this.host.session;
    if (hello.version !== DTLS1_2) throw new HandshakeFailure(AlertDescription.protocolVersion, `server chose 0x${hello.version.toString(16)}`);
    const suite = cipherSuiteInfo(hello.cipherSuite);
    // RFC 5246 §7.4.1.3: the suite MUST be one the client offered.
    if (!suite || hello.cipherSuite === TLS_EMPTY_RENEGOTIATION_INFO_SCSV) {
      throw new HandshakeFailure(AlertDescription.illegalParameter, `server chose suite 0x${hello.cipherSuite.toString(16)}`);
    }
    if (hello.compressionMethod !== 0) throw new HandshakeFailure(AlertDescription.illegalParameter, 'compression');
    // RFC 7627 §5.3: a client MAY abort a full handshake without the extension; WebRTC
    // stacks require it, and so do we.
    if (findExtension(hello.extensions, ExtensionType.extendedMasterSecret) === undefined) {
      throw new HandshakeFailure(AlertDescription.handshakeFailure, 'server did not negotiate extended_master_secret');
    }
    const reneg = findExtension(hello.extensions, ExtensionType.renegotiationInfo);
    // RFC 5746 §3.4: on an initial handshake renegotiated_connection MUST be empty.
    if (reneg !== undefined && !(reneg.length === 1 && reneg[0] === 0)) {
      throw new HandshakeFailure(AlertDescription.handshakeFailure, 'non-empty renegotiation_info');
    }
    const srtp = findExtension(hello.extensions, ExtensionType.useSrtp);
    if (srtp !== undefined) {
      const { profiles } = parseUseSrtp(srtp);
      // RFC 5764 §4.1.1: the server returns exactly one profile, one the client offered.
      if (profiles.length !== 1 || !this.host.srtpProfiles.includes(profiles[0]!)) {
        throw new HandshakeFailure(AlertDescription.illegalParameter, 'server chose an SRTP profile we did not offer');
      }
      s.srtpProfile = profiles[0];
    }
    s.suite = suite;
    s.serverRandom = Uint8Array.from(hello.random);
  }

  private onServerKeyExchange(body: Uint8Array): void {
    const s = this.host.session;
    const ske = parseServerKeyExchange(body);
    if (!SUPPORTED_GROUPS.includes(ske.namedGroup)) {
      throw new HandshakeFailure(AlertDescription.illegalParameter, `server chose group ${ske.namedGroup}`);
    }
    // RFC 5246 §7.4.3: the signature covers client_random + server_random + params.
    const signed = concat(s.clientRandom, s.serverRandom, serializeEcdhParams(ske.namedGroup, ske.publicKey));
    const check = peerSignatureCheck(s, 'ServerKeyExchange', ske.signatureScheme, signed, ske.signature);
    // The signature (and the certificate's key it needs) is checked once flight 5 is handed
    // to the driver, before anything the server sends next is read: the flight carries no
    // secret (an ephemeral public key, our signature over a transcript naming the server's
    // certificate, a Finished), so sending it first costs nothing if the check fails, and
    // the check then overlaps the server's turn. The certificate already matched the SDP
    // fingerprint on arrival.
    this.host.deferCheck(check);
    const ours = this.host.ecdheKey(ske.namedGroup);
    const pms = ours.sharedSecret(ske.publicKey);
    if (!pms) throw new HandshakeFailure(AlertDescription.illegalParameter, 'invalid server ECDHE public key');
    this.ecdhe = ours;
    this.preMasterSecret = pms;
  }

  // Flight 5: [Certificate] ClientKeyExchange [CertificateVerify] ChangeCipherSpec Finished.
  private sendFinalFlight(): void {
    const host = this.host;
    const s = host.session;
    if (this.certificateRequested) {
      host.queueMessage(HandshakeType.certificate, serializeCertificate({ certificates: [host.certificateDer] }));
    }
    host.queueMessage(HandshakeType.clientKeyExchange, serializeClientKeyExchange({ publicKey: this.ecdhe!.publicKey }));
    s.deriveMasterSecret(this.preMasterSecret!);
    host.installKeys(s.recordProtection('client'));
    if (this.certificateRequested) {
      const scheme = chooseSignatureScheme(host.privateKey, this.peerSignatureSchemes);
      if (scheme === undefined) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'no signature scheme in common');
      // RFC 5246 §7.4.8: the signature covers every handshake message before this one.
      const signature = signWith(scheme, host.privateKey, s.transcriptBytes());
      host.queueMessage(HandshakeType.certificateVerify, serializeCertificateVerify({ signatureScheme: scheme, signature }));
    }
    host.queueChangeCipherSpec();
    host.queueMessage(HandshakeType.finished, serializeFinished({ verifyData: s.verifyData('client finished') }));
    host.sendFlight(true);
    host.finalFlightSent();
  }
}
