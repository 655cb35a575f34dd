// Waiting for one event in the conformance tests, bounded in time.

/** Resolves with the next `type` event on `target`, or rejects after `ms`. */
export function once<T = Event>(target: EventTarget, type: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), ms);
    target.addEventListener(type, (e) => {
      clearTimeout(timer);
      resolve(e as T);
    }, { once: true });
  });
}
