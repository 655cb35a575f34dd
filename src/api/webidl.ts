// WebIDL plumbing shared by every W3C class: argument conversion (on top of the
// `webidl-conversions` package), enums, dictionaries, sequences, and the finishing
// touches WebIDL puts on interface objects (enumerable members, @@toStringTag,
// operation lengths, illegal constructors).
import conversions from 'webidl-conversions';

/** A WebIDL converter: takes a JS value, returns the IDL value or throws TypeError. */
export type Converter<T> = (value: unknown, context: string) => T;

interface IntOptions {
  enforceRange?: boolean;
  clamp?: boolean;
}

const c = conversions as unknown as Record<string, (v: unknown, o?: object) => unknown>;

/** `boolean` */
export const boolean: Converter<boolean> = (v) => Boolean(v);
// The converters below return strings, and integers already in range, as they are: the
// common case, without the library call and its options object.

/** `DOMString` */
export const DOMString: Converter<string> = (v, context) => (typeof v === 'string' ? v : (c.DOMString!(v, { context }) as string));
/** `USVString` (a string without lone surrogates is its own conversion) */
export const USVString: Converter<string> = (v, context) =>
  typeof v === 'string' && (v as unknown as WellFormed).isWellFormed() ? v : (c.USVString!(v, { context }) as string);

/** ES2024 String.prototype.isWellFormed (node >= 20), not yet in this TypeScript lib. */
interface WellFormed {
  isWellFormed(): boolean;
}
/** `ByteString` */
export const ByteString: Converter<string> = (v, context) => c.ByteString!(v, { context }) as string;
/** `double` (finite) */
export const double: Converter<number> = (v, context) => c.double!(v, { context }) as number;
/** `unrestricted double` */
export const unrestrictedDouble: Converter<number> = (v, context) =>
  c['unrestricted double']!(v, { context }) as number;

/** The value range of each integer type used here. */
const INT_RANGES: Record<string, [number, number]> = {
  octet: [0, 0xff],
  'unsigned short': [0, 0xffff],
  'unsigned long': [0, 0xffffffff],
  long: [-0x80000000, 0x7fffffff],
  'unsigned long long': [0, Number.MAX_SAFE_INTEGER],
};

function intConverter(type: string, opts: IntOptions = {}): Converter<number> {
  const f = c[type]!;
  const [min, max] = INT_RANGES[type]!;
  // An integer in range converts to itself under every mode (-0 becomes +0).
  return (v, context) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v + 0 : (f(v, { context, ...opts }) as number));
}
/** `unsigned short` */
export const unsignedShort = intConverter('unsigned short');
/** `[EnforceRange] unsigned short` */
export const unsignedShortEnforced = intConverter('unsigned short', { enforceRange: true });
/** `unsigned long` */
export const unsignedLong = intConverter('unsigned long');
/** `[EnforceRange] unsigned long` */
export const unsignedLongEnforced = intConverter('unsigned long', { enforceRange: true });
/** `[EnforceRange] unsigned long long` */
export const unsignedLongLongEnforced = intConverter('unsigned long long', { enforceRange: true });
/** `long` */
export const long = intConverter('long');
/** `[EnforceRange] octet` */
export const octetEnforced = intConverter('octet', { enforceRange: true });
/** `[EnforceRange] long` */
export const longEnforced = intConverter('long', { enforceRange: true });
/** `any` */
export const any: Converter<unknown> = (v) => v;
/** `object` */
export const object: Converter<object> = (v, context) => {
  if ((typeof v !== 'object' || v === null) && typeof v !== 'function') {
    throw new TypeError(`${context} is not an object.`);
  }
  return v;
};

/** An IDL enum: converts to DOMString, then requires one of `values`. */
export function enumeration<T extends string>(name: string, values: readonly T[]): Converter<T> {
  const set = new Set<string>(values);
  return (v, context) => {
    const s = DOMString(v, context);
    if (!set.has(s)) {
      throw new TypeError(`${context}: '${s}' is not a valid value for enumeration ${name}.`);
    }
    return s as T;
  };
}

