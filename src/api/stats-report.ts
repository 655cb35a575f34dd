// RTCStatsReport (WebRTC 1.0 §8.3): a readonly maplike<DOMString, object> over a snapshot
// of stats objects, with the members WebIDL §3.7.11 puts on a maplike's prototype.
import { DOMString, INTERNAL, finishInterface, illegalConstructor, requireArgs } from './webidl.js';
import { interfaces } from './interfaces.js';
import { withIteratorHelpers } from './iterator-helpers.js';

let construct: (map: Map<string, object>) => RTCStatsReport;

/** A snapshot of statistics, keyed by stats object id. Script cannot construct one. */
export class RTCStatsReport {
  #map: Map<string, object>;

  static {
    construct = (map) => new RTCStatsReport(INTERNAL, map);
  }

  /** Internal: use {@link createStatsReport}. */
  constructor(token?: typeof INTERNAL, map?: Map<string, object>) {
    if (token !== INTERNAL || !map) throw illegalConstructor();
    this.#map = map;
  }

  /** Number of stats objects. */
  get size(): number {
    return this.#map.size;
  }
  /** Iterator of [id, stats] pairs. */
  entries(): IterableIterator<[string, object]> {
    return withIteratorHelpers(this.#map.entries());
  }
  /** Iterator of ids. */
  keys(): IterableIterator<string> {
    return withIteratorHelpers(this.#map.keys());
  }
  /** Iterator of stats objects. */
  values(): IterableIterator<object> {
    return withIteratorHelpers(this.#map.values());
  }
  /** Calls `callback(stats, id, report)` for each entry, in insertion order. */
  forEach(callback: (value: object, key: string, report: RTCStatsReport) => void, thisArg?: unknown): void {
    const ctx = "Failed to execute 'forEach' on 'RTCStatsReport'";
    requireArgs(arguments.length, 1, ctx);
    if (typeof callback !== 'function') throw new TypeError(`${ctx}: parameter 1 is not a function.`);
    const map = this.#map;
    map.forEach((value, key) => {
      callback.call(thisArg, value, key, this);
    });
  }
  /** The stats object with this id, or undefined. */
  get(key: string): object | undefined {
    const ctx = "Failed to execute 'get' on 'RTCStatsReport'";
    requireArgs(arguments.length, 1, ctx);
    return this.#map.get(DOMString(key, `${ctx}: parameter 1`));
  }
  /** Whether a stats object with this id exists. */
  has(key: string): boolean {
    const ctx = "Failed to execute 'has' on 'RTCStatsReport'";
    requireArgs(arguments.length, 1, ctx);
    return this.#map.has(DOMString(key, `${ctx}: parameter 1`));
  }

  /** Same function as entries(). */
  declare [Symbol.iterator]: () => IterableIterator<[string, object]>;
}

finishInterface(RTCStatsReport, {
  lengths: { entries: 0, keys: 0, values: 0, forEach: 1, get: 1, has: 1 },
  ctorLength: 0,
});
// WebIDL §3.7.11: @@iterator is the same function object as `entries`, not enumerable.
Reflect.defineProperty(RTCStatsReport.prototype, Symbol.iterator, {
  value: RTCStatsReport.prototype.entries,
  writable: true,
  enumerable: false,
  configurable: true,
});
interfaces.RTCStatsReport = RTCStatsReport;

/** Internal factory: a report over `stats` (id -> stats dictionary). The map is copied. */
export function createStatsReport(stats: Map<string, object> | Iterable<[string, object]>): RTCStatsReport {
  return construct(new Map(stats));
}
