// Candidate lines added to a description's text: the rest stays byte for byte.
import assert from 'node:assert/strict';
import { appendToSection, sectionHasLine } from '../../src/jsep/sdp-edit.js';

const SESSION = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0'];
const M0 = ['m=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=mid:0'];
const M1 = ['m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:1', 'a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host'];
const text = (lines: string[], eol: string, trailing = true): string => lines.join(eol) + (trailing ? eol : '');

describe('jsep/sdp-edit', () => {
  for (const eol of ['\r\n', '\n']) {
    const name = eol === '\r\n' ? 'CRLF' : 'LF';
    it(`appends to the first, middle and last m-section, keeping ${name}`, () => {
      const sdp = text([...SESSION, ...M0, ...M1], eol);
      const line = 'a=candidate:2 1 udp 1 127.0.0.1 6000 typ host';
      assert.equal(appendToSection(sdp, 0, line), text([...SESSION, ...M0, line, ...M1], eol));
      assert.equal(appendToSection(sdp, 1, line), text([...SESSION, ...M0, ...M1, line], eol));
      assert.equal(appendToSection(sdp, 2, line), sdp, 'no such section: unchanged');
      assert.equal(appendToSection(text(SESSION, eol), 0, line), text(SESSION, eol));
    });

    it(`finds whole lines only, within their section (${name})`, () => {
      const sdp = text([...SESSION, ...M0, ...M1], eol);
      assert.equal(sectionHasLine(sdp, 1, M1[2]!), true);
      assert.equal(sectionHasLine(sdp, 0, M1[2]!), false, 'in another section');
      assert.equal(sectionHasLine(sdp, 1, M1[2]!.slice(0, -2)), false, 'a prefix of a line');
      assert.equal(sectionHasLine(sdp, 1, M1[2]!.slice(2)), false, 'a suffix of a line');
      assert.equal(sectionHasLine(sdp, 0, 'a=mid:0'), true);
      assert.equal(sectionHasLine(sdp, 3, 'a=mid:0'), false);
    });
  }

  it('gives a last line without its line break one before the new line', () => {
    const sdp = text([...SESSION, ...M0], '\r\n', false);
    assert.equal(appendToSection(sdp, 0, 'a=end-of-candidates'), text([...SESSION, ...M0, 'a=end-of-candidates'], '\r\n'));
    assert.equal(sectionHasLine(sdp, 0, 'a=mid:0'), true);
  });
});
