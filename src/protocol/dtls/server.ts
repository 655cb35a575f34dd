// The server side of the DTLS 1.2 handshake (RFC 6347 §4.2.4 flights 2, 4 and 6).
import { concat } from './bytes.js';
import { AlertDescription, ClientCertificateType, DTLS1_2, ExtensionType, HandshakeType, NamedGroup, POINT_FORMAT_UNCOMPRESSED, TLS_EMPTY_RENEGOTIATION_INFO_SCSV } from './constants.js';
import { SUPPORTED_GROUPS, type EcdheKey } from './ecdhe.js';
import {
  ecPointFormatsExtension,
  extendedMasterSecretExtension,
  findExtension,
  parseEcPointFormats,
  parseSignatureAlgorithms,
  parseSupportedGroups,
  parseUseSrtp,
  renegotiationInfoExtension,
  useSrtpExtension,
  type Extension,
} from './extensions.js';
import type { HandshakeHost } from './host.js';
import { serializeCertificateRequest } from './messages/certificate-request.js';
import { parseCertificateVerify } from './messages/certificate-verify.js';
import { parseCertificate, serializeCertificate } from './messages/certificate.js';
import type { ClientHello } from './messages/client-hello.js';
import { parseClientKeyExchange } from './messages/client-key-exchange.js';
import { parseFinished, serializeFinished } from './messages/finished.js';
import { serializeServerHelloDone } from './messages/server-hello-done.js';
import { serializeServerHello } from './messages/server-hello.js';
import { serializeEcdhParams, serializeServerKeyExchange } from './messages/server-key-exchange.js';
import type { HandshakeMessage } from './reassembler.js';
import { chooseSignatureScheme, keyKind, peerSignatureCheck, signWith, SUPPORTED_SIGNATURE_SCHEMES } from './signature.js';
import { cipherSuiteInfo, CipherSuite } from './suites.js';
import { HandshakeFailure } from './types.js';

type ServerState = 'client-hello' | 'certificate' | 'key-exchange' | 'certificate-verify' | 'finished' | 'done';

const unexpected = (type: number, state: string): HandshakeFailure =>
  new HandshakeFailure(AlertDescription.unexpectedMessage, `unexpected handshake message ${type} in state ${state}`);

/** Drives the server's half of the handshake after the cookie exchange. */
export class ServerHandshake {
  private state: ServerState = 'client-hello';
  private ecdhe: EcdheKey | undefined;

  /** Binds to the connection that sends our flights. */
  constructor(private readonly host: HandshakeHost) {}

  /** Whether the handshake has finished. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** Whether a ClientHello (with a cookie) is still awaited. */
  get awaitingClientHello(): boolean {
    return this.state === 'client-hello';
  }

  /** Negotiates from a cookie-verified ClientHello and sends flight 4. */
  onClientHello(hello: ClientHello, messageSeq: number, body: Uint8Array): void {
    const host = this.host;
    const s = host.session;
    // RFC 6347 §4.1: DTLS versions count down; 0xFEFD (1.2) or a lower value is acceptable.
    if (hello.version > DTLS1_2) throw new HandshakeFailure(AlertDescription.protocolVersion, 'client does not offer DTLS 1.2');
    // RFC 5246 §7.4.1.2: the list MUST include the null compression method.
    if (!hello.compressionMethods.includes(0)) throw new HandshakeFailure(AlertDescription.illegalParameter, 'no null compression');
    const ext = hello.extensions;
    // RFC 7627 §5.3: a server MAY abort a full handshake without extended_master_secret.
    if (findExtension(ext, ExtensionType.extendedMasterSecret) === undefined) {
      throw new HandshakeFailure(AlertDescription.handshakeFailure, 'client did not offer extended_master_secret');
    }
    const kind = keyKind(host.privateKey);
    const ours =
      kind === 'ec'
        ? [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]
        : [CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384];
    const suiteId = ours.find((id) => hello.cipherSuites.includes(id));
    if (suiteId === undefined) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'no cipher suite in common');

