// Runs small fixture pages through the real child process, against the corpus's
// testharness.js (skipped when the WPT corpus is not there).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { liveChildren, runFile, runPool } from '../../wpt/lib/child-run.js';
import type { FileResult } from '../../wpt/lib/results.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const wptDir = resolve(process.env.WPT_DIR ?? join(repoRoot, '..', 'shared', 'wpt'));
const hasCorpus = existsSync(join(wptDir, 'resources', 'testharness.js'));

function statuses(r: FileResult): Record<string, string> {
  return Object.fromEntries(r.subtests.map((s) => [s.name, s.status]));
}

(hasCorpus ? describe : describe.skip)('wpt runner (child processes)', function () {
  this.timeout(30_000);
  let corpus: string;
  const results = new Map<string, FileResult>();
  // The harness timeout is half the hard limit unless given.
  const run = (file: string, limitMs: number, polyfill = 'polyfill.mjs', harnessMs = limitMs / 2): Promise<FileResult> => runFile({
    childEntry: join(repoRoot, 'wpt', 'child', 'main.ts'),
    cwd: repoRoot,
    config: {
      wptDir: corpus, file, polyfillUrl: pathToFileURL(join(here, 'fixtures', polyfill)).href, limitMs, harnessMs, fakeMedia: true,
      parentPid: process.pid,
    },
  });

  before(async () => {
    corpus = mkdtempSync(join(tmpdir(), 'wpt-corpus-'));
    for (const dir of ['resources', 'interfaces']) symlinkSync(join(wptDir, dir), join(corpus, dir));
    symlinkSync(join(here, 'fixtures', 'webrtc'), join(corpus, 'webrtc'));
    // Hard limits leave a child started under load (tsx compiling on busy cores) time to
    // report its first subtest before the kill the tests look for.
    const jobs: [string, number][] = [
      ['webrtc/basic.html', 10_000], ['webrtc/dom.html', 10_000], ['webrtc/script.window.js', 10_000],
      ['webrtc/referror.html', 10_000], ['webrtc/rejection.html', 10_000], ['webrtc/hang.html', 10_000],
      ['webrtc/kill.html', 6_000], ['webrtc/busy.html', 6_000],
    ];
    const done = await runPool(jobs.length, 4, (i) => run(jobs[i]![0], jobs[i]![1]));
    for (const r of done) results.set(r.file, r);
    // A harness timeout well below the hard limit, as a file recorded as timing out gets.
    results.set('late', await run('webrtc/late.html', 20_000, 'polyfill.mjs', 2_000));
    results.set('wait', await run('webrtc/wait.html', 20_000, 'polyfill.mjs', 2_000));
  });

  after(() => {
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  });

  it('runs inline and external scripts with the polyfill, fetch and browser globals', () => {
    const r = results.get('webrtc/basic.html')!;
    assert.equal(r.harness, 'OK', `${r.message ?? ''} ${r.output ?? ''}`);
    assert.deepEqual(statuses(r), {
      'uses polyfill and helper': 'PASS',
      fails: 'FAIL',
      'fetch serves the corpus': 'PASS',
      'fetch refuses other origins': 'PASS',
      globals: 'PASS',
      'lexical scope shared across scripts': 'PASS',
    });
    assert.match(r.subtests.find((s) => s.name === 'fails')!.message!, /nope/);
  });

  it('gives the page a document and a FileReader, and loads it in order', () => {
    const r = results.get('webrtc/dom.html')!;
    assert.equal(r.harness, 'OK', `${r.message ?? ''} ${r.output ?? ''}`);
    assert.ok(r.subtests.length === 4 && r.subtests.every((s) => s.status === 'PASS'), JSON.stringify(r.subtests));
  });

  it('wraps a .window.js test with its META scripts, at the generated page URL', () => {
    const r = results.get('webrtc/script.window.js')!;
    assert.equal(r.harness, 'OK', `${r.message ?? ''} ${r.output ?? ''}`);
    assert.deepEqual(statuses(r), { 'meta script loaded': 'PASS', 'Script test': 'PASS' });
  });

  it('turns an uncaught exception into a harness error, as a browser does', () => {
    const r = results.get('webrtc/referror.html')!;
    assert.equal(r.harness, 'ERROR');
    assert.match(r.message!, /ReferenceError: RTCNothing is not defined/);
    assert.equal(statuses(r).before, 'PASS');
  });

  it('turns an unhandled rejection into a harness error', () => {
    const r = results.get('webrtc/rejection.html')!;
    assert.equal(r.harness, 'ERROR');
    assert.match(r.message!, /Unhandled rejection: boom/);
  });

  it('fits the harness timeout inside the hard limit', () => {
    const r = results.get('webrtc/hang.html')!;
    assert.equal(r.harness, 'TIMEOUT');
    assert.equal(r.killed, false);
    assert.deepEqual(statuses(r), { quick: 'PASS', hangs: 'TIMEOUT', 'never reached': 'NOTRUN' });
  });

  it('records when a timed-out file settled, under its own harness timeout', () => {
    const r = results.get('late')!;
    assert.equal(r.harness, 'TIMEOUT');
    assert.equal(r.killed, false);
    assert.equal(r.timedOut, true);
    assert.deepEqual(statuses(r), { 'passes late': 'PASS', hangs: 'TIMEOUT' });
    assert.ok(r.settleMs! >= 700 && r.settleMs! < r.ms, `settled at ${r.settleMs}ms of ${r.ms}ms`);
    assert.ok(r.ms < 10_000, `took ${r.ms}ms: the harness timeout was 2 s`);
    assert.deepEqual(r.limits, { harnessMs: 2_000, hardMs: 20_000 });
    const basic = results.get('webrtc/basic.html')!;
    assert.equal(basic.timedOut, false);
    assert.ok(basic.settleMs! > 0 && basic.settleMs! <= basic.ms);
  });

  it('shortens the harness timeout without shortening the page\'s step_timeout waits', () => {
    const r = results.get('wait')!;
    assert.equal(r.harness, 'OK', `${r.message ?? ''} ${r.output ?? ''}`);
    assert.deepEqual(statuses(r), { 'step_timeout waits its full time under a short harness timeout': 'PASS' });
  });

  it('kills a file at the hard limit, keeping what it reported', () => {
    for (const file of ['webrtc/kill.html', 'webrtc/busy.html']) {
      const r = results.get(file)!;
      assert.equal(r.harness, 'TIMEOUT', file);
      assert.equal(r.killed, true, file);
      assert.equal(statuses(r).quick, 'PASS', file);
      assert.ok(r.ms < 12_000, `${file} took ${r.ms}ms`);
    }
    assert.deepEqual(statuses(results.get('webrtc/kill.html')!), { quick: 'PASS', hangs: 'TIMEOUT', 'never reached': 'NOTRUN' });
    assert.equal(liveChildren.size, 0);
  });

  it('reports a polyfill that fails to load as a harness error', async () => {
    const r = await run('webrtc/basic.html', 10_000, 'broken-polyfill.mjs');
    assert.equal(r.harness, 'ERROR');
    assert.match(r.message!, /polyfill failed to load.*half-written module/s);
  });
});
