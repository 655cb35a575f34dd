// Installs the W3C interfaces on a global object (the polyfill's job).
import { interfaces } from './interfaces.js';
import { mediaDevices } from './media-devices.js';
import './peer-connection.js';

/** Options for {@link installGlobals}. */
export interface InstallOptions {
  /** Replace interfaces the global object already has (default false). */
  overwrite?: boolean;
  /** The object to install on (default `globalThis`). */
  target?: object;
  /**
   * Nonstandard: also install `navigator.mediaDevices` backed by synthetic (fake-device)
   * sources, so code that starts from getUserMedia runs in Node (default false).
   */
  mediaDevices?: boolean;
}

/**
 * Defines every WebRTC interface on `target` as WebIDL defines interface objects on a
 * global: writable, configurable, not enumerable. Existing properties are kept unless
 * `overwrite` is set. Returns the names that were installed.
 */
export function installGlobals(options: InstallOptions = {}): string[] {
  const target = (options.target ?? globalThis) as Record<string, unknown>;
  const installed: string[] = [];
  for (const [name, value] of Object.entries(interfaces)) {
    if (!options.overwrite && Object.prototype.hasOwnProperty.call(target, name)) continue;
    Reflect.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
    installed.push(name);
  }
  if (options.mediaDevices) {
    let nav = target.navigator as Record<string, unknown> | undefined;
    if (!nav) {
      nav = {};
      Reflect.defineProperty(target, 'navigator', { value: nav, writable: true, configurable: true, enumerable: false });
    }
    if (options.overwrite || !('mediaDevices' in nav)) {
      Reflect.defineProperty(nav, 'mediaDevices', { value: mediaDevices, writable: true, configurable: true, enumerable: true });
      installed.push('navigator.mediaDevices');
    }
  }
  return installed;
}
