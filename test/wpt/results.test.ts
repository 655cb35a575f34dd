import assert from 'node:assert/strict';
import { parseArgs } from '../../wpt/lib/cli.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NEEDS_MEDIA_ELEMENT, needsMediaElement } from '../../wpt/lib/needs-media-element.js';
import { baselineFor, chromiumPasses, formatCoverage, summarizeRun, type Baseline, type FileResult } from '../../wpt/lib/results.js';
import { corpusPath, resolveScript, testUrl, testUrlPath } from '../../wpt/lib/urls.js';
import { formatCoverageLines, formatTotals } from '../../wpt/lib/report.js';

describe('wpt/lib/results', () => {
  const baseline: Baseline = {
    files: {
      'webrtc/a.html': { harness: 'OK', subtests: { one: 'PASS', two: 'PASS', three: 'FAIL' } },
      'webrtc/idlharness.https.window.html': { harness: 'OK', subtests: { i1: 'PASS', i2: 'PASS' } },
    },
  };
  const results: FileResult[] = [
    { file: 'webrtc/a.html', harness: 'OK', ms: 5, killed: false, subtests: [{ name: 'one', status: 'PASS' }, { name: 'extra', status: 'PASS' }] },
    { file: 'webrtc/idlharness.https.window.js', harness: 'ERROR', ms: 5, killed: false, subtests: [{ name: 'i1', status: 'PASS' }] },
  ];

  it('counts unreported baseline subtests as failures and measures coverage', () => {
    const s = summarizeRun(results, baseline);
    // a.html: one, extra reported; two, three from the baseline. idl: i1 reported; i2 from the baseline.
    assert.deepEqual(s.files.map((f) => [f.passed, f.total, f.chromium, f.covered]), [[2, 4, 2, 1], [1, 2, 2, 1]]);
    assert.equal(s.passed, 3);
    assert.equal(s.failed, 3);
    assert.deepEqual(s.scope, { covered: 2, chromium: 4 });
    assert.deepEqual(s.idl, { covered: 1, chromium: 2 });
    assert.equal(formatCoverage(s.scope), '2/4 (50.0%)');
    assert.equal(formatCoverage({ covered: 0, chromium: 0 }), '0/0 (n/a)');
    assert.equal(formatTotals(s), 'WPT: 3 passed, 3 failed');
  });

  it('sums per area, counting a skipped file\'s Chromium passes as not covered', () => {
    const b: Baseline = {
      files: {
        'webrtc/RTCDataChannel-x.html': { harness: 'OK', subtests: { a: 'PASS', b: 'PASS' } },
        'webrtc/RTCError.html': { harness: 'OK', subtests: { c: 'PASS' } },
      },
    };
    const s = summarizeRun([
      { file: 'webrtc/RTCDataChannel-x.html', harness: 'OK', ms: 1, killed: false, subtests: [{ name: 'a', status: 'PASS' }, { name: 'b', status: 'FAIL' }] },
      { file: 'webrtc/RTCError.html', harness: 'SKIP', ms: 0, killed: false, subtests: [], message: 'cannot' },
    ], b);
    assert.deepEqual(s.areas, [
      { name: 'data channels', files: 1, passed: 1, total: 2, covered: 1, chromium: 2, excluded: 0, excludedCovered: 0 },
      { name: 'other', files: 1, passed: 0, total: 1, covered: 0, chromium: 1, excluded: 0, excludedCovered: 0 },
    ]);
    assert.deepEqual(s.scope, { covered: 1, chromium: 3 });
    assert.match(formatCoverageLines(s), /data channels +1 +1\/2 \(50\.0%\) +1\/2\n.*other +1 +0\/1 \(0\.0%\) +0\/1\n.*all +2 +1\/3 \(33\.3%\) +1\/3/);
  });

  it('prints an area a second time without the subtests that need a decoder or a playing media element', () => {
    const file = 'webrtc/protocol/rtp-demuxing.html';
    const listed = Object.keys(needsMediaElement(file));
    const b: Baseline = { files: { [file]: { harness: 'OK', subtests: { [listed[0]!]: 'PASS', [listed[1]!]: 'PASS', other: 'PASS' } } } };
    const s = summarizeRun([{ file, harness: 'OK', ms: 1, killed: false, subtests: [{ name: listed[0]!, status: 'PASS' }, { name: 'other', status: 'PASS' }] }], b);
    assert.deepEqual(s.files.map((f) => [f.chromium, f.covered, f.excluded, f.excludedCovered]), [[3, 2, 2, 1]]);
    assert.match(formatCoverageLines(s), /RTP\/media excluding 2 that need a decoder or a playing media element \(wpt\/lib\/needs-media-element\.ts\): 1\/1 \(100\.0%\)/);
  });

  it('lists as needing a media element only subtests Chromium passes, in files of the scope', function () {
    const path = join(process.cwd(), '../shared/wpt/chromium-baseline.json');
    if (!existsSync(path)) this.skip();
    const baseline = JSON.parse(readFileSync(path, 'utf8')) as Baseline;
    for (const [file, subtests] of Object.entries(NEEDS_MEDIA_ELEMENT)) {
      const passes = chromiumPasses(baselineFor(baseline, file));
      assert.ok(passes.size > 0, `${file} is in the baseline`);
      for (const [name, reason] of Object.entries(subtests)) {
        assert.ok(passes.has(name), `${file}: "${name}" is a Chromium pass`);
        assert.ok(reason.length > 20, `${file}: "${name}" has a reason`);
      }
    }
  });

  it('works without a baseline', () => {
    const s = summarizeRun(results, undefined);
    assert.equal(s.passed, 3);
    assert.equal(s.failed, 0);
  });
});

