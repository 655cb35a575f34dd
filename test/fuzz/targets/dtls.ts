// DTLS 1.2: the record layer, the handshake fragment header, every handshake message and
// extension decoder, the reassembler, and a DtlsConnection fed arbitrary datagrams at each
// point of its handshake and once connected. Seeds are real handshakes captured from
// libdatachannel (OpenSSL) and libwebrtc (BoringSSL) against purertc.
import fc from 'fast-check';
import { parseAlert } from '../../../src/protocol/dtls/alert.js';
import { ParseError } from '../../../src/protocol/dtls/errors.js';
import { parseHandshakeFragments, serializeHandshakeFragment, type HandshakeFragment } from '../../../src/protocol/dtls/handshake.js';
import { parseCertificateRequest } from '../../../src/protocol/dtls/messages/certificate-request.js';
import { parseCertificateVerify } from '../../../src/protocol/dtls/messages/certificate-verify.js';
import { parseCertificate } from '../../../src/protocol/dtls/messages/certificate.js';
import { parseClientHello } from '../../../src/protocol/dtls/messages/client-hello.js';
import { parseClientKeyExchange } from '../../../src/protocol/dtls/messages/client-key-exchange.js';
import { parseFinished } from '../../../src/protocol/dtls/messages/finished.js';
import { parseHelloVerifyRequest } from '../../../src/protocol/dtls/messages/hello-verify-request.js';
import { parseServerHello } from '../../../src/protocol/dtls/messages/server-hello.js';
import { parseServerKeyExchange } from '../../../src/protocol/dtls/messages/server-key-exchange.js';
import { parseSignatureAlgorithms, parseSupportedGroups, parseUseSrtp } from '../../../src/protocol/dtls/extensions.js';
import { HandshakeReassembler, MAX_HANDSHAKE_MESSAGE_BYTES, MAX_MESSAGES_AHEAD } from '../../../src/protocol/dtls/reassembler.js';
import { parseDatagram } from '../../../src/protocol/dtls/record.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, frames, returnsOrThrows, type Meter, type Target } from '../harness/target.js';
import { captured } from './seeds.js';

/** Every record of the captured DTLS datagrams. */
function records(): Array<{ contentType: number; epoch: number; payload: Uint8Array }> {
  return captured('dtls').flatMap((d) => {
    try {
      return parseDatagram(d);
    } catch {
      return [];
    }
  });
}

/** The plaintext handshake fragments of the captures (epoch 0). */
function fragments(): HandshakeFragment[] {
  return records()
    .filter((r) => r.contentType === 22 && r.epoch === 0)
    .flatMap((r) => parseHandshakeFragments(r.payload));
}

