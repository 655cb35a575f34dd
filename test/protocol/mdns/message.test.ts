// The DNS codec mDNS candidate resolution uses (RFC 1035 §4, RFC 6762), and the candidate
// helpers around it.
import assert from 'node:assert/strict';
import {
  DnsParseError,
  DnsType,
  buildMdnsQuery,
  buildMdnsResponse,
  candidateWithAddress,
  mdnsAddresses,
  mdnsCandidateName,
  parseDnsMessage,
  sameDnsName,
} from '../../../src/protocol/mdns/index.js';
import { hex } from '../stun/helpers.js';

const NAME = '1f4712db-ea17-4bcf-a596-105139dfd8bf.local';

describe('mdns/message', () => {
  it('builds a one-shot query byte for byte (RFC 1035 §4.1.1, §4.1.2; RFC 6762 §5.4 QU bit)', () => {
    assert.deepEqual(
      buildMdnsQuery('abc.local', { types: [DnsType.A] }),
      hex('0000 0000 0001 0000 0000 0000 03616263 056c6f63616c 00 0001 0001'),
    );
    const qu = buildMdnsQuery('abc.local.', { types: [DnsType.AAAA], unicastResponse: true, id: 0x1234 });
    assert.deepEqual(qu, hex('1234 0000 0001 0000 0000 0000 03616263 056c6f63616c 00 001c 8001'));
    const parsed = parseDnsMessage(buildMdnsQuery(NAME));
    assert.equal(parsed.response, false);
    assert.deepEqual(parsed.questions, [
      { name: NAME, type: DnsType.A, unicastResponse: false },
      { name: NAME, type: DnsType.AAAA, unicastResponse: false },
    ]);
  });

  it('round-trips a response with both families; the cache-flush bit is not part of the class (RFC 6762 §10.2)', () => {
    const questions = [{ name: NAME, type: DnsType.A, unicastResponse: false }];
    const data = buildMdnsResponse(NAME, ['192.0.2.7', 'fd00::7'], { id: 7, ttl: 120, questions });
    const msg = parseDnsMessage(data);
    assert.equal(msg.id, 7);
    assert.equal(msg.response, true);
    assert.deepEqual(msg.questions, questions);
    assert.deepEqual(
      msg.records.map((r) => [r.name, r.type, r.cls, r.ttl, r.address]),
      [
        [NAME, DnsType.A, 1, 120, '192.0.2.7'],
        [NAME, DnsType.AAAA, 1, 120, 'fd00::7'],
      ],
    );
    assert.deepEqual(mdnsAddresses(data, NAME.toUpperCase()), ['192.0.2.7', 'fd00::7']);
    assert.deepEqual(mdnsAddresses(data, 'other.local'), []);
    assert.deepEqual(mdnsAddresses(buildMdnsQuery(NAME), NAME), [], 'a query answers nothing');
    assert.deepEqual(mdnsAddresses(buildMdnsResponse(NAME, ['192.0.2.7'], { ttl: 0 }), NAME), [], 'TTL 0 withdraws (RFC 6762 §10.1)');
  });

  it('follows compression pointers backwards only (RFC 1035 §4.1.4)', () => {
    // Question abc.local; the answer's name is a pointer to offset 12; A 10.1.2.3.
    const compressed = hex('0000 8400 0001 0001 0000 0000 03616263 056c6f63616c 00 0001 0001 c00c 0001 8001 00000078 0004 0a010203');
    assert.deepEqual(mdnsAddresses(compressed, 'abc.local'), ['10.1.2.3']);
    // "x" then a pointer to the suffix "local" at offset 16.
    const suffix = hex('0000 8400 0001 0001 0000 0000 03616263 056c6f63616c 00 0001 0001 0178 c010 0001 0001 00000078 0004 0a010204');
    assert.deepEqual(mdnsAddresses(suffix, 'x.local'), ['10.1.2.4']);
    // A pointer to itself, and one forwards: refused, never a loop.
    const self = hex('0000 8400 0000 0001 0000 0000 c00c 0001 0001 00000078 0004 0a010203');
    assert.throws(() => parseDnsMessage(self), DnsParseError);
    const forward = hex('0000 8400 0000 0001 0000 0000 c00e 0001 0001 00000078 0004 0a010203');
    assert.throws(() => parseDnsMessage(forward), DnsParseError);
  });

  it('refuses truncation, reserved label types and record counts past the bound', () => {
    const whole = buildMdnsResponse(NAME, ['192.0.2.7']);
    for (let n = 0; n < whole.length; n++) assert.throws(() => parseDnsMessage(whole.subarray(0, n)), DnsParseError, `truncated to ${n}`);
    assert.throws(() => parseDnsMessage(hex('0000 0000 0001 0000 0000 0000 41 00 0001 0001')), DnsParseError);
    assert.throws(() => parseDnsMessage(hex('0000 0000 ffff ffff 0000 0000')), DnsParseError);
  });

  it('refuses names it cannot encode', () => {
    assert.throws(() => buildMdnsQuery(`${'a'.repeat(64)}.local`), RangeError);
    assert.throws(() => buildMdnsQuery('a..local'), RangeError);
    assert.throws(() => buildMdnsQuery(`${'abcdefgh.'.repeat(29)}local`), RangeError);
    assert.throws(() => buildMdnsResponse('a.local', ['not-an-ip']), RangeError);
  });

  it('compares names without regard to case and a final dot (RFC 4343 §3)', () => {
    assert.ok(sameDnsName('ABC.Local.', 'abc.local'));
    assert.ok(!sameDnsName('abc.local', 'abd.local'));
  });
});

describe('mdns/candidate', () => {
  const candidate = `candidate:2 1 udp 2122262783 ${NAME} 58731 typ host generation 0`;

  it('names the .local address of a candidate, and nothing for IP literals or other names', () => {
    assert.equal(mdnsCandidateName(candidate), NAME);
    assert.equal(mdnsCandidateName(`a=${candidate}`), NAME);
    assert.equal(mdnsCandidateName('candidate:1 1 udp 2122262783 192.0.2.1 58731 typ host'), undefined);
    assert.equal(mdnsCandidateName('candidate:1 1 udp 2122262783 example.com 58731 typ host'), undefined);
    assert.equal(mdnsCandidateName('candidate:1 1 udp 2122262783 .local 58731 typ host'), undefined);
    assert.equal(mdnsCandidateName('not a candidate'), undefined);
  });

  it('replaces the address and keeps the rest', () => {
    assert.equal(candidateWithAddress(candidate, '192.0.2.9'), 'candidate:2 1 udp 2122262783 192.0.2.9 58731 typ host generation 0');
  });
});
