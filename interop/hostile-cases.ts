// Hostile remote descriptions and candidates: interop/capture-hostile.ts runs them in
// Chromium, test/api/sdp-hostile.test.ts in purertc (interop/harness/hostile.ts has the
// procedure). Each names what a peer could send; the table records what Chromium does.
import type { HostileCase, HostileEdit } from './harness/hostile.js';

/** A regular-expression edit over whole lines (multi-line mode, every match). */
function lines(pattern: string, replacement: string): HostileEdit {
  return { op: 'replace', pattern, flags: 'gm', with: replacement };
}

/** `n` colon-separated hex pairs. */
function hexPairs(n: number, first = 0x10): string {
  return Array.from({ length: n }, (_, i) => ((first + i * 7) & 0xff).toString(16).toUpperCase().padStart(2, '0')).join(':');
}

const fingerprint = (value: string): HostileEdit => lines('^a=fingerprint:.*$', `a=fingerprint:${value}`);
const setup = (value: string): HostileEdit => lines('^a=setup:.*$', `a=setup:${value}`);
const ufrag = (value: string): HostileEdit => lines('^a=ice-ufrag:.*$', `a=ice-ufrag:${value}`);
const pwd = (value: string): HostileEdit => lines('^a=ice-pwd:.*$', `a=ice-pwd:${value}`);
const sctpPort = (value: string): HostileEdit => lines('^a=sctp-port:.*$', `a=sctp-port:${value}`);
const maxMessageSize = (value: string): HostileEdit => lines('^a=max-message-size:.*$', `a=max-message-size:${value}`);
const dataPort = (value: string): HostileEdit => lines('^m=application \\S+ ', `m=application ${value} `);
const connection = (value: string): HostileEdit => lines('^c=.*$', `c=${value}`);
const bundle = (value: string): HostileEdit => lines('^a=group:BUNDLE.*$', `a=group:${value}`);
/** Lines added after a=mid: in m-section `section` (0 by default). */
const inSection = (line: string, count = 1, section = 0): HostileEdit => ({ op: 'add-lines', after: 'a=mid:', line, count, section });
/** Lines added at session level, after t=. */
const atSession = (line: string, count = 1): HostileEdit => ({ op: 'add-lines', after: 't=', line, count });
const offer = (name: string, ...edits: HostileEdit[]): HostileCase => ({ name: `remote offer: ${name}`, scenario: 'remote-offer', media: 'data', edits });
const avOffer = (name: string, ...edits: HostileEdit[]): HostileCase => ({ name: `remote offer: ${name}`, scenario: 'remote-offer', media: 'av-data', edits });
const answer = (name: string, ...edits: HostileEdit[]): HostileCase => ({ name: `remote answer: ${name}`, scenario: 'remote-answer', media: 'data', edits });
const candidate = (name: string, c: NonNullable<HostileCase['candidate']>): HostileCase => ({ name: `candidate: ${name}`, scenario: 'candidate', media: 'data', edits: [], candidate: c });
const cand = (text: string): NonNullable<HostileCase['candidate']> => ({ candidate: text, sdpMid: '{mid0}' });

const SHA256 = hexPairs(32);
const HOST = 'a=candidate:{i} 1 udp 2122260223 {ip4} 50000 typ host';

