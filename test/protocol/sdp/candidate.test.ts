import assert from 'node:assert/strict';
import { parseCandidate, serializeCandidate, candidateExtension } from '../../../src/protocol/sdp/candidate.js';
import { ParseError } from '../../../src/protocol/sdp/errors.js';

// Candidate lines as real browsers emit them (addresses changed).
const CHROME_HOST =
  'candidate:1905690388 1 udp 2113937151 192.168.0.1 58041 typ host generation 0 ufrag thC8 network-cost 50';
const CHROME_MDNS =
  'candidate:2326487914 1 udp 2113937151 5c3f1a2b-7e3d-4f2e-9a8b-1c2d3e4f5a6b.local 54321 typ host generation 0 ufrag Uf3x network-cost 999';
const CHROME_SRFLX =
  'candidate:842163049 1 udp 1677729535 203.0.113.7 61522 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag Uf3x network-id 1 network-cost 10';
const CHROME_TCP =
  'candidate:3972392962 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active generation 0 ufrag Uf3x network-id 1';
const CHROME_IPV6 =
  'candidate:1471539853 1 udp 2122265343 2001:db8::1234:5678 56143 typ host generation 0 ufrag Uf3x network-id 2 network-cost 10';
const FIREFOX_HOST = 'candidate:0 1 UDP 2122252543 192.168.1.5 49203 typ host';
const FIREFOX_TCP = 'candidate:1 1 TCP 2105524479 192.168.1.5 9 typ host tcptype active';
const FIREFOX_RELAY =
  'candidate:3 1 UDP 92217087 198.51.100.9 55085 typ relay raddr 198.51.100.9 rport 55085';
const WPT_TCP_SRFLX =
  'candidate:435653019 2 tcp 1845501695 192.168.0.196 4444 typ srflx raddr www.example.com rport 22222 tcptype active';

