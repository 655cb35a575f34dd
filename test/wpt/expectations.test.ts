import assert from 'node:assert/strict';
import {
  describeMismatch, diffExpectations, expectationOf, parseExpectations, serializeExpectations, updateExpectations,
  type Expectations,
} from '../../wpt/lib/expectations.js';
import type { FileResult, SubtestResult } from '../../wpt/lib/results.js';

function result(file: string, subtests: [string, SubtestResult['status']][], harness: FileResult['harness'] = 'OK'): FileResult {
  return { file, harness, ms: 1, killed: false, subtests: subtests.map(([name, status]) => ({ name, status })) };
}

const ODD = 'a "quoted", \\ back\nslash\u2028 名前 \ud83d\ude00 ';

describe('wpt/lib/expectations', () => {
  it('records the passing subtests, the harness status and the timing', () => {
    const timedOut = { ...result('f.html', [['b', 'PASS'], ['a', 'PASS'], ['c', 'FAIL'], ['d', 'TIMEOUT']], 'TIMEOUT'), ms: 10_420, timedOut: true, settleMs: 1_234 };
    assert.deepEqual(expectationOf(timedOut), { harness: 'TIMEOUT', pass: ['a', 'b'], ms: 10_500, settleMs: 1_300 });
    const completed = { ...result('g.html', [['a', 'PASS']]), ms: 640, timedOut: false, settleMs: 600 };
    assert.deepEqual(expectationOf(completed), { harness: 'OK', pass: ['a'], ms: 700 });
    assert.deepEqual(expectationOf({ ...result('s.html', [], 'SKIP'), message: 'needs iframes' }), { harness: 'SKIP', pass: [] });
  });

  it('keeps recorded timings through an update unless they moved a lot', () => {
    const old: Expectations = {
      'a.html': { harness: 'OK', pass: [], ms: 4_000 },
      'b.html': { harness: 'OK', pass: [], ms: 4_000 },
      'c.html': { harness: 'TIMEOUT', pass: [], ms: 9_000, settleMs: 2_000 },
      'd.html': { harness: 'TIMEOUT', pass: [], ms: 9_000, settleMs: 2_000 },
    };
    const next = updateExpectations(old, [
      { ...result('a.html', []), ms: 4_800, timedOut: false },
      { ...result('b.html', []), ms: 9_000, timedOut: false },
      { ...result('c.html', [], 'TIMEOUT'), ms: 9_400, timedOut: true, settleMs: 2_600 },
      { ...result('d.html', []), ms: 3_000, timedOut: false },
    ], true);
    assert.deepEqual(next, {
      'a.html': { harness: 'OK', pass: [], ms: 4_000 },
      'b.html': { harness: 'OK', pass: [], ms: 9_000 },
      'c.html': { harness: 'TIMEOUT', pass: [], ms: 9_000, settleMs: 2_000 },
      'd.html': { harness: 'OK', pass: [], ms: 3_000 },
    });
    const round = parseExpectations(serializeExpectations(next));
    assert.deepEqual(round, next);
    assert.match(serializeExpectations(next), /"harness": "TIMEOUT",\n {4}"ms": 9000,\n {4}"settleMs": 2000,\n {4}"pass"/);
  });

  it('finds regressions, new passes, harness changes and unknown files', () => {
    const expectations: Expectations = {
      'f.html': { harness: 'OK', pass: ['kept', 'lost', 'gone'] },
      'g.html': { harness: 'OK', pass: [] },
    };
    const mismatches = diffExpectations(expectations, [
      result('f.html', [['kept', 'PASS'], ['lost', 'FAIL'], ['new', 'PASS']]),
      result('g.html', [], 'ERROR'),
      result('h.html', [['x', 'FAIL']]),
    ]);
    assert.deepEqual(mismatches, [
      { kind: 'regression', file: 'f.html', subtest: 'lost', actual: 'FAIL' },
      { kind: 'regression', file: 'f.html', subtest: 'gone', actual: 'MISSING' },
      { kind: 'unexpected-pass', file: 'f.html', subtest: 'new' },
      { kind: 'harness', file: 'g.html', expected: 'OK', actual: 'ERROR' },
      { kind: 'missing', file: 'h.html' },
    ]);
    for (const m of mismatches) assert.match(describeMismatch(m), /\.html: /);
  });

  it('accepts either outcome of a subtest listed as flaky, and never records it as a pass', () => {
    const expectations: Expectations = { 'f.html': { harness: 'OK', pass: ['a'], flaky: ['b'] } };
    assert.deepEqual(diffExpectations(expectations, [result('f.html', [['a', 'PASS'], ['b', 'PASS']])]), []);
    assert.deepEqual(diffExpectations(expectations, [result('f.html', [['a', 'PASS'], ['b', 'FAIL']])]), []);
    assert.deepEqual(diffExpectations(expectations, [result('f.html', [['a', 'FAIL'], ['b', 'PASS'], ['c', 'PASS']])]), [
      { kind: 'regression', file: 'f.html', subtest: 'a', actual: 'FAIL' },
      { kind: 'unexpected-pass', file: 'f.html', subtest: 'c' },
    ]);
    const next = updateExpectations(expectations, [result('f.html', [['a', 'PASS'], ['b', 'PASS']])], false);
    assert.deepEqual(next['f.html']!.pass, ['a']);
    assert.deepEqual(next['f.html']!.flaky, ['b']);
    assert.deepEqual(parseExpectations(serializeExpectations(next)), next);
    assert.throws(() => parseExpectations('{"f.html": {"harness": "OK", "pass": [], "flaky": [1]}}'), /bad flaky list/);
  });

  it('is clean when the run matches', () => {
    const r = result('f.html', [['a', 'PASS'], ['b', 'FAIL']]);
    assert.deepEqual(diffExpectations({ 'f.html': expectationOf(r) }, [r]), []);
  });

  it('keys subtests by exact name, whatever characters it holds', () => {
    const r = result('f.html', [[ODD, 'PASS'], [ODD.trim(), 'FAIL']]);
    const round = parseExpectations(serializeExpectations({ 'f.html': expectationOf(r) }));
    assert.deepEqual(round['f.html']!.pass, [ODD]);
    assert.deepEqual(diffExpectations(round, [r]), []);
    const other = result('f.html', [[ODD.trim(), 'PASS']]);
    assert.equal(diffExpectations(round, [other]).length, 2);
  });

  it('prototype-looking file and subtest names are plain keys', () => {
    const r = result('__proto__', [['constructor', 'PASS']]);
    assert.deepEqual(diffExpectations({}, [r]), [{ kind: 'missing', file: '__proto__' }]);
    const round = parseExpectations(serializeExpectations(updateExpectations({}, [r], true)));
    assert.deepEqual(diffExpectations(round, [r]), []);
  });

  it('merges a partial run and replaces on a whole-scope run', () => {
    const old: Expectations = { 'a.html': { harness: 'OK', pass: ['x'] }, 'b.html': { harness: 'OK', pass: [] } };
    const run = [result('b.html', [['y', 'PASS']])];
    assert.deepEqual(updateExpectations(old, run, false), { 'a.html': { harness: 'OK', pass: ['x'] }, 'b.html': { harness: 'OK', pass: ['y'], ms: 100 } });
    assert.deepEqual(updateExpectations(old, run, true), { 'b.html': { harness: 'OK', pass: ['y'], ms: 100 } });
  });

  it('serialises sorted and stable', () => {
    const text = serializeExpectations({ 'b.html': { harness: 'OK', pass: ['z', 'a'] }, 'a.html': { harness: 'ERROR', pass: [] } });
    assert.equal(text, '{\n  "a.html": {\n    "harness": "ERROR",\n    "pass": []\n  },\n  "b.html": {\n    "harness": "OK",\n    "pass": [\n      "a",\n      "z"\n    ]\n  }\n}\n');
  });

  it('rejects malformed files', () => {
    assert.throws(() => parseExpectations('[]'));
    assert.throws(() => parseExpectations('{"a.html": {"harness": "OK"}}'));
    assert.throws(() => parseExpectations('{"a.html": {"harness": "OK", "pass": [1]}}'));
    assert.throws(() => parseExpectations('{"a.html": {"harness": "OK", "pass": [], "ms": "5"}}'));
    assert.throws(() => parseExpectations('{"a.html": {"harness": "OK", "pass": [], "settleMs": -1}}'));
  });
});