/** parseDatagram, parseHandshakeFragments and parseAlert. */
export const dtlsRecords: Target<Uint8Array> = {
  name: 'dtls-records',
  description: 'parseDatagram, parseHandshakeFragments and parseAlert on mutated captured DTLS datagrams and handshake records',
  shortRuns: 25000,
  arbitrary: () => bytesFrom([...captured('dtls'), ...records().map((r) => r.payload)], { maxBytes: 4096 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      returnsOrThrows(ParseError, () => {
        let total = 0;
        for (const r of parseDatagram(input)) total += 13 + r.payload.length;
        check(total === input.length, () => `records cover ${total} of ${input.length} bytes`);
      }, 'parseDatagram');
      returnsOrThrows(ParseError, () => {
        for (const f of parseHandshakeFragments(input)) check(f.fragmentOffset + f.body.length <= f.length, () => 'fragment past its message');
      }, 'parseHandshakeFragments');
      returnsOrThrows(ParseError, () => parseAlert(input), 'parseAlert');
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};

/** Each decoder with the handshake type or extension whose bodies seed it. */
const DECODERS: Array<[name: string, parse: (b: Uint8Array) => unknown, msgType: number]> = [
  ['ClientHello', parseClientHello, 1],
  ['ServerHello', parseServerHello, 2],
  ['HelloVerifyRequest', parseHelloVerifyRequest, 3],
  ['Certificate', parseCertificate, 11],
  ['ServerKeyExchange', parseServerKeyExchange, 12],
  ['CertificateRequest', parseCertificateRequest, 13],
  ['CertificateVerify', parseCertificateVerify, 15],
  ['ClientKeyExchange', parseClientKeyExchange, 16],
  ['Finished', parseFinished, 20],
  ['use_srtp', parseUseSrtp, -14],
  ['supported_groups', parseSupportedGroups, -10],
  ['signature_algorithms', parseSignatureAlgorithms, -13],
];

/** Extension bodies of the captured hellos, by extension type. */
function extensionBodies(type: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of fragments()) {
    if (f.fragmentOffset !== 0 || f.body.length !== f.length) continue;
    try {
      const hello = f.msgType === 1 ? parseClientHello(f.body) : f.msgType === 2 ? parseServerHello(f.body) : undefined;
      for (const e of hello?.extensions ?? []) if (e.type === type) out.push(e.data);
    } catch {
      // not a whole hello
    }
  }
  return out;
}

/** A decoder index and a body. */
type MessageInput = [decoder: number, body: Uint8Array];

/** Every handshake message and extension decoder. */
export const dtlsMessages: Target<MessageInput> = {
  name: 'dtls-messages',
  description: 'each handshake message decoder (ClientHello ... Finished) and extension decoder on mutated captured bodies',
  shortRuns: 40000,
  arbitrary() {
    const all = fragments();
    return fc.oneof(
      ...DECODERS.map(([, , msgType], i) => {
        const seeds = msgType >= 0 ? all.filter((f) => f.msgType === msgType && f.fragmentOffset === 0).map((f) => f.body) : extensionBodies(-msgType);
        if (seeds.length === 0) seeds.push(new Uint8Array(4));
        return bytesFrom(seeds, { maxBytes: 4096 }).map((b): MessageInput => [i, b]);
      }),
    );
  },
  run([i, body]: MessageInput, meter: Meter): void {
    const [name, parse] = DECODERS[i % DECODERS.length]!;
    meter.input(() => returnsOrThrows(ParseError, () => parse(body), `parse${name}`));
  },
  encode: ([i, b]) => Uint8Array.from([i, ...b]),
  decode: (b) => [b[0]!, b.subarray(1)],
};

/** Handshake fragments: each an epoch and the fragment's wire bytes (header and body). */
type FragmentSession = Array<[epoch: number, wire: Uint8Array]>;

/** The reassembler fed fragments that parse from mutated wire bytes. */
export const dtlsReassembler: Target<FragmentSession> = {
  name: 'dtls-reassembler',
  description: 'HandshakeReassembler fed mutated captured fragments (out of order, overlapping, lying about lengths); then a real message still reassembles',
  shortRuns: 8000,
  arbitrary() {
    const wire = fragments().map(serializeHandshakeFragment);
    return fc.array(fc.tuple(fc.constantFrom(0, 0, 0, 1), bytesFrom(wire, { maxBytes: 2048 })), { minLength: 1, maxLength: 40 });
  },
  run(session: FragmentSession, meter: Meter): void {
    const r = new HandshakeReassembler();
    let held = 0;
    for (const [epoch, wire] of session) {
      meter.input(() => {
        let list: HandshakeFragment[] = [];
        returnsOrThrows(ParseError, () => (list = parseHandshakeFragments(wire)), 'parseHandshakeFragments');
        for (const f of list) {
          const before = r.nextSeq;
          const verdict = r.add(f, epoch);
          if (verdict === 'buffered') held = Math.max(held, f.length);
          check(f.messageSeq >= before || verdict === 'old', () => 'an old fragment was not reported old');
          for (let m = r.pop(); m; m = r.pop()) check(m.body.length <= MAX_HANDSHAKE_MESSAGE_BYTES, () => 'released an oversized message');
        }
      });
    }
    check(held <= MAX_HANDSHAKE_MESSAGE_BYTES, () => `buffered a ${held}-byte message`);
    // A real message for the next sequence number, in two fragments, still comes out whole:
    // nothing the fuzz left behind for that sequence number may block it for good.
    const seq = r.nextSeq;
    if (seq >= 0xffff - MAX_MESSAGES_AHEAD) return;
    const body = Uint8Array.from({ length: 40 }, (_, k) => k);
    r.add({ msgType: 20, length: 40, messageSeq: seq, fragmentOffset: 20, body: body.subarray(20) }, 0);
    r.add({ msgType: 20, length: 40, messageSeq: seq, fragmentOffset: 0, body: body.subarray(0, 20) }, 0);
    const m = r.pop();
    check(m !== undefined && m.msgType === 20 && m.body.length === 40 && m.body.every((b, k) => b === k), () => `message ${seq} blocked by what the fuzz input left behind`);
  },
  encode: (s) => frames.encode(0, s.map(([e, w]) => Uint8Array.from([e, ...w]))),
  decode: (b) => frames.decode(b).items.map((d): [number, Uint8Array] => [d[0]!, d.subarray(1)]),
};
