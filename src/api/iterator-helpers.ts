// Iterators with the ES2025 iterator helpers (ECMA-262 §27.1.4, Iterator.prototype.map,
// filter, take, drop, flatMap, reduce, toArray, forEach, some, every, find) for the
// iterators a maplike interface returns (WebIDL §3.7.11: its entries/keys/values forward to
// the backing map, whose iterators inherit %IteratorPrototype%). Where the engine has the
// helpers (Node >= 22) its own iterators are returned unchanged; on Node 20 they are wrapped
// in an object that inherits %IteratorPrototype% and carries the helpers itself. Nothing
// global is changed.

/** %IteratorPrototype%: the prototype of every built-in iterator's prototype. */
const ITERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;
const NATIVE = typeof (ITERATOR_PROTOTYPE as { find?: unknown }).find === 'function';

function callable(fn: unknown, name: string): void {
  if (typeof fn !== 'function') throw new TypeError(`Iterator.prototype.${name}: ${String(fn)} is not a function`);
}

/** ECMA-262 §27.1.4.{take,drop}: ToNumber, NaN is a RangeError, then ToIntegerOrInfinity >= 0. */
function limitOf(value: unknown, name: string): number {
  const n = Number(value);
  if (Number.isNaN(n)) throw new RangeError(`Iterator.prototype.${name}: ${String(value)} is not a number`);
  const limit = Math.trunc(n);
  if (limit < 0) throw new RangeError(`Iterator.prototype.${name}: ${String(value)} is negative`);
  return limit;
}

/** An iterator with the helper methods, over another iterator. */
class HelperIterator<T> {
  #source: Iterator<T>;

  constructor(source: Iterator<T>) {
    this.#source = source;
  }

  /** The next value of the underlying iterator. */
  next(): IteratorResult<T> {
    return this.#source.next();
  }
  /** Closes the underlying iterator. */
  return(value?: unknown): IteratorResult<T> {
    const close = this.#source.return;
    return close ? close.call(this.#source, value) : { done: true, value: value as T };
  }
  /** Same object (ECMA-262 §27.1.4.13 %IteratorPrototype%[@@iterator]). */
  [Symbol.iterator](): this {
    return this;
  }
  /** Values mapped by `fn(value, index)`. */
  map<U>(fn: (value: T, index: number) => U): HelperIterator<U> {
    callable(fn, 'map');
    const self = this;
    return wrap((function* () {
      let i = 0;
      for (const v of self) yield fn(v, i++);
    })());
  }
  /** Values for which `fn(value, index)` is truthy. */
  filter(fn: (value: T, index: number) => unknown): HelperIterator<T> {
    callable(fn, 'filter');
    const self = this;
    return wrap((function* () {
      let i = 0;
      for (const v of self) if (fn(v, i++)) yield v;
    })());
  }
  /** The first `limit` values. */
  take(limit: number): HelperIterator<T> {
    const n = limitOf(limit, 'take');
    const self = this;
    return wrap((function* () {
      if (n === 0) {
        self.return();
        return;
      }
      let i = 0;
      for (const v of self) {
        yield v;
        if (++i >= n) return;
      }
    })());
  }
  /** The values after the first `limit`. */
  drop(limit: number): HelperIterator<T> {
    const n = limitOf(limit, 'drop');
    const self = this;
    return wrap((function* () {
      let i = 0;
      for (const v of self) if (i++ >= n) yield v;
    })());
  }
  /** The values of the iterables `fn(value, index)` returns, in turn. */
  flatMap<U>(fn: (value: T, index: number) => Iterable<U>): HelperIterator<U> {
    callable(fn, 'flatMap');
    const self = this;
    return wrap((function* () {
      let i = 0;
      for (const v of self) {
        const inner = fn(v, i++);
        if (typeof inner === 'string' || inner === null || typeof inner !== 'object' || typeof (inner as Iterable<U>)[Symbol.iterator] !== 'function') {
          throw new TypeError('Iterator.prototype.flatMap: the mapper did not return an iterable object');
        }
        yield* inner;
      }
    })());
  }
  /** Folds the values with `fn(accumulator, value, index)`. */
  reduce<U>(fn: (acc: U, value: T, index: number) => U, ...initial: [U?]): U {
    callable(fn, 'reduce');
    let i = 0;
    let acc: U;
    if (initial.length > 0) acc = initial[0] as U;
    else {
      const first = this.next();
      if (first.done) throw new TypeError('Iterator.prototype.reduce: empty iterator and no initial value');
      acc = first.value as unknown as U;
      i = 1;
    }
    for (const v of this) acc = fn(acc, v, i++);
    return acc;
  }
  /** Every remaining value, in an array. */
  toArray(): T[] {
    return [...this];
  }
  /** Calls `fn(value, index)` for each value. */
  forEach(fn: (value: T, index: number) => void): void {
    callable(fn, 'forEach');
    let i = 0;
    for (const v of this) fn(v, i++);
  }
  /** Whether `fn(value, index)` is truthy for some value (closes the iterator when found). */
  some(fn: (value: T, index: number) => unknown): boolean {
    callable(fn, 'some');
    let i = 0;
    for (const v of this) if (fn(v, i++)) return true;
    return false;
  }
  /** Whether `fn(value, index)` is truthy for every value. */
  every(fn: (value: T, index: number) => unknown): boolean {
    callable(fn, 'every');
    let i = 0;
    for (const v of this) if (!fn(v, i++)) return false;
    return true;
  }
  /** The first value for which `fn(value, index)` is truthy, or undefined. */
  find(fn: (value: T, index: number) => unknown): T | undefined {
    callable(fn, 'find');
    let i = 0;
    for (const v of this) if (fn(v, i++)) return v;
    return undefined;
  }
}

Object.setPrototypeOf(HelperIterator.prototype, ITERATOR_PROTOTYPE);
Object.defineProperty(HelperIterator.prototype, Symbol.toStringTag, { value: 'Iterator', configurable: true });

function wrap<T>(source: Iterator<T>): HelperIterator<T> {
  return new HelperIterator(source);
}

/**
 * `source` with the ES2025 iterator helpers: itself where the engine has them, else wrapped
 * in an iterator that has them (and still inherits %IteratorPrototype%).
 */
export function withIteratorHelpers<T>(source: IterableIterator<T>): IterableIterator<T> {
  return NATIVE ? source : wrap(source);
}
