// Seeded, bounded fuzzing of the DTLS parsers and of a live connection's input path:
// parsers return or throw ParseError; a connection never throws on any datagram.
import assert from 'node:assert/strict';
import { parseAlert } from '../../../src/protocol/dtls/alert.js';
import { ParseError } from '../../../src/protocol/dtls/errors.js';
import { parseHandshakeFragments } from '../../../src/protocol/dtls/handshake.js';
import { parseCertificateRequest } from '../../../src/protocol/dtls/messages/certificate-request.js';
import { parseCertificateVerify } from '../../../src/protocol/dtls/messages/certificate-verify.js';
import { parseCertificate } from '../../../src/protocol/dtls/messages/certificate.js';
import { parseClientHello } from '../../../src/protocol/dtls/messages/client-hello.js';
import { parseClientKeyExchange } from '../../../src/protocol/dtls/messages/client-key-exchange.js';
import { parseFinished } from '../../../src/protocol/dtls/messages/finished.js';
import { parseHelloVerifyRequest } from '../../../src/protocol/dtls/messages/hello-verify-request.js';
import { parseServerHello } from '../../../src/protocol/dtls/messages/server-hello.js';
import { parseServerKeyExchange } from '../../../src/protocol/dtls/messages/server-key-exchange.js';
import { parseUseSrtp, parseSupportedGroups, parseSignatureAlgorithms } from '../../../src/protocol/dtls/extensions.js';
import { parseDatagram } from '../../../src/protocol/dtls/record.js';
import { parseHandshakeFragments as fragments } from '../../../src/protocol/dtls/index.js';
import { makePair, seededRandom, SimulatedPair } from './helpers.js';

type Rng = ReturnType<typeof seededRandom>;

function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  const out = Array.from(input);
  const edits = 1 + Math.floor(rng.next() * 4);
  for (let i = 0; i < edits; i++) {
    const op = rng.next();
    const at = Math.floor(rng.next() * (out.length + 1));
    if (op < 0.5 && out.length > 0) out[at % out.length] = Math.floor(rng.next() * 256);
    else if (op < 0.7) out.splice(at, 1);
    else if (op < 0.85) out.splice(at, 0, Math.floor(rng.next() * 256));
    else out.length = Math.min(out.length, at);
  }
  return Uint8Array.from(out);
}

const parsers: Array<[string, (b: Uint8Array) => unknown]> = [
  ['datagram', parseDatagram],
  ['handshake fragments', parseHandshakeFragments],
  ['alert', parseAlert],
  ['ClientHello', parseClientHello],
  ['ServerHello', parseServerHello],
  ['HelloVerifyRequest', parseHelloVerifyRequest],
  ['Certificate', parseCertificate],
  ['ServerKeyExchange', parseServerKeyExchange],
  ['CertificateRequest', parseCertificateRequest],
  ['ClientKeyExchange', parseClientKeyExchange],
  ['CertificateVerify', parseCertificateVerify],
  ['Finished', parseFinished],
  ['use_srtp', parseUseSrtp],
  ['supported_groups', parseSupportedGroups],
  ['signature_algorithms', parseSignatureAlgorithms],
];

describe('dtls/fuzz', () => {
  let corpus: Uint8Array[] = [];

  before(async () => {
    // Seeds: every datagram of a real handshake plus the handshake bodies inside them.
    const ends = await makePair({ seed: 42 });
    const pair = new SimulatedPair(ends);
    const seen: Uint8Array[] = [];
    for (const end of ends) {
      const orig = end.pollTransmit.bind(end);
      end.pollTransmit = () => {
        const d = orig();
        if (d) seen.push(d);
        return d;
      };
    }
    ends[0].start(0);
    pair.run(() => pair.bothConnected());
    corpus = [...seen];
    for (const d of seen) {
      for (const r of parseDatagram(d)) {
        if (r.contentType !== 22 || r.epoch !== 0) continue;
        for (const f of fragments(r.payload)) corpus.push(f.body);
      }
    }
    assert.ok(corpus.length > 10);
  });

  it('parsers only ever return or throw ParseError (3000 seeded mutations each)', () => {
    const rng = seededRandom(2024);
    for (const [name, parse] of parsers) {
      for (let i = 0; i < 3000; i++) {
        const input = mutate(rng, corpus[Math.floor(rng.next() * corpus.length)]!);
        try {
          parse(input);
        } catch (err) {
          if (!(err instanceof ParseError)) assert.fail(`${name} threw ${String(err)} on ${Buffer.from(input).toString('hex')}`);
        }
      }
    }
  });

  it('a connection never throws on mutated or random datagrams, in any role or state', async () => {
    const rng = seededRandom(7);
    for (let round = 0; round < 6; round++) {
      const ends = await makePair({ seed: 100 + round });
      const pair = new SimulatedPair(ends);
      ends[0].start(0);
      if (round % 2 === 1) pair.run(() => pair.bothConnected());
      for (let i = 0; i < 400; i++) {
        const target = ends[i % 2]!;
        const input =
          rng.next() < 0.2 ? rng.bytes(Math.floor(rng.next() * 300)) : mutate(rng, corpus[Math.floor(rng.next() * corpus.length)]!);
        target.handleInput(input, pair.nowMs + i);
        target.handleTimeout(pair.nowMs + i);
        while (target.pollTransmit());
        for (let e = target.pollEvent(); e; e = target.pollEvent()) {
          // internal_error would mean an unexpected exception was caught inside the engine.
          assert.ok(!(e.type === 'error' && e.alert === 80), `internal error: ${e.type === 'error' ? e.message : ''}`);
        }
      }
    }
  });
});