describe('sdp/candidate', () => {
  it('returns a new object on every call, also for a string parsed before, and after many others', () => {
    const line = 'candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host generation 0 ufrag abcd';
    const a = parseCandidate(line);
    a.port = 1;
    a.extensions[0]![1] = 'changed';
    a.extensions.push(['x', 'y']);
    const b = parseCandidate(line);
    assert.equal(b.port, 5000);
    assert.deepEqual(b.extensions, [['generation', '0'], ['ufrag', 'abcd']]);
    for (let i = 0; i < 100; i++) assert.equal(parseCandidate(`candidate:${i} 1 udp 1 192.0.2.${i % 250} ${1000 + i} typ host`).port, 1000 + i);
    assert.deepEqual(parseCandidate(line), b);
    assert.throws(() => parseCandidate('candidate:1 1 udp'), ParseError);
    assert.throws(() => parseCandidate('candidate:1 1 udp'), ParseError, 'a failure is not remembered as a success');
  });

  it('parses a Chromium host candidate', () => {
    const c = parseCandidate(CHROME_HOST);
    assert.deepEqual(c, {
      foundation: '1905690388',
      component: 1,
      transport: 'udp',
      priority: 2113937151,
      address: '192.168.0.1',
      port: 58041,
      type: 'host',
      extensions: [
        ['generation', '0'],
        ['ufrag', 'thC8'],
        ['network-cost', '50'],
      ],
    });
    assert.equal(candidateExtension(c, 'ufrag'), 'thC8');
  });

  it('parses an mDNS host candidate', () => {
    const c = parseCandidate(CHROME_MDNS);
    assert.equal(c.address, '5c3f1a2b-7e3d-4f2e-9a8b-1c2d3e4f5a6b.local');
    assert.equal(c.type, 'host');
  });

  it('parses srflx with raddr and rport', () => {
    const c = parseCandidate(CHROME_SRFLX);
    assert.equal(c.type, 'srflx');
    assert.equal(c.relatedAddress, '0.0.0.0');
    assert.equal(c.relatedPort, 0);
    assert.deepEqual(c.extensions.map(([n]) => n), ['generation', 'ufrag', 'network-id', 'network-cost']);
  });

  it('parses TCP candidates with tcptype', () => {
    const c = parseCandidate(CHROME_TCP);
    assert.equal(c.transport, 'tcp');
    assert.equal(c.tcpType, 'active');
    assert.equal(c.port, 9);
    assert.ok(!c.extensions.some(([n]) => n === 'tcptype'));
    const w = parseCandidate(WPT_TCP_SRFLX);
    assert.equal(w.component, 2);
    assert.equal(w.relatedAddress, 'www.example.com');
    assert.equal(w.relatedPort, 22222);
    assert.equal(w.tcpType, 'active');
  });

  it('parses IPv6 and Firefox candidates (uppercase transport)', () => {
    assert.equal(parseCandidate(CHROME_IPV6).address, '2001:db8::1234:5678');
    const f = parseCandidate(FIREFOX_HOST);
    assert.equal(f.transport, 'udp');
    assert.equal(f.transportToken, 'UDP');
    assert.equal(f.foundation, '0');
    assert.equal(parseCandidate(FIREFOX_RELAY).type, 'relay');
  });

  it('accepts the value with or without the candidate: and a= prefixes', () => {
    const bare = CHROME_HOST.slice('candidate:'.length);
    assert.deepEqual(parseCandidate(bare), parseCandidate(CHROME_HOST));
    assert.deepEqual(parseCandidate(`a=${CHROME_HOST}`), parseCandidate(CHROME_HOST));
  });

  it('round-trips real candidates byte for byte', () => {
    for (const line of [
      CHROME_HOST, CHROME_MDNS, CHROME_SRFLX, CHROME_TCP, CHROME_IPV6,
      FIREFOX_HOST, FIREFOX_TCP, FIREFOX_RELAY, WPT_TCP_SRFLX,
    ]) {
      assert.equal(serializeCandidate(parseCandidate(line)), line);
    }
  });

  it('serializes a built candidate', () => {
    assert.equal(
      serializeCandidate({
        foundation: 'abc+/1', component: 1, transport: 'udp', priority: 0xffffffff,
        address: '10.0.0.1', port: 5000, type: 'prflx', extensions: [['ufrag', 'x']],
      }),
      'candidate:abc+/1 1 udp 4294967295 10.0.0.1 5000 typ prflx ufrag x',
    );
  });

  it('rejects malformed input with ParseError', () => {
    const bad = [
      '',
      'candidate:',
      '<arbitrary string[0] content>;',
      'candidate:1 1 udp 1 1.2.3.4 5 typ', // no type
      'candidate:1 1 udp 1 1.2.3.4 5 type host', // typ misspelt
      'candidate:1 0 udp 1 1.2.3.4 5 typ host', // component 0
      'candidate:1 257 udp 1 1.2.3.4 5 typ host', // component > 256
      'candidate:1 1 sctp 1 1.2.3.4 5 typ host', // transport
      'candidate:1 1 udp 4294967296 1.2.3.4 5 typ host', // priority > 2^32-1
      'candidate:1 1 udp -1 1.2.3.4 5 typ host',
      'candidate:1 1 udp 1 1.2.3.4 65536 typ host', // port
      'candidate:1 1 udp 1 1.2.3.4 x typ host',
      'candidate:1 1 udp 1 1.2.3.4 5 typ bogus',
      'candidate:f-o 1 udp 1 1.2.3.4 5 typ host', // '-' is not an ice-char
      'candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr', // raddr without value
      'candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport 70000',
      'candidate:1 1 udp 1 1.2.3.4 5 typ host generation', // dangling extension name
      'candidate:1 1 tcp 1 1.2.3.4 5 typ host tcptype sideways',
    ];
    for (const s of bad) {
      assert.throws(() => parseCandidate(s), (e: unknown) => e instanceof ParseError, s);
    }
    // A foundation past RFC 8839's 32 ice-chars is taken, as Chromium takes it.
    assert.equal(parseCandidate(`candidate:${'a'.repeat(1000)} 1 udp 1 1.2.3.4 5 typ host`).foundation.length, 1000);
  });

  it('throws only ParseError on random input', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'candidte: 0123456789udptcpyhosrflxrelay.:-/+\t\r\n\0';
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = Math.floor(rnd() * 80);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      try {
        parseCandidate(s);
      } catch (e) {
        assert.ok(e instanceof ParseError, `${JSON.stringify(s)}: ${String(e)}`);
      }
    }
  });
});
