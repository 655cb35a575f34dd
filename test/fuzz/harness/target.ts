// What a fuzz target is, and the meter every input goes through: it times each input,
// watches how much memory one input leaves behind, and counts inputs.
import type fc from 'fast-check';
import v8 from 'node:v8';

/** The bound on one input's processing time (docs/fuzzing.md). */
export const MAX_INPUT_MS = 50;
/** The bound on what one input may leave allocated (heap plus array buffers). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A property that did not hold; anything else thrown by a target is a failure too. */
export class PropertyFailure extends Error {
  /** Builds the failure with a message that says which property and why. */
  constructor(message: string) {
    super(message);
    this.name = 'PropertyFailure';
  }
}

/**
 * A failure already diagnosed as a defect outside the code this fuzzing may change (it is
 * reported, docs/fuzzing.md lists it): counted apart, its input kept under known/ in the corpus.
 */
export class KnownDefect extends PropertyFailure {
  /** Builds the failure; `id` names the defect in docs/fuzzing.md. */
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(`known defect ${id}: ${message}`);
    this.name = 'KnownDefect';
  }
}

/** One input took longer than MAX_INPUT_MS. */
export class SlowInput extends PropertyFailure {
  /** Builds the failure naming the time taken. */
  constructor(readonly ms: number) {
    super(`one input took ${ms.toFixed(1)} ms (bound ${MAX_INPUT_MS} ms)`);
    this.name = 'SlowInput';
  }
}

function heapBytes(): number {
  const h = v8.getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

/** Counts and times inputs; a target wraps each input's processing in `input`. */
export class Meter {
  /** Inputs processed. */
  inputs = 0;
  /** The slowest single input, ms. */
  slowestMs = 0;
  /** The most memory one input left behind, bytes. */
  largestGrowthBytes = 0;

  /** Runs one input's processing; throws SlowInput or a PropertyFailure past the bounds. */
  input<T>(fn: () => T): T {
    const heap = heapBytes();
    const t0 = performance.now();
    const out = fn();
    this.account(performance.now() - t0, heapBytes() - heap);
    return out;
  }

  /** The same for processing that completes asynchronously (the W3C API). */
  async inputAsync<T>(fn: () => Promise<T>): Promise<T> {
    const heap = heapBytes();
    const t0 = performance.now();
    const out = await fn();
    this.account(performance.now() - t0, heapBytes() - heap);
    return out;
  }

  private account(ms: number, grewBytes: number): void {
    this.inputs++;
    if (ms > this.slowestMs) this.slowestMs = ms;
    if (grewBytes > this.largestGrowthBytes) this.largestGrowthBytes = grewBytes;
    if (ms > MAX_INPUT_MS) throw new SlowInput(ms);
    if (grewBytes > MAX_INPUT_BYTES) throw new PropertyFailure(`one input left ${(grewBytes / 2 ** 20).toFixed(1)} MiB allocated`);
  }
}

/** A fuzz target: what is fed, how it is generated, and the properties checked per input. */
export interface Target<I> {
  /** Short name: the corpus folder and the CLI argument. */
  name: string;
  /** What is fuzzed, for the report and docs. */
  description: string;
  /** Inputs per run in the short run inside `npm test`. */
  shortRuns: number;
  /** Loads seeds (fixtures, captures, certificates); called once before anything else. */
  setup?(): Promise<void>;
  /** The generator of inputs. */
  arbitrary(): fc.Arbitrary<I>;
  /**
   * Processes one input (or one session of inputs against one engine), each through
   * `meter.input`, and throws when a property fails.
   */
  run(input: I, meter: Meter): void | Promise<void>;
  /** Serializes an input for the crash corpus. */
  encode(input: I): Uint8Array;
  /** Reads an input back from the crash corpus. */
  decode(bytes: Uint8Array): I;
  /** Releases what setup made (sockets, peer connections). */
  teardown?(): Promise<void>;
}

/** A target with its input type erased, for lists. */
export type AnyTarget = Target<any>;

/** Asserts a property; throws PropertyFailure with `message` when it does not hold. */
export function check(ok: boolean, message: () => string): asserts ok {
  if (!ok) throw new PropertyFailure(message());
}

/** Runs `fn` and accepts only a normal return or an instance of `parseError`. True when it returned. */
export function returnsOrThrows(parseError: abstract new (...args: never[]) => Error, fn: () => unknown, what: string): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    if (err instanceof parseError) return false;
    if (err instanceof PropertyFailure) throw err;
    throw new PropertyFailure(`${what} threw ${describe(err)} instead of ${parseError.name}`);
  }
}

/** An error as one line: its type, message and the top of its stack. */
export function describe(err: unknown): string {
  if (!(err instanceof Error)) return `non-Error ${String(err)}`;
  const frame = err.stack?.split('\n').find((l) => l.trim().startsWith('at ')) ?? '';
  return `${err.constructor.name}: ${err.message} ${frame.trim()}`;
}

/** Helpers for encoding inputs made of several byte strings (sessions of datagrams). */
export const frames = {
  /** [u8 tag][u16 count] then per item [u32 length][bytes]. */
  encode(tag: number, items: readonly Uint8Array[]): Uint8Array {
    const size = 3 + items.reduce((n, b) => n + 4 + b.length, 0);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    out[0] = tag;
    view.setUint16(1, items.length);
    let o = 3;
    for (const b of items) {
      view.setUint32(o, b.length);
      out.set(b, o + 4);
      o += 4 + b.length;
    }
    return out;
  },
  /** The inverse of `encode`. */
  decode(bytes: Uint8Array): { tag: number; items: Uint8Array[] } {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = view.getUint16(1);
    const items: Uint8Array[] = [];
    let o = 3;
    for (let i = 0; i < count; i++) {
      const n = view.getUint32(o);
      items.push(bytes.slice(o + 4, o + 4 + n));
      o += 4 + n;
    }
    return { tag: bytes[0]!, items };
  },
};
