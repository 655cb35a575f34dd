// Time bounds for everything the interop suite waits on: launches, page calls, scenarios.

/** Thrown when an operation outlives its time bound. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Resolves or rejects as `work` does, or rejects with a {@link TimeoutError} naming
 * `label` after `limitMs`. The timer never keeps the process alive.
 */
export async function withTimeout<T>(work: Promise<T>, limitMs: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${label}: no result within ${limitMs} ms`)), limitMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` bounded by `limitMs`, reporting (not throwing) a failure or timeout. */
export async function settleWithin(work: () => Promise<unknown>, limitMs: number, label: string): Promise<Error | undefined> {
  try {
    await withTimeout(Promise.resolve().then(work), limitMs, label);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