/** `T?` */
export function nullable<T>(conv: Converter<T>): Converter<T | null> {
  return (v, context) => (v === null || v === undefined ? null : conv(v, context));
}

/** `sequence<T>`: any iterable object. */
export function sequence<T>(conv: Converter<T>): Converter<T[]> {
  return (v, context) => {
    if (typeof v !== 'object' || v === null) {
      throw new TypeError(`${context} is not an iterable object.`);
    }
    const iter = (v as { [Symbol.iterator]?: unknown })[Symbol.iterator];
    if (typeof iter !== 'function') {
      throw new TypeError(`${context} is not iterable.`);
    }
    const out: T[] = [];
    let i = 0;
    for (const item of v as Iterable<unknown>) {
      out.push(conv(item, `${context}[${i++}]`));
    }
    return out;
  };
}

/** `record<DOMString, T>` */
export function record<T>(conv: Converter<T>): Converter<Record<string, T>> {
  return (v, context) => {
    const o = object(v, context) as Record<string, unknown>;
    const out: Record<string, T> = {};
    for (const key of Reflect.ownKeys(o)) {
      const desc = Reflect.getOwnPropertyDescriptor(o, key);
      if (!desc?.enumerable || typeof key !== 'string') continue;
      out[key] = conv(o[key], `${context}[${JSON.stringify(key)}]`);
    }
    return out;
  };
}

/** A value that must be an instance of `cls` (a platform object of that interface). */
export function interfaceType<T>(name: string, cls: abstract new (...args: never[]) => T): Converter<T> {
  return (v, context) => {
    if (!(v instanceof cls)) throw new TypeError(`${context} is not of type '${name}'.`);
    return v as T;
  };
}

/** `(A or B)` where each branch is tried by a predicate. */
export function union<T>(
  name: string,
  branches: Array<[(v: unknown) => boolean, Converter<T>]>,
  fallback?: Converter<T>,
): Converter<T> {
  return (v, context) => {
    for (const [test, conv] of branches) if (test(v)) return conv(v, context);
    if (fallback) return fallback(v, context);
    throw new TypeError(`${context} is not of type '${name}'.`);
  };
}

/** One member of a dictionary. */
export interface MemberSpec<T> {
  /** Converter for the member's value. */
  type: Converter<T>;
  /** `required` member: missing -> TypeError. */
  required?: boolean;
  /** Default value used when the member is missing (a function for fresh objects). */
  default?: T | (() => T);
}

type DictSpec = Record<string, MemberSpec<unknown>>;
type DictOf<S extends DictSpec> = {
  [K in keyof S]?: S[K] extends MemberSpec<infer T> ? T : never;
};

/**
 * An IDL dictionary. Members are read in lexicographic order (WebIDL §3.2.18), after the
 * members of `parent`. `undefined` and `null` convert to an empty dictionary.
 */
export function dictionary<S extends DictSpec, P extends object = object>(
  name: string,
  members: S,
  parent?: Converter<P>,
): Converter<P & DictOf<S>> {
  const keys = Object.keys(members).sort();
  // Each member's part of an error context, made once.
  const suffixes = keys.map((key) => `: member ${key} of ${name}`);
  return (v, context) => {
    const out = (parent ? parent(v, context) : {}) as Record<string, unknown>;
    if (v !== undefined && v !== null && typeof v !== 'object' && typeof v !== 'function') {
      throw new TypeError(`${context} (${name}) is not an object.`);
    }
    const src = v as Record<string, unknown> | null | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const m = members[key]!;
      const raw = src == null ? undefined : src[key];
      if (raw !== undefined) {
        out[key] = m.type(raw, context + suffixes[i]!);
      } else if (m.required) {
        throw new TypeError(`${context}: required member ${key} is undefined in ${name}.`);
      } else if ('default' in m) {
        out[key] = typeof m.default === 'function' ? (m.default as () => unknown)() : m.default;
      }
    }
    return out as P & DictOf<S>;
  };
}

