import assert from 'node:assert/strict';
import { RTCStatsReport, createStatsReport } from '../../src/api/stats-report.js';

describe('RTCStatsReport', () => {
  const a = { id: 'a', type: 'codec', timestamp: 1 };
  const b = { id: 'b', type: 'transport', timestamp: 1 };

  it('cannot be constructed by script', () => {
    assert.throws(() => new (RTCStatsReport as unknown as new () => unknown)(), TypeError);
  });

  it('is a readonly maplike', () => {
    const r = createStatsReport(new Map<string, object>([['a', a], ['b', b]]));
    assert.equal(r.size, 2);
    assert.equal(r.get('a'), a);
    assert.equal(r.get('zzz'), undefined);
    assert.equal(r.has('b'), true);
    assert.equal(r.has('c'), false);
    assert.deepEqual([...r.keys()], ['a', 'b']);
    assert.deepEqual([...r.values()], [a, b]);
    assert.deepEqual([...r.entries()], [['a', a], ['b', b]]);
    assert.deepEqual([...r], [['a', a], ['b', b]]);
    assert.deepEqual(new Map(r), new Map([['a', a], ['b', b]]));
    const seen: unknown[] = [];
    const thisArg = {};
    r.forEach(function (this: unknown, v, k, report) {
      seen.push([v, k, report === r, this === thisArg]);
    }, thisArg);
    assert.deepEqual(seen, [[a, 'a', true, true], [b, 'b', true, true]]);
    assert.throws(() => r.forEach(42 as never), TypeError);
    assert.ok(!('set' in r) && !('delete' in r) && !('clear' in r));
  });

  it('has the WebIDL maplike shape', () => {
    const proto = RTCStatsReport.prototype;
    for (const [name, length] of [['entries', 0], ['keys', 0], ['values', 0], ['forEach', 1], ['get', 1], ['has', 1]] as const) {
      const d = Object.getOwnPropertyDescriptor(proto, name)!;
      assert.equal(typeof d.value, 'function');
      assert.equal(d.enumerable, true);
      assert.equal(d.writable, true);
      assert.equal(d.configurable, true);
      assert.equal(d.value.length, length, name);
      assert.equal(d.value.name, name);
    }
    const it = Object.getOwnPropertyDescriptor(proto, Symbol.iterator)!;
    assert.equal(it.value, proto.entries);
    assert.equal(it.enumerable, false);
    const size = Object.getOwnPropertyDescriptor(proto, 'size')!;
    assert.equal(size.set, undefined);
    assert.equal(size.get!.name, 'get size');
    assert.throws(() => size.get!.call({}), TypeError);
    assert.equal(Object.prototype.toString.call(createStatsReport([])), '[object RTCStatsReport]');
  });

  it('snapshots the map it is given', () => {
    const m = new Map<string, object>([['a', a]]);
    const r = createStatsReport(m);
    m.set('b', b);
    assert.equal(r.size, 1);
  });
});