    const groupsData = findExtension(ext, ExtensionType.supportedGroups);
    // RFC 8422 §4: without supported_groups the client accepts any curve; pick P-256.
    const clientGroups = groupsData ? parseSupportedGroups(groupsData) : [NamedGroup.secp256r1];
    const group = SUPPORTED_GROUPS.find((g) => clientGroups.includes(g));
    if (group === undefined) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'no ECDHE group in common');
    const formats = findExtension(ext, ExtensionType.ecPointFormats);
    // RFC 8422 §5.1.2: if present, the list MUST contain uncompressed.
    if (formats && !parseEcPointFormats(formats).includes(POINT_FORMAT_UNCOMPRESSED)) {
      throw new HandshakeFailure(AlertDescription.illegalParameter, 'uncompressed points not offered');
    }
    const sigData = findExtension(ext, ExtensionType.signatureAlgorithms);
    const scheme = chooseSignatureScheme(host.privateKey, sigData ? parseSignatureAlgorithms(sigData) : undefined);
    if (scheme === undefined) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'no signature scheme in common');

    const reply: Extension[] = [];
    const reneg = findExtension(ext, ExtensionType.renegotiationInfo);
    if (reneg !== undefined) {
      // RFC 5746 §3.6: on an initial handshake renegotiated_connection MUST be empty.
      if (!(reneg.length === 1 && reneg[0] === 0)) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'non-empty renegotiation_info');
    }
    if (reneg !== undefined || hello.cipherSuites.includes(TLS_EMPTY_RENEGOTIATION_INFO_SCSV)) reply.push(renegotiationInfoExtension());
    reply.push(extendedMasterSecretExtension());
    if (formats) reply.push(ecPointFormatsExtension([POINT_FORMAT_UNCOMPRESSED]));
    const srtpData = findExtension(ext, ExtensionType.useSrtp);
    if (srtpData && host.srtpProfiles.length > 0) {
      const offered = parseUseSrtp(srtpData).profiles;
      // RFC 5764 §4.1.1: with no profile in common the server omits use_srtp.
      const chosen = host.srtpProfiles.find((p) => offered.includes(p));
      if (chosen !== undefined) {
        s.srtpProfile = chosen;
        reply.push(useSrtpExtension({ profiles: [chosen], mki: new Uint8Array(0) }));
      }
    }

    s.suite = cipherSuiteInfo(suiteId);
    s.clientRandom = Uint8Array.from(hello.random);
    s.serverRandom = Uint8Array.from(host.random.bytes(32));
    s.addMessage(HandshakeType.clientHello, messageSeq, body);

    // Flight 4: ServerHello Certificate ServerKeyExchange CertificateRequest ServerHelloDone.
    host.queueMessage(
      HandshakeType.serverHello,
      serializeServerHello({ version: DTLS1_2, random: s.serverRandom, sessionId: new Uint8Array(0), cipherSuite: suiteId, compressionMethod: 0, extensions: reply }),
    );
    host.queueMessage(HandshakeType.certificate, serializeCertificate({ certificates: [host.certificateDer] }));
    this.ecdhe = host.ecdheKey(group);
    const params = serializeEcdhParams(group, this.ecdhe.publicKey);
    const signature = signWith(scheme, host.privateKey, concat(s.clientRandom, s.serverRandom, params));
    host.queueMessage(
      HandshakeType.serverKeyExchange,
      serializeServerKeyExchange({ namedGroup: group, publicKey: this.ecdhe.publicKey, signatureScheme: scheme, signature }),
    );
    // WebRTC needs the client's certificate (RFC 8827 §6.5), so it is always requested.
    host.queueMessage(
      HandshakeType.certificateRequest,
      serializeCertificateRequest({
        certificateTypes: [ClientCertificateType.ecdsaSign, ClientCertificateType.rsaSign],
        signatureSchemes: [...SUPPORTED_SIGNATURE_SCHEMES],
        authorities: [],
      }),
    );
    host.queueMessage(HandshakeType.serverHelloDone, serializeServerHelloDone());
    host.sendFlight(true);
    this.state = 'certificate';
  }

  /** Processes one complete handshake message from the client, in message_seq order. */
  handle(m: HandshakeMessage): void {
    const s = this.host.session;
    switch (this.state) {
      case 'certificate': {
        if (m.msgType !== HandshakeType.certificate) throw unexpected(m.msgType, this.state);
        const { certificates } = parseCertificate(m.body);
        // RFC 5246 §7.4.6: a server requiring client authentication answers an empty
        // certificate list with a fatal handshake_failure.
        if (certificates.length === 0) throw new HandshakeFailure(AlertDescription.handshakeFailure, 'client sent no certificate');
        s.setPeerCertificates(certificates);
        this.host.checkPeerCertificateEarly();
        s.addMessage(m.msgType, m.messageSeq, m.body);
        this.state = 'key-exchange';
        return;
      }
      case 'key-exchange': {
        if (m.msgType !== HandshakeType.clientKeyExchange) throw unexpected(m.msgType, this.state);
        const { publicKey } = parseClientKeyExchange(m.body);
        const pms = this.ecdhe!.sharedSecret(publicKey);
        if (!pms) throw new HandshakeFailure(AlertDescription.illegalParameter, 'invalid client ECDHE public key');
        s.addMessage(m.msgType, m.messageSeq, m.body);
        s.deriveMasterSecret(pms);
        this.host.installKeys(s.recordProtection('server'));
        this.state = 'certificate-verify';
        return;
      }
      case 'certificate-verify': {
        if (m.msgType !== HandshakeType.certificateVerify) throw unexpected(m.msgType, this.state);
        const cv = parseCertificateVerify(m.body);
        // RFC 5246 §7.4.8: the scheme MUST be one we listed in CertificateRequest.
        const check = peerSignatureCheck(s, 'CertificateVerify', cv.signatureScheme, s.transcriptBytes(), cv.signature);
        // Early answer: flight 6 carries no secret (a Finished over a transcript we already
        // hold, under keys only the ECDHE partner has), and the client's certificate matched
        // the SDP fingerprint on arrival; 'connected' waits for the check (DtlsConnection).
        if (this.host.earlyAnswer()) this.host.deferCheck(check);
        else check();
        s.addMessage(m.msgType, m.messageSeq, m.body);
        this.state = 'finished';
        return;
      }
      case 'finished': {
        if (m.msgType !== HandshakeType.finished || m.epoch !== 1) throw unexpected(m.msgType, this.state);
        s.checkVerifyData('client finished', parseFinished(m.body).verifyData);
        s.addMessage(m.msgType, m.messageSeq, m.body);
        // Flight 6: ChangeCipherSpec Finished; it is the last flight, so no timer
        // (RFC 6347 §4.2.4: it is resent only when the client's flight 5 repeats).
        this.host.queueChangeCipherSpec();
        this.host.queueMessage(HandshakeType.finished, serializeFinished({ verifyData: s.verifyData('server finished') }));
        this.host.sendFlight(false);
        this.state = 'done';
        this.host.complete();
        return;
      }
      default:
        throw unexpected(m.msgType, this.state);
    }
  }
}
