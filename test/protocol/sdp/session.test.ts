import assert from 'node:assert/strict';
import { ParseError, parseSdp, serializeSdp, type SdpSession } from '../../../src/protocol/sdp/index.js';
import { fixture, loadFixtures, normalize, throwsParseError } from './fixtures.js';

const MINIMAL = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

describe('sdp/session', () => {
  describe('fixtures round trip', () => {
    for (const { name, text } of loadFixtures()) {
      it(name, () => {
        const parsed = parseSdp(text);
        const out = serializeSdp(parsed);
        assert.equal(out, normalize(text));
        assert.deepEqual(parseSdp(out), parsed);
      });
    }
  });

  it('models a Chromium offer line by line', () => {
    const s = parseSdp(fixture('chromium-offer-av-data.sdp'));
    assert.equal(s.version, 0);
    assert.equal(s.origin.username, '-');
    assert.match(s.origin.sessionId, /^[0-9]{19}$/);
    assert.equal(s.origin.sessionVersion, '2');
    assert.equal(s.sessionName, '-');
    assert.deepEqual(s.timing, [{ start: '0', stop: '0' }]);
    assert.deepEqual(s.attributes[0], { key: 'group', value: 'BUNDLE 0 1 2' });
    assert.deepEqual(s.attributes[1], { key: 'extmap-allow-mixed' });
    assert.deepEqual(
      s.media.map((m) => [m.kind, m.port, m.protocol]),
      [
        ['audio', 9, 'UDP/TLS/RTP/SAVPF'],
        ['video', 9, 'UDP/TLS/RTP/SAVPF'],
        ['application', 9, 'UDP/DTLS/SCTP'],
      ],
    );
    assert.deepEqual(s.media[0]!.formats, ['111', '63', '9', '0', '8', '13', '110', '126']);
    assert.deepEqual(s.media[2]!.formats, ['webrtc-datachannel']);
    assert.deepEqual(s.media[0]!.connection, { netType: 'IN', addrType: 'IP4', address: '0.0.0.0' });
  });

  it('keeps every RFC 8866 line type', () => {
    const s = parseSdp(fixture('edge-all-line-types.sdp'));
    assert.equal(s.info, 'A test of every line type');
    assert.equal(s.uri, 'https://www.example.com/seminars/sdp.pdf');
    assert.deepEqual(s.emails, ['Jane Doe <jane@example.com>', 'ops@example.com']);
    assert.deepEqual(s.phones, ['+1 617 555-6011']);
    assert.equal(s.connection?.address, '233.252.0.1/127');
    assert.deepEqual(s.bandwidths, [{ type: 'CT', value: 1024 }]);
    assert.deepEqual(s.timing, [
      { start: '3724394400', stop: '3724398000', repeats: ['7d 1h 0 25h'] },
      { start: '3724480800', stop: '3724484400' },
    ]);
    assert.equal(s.zone, '3730928400 -1h 3749680800 0');
    assert.equal(s.key, 'prompt');
    const [audio, video] = s.media as [SdpSession['media'][0], SdpSession['media'][0]];
    assert.equal(audio.title, 'Voice');
    assert.deepEqual(audio.bandwidths, [{ type: 'AS', value: 64 }, { type: 'TIAS', value: 64000 }]);
    assert.equal(video.port, 51372);
    assert.equal(video.numPorts, 2);
    assert.equal(video.key, 'clear:abc');
    assert.equal(video.connection?.addrType, 'IP6');
  });

  it('parses a rejected (port 0) m-line', () => {
    const s = parseSdp(fixture('edge-rejected-video-answer.sdp'));
    assert.equal(s.media[1]!.port, 0);
    assert.deepEqual(s.media[1]!.formats, ['96']);
  });

  it('accepts bare LF and CRLF alike', () => {
    const crlf = fixture('chromium-offer-av-data.sdp');
    assert.deepEqual(parseSdp(crlf.replace(/\r\n/g, '\n')), parseSdp(crlf));
  });

  it('trims trailing whitespace from values but keeps "s= "', () => {
    const s = parseSdp(fixture('edge-trailing-whitespace.sdp'));
    assert.equal(s.sessionName, '-');
    assert.deepEqual(s.attributes[0], { key: 'group', value: 'BUNDLE 0' });
    const spaced = parseSdp(MINIMAL.replace('s=-', 's= '));
    assert.equal(spaced.sessionName, ' ');
    assert.match(serializeSdp(spaced), /\r\ns= \r\n/);
  });

  it('distinguishes a flag attribute from an empty value', () => {
    const s = parseSdp(`${MINIMAL}a=flag\r\na=empty:\r\na=colon:a:b\r\n`);
    assert.deepEqual(s.attributes, [{ key: 'flag' }, { key: 'empty', value: '' }, { key: 'colon', value: 'a:b' }]);
    assert.ok(serializeSdp(s).endsWith('a=flag\r\na=empty:\r\na=colon:a:b\r\n'));
  });

  it('accepts out-of-order lines and writes them in RFC order', () => {
    const s = parseSdp('v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\na=x\nt=0 0\nc=IN IP4 0.0.0.0\nm=audio 9 RTP/AVP 0\na=y\nc=IN IP4 0.0.0.0\n');
    assert.equal(
      serializeSdp(s),
      'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=x\r\nm=audio 9 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\na=y\r\n',
    );
  });

  it('accepts an m-line without formats', () => {
    assert.deepEqual(parseSdp(`${MINIMAL}m=audio 0 RTP/AVP\r\n`).media[0]!.formats, []);
  });

  it('serializes with CRLF even when parsed from LF', () => {
    assert.equal(serializeSdp(parseSdp(MINIMAL.replace(/\r\n/g, '\n'))), MINIMAL);
  });

  it('refuses to serialize a value holding a line break', () => {
    const s = parseSdp(MINIMAL);
    s.attributes.push({ key: 'x', value: 'a\r\nm=evil' });
    assert.throws(() => serializeSdp(s), RangeError);
  });

  describe('rejects malformed input with ParseError', () => {
    const cases: [string, string, string][] = [
      ['empty text', '', 'SDP_MISSING_LINE'],
      ['missing v=', 'o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n', 'SDP_MISSING_LINE'],
      ['missing o=', 'v=0\r\ns=-\r\nt=0 0\r\n', 'SDP_MISSING_LINE'],
      ['missing s=', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n', 'SDP_MISSING_LINE'],
      ['missing t=', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n', 'SDP_MISSING_LINE'],
      ['only v=', 'v=0\r\n', 'SDP_MISSING_LINE'],
      ['version 1', MINIMAL.replace('v=0', 'v=1'), 'SDP_BAD_VERSION'],
      ['short o=', MINIMAL.replace('o=- 1 1 IN IP4 127.0.0.1', 'o=- 1 1 IN IP4'), 'SDP_BAD_ORIGIN'],
      ['non-numeric session id', MINIMAL.replace('o=- 1 1', 'o=- x 1'), 'SDP_BAD_ORIGIN'],
      ['empty s=', MINIMAL.replace('s=-', 's='), 'SDP_BAD_SESSION_NAME'],
      ['line without =', `${MINIMAL}a:foo\r\n`, 'SDP_BAD_LINE'],
      ['two-letter type', `${MINIMAL}ab=1\r\n`, 'SDP_BAD_LINE'],
      ['space before =', `${MINIMAL}a =x\r\n`, 'SDP_BAD_LINE'],
      ['unknown type letter', `${MINIMAL}x=1\r\n`, 'SDP_UNKNOWN_LINE_TYPE'],
      ['uppercase type letter', `${MINIMAL}A=x\r\n`, 'SDP_UNKNOWN_LINE_TYPE'],
      ['NUL in a line', `${MINIMAL}a=x\0y\r\n`, 'SDP_BAD_CHARACTER'],
      ['lone CR in a line', `${MINIMAL}a=x\ry\r\n`, 'SDP_BAD_CHARACTER'],
      ['second v=', `${MINIMAL}v=0\r\n`, 'SDP_DUPLICATE_LINE'],
      ['second session c=', `${MINIMAL}c=IN IP4 1.1.1.1\r\nc=IN IP4 1.1.1.1\r\n`, 'SDP_DUPLICATE_LINE'],
      ['second media i=', `${MINIMAL}m=audio 9 RTP/AVP 0\r\ni=a\r\ni=b\r\n`, 'SDP_DUPLICATE_LINE'],
      ['t= inside media', `${MINIMAL}m=audio 9 RTP/AVP 0\r\nt=0 0\r\n`, 'SDP_UNEXPECTED_LINE'],
      ['r= before t=', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nr=1d 1h 0\r\nt=0 0\r\n', 'SDP_UNEXPECTED_LINE'],
      ['bad c=', `${MINIMAL}c=IN IP4\r\n`, 'SDP_BAD_CONNECTION'],
      ['bad b= value', `${MINIMAL}b=AS:fast\r\n`, 'SDP_BAD_BANDWIDTH'],
      ['b= without colon', `${MINIMAL}b=AS\r\n`, 'SDP_BAD_BANDWIDTH'],
      ['bad t=', MINIMAL.replace('t=0 0', 't=0'), 'SDP_BAD_TIMING'],
      ['m= too short', `${MINIMAL}m=audio 9\r\n`, 'SDP_BAD_MEDIA'],
      ['m= port not a number', `${MINIMAL}m=audio x RTP/AVP 0\r\n`, 'SDP_BAD_MEDIA'],
      ['m= port too large', `${MINIMAL}m=audio 65536 RTP/AVP 0\r\n`, 'SDP_BAD_MEDIA'],
      ['m= zero port count', `${MINIMAL}m=audio 9/0 RTP/AVP 0\r\n`, 'SDP_BAD_MEDIA'],
      ['m= bad protocol', `${MINIMAL}m=audio 9 RTP//AVP 0\r\n`, 'SDP_BAD_MEDIA'],
    ];
    for (const [title, text, code] of cases) {
      it(title, () => throwsParseError(() => parseSdp(text), code));
    }
  });

  it('ignores and counts a= lines whose name is not a token, at either level', () => {
    const parsed = parseSdp(`${MINIMAL}a=\r\na=ok\r\nm=audio 9 RTP/AVP 0\r\na=notssrc1 cname:x\r\na=mid:0\r\n`);
    assert.deepEqual(parsed.attributes, [{ key: 'ok' }]);
    assert.deepEqual(parsed.media[0]!.attributes, [{ key: 'mid', value: '0' }]);
    assert.equal(parsed.ignoredAttributes, 2);
    assert.equal(parseSdp(`${MINIMAL}a=ok\r\n`).ignoredAttributes, undefined);
  });

  it('reports the line number of the offending line', () => {
    try {
      parseSdp(`${MINIMAL}a=ok\r\nbogus\r\n`);
      assert.fail('expected a ParseError');
    } catch (err) {
      assert.ok(err instanceof ParseError);
      assert.equal(err.line, 6);
      assert.equal(err.code, 'SDP_BAD_LINE');
    }
  });
});