/** Every case, in the order the table lists them. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  // ---- a=fingerprint (RFC 8122 §5) -------------------------------------------------------
  offer('fingerprint sha-1, 20 bytes', fingerprint(`sha-1 ${hexPairs(20)}`)),
  offer('fingerprint sha-224, 28 bytes', fingerprint(`sha-224 ${hexPairs(28)}`)),
  offer('fingerprint sha-256 of another certificate', fingerprint(`sha-256 ${SHA256}`)),
  offer('fingerprint sha-384, 48 bytes', fingerprint(`sha-384 ${hexPairs(48)}`)),
  offer('fingerprint sha-512, 64 bytes', fingerprint(`sha-512 ${hexPairs(64)}`)),
  offer('fingerprint md5, 16 bytes', fingerprint(`md5 ${hexPairs(16)}`)),
  offer('fingerprint md2, 16 bytes', fingerprint(`md2 ${hexPairs(16)}`)),
  offer('fingerprint unknown hash sha-999', fingerprint(`sha-999 ${SHA256}`)),
  offer('fingerprint hash name in upper case', fingerprint(`SHA-256 ${SHA256}`)),
  offer('fingerprint hex in lower case', fingerprint(`sha-256 ${SHA256.toLowerCase()}`)),
  offer('fingerprint sha-256 with 20 bytes', fingerprint(`sha-256 ${hexPairs(20)}`)),
  offer('fingerprint sha-256 with 33 bytes', fingerprint(`sha-256 ${hexPairs(33)}`)),
  offer('fingerprint sha-1 with 32 bytes', fingerprint(`sha-1 ${SHA256}`)),
  offer('fingerprint not hex', fingerprint(`sha-256 ${SHA256.replace(/^../, 'ZZ')}`)),
  offer('fingerprint without colons', fingerprint(`sha-256 ${SHA256.replace(/:/g, '')}`)),
  offer('fingerprint truncated mid-pair', fingerprint(`sha-256 ${SHA256.slice(0, -1)}`)),
  offer('fingerprint single-digit pairs', fingerprint(`sha-256 ${SHA256.replace(/(^|:)./g, '$1')}`)),
  offer('fingerprint with an empty value', fingerprint('sha-256 ')),
  offer('fingerprint with no value', fingerprint('sha-256')),
  offer('fingerprint with 100000 pairs', fingerprint('sha-256 {hex:100000}')),
  offer('fingerprint with a third field', fingerprint(`sha-256 ${SHA256} extra`)),
  offer('two fingerprints (sha-256, sha-1) in the m-section', inSection(`a=fingerprint:sha-1 ${hexPairs(20)}`)),
  offer('two fingerprints, the second malformed', inSection('a=fingerprint:sha-256 ZZ')),
  offer('two fingerprints, the second of an unknown hash', inSection(`a=fingerprint:sha-999 ${SHA256}`)),
  offer('fingerprint at session level only', { op: 'remove-lines', prefix: 'a=fingerprint:' }, atSession(`a=fingerprint:sha-256 ${SHA256}`)),
  offer('fingerprint at session level and in the m-section', atSession(`a=fingerprint:sha-256 ${SHA256}`)),
  offer('malformed session-level fingerprint beside a valid one in the m-section', atSession('a=fingerprint:sha-256 ZZ')),
  offer('1000 fingerprint lines', inSection('a=fingerprint:sha-256 {hex:32}', 1000)),
  answer('fingerprint unknown hash sha-999', fingerprint(`sha-999 ${SHA256}`)),
  answer('fingerprint sha-256 with 20 bytes', fingerprint(`sha-256 ${hexPairs(20)}`)),
  answer('fingerprint not hex', fingerprint(`sha-256 ${SHA256.replace(/^../, 'ZZ')}`)),

  // ---- BUNDLE (RFC 8843) -------------------------------------------------------------------
  offer('BUNDLE names a mid no m-section has', bundle('BUNDLE 0 ghost')),
  avOffer('BUNDLE names a mid no m-section has (audio, video, data)', lines('^(a=group:BUNDLE.*)$', '$1 ghost')),
  offer('BUNDLE group empty', bundle('BUNDLE')),
  offer('BUNDLE names a mid twice', bundle('BUNDLE 0 0')),
  offer('two BUNDLE groups naming the same mid', lines('^(a=group:BUNDLE.*)$', '$1\r\n$1')),
  offer('unknown group semantics', bundle('FOO 0')),
  answer('BUNDLE names a mid no m-section has', bundle('BUNDLE 0 ghost')),

  // ---- a=setup (RFC 4145 §4, RFC 8842 §5) --------------------------------------------------
  offer('setup active', setup('active')),
  offer('setup passive', setup('passive')),
  offer('setup holdconn', setup('holdconn')),
  offer('setup unknown value', setup('bogus')),
  offer('setup in upper case', setup('ACTPASS')),
  offer('setup empty', setup('')),
  offer('setup removed', { op: 'remove-lines', prefix: 'a=setup:' }),
  answer('setup passive', setup('passive')),
  answer('setup holdconn', setup('holdconn')),
  answer('setup unknown value', setup('bogus')),
  answer('setup removed', { op: 'remove-lines', prefix: 'a=setup:' }),

  // ---- ports -------------------------------------------------------------------------------
  offer('m= port 0 (data m-section rejected)', dataPort('0')),
  offer('m= port 65535', dataPort('65535')),
  offer('m= port 65536', dataPort('65536')),
  offer('m= port negative', dataPort('-1')),
  offer('m= port not numeric', dataPort('abc')),
  offer('m= port with a number of ports', dataPort('9/2')),
  offer('sctp-port 0', sctpPort('0')),
  offer('sctp-port 65535', sctpPort('65535')),
  offer('sctp-port 65536', sctpPort('65536')),
  offer('sctp-port negative', sctpPort('-1')),
  offer('sctp-port not numeric', sctpPort('abc')),
  offer('sctp-port twice', inSection('a=sctp-port:5001')),
  answer('sctp-port 65536', sctpPort('65536')),

  // ---- a=max-message-size (RFC 8841 §6) ----------------------------------------------------
  offer('max-message-size 0', maxMessageSize('0')),
  offer('max-message-size 1', maxMessageSize('1')),
  offer('max-message-size 2^53', maxMessageSize('9007199254740992')),
  offer('max-message-size 10^30', maxMessageSize('1000000000000000000000000000000')),
  offer('max-message-size negative', maxMessageSize('-1')),
  offer('max-message-size not numeric', maxMessageSize('abc')),
  answer('max-message-size not numeric', maxMessageSize('abc')),

  // ---- ICE credentials (RFC 8839 §5.4) -----------------------------------------------------
  offer('ice-ufrag of 3 characters', ufrag('abc')),
  offer('ice-ufrag of 4 characters', ufrag('abcd')),
  offer('ice-ufrag of 256 characters', ufrag('u'.repeat(256))),
  offer('ice-ufrag of 257 characters', ufrag('u'.repeat(257))),
  offer('ice-ufrag with a character outside ice-char', ufrag('abc!')),
  offer('ice-ufrag with a space', ufrag('ab cd')),
  offer('ice-pwd of 21 characters', pwd('p'.repeat(21))),
  offer('ice-pwd of 22 characters', pwd('p'.repeat(22))),
  offer('ice-pwd of 256 characters', pwd('p'.repeat(256))),
  offer('ice-pwd of 257 characters', pwd('p'.repeat(257))),
  offer('ice-pwd with a character outside ice-char', pwd(`${'p'.repeat(21)}!`)),
  answer('ice-pwd of 21 characters', pwd('p'.repeat(21))),

  // ---- counts ------------------------------------------------------------------------------
  avOffer('1000 more audio m-sections', { op: 'repeat-section', copyOf: 0, count: 1000 }),
  offer('1000 candidates', inSection(HOST, 1000)),
  offer('10000 candidates', inSection(HOST, 10_000)),
  avOffer('1000 rtpmap lines for one payload type', inSection('a=rtpmap:111 opus/48000/2', 1000)),
  avOffer('rtpmap with payload type 200', inSection('a=rtpmap:200 opus/48000/2')),
  avOffer('m=audio with 1000 formats', lines('^(m=audio \\S+ \\S+) (.*)$', `$1 $2 ${Array.from({ length: 1000 }, (_, i) => i % 128).join(' ')}`)),
  offer('10000 unknown attributes', inSection('a=x-hostile:{i}', 10_000)),

  // ---- msid, mid ---------------------------------------------------------------------------
  avOffer('the same a=msid twice in one m-section', lines('^(a=msid:.*)$', '$1\r\n$1')),
  avOffer('the same a=msid in two m-sections', lines('^a=msid:.*$', 'a=msid:stream track')),
  offer('a=mid missing, BUNDLE removed', { op: 'remove-lines', prefix: 'a=mid:' }, { op: 'remove-lines', prefix: 'a=group:' }),
  avOffer('a=mid missing in every m-section, BUNDLE removed', { op: 'remove-lines', prefix: 'a=mid:' }, { op: 'remove-lines', prefix: 'a=group:' }),
  offer('a=mid missing, BUNDLE kept', { op: 'remove-lines', prefix: 'a=mid:' }),
  offer('two m-sections with the same mid', { op: 'repeat-section', copyOf: 0, count: 1 }, lines('^a=mid:h0$', 'a=mid:0'), lines('^(a=group:BUNDLE.*) h0$', '$1')),
  offer('a=mid of 1000 characters', lines('^a=mid:.*$', 'a=mid:{repeat:m:1000}'), lines('^a=group:BUNDLE.*$', 'a=group:BUNDLE {repeat:m:1000}')),

  // ---- m-line kinds, c= ----------------------------------------------------------------------
  offer('unknown m-line kind', { op: 'add-section', lines: ['m=foo 9 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=mid:x', 'a=rtpmap:96 foo/90000'] }),
  offer('m=text section', { op: 'add-section', lines: ['m=text 9 RTP/AVP 98', 'c=IN IP4 0.0.0.0', 'a=mid:x', 'a=rtpmap:98 t140/1000'] }),
  offer('application m-section with an unknown protocol', { op: 'add-section', lines: ['m=application 9 TCP/MSRP *', 'c=IN IP4 0.0.0.0', 'a=mid:x'] }),
  offer('m= line with too few fields', { op: 'add-section', lines: ['m=audio 9', 'a=mid:x'] }),
  offer('c=IN IP6 ::', connection('IN IP6 ::')),
  offer('c= with an address that is not one', connection('IN IP4 999.1.1.1')),
  offer('c= multicast with TTL', connection('IN IP4 224.2.1.1/127')),
  offer('c= unknown network type', connection('XX YY ZZ')),
  offer('c= with two fields', connection('IN IP4')),
  offer('c= removed', { op: 'remove-lines', prefix: 'c=' }),

  // ---- addIceCandidate (RFC 8839 §5.1) -------------------------------------------------------
  candidate('valid host candidate', cand('candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host')),
  candidate('not a candidate', cand('candidate:garbage')),
  candidate('port 70000', cand('candidate:1 1 udp 2122260223 192.0.2.7 70000 typ host')),
  candidate('negative port', cand('candidate:1 1 udp 2122260223 192.0.2.7 -1 typ host')),
  candidate('component 3', cand('candidate:1 3 udp 2122260223 192.0.2.7 50000 typ host')),
  candidate('unknown transport', cand('candidate:1 1 sctp 2122260223 192.0.2.7 50000 typ host')),
  candidate('unknown type', cand('candidate:1 1 udp 2122260223 192.0.2.7 50000 typ bogus')),
  candidate('priority above 2^32', cand('candidate:1 1 udp 99999999999 192.0.2.7 50000 typ host')),
  candidate('address that is not one', cand('candidate:1 1 udp 2122260223 256.0.0.1 50000 typ host')),
  candidate('hostname address', cand('candidate:1 1 udp 2122260223 peer.example 50000 typ host')),
  candidate('foundation of 1000 characters', cand(`candidate:${'f'.repeat(1000)} 1 udp 2122260223 192.0.2.7 50000 typ host`)),
  candidate('sdpMid no m-section has', { candidate: 'candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host', sdpMid: 'ghost' }),
  candidate('sdpMLineIndex out of range', { candidate: 'candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host', sdpMid: null, sdpMLineIndex: 99 }),
  candidate('usernameFragment of no description', { ...cand('candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host'), usernameFragment: 'nobodysufrag' }),
];
