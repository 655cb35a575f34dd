// FileReader (W3C File API §7) for the page: browsers have it and WPT helpers read
// received Blobs with it (RTCPeerConnection-helper.js blobToArrayBuffer). Node has Blob
// but no FileReader; this one reads through Blob's promise methods and fires the
// File API's events in tasks.

type ReadKind = 'arraybuffer' | 'text' | 'dataurl' | 'binarystring';
type Handler = ((this: FileReaderShim, ev: Event) => unknown) | null;

const EVENTS = ['loadstart', 'progress', 'load', 'abort', 'error', 'loadend'] as const;

/** A FileReader over Node's Blob. */
export class FileReaderShim extends EventTarget {
  static readonly EMPTY = 0;
  static readonly LOADING = 1;
  static readonly DONE = 2;
  readonly EMPTY = 0;
  readonly LOADING = 1;
  readonly DONE = 2;
  #state = 0;
  #result: string | ArrayBuffer | null = null;
  #error: DOMException | null = null;
  /** Each read gets a number; abort() or a new read makes an older one's completion stale. */
  #generation = 0;
  #handlers = new Map<string, Handler>();

  /** EMPTY, LOADING or DONE. */
  get readyState(): number {
    return this.#state;
  }
  /** The read's result, once DONE. */
  get result(): string | ArrayBuffer | null {
    return this.#result;
  }
  /** The read's error, if it failed. */
  get error(): DOMException | null {
    return this.#error;
  }

  /** Reads the blob as an ArrayBuffer. */
  readAsArrayBuffer(blob: Blob): void {
    this.#read(blob, 'arraybuffer');
  }
  /** Reads the blob as UTF-8 text (the encoding argument is not supported). */
  readAsText(blob: Blob): void {
    this.#read(blob, 'text');
  }
  /** Reads the blob as a data: URL. */
  readAsDataURL(blob: Blob): void {
    this.#read(blob, 'dataurl');
  }
  /** Reads the blob as a binary string. */
  readAsBinaryString(blob: Blob): void {
    this.#read(blob, 'binarystring');
  }

  /** Stops a read in progress (fires abort and loadend). */
  abort(): void {
    if (this.#state !== FileReaderShim.LOADING) {
      return;
    }
    this.#generation++;
    this.#state = FileReaderShim.DONE;
    this.#result = null;
    this.#fire('abort');
    this.#fire('loadend');
  }

  #read(blob: Blob, kind: ReadKind): void {
    if (!(blob instanceof Blob)) throw new TypeError("Failed to execute 'read' on 'FileReader': parameter 1 is not of type 'Blob'.");
    // File API §7.3: a read while one is in progress throws InvalidStateError.
    if (this.#state === FileReaderShim.LOADING) throw new DOMException('The object is already busy reading Blobs.', 'InvalidStateError');
    this.#state = FileReaderShim.LOADING;
    this.#result = null;
    this.#error = null;
    const generation = ++this.#generation;
    setImmediate(() => {
      if (generation === this.#generation) this.#fire('loadstart');
    });
    blob.arrayBuffer().then(
      (buffer) => setImmediate(() => {
        if (generation !== this.#generation) return;
        this.#state = FileReaderShim.DONE;
        this.#result = convert(buffer, kind, blob.type);
        this.#fire('progress');
        this.#fire('load');
        this.#fire('loadend');
      }),
      (reason: unknown) => setImmediate(() => {
        if (generation !== this.#generation) return;
        this.#state = FileReaderShim.DONE;
        this.#error = new DOMException(reason instanceof Error ? reason.message : String(reason), 'NotReadableError');
        this.#fire('error');
        this.#fire('loadend');
      }),
    );
  }

  #fire(type: string): void {
    this.dispatchEvent(new Event(type));
  }

  /** The `on<event>` handler for `type`. */
  handler(type: string): Handler {
    return this.#handlers.get(type) ?? null;
  }

  /** Sets the `on<event>` handler for `type` (a non-function clears it). */
  setHandler(type: string, value: unknown): void {
    const old = this.#handlers.get(type);
    if (old) this.removeEventListener(type, old as (ev: Event) => void);
    if (typeof value !== 'function') {
      this.#handlers.delete(type);
      return;
    }
    const fn = value as Handler;
    this.#handlers.set(type, fn);
    this.addEventListener(type, fn as (ev: Event) => void);
  }
}

for (const type of EVENTS) {
  Object.defineProperty(FileReaderShim.prototype, `on${type}`, {
    get(this: FileReaderShim) {
      return this.handler(type);
    },
    set(this: FileReaderShim, value: unknown) {
      this.setHandler(type, value);
    },
    configurable: true,
    enumerable: true,
  });
}

function convert(buffer: ArrayBuffer, kind: ReadKind, type: string): string | ArrayBuffer {
  const bytes = Buffer.from(buffer);
  switch (kind) {
    case 'arraybuffer':
      return buffer;
    case 'text':
      return bytes.toString('utf8');
    case 'binarystring':
      return bytes.toString('latin1');
    case 'dataurl':
      return `data:${type || 'application/octet-stream'};base64,${bytes.toString('base64')}`;
  }
}
