// Installs the W3C interfaces on a global object (the polyfill's job).
import { interfaces } from './interfaces.js';

/** Options for {@link installGlobals}. */
export interface InstallOptions {
  /** Replace interfaces the global object already has (default false). */
  overwrite?: boolean;
  /** The object to install on (default `globalThis`). */
  target?: object;
}

/**
 * Defines every WebRTC interface on `target` as WebIDL defines interface objects on a
 * global: writable, configurable, not enumerable. Existing properties are kept unless
 * `overwrite` is set. Returns the names that were installed.
 */
export function installGlobals(options: InstallOptions = {}): string[] {
  const target = options.target ?? globalThis;
  const installed: string[] = [];
  for (const [name, value] of Object.entries(interfaces)) {
    if (!options.overwrite && Object.prototype.hasOwnProperty.call(target, name)) continue;
    Reflect.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
    installed.push(name);
  }
  return installed;
}
