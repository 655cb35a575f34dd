import assert from 'node:assert/strict';
import { withIteratorHelpers } from '../../src/api/iterator-helpers.js';
import { createStatsReport } from '../../src/api/stats-report.js';

const ITERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;

interface Helpers<T> extends IterableIterator<T> {
  map<U>(fn: (v: T, i: number) => U): Helpers<U>;
  filter(fn: (v: T, i: number) => unknown): Helpers<T>;
  take(n: number): Helpers<T>;
  drop(n: number): Helpers<T>;
  flatMap<U>(fn: (v: T, i: number) => Iterable<U>): Helpers<U>;
  reduce<U>(fn: (acc: U, v: T, i: number) => U, initial?: U): U;
  toArray(): T[];
  forEach(fn: (v: T, i: number) => void): void;
  some(fn: (v: T, i: number) => unknown): boolean;
  every(fn: (v: T, i: number) => unknown): boolean;
  find(fn: (v: T, i: number) => unknown): T | undefined;
}

const of = <T>(values: T[]): Helpers<T> => withIteratorHelpers(values[Symbol.iterator]()) as Helpers<T>;

describe('iterator helpers', () => {
  it('inherit %IteratorPrototype% and iterate to themselves', () => {
    const it = of([1, 2]);
    assert.ok(ITERATOR_PROTOTYPE.isPrototypeOf(it));
    assert.equal(it[Symbol.iterator](), it);
  });

  it('map, filter, take, drop and flatMap are lazy and chain', () => {
    let pulled = 0;
    const source = withIteratorHelpers((function* () {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    })()) as Helpers<number>;
    const out = source.filter((v) => v % 2 === 0).map((v, i) => `${i}:${v}`).drop(1).take(2).toArray();
    assert.deepEqual(out, ['1:2', '2:4']);
    assert.equal(pulled, 5);
    assert.deepEqual(of([1, 2]).flatMap((v) => [v, v * 10]).toArray(), [1, 10, 2, 20]);
    assert.throws(() => of([1]).flatMap(() => 'ab' as unknown as Iterable<string>).toArray(), TypeError);
  });

  it('reduce, forEach, some, every and find consume values', () => {
    assert.equal(of([1, 2, 3]).reduce((a: number, v) => a + v), 6);
    assert.equal(of([1, 2, 3]).reduce((a, v) => a + v, '>'), '>123');
    assert.throws(() => of<number>([]).reduce((a: number, v) => a + v), TypeError);
    const seen: string[] = [];
    of(['a', 'b']).forEach((v, i) => seen.push(`${v}${i}`));
    assert.deepEqual(seen, ['a0', 'b1']);
    assert.equal(of([1, 2, 3]).some((v) => v > 2), true);
    assert.equal(of([1, 2, 3]).every((v) => v > 1), false);
    assert.equal(of([1, 2, 3]).find((v) => v > 1), 2);
    assert.equal(of([1, 2, 3]).find((v) => v > 5), undefined);
  });

  it('check their arguments as ECMA-262 says', () => {
    assert.throws(() => of([1]).map(5 as unknown as (v: number) => number), TypeError);
    assert.throws(() => of([1]).take(-1), RangeError);
    assert.throws(() => of([1]).drop(NaN), RangeError);
    assert.deepEqual(of([1, 2]).take(0).toArray(), []);
  });

  it('are what RTCStatsReport entries, keys and values return', () => {
    const a = { id: 'a', type: 'codec' };
    const b = { id: 'b', type: 'outbound-rtp' };
    const report = createStatsReport([['a', a], ['b', b]]);
    const values = report.values() as Helpers<{ id: string; type: string }>;
    assert.equal(values.find((s) => s.type === 'outbound-rtp'), b);
    assert.deepEqual((report.keys() as Helpers<string>).map((k) => k.toUpperCase()).toArray(), ['A', 'B']);
    assert.equal((report.entries() as Helpers<[string, object]>).filter(([k]) => k === 'b').toArray()[0]![1], b);
  });
});
