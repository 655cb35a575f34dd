// The runner's testdriver-vendor.js: what wptrunner's WebDriver backend does for
// testdriver.js in a browser, done in the page's realm. set_permission keeps a
// permission table (getUserMedia rejects kinds whose permission is denied, as a browser's
// permission store makes it), click dispatches a click event at the element (which is
// what test_driver.bless waits for). The other testdriver.js calls keep their
// "not implemented" rejections.

/** Permission names Chromium's WebDriver Set Permission command knows (Permissions §4). */
const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set([
  'accelerometer', 'ambient-light-sensor', 'background-fetch', 'background-sync', 'camera',
  'captured-surface-control', 'clipboard-read', 'clipboard-write', 'display-capture', 'geolocation',
  'gyroscope', 'idle-detection', 'keyboard-lock', 'local-fonts', 'magnetometer', 'microphone', 'midi',
  'nfc', 'notifications', 'payment-handler', 'periodic-background-sync', 'persistent-storage',
  'pointer-lock', 'push', 'screen-wake-lock', 'speaker-selection', 'storage-access',
  'top-level-storage-access', 'web-app-installation', 'window-management',
]);

/** PermissionState (Permissions §5). */
const STATES: ReadonlySet<string> = new Set(['granted', 'denied', 'prompt']);

/** What the capture permissions gate: the getUserMedia member each one allows. */
const CAPTURE: Readonly<Record<string, 'audio' | 'video'>> = { microphone: 'audio', camera: 'video' };

interface PermissionParams { descriptor?: { name?: unknown }; state?: unknown }
type GetUserMedia = (constraints?: Record<string, unknown>) => Promise<unknown>;

/** Installs the vendor half of testdriver.js on the page's `test_driver_internal`. */
export function installTestDriverVendor(g: Record<string, unknown> = globalThis as Record<string, unknown>): void {
  const internal = g.test_driver_internal as Record<string, unknown> | undefined;
  if (!internal) return; // the page loaded the vendor script without testdriver.js
  const states = new Map<string, string>();
  internal.in_automation = true;

  // WebDriver Set Permission: an unknown name or state is an "invalid argument" error.
  internal.set_permission = (params: PermissionParams): Promise<void> => {
    const name = params?.descriptor?.name;
    const state = params?.state;
    if (typeof name !== 'string' || !KNOWN_PERMISSIONS.has(name)) {
      return Promise.reject(new Error(`invalid argument: Unknown permission name ${String(name)}`));
    }
    if (typeof state !== 'string' || !STATES.has(state)) {
      return Promise.reject(new Error(`invalid argument: invalid permission state ${String(state)}`));
    }
    states.set(name, state);
    return Promise.resolve();
  };

  internal.click = (element: EventTarget): Promise<void> => {
    if (!element || typeof element.dispatchEvent !== 'function') {
      return Promise.reject(new Error('click(): the element is not in the page'));
    }
    element.dispatchEvent(new Event('click', { bubbles: true, cancelable: true }));
    return Promise.resolve();
  };

  const devices = (g.navigator as Record<string, unknown> | undefined)?.mediaDevices as Record<string, unknown> | undefined;
  const original = devices?.getUserMedia as GetUserMedia | undefined;
  if (!devices || typeof original !== 'function') return;
  const gated = function getUserMedia(this: unknown, constraints?: Record<string, unknown>): Promise<unknown> {
    for (const [name, member] of Object.entries(CAPTURE)) {
      const wanted = constraints?.[member];
      // Media Capture §10.2 getUserMedia: a denied permission rejects with NotAllowedError.
      if (wanted !== undefined && wanted !== false && states.get(name) === 'denied') {
        return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      }
    }
    return original.call(this, constraints);
  };
  Object.defineProperty(gated, 'length', { value: original.length });
  Object.defineProperty(devices, 'getUserMedia', {
    value: gated, writable: true, enumerable: true, configurable: true,
  });
}