/** WebIDL: an operation called with fewer than `required` arguments throws TypeError. */
export function requireArgs(got: number, required: number, context: string): void {
  if (got < required) {
    throw new TypeError(
      `${context}: ${required} argument${required === 1 ? '' : 's'} required, but only ${got} present.`,
    );
  }
}

/** Thrown by constructors of interfaces that have none. */
export function illegalConstructor(): TypeError {
  return new TypeError('Illegal constructor');
}

/** A token internal code passes to constructors that script may not call. */
export const INTERNAL: unique symbol = Symbol('purertc.internal');

interface FinishOptions {
  /** Operation name -> number of required arguments (the function's `length`). */
  lengths?: Record<string, number>;
  /** Static operation name -> length. */
  staticLengths?: Record<string, number>;
  /** `length` of the interface object (required constructor arguments). */
  ctorLength?: number;
  /**
   * Promise-returning operations: WebIDL turns any exception they throw (a wrong `this`,
   * bad arguments) into a rejected promise.
   */
  promiseOps?: readonly string[];
}

function promiseReturning(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const wrapped = {
    [fn.name](this: unknown, ...args: unknown[]): unknown {
      try {
        return fn.apply(this, args);
      } catch (e) {
        return Promise.reject(e);
      }
    },
  }[fn.name]!;
  Reflect.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  return wrapped;
}

/**
 * Give a class the shape WebIDL gives interface objects: members enumerable,
 * `@@toStringTag`, operation and constructor `length`s as the IDL says.
 */
export function finishInterface(cls: abstract new (...args: never[]) => unknown, opts: FinishOptions = {}): void {
  const proto = cls.prototype as object;
  for (const key of Reflect.ownKeys(proto)) {
    if (key === 'constructor' || typeof key === 'symbol') continue;
    const desc = Reflect.getOwnPropertyDescriptor(proto, key)!;
    desc.enumerable = true;
    Reflect.defineProperty(proto, key, desc);
  }
  for (const key of Reflect.ownKeys(cls)) {
    if (key === 'prototype' || key === 'length' || key === 'name' || typeof key === 'symbol') continue;
    const desc = Reflect.getOwnPropertyDescriptor(cls, key)!;
    desc.enumerable = true;
    Reflect.defineProperty(cls, key, desc);
  }
  Reflect.defineProperty(proto, Symbol.toStringTag, {
    value: cls.name,
    writable: false,
    enumerable: false,
    configurable: true,
  });
  for (const name of opts.promiseOps ?? []) {
    const desc = Reflect.getOwnPropertyDescriptor(proto, name);
    if (!desc || typeof desc.value !== 'function') throw new Error(`finishInterface: ${cls.name}.${name} is not a method`);
    desc.value = promiseReturning(desc.value as (...args: unknown[]) => unknown);
    Reflect.defineProperty(proto, name, desc);
  }
  for (const [name, length] of Object.entries(opts.lengths ?? {})) {
    const fn = (proto as Record<string, unknown>)[name];
    if (typeof fn !== 'function') throw new Error(`finishInterface: ${cls.name}.${name} is not a method`);
    Reflect.defineProperty(fn, 'length', { value: length, configurable: true });
  }
  for (const [name, length] of Object.entries(opts.staticLengths ?? {})) {
    const fn = (cls as unknown as Record<string, unknown>)[name];
    if (typeof fn !== 'function') throw new Error(`finishInterface: ${cls.name}.${name} is not static`);
    Reflect.defineProperty(fn, 'length', { value: length, configurable: true });
  }
  if (opts.ctorLength !== undefined) {
    Reflect.defineProperty(cls, 'length', { value: opts.ctorLength, configurable: true });
  }
}

/** Make the named own properties of an object enumerable (for `[Default] toJSON` results etc.). */
export function toJSONOf(obj: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (obj as Record<string, unknown>)[k];
  return out;
}