describe('wpt/lib/urls', () => {
  it('serves script tests as their generated pages', () => {
    assert.equal(testUrlPath('webrtc/idlharness.https.window.js'), 'webrtc/idlharness.https.window.html');
    assert.equal(testUrlPath('webrtc/x.any.js'), 'webrtc/x.any.html');
    assert.equal(testUrlPath('webrtc/RTCError.html'), 'webrtc/RTCError.html');
    assert.equal(testUrl('webrtc/RTCError.html'), 'https://web-platform.test:8443/webrtc/RTCError.html');
  });

  it('resolves script sources like a browser, with the runner hooks and aliases', () => {
    const page = testUrl('webrtc/legacy/x.html');
    assert.deepEqual(resolveScript('/resources/testharness.js', page), { kind: 'testharness' });
    assert.deepEqual(resolveScript('/resources/testharnessreport.js', page), { kind: 'report' });
    assert.deepEqual(resolveScript('/resources/testdriver-vendor.js', page), { kind: 'testdriver-vendor' });
    assert.deepEqual(resolveScript('/resources/WebIDLParser.js', page), { kind: 'file', path: 'resources/webidl2/lib/webidl2.js' });
    assert.deepEqual(resolveScript('../RTCPeerConnection-helper.js', page), { kind: 'file', path: 'webrtc/RTCPeerConnection-helper.js' });
    assert.deepEqual(resolveScript('./third_party/sdp/sdp.js', testUrl('webrtc/a.html')), { kind: 'file', path: 'webrtc/third_party/sdp/sdp.js' });
    assert.deepEqual(resolveScript('http://example.com/x.js', page), { kind: 'remote', url: 'http://example.com/x.js' });
  });

  it('keeps corpus paths inside the corpus', () => {
    assert.equal(corpusPath('/interfaces/webrtc.idl'), 'interfaces/webrtc.idl');
    assert.equal(corpusPath('/a/./b/../c%20d'), 'a/c d');
    assert.equal(corpusPath('/../etc/passwd'), undefined);
  });
});

describe('wpt/lib/cli', () => {
  it('parses flags and patterns', () => {
    const o = parseArgs(['--jobs', '4', '-t', '5', '--dist', '--update', '--json=out.json', '-v', 'webrtc/*.html']);
    assert.equal(o.jobs, 4);
    assert.equal(o.timeoutMs, 5000);
    assert.equal(o.dist, true);
    assert.equal(o.update, true);
    assert.equal(o.json, 'out.json');
    assert.equal(o.verbose, true);
    assert.deepEqual(o.patterns, ['webrtc/*.html']);
  });

  it('has defaults and rejects bad usage', () => {
    const o = parseArgs([]);
    assert.equal(o.jobs, 3);
    assert.equal(o.timeoutMs, 10_000);
    assert.equal(o.defaultLimits, false);
    assert.equal(parseArgs(['--default-limits', '-t', '5']).defaultLimits, true);
    assert.equal(parseArgs(['-t', '5']).timeoutMs, 5_000);
    assert.throws(() => parseArgs(['--jobs']), /needs a value/);
    assert.throws(() => parseArgs(['--jobs', '0']), /positive/);
    assert.throws(() => parseArgs(['--frobnicate']), /unknown option/);
  });
});
