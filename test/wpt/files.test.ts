import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandEntries, globToRegExp, isTestFile, parseFileList, skipReason } from '../../wpt/lib/files.js';

describe('wpt/lib/files', () => {
  it('parses a scope list with comments and blank lines', () => {
    const text = '# header\n\nwebrtc/a.html   # trailing comment\n  ./webrtc/b.html\r\n#webrtc/c.html\n';
    assert.deepEqual(parseFileList(text), { entries: ['webrtc/a.html', 'webrtc/b.html'], skips: [] });
  });

  it('reads skip lines, which need a reason, and matches them by path or glob', () => {
    const { entries, skips } = parseFileList('webrtc/**\nskip webrtc/x-*.window.js  needs window.open # and more\nskip ./webrtc/y.html needs iframes\n');
    assert.deepEqual(entries, ['webrtc/**']);
    assert.deepEqual(skips, [
      { pattern: 'webrtc/x-*.window.js', reason: 'needs window.open' },
      { pattern: 'webrtc/y.html', reason: 'needs iframes' },
    ]);
    assert.equal(skipReason(skips, 'webrtc/x-open.window.js'), 'needs window.open');
    assert.equal(skipReason(skips, 'webrtc/y.html'), 'needs iframes');
    assert.equal(skipReason(skips, 'webrtc/y.htm'), undefined);
    assert.throws(() => parseFileList('skip webrtc/z.html\n'), /line 1: .*needs a reason/);
  });

  it('compiles globs', () => {
    const brace = globToRegExp('webrtc/RTCPeerConnection-{constructor,createOffer}.html');
    assert.ok(brace.test('webrtc/RTCPeerConnection-constructor.html'));
    assert.ok(!brace.test('webrtc/RTCPeerConnection-createAnswer.html'));
    const star = globToRegExp('webrtc/RTCConfiguration-*.html');
    assert.ok(star.test('webrtc/RTCConfiguration-iceServers.html'));
    assert.ok(!star.test('webrtc/RTCConfiguration-x/y.html'));
    const deep = globToRegExp('webrtc/**/*.html');
    assert.ok(deep.test('webrtc/a.html'));
    assert.ok(deep.test('webrtc/legacy/b.html'));
    assert.ok(globToRegExp('webrtc/a?.[hj]*').test('webrtc/ab.html'));
    assert.ok(!globToRegExp('a.html').test('aXhtml'));
  });

  it('tells tests from helpers and resources', () => {
    assert.ok(isTestFile('webrtc/RTCError.html'));
    assert.ok(isTestFile('webrtc/idlharness.https.window.js'));
    assert.ok(isTestFile('webrtc/RTCPeerConnection-helper-test.html'));
    assert.ok(!isTestFile('webrtc/RTCDataChannel-send-close-helper.js'));
    assert.ok(!isTestFile('webrtc/transfer-datachannel-worker.js'));
    assert.ok(!isTestFile('webrtc/RTCPeerConnection-helper.js'));
    assert.ok(!isTestFile('webrtc/resources/RTCCertificate-postMessage-iframe.html'));
    assert.ok(!isTestFile('webrtc/third_party/sdp/sdp.js'));
  });

  it('expands entries in order, without duplicates, reporting empty globs', () => {
    const root = mkdtempSync(join(tmpdir(), 'wpt-files-'));
    try {
      mkdirSync(join(root, 'webrtc', 'legacy'), { recursive: true });
      for (const f of ['b.html', 'a.html', 'a-helper.js', 'c.window.js', 'legacy/d.html']) writeFileSync(join(root, 'webrtc', f), '');
      const { files, unmatched } = expandEntries(root, ['webrtc/c.window.js', 'webrtc/*.html', 'webrtc/a.html', 'webrtc/**/d.html', 'webrtc/z*']);
      assert.deepEqual(files, ['webrtc/c.window.js', 'webrtc/a.html', 'webrtc/b.html', 'webrtc/legacy/d.html']);
      assert.deepEqual(unmatched, ['webrtc/z*']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
