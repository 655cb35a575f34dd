// Round trips of every handshake message type and the hello extensions this stack uses.
import assert from 'node:assert/strict';
import * as ext from '../../../src/protocol/dtls/extensions.js';
import { Reader } from '../../../src/protocol/dtls/bytes.js';
import { ParseError } from '../../../src/protocol/dtls/errors.js';
import { parseCertificateRequest, serializeCertificateRequest } from '../../../src/protocol/dtls/messages/certificate-request.js';
import { parseCertificateVerify, serializeCertificateVerify } from '../../../src/protocol/dtls/messages/certificate-verify.js';
import { parseCertificate, serializeCertificate } from '../../../src/protocol/dtls/messages/certificate.js';
import { parseClientHello, serializeClientHello, type ClientHello } from '../../../src/protocol/dtls/messages/client-hello.js';
import { parseClientKeyExchange, serializeClientKeyExchange } from '../../../src/protocol/dtls/messages/client-key-exchange.js';
import { parseFinished, serializeFinished } from '../../../src/protocol/dtls/messages/finished.js';
import { parseHelloVerifyRequest, serializeHelloVerifyRequest } from '../../../src/protocol/dtls/messages/hello-verify-request.js';
import { parseServerHelloDone, serializeServerHelloDone } from '../../../src/protocol/dtls/messages/server-hello-done.js';
import { parseServerHello, serializeServerHello } from '../../../src/protocol/dtls/messages/server-hello.js';
import { parseServerKeyExchange, serializeServerKeyExchange } from '../../../src/protocol/dtls/messages/server-key-exchange.js';

const bytes = (n: number, fill = 0xab): Uint8Array => new Uint8Array(n).fill(fill);
/** Compares after turning typed arrays into plain arrays, so views and copies compare equal. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? [...x] : x)));

function roundTrip<T>(value: T, serialize: (v: T) => Uint8Array, parse: (b: Uint8Array) => T): void {
  const wire = serialize(value);
  assert.deepEqual(plain(parse(wire)), plain(value));
  assert.deepEqual(serialize(parse(wire)), wire);
}

describe('dtls/messages', () => {
  const hello: ClientHello = {
    version: 0xfefd,
    random: bytes(32, 1),
    sessionId: new Uint8Array(0),
    cookie: bytes(32, 2),
    cipherSuites: [0xc02b, 0xc02f],
    compressionMethods: [0],
    extensions: [
      ext.extendedMasterSecretExtension(),
      ext.renegotiationInfoExtension(),
      ext.supportedGroupsExtension([29, 23]),
      ext.ecPointFormatsExtension([0]),
      ext.signatureAlgorithmsExtension([0x0403, 0x0401]),
      ext.useSrtpExtension({ profiles: [1, 7], mki: new Uint8Array(0) }),
    ],
  };

  it('ClientHello', () => roundTrip(hello, serializeClientHello, parseClientHello));
  it('ClientHello without extensions', () => roundTrip({ ...hello, extensions: [] }, serializeClientHello, parseClientHello));
  it('HelloVerifyRequest', () => roundTrip({ version: 0xfeff, cookie: bytes(20) }, serializeHelloVerifyRequest, parseHelloVerifyRequest));
  it('ServerHello', () =>
    roundTrip(
      { version: 0xfefd, random: bytes(32), sessionId: bytes(32, 3), cipherSuite: 0xc02b, compressionMethod: 0, extensions: [ext.extendedMasterSecretExtension()] },
      serializeServerHello,
      parseServerHello,
    ));
  it('Certificate (chain and empty)', () => {
    roundTrip({ certificates: [bytes(300), bytes(10, 4)] }, serializeCertificate, parseCertificate);
    roundTrip({ certificates: [] }, serializeCertificate, parseCertificate);
  });
  it('ServerKeyExchange', () =>
    roundTrip({ namedGroup: 29, publicKey: bytes(32), signatureScheme: 0x0403, signature: bytes(71) }, serializeServerKeyExchange, parseServerKeyExchange));
  it('CertificateRequest', () =>
    roundTrip({ certificateTypes: [64, 1], signatureSchemes: [0x0403, 0x0804], authorities: [bytes(5)] }, serializeCertificateRequest, parseCertificateRequest));
  it('ServerHelloDone', () => {
    assert.equal(serializeServerHelloDone().length, 0);
    assert.deepEqual(parseServerHelloDone(new Uint8Array(0)), {});
    assert.throws(() => parseServerHelloDone(Uint8Array.of(0)), ParseError);
  });
  it('ClientKeyExchange', () => roundTrip({ publicKey: bytes(65) }, serializeClientKeyExchange, parseClientKeyExchange));
  it('CertificateVerify', () => roundTrip({ signatureScheme: 0x0401, signature: bytes(256) }, serializeCertificateVerify, parseCertificateVerify));
  it('Finished', () => {
    roundTrip({ verifyData: bytes(12) }, serializeFinished, parseFinished);
    assert.throws(() => parseFinished(bytes(13)), ParseError);
  });

  it('typed extensions parse back', () => {
    assert.deepEqual(ext.parseSupportedGroups(ext.supportedGroupsExtension([29, 23]).data), [29, 23]);
    assert.deepEqual(ext.parseEcPointFormats(ext.ecPointFormatsExtension([0]).data), [0]);
    assert.deepEqual(ext.parseSignatureAlgorithms(ext.signatureAlgorithmsExtension([0x0403]).data), [0x0403]);
    assert.deepEqual(plain(ext.parseUseSrtp(ext.useSrtpExtension({ profiles: [7], mki: Uint8Array.of(9) }).data)), { profiles: [7], mki: [9] });
  });

  it('rejects duplicate extensions (RFC 5246 §7.4.1.4)', () => {
    const dup = ext.writeExtensions([ext.extendedMasterSecretExtension(), ext.extendedMasterSecretExtension()]);
    assert.throws(() => ext.readExtensions(new Reader(dup)), (e: unknown) => e instanceof ParseError && e.code === 'DTLS_BAD_VALUE');
  });

  it('rejects an odd-length uint16 list and a short ClientHello', () => {
    assert.throws(() => ext.parseSupportedGroups(Uint8Array.of(0, 3, 0, 29, 0)), ParseError);
    assert.throws(() => parseClientHello(serializeClientHello(hello).subarray(0, 40)), ParseError);
  });
});
