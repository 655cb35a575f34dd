// WebIDL helpers that src/api/webidl.ts does not have yet: [Clamp] integers, EventInit,
// interface types resolved late through the interface table, frozen arrays.
import conversions from 'webidl-conversions';
import { boolean, dictionary, type Converter } from './webidl.js';
import { interfaces } from './interfaces.js';

const c = conversions as unknown as Record<string, (v: unknown, o?: object) => unknown>;

/** `[Clamp] unsigned long` */
export const unsignedLongClamp: Converter<number> = (v, context) =>
  c['unsigned long']!(v, { context, clamp: true }) as number;

/** `[Clamp] unsigned short` */
export const unsignedShortClamp: Converter<number> = (v, context) =>
  c['unsigned short']!(v, { context, clamp: true }) as number;

/** DOM's `EventInit` dictionary (not among the global types with lib ES2023). */
export interface EventInit {
  bubbles?: boolean;
  cancelable?: boolean;
  composed?: boolean;
}

/** Converter for DOM's `EventInit` dictionary. */
export const eventInit = dictionary('EventInit', {
  bubbles: { type: boolean, default: false },
  cancelable: { type: boolean, default: false },
  composed: { type: boolean, default: false },
});

/**
 * An interface type whose class lives in a module this one must not import (it would be
 * circular, or it has not landed yet): looked up by name in the interface table at call
 * time. While the interface is not registered, any object passes.
 */
export function lateInterfaceType<T = object>(name: string): Converter<T> {
  return (v, context) => {
    const cls = interfaces[name];
    const ok =
      typeof cls === 'function'
        ? v instanceof (cls as abstract new (...args: never[]) => unknown)
        : (typeof v === 'object' && v !== null) || typeof v === 'function';
    if (!ok) throw new TypeError(`${context} is not of type '${name}'.`);
    return v as T;
  };
}

/** A `FrozenArray<T>` value: a frozen copy of `items`. */
export function frozenArray<T>(items: Iterable<T>): readonly T[] {
  return Object.freeze([...items]);
}
