// The queue behind the nonstandard async iterators of a receiver (receiverFrames,
// receiverRtp): items are kept only while a reader is attached, at most `limit` of them
// (the oldest go, counted), and the iteration ends when the connection closes.

/** Items queued for one reader. */
export class ReaderQueue<T> {
  readonly #items: T[] = [];
  readonly #waiting: Array<(r: IteratorResult<T>) => void> = [];
  #done = false;
  /** Items dropped because no reader took them in time. */
  dropped = 0;
  /** Whether a reader is attached (items are only kept once one is). */
  reading = false;

  /** A queue keeping at most `limit` items for a reader that does not keep up. */
  constructor(readonly limit: number) {}

  /** Queues an item for the reader. */
  push(item: T): void {
    if (this.#done || !this.reading) return;
    const w = this.#waiting.shift();
    if (w !== undefined) return w({ value: item, done: false });
    if (this.#items.length >= this.limit) {
      this.#items.shift();
      this.dropped++;
    }
    this.#items.push(item);
  }

  /** Ends the iteration (the connection closed). */
  end(): void {
    this.#done = true;
    for (const w of this.#waiting.splice(0)) w({ value: undefined, done: true });
  }

  /** The async iterator a reader gets; `onStop` runs when the reader lets go. */
  iterator(onStop?: () => void): AsyncIterableIterator<T> {
    this.reading = true;
    let returned = false;
    const next = (): Promise<IteratorResult<T>> => {
      if (returned) return Promise.resolve({ value: undefined, done: true });
      const f = this.#items.shift();
      if (f !== undefined) return Promise.resolve({ value: f, done: false });
      if (this.#done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => this.#waiting.push(resolve));
    };
    const it: AsyncIterableIterator<T> = {
      next,
      return: () => {
        returned = true;
        this.reading = false;
        this.#items.length = 0;
        // A next() still waiting, or called later (a for-await loop ended from outside), ends too.
        for (const w of this.#waiting.splice(0)) w({ value: undefined, done: true });
        onStop?.();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }
}
