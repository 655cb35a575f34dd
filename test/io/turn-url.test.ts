// TURN URLs (RFC 7065 §3) as the driver reads them: scheme, host, default ports, transport.
import assert from 'node:assert/strict';
import { parseTurnUrl } from '../../src/io/turn-url.js';

describe('io/turn-url', () => {
  it('reads turn: over UDP by default and TCP when asked, turns: over TLS', () => {
    assert.deepEqual(parseTurnUrl('turn:example.org'), { host: 'example.org', port: 3478, protocol: 'udp' });
    assert.deepEqual(parseTurnUrl('turn:10.0.0.1:3479?transport=tcp'), { host: '10.0.0.1', port: 3479, protocol: 'tcp' });
    assert.deepEqual(parseTurnUrl('turns:example.org'), { host: 'example.org', port: 5349, protocol: 'tls' });
    assert.deepEqual(parseTurnUrl('turns:[2001:db8::1]:443?transport=tcp'), { host: '2001:db8::1', port: 443, protocol: 'tls' });
  });

  it('refuses what it cannot use: turns over UDP (DTLS), other schemes, bad ports', () => {
    assert.equal(parseTurnUrl('turns:example.org?transport=udp'), undefined);
    assert.equal(parseTurnUrl('stun:example.org'), undefined);
    assert.equal(parseTurnUrl('turn:example.org:0'), undefined);
    assert.equal(parseTurnUrl('turn:example.org:70000'), undefined);
    assert.equal(parseTurnUrl('turn:example.org?transport=sctp'), undefined);
  });
});
