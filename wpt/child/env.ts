// Makes Node's main realm look enough like a browser window for testharness.js and the
// webrtc/ tests: window/self, document, location, navigator, window events, and errors
// reported to the page as a browser would (window 'error' / 'unhandledrejection').
import { ORIGIN } from '../lib/urls.js';
import { StubCanvas, StubDocument, StubMeta, StubScript } from './dom.js';
import { FileReaderShim } from './file-reader.js';

type Listener = ((event: Event) => void) | null;
type Global = Record<string, unknown>;

/** The 'error' event a browser fires at the window for an uncaught exception. */
class WindowErrorEvent extends Event {
  readonly message: string;
  readonly filename: string;
  readonly lineno: number;
  readonly colno: number;
  readonly error: unknown;

  constructor(error: unknown, message: string, where: { filename: string; lineno: number; colno: number }) {
    super('error', { cancelable: true });
    this.error = error;
    this.message = message;
    this.filename = where.filename;
    this.lineno = where.lineno;
    this.colno = where.colno;
  }
}

/** The 'unhandledrejection' event a browser fires at the window. */
class WindowRejectionEvent extends Event {
  readonly reason: unknown;
  readonly promise: Promise<unknown>;

  constructor(reason: unknown, promise: Promise<unknown>) {
    super('unhandledrejection', { cancelable: true });
    this.reason = reason;
    this.promise = promise;
  }
}

/** `Uncaught TypeError: ...` as Chromium words the message of an uncaught exception. */
export function uncaughtMessage(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    text = 'exception';
  }
  return `Uncaught ${text}`;
}

/** Where in a script an error was thrown, from the first stack frame that has a location. */
export function errorLocation(error: unknown): { filename: string; lineno: number; colno: number } {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frame = /\(?((?:file|https?):\/\/[^\s()]+|\/[^\s():]+):(\d+):(\d+)\)?/.exec(stack);
  return frame ? { filename: frame[1]!, lineno: Number(frame[2]), colno: Number(frame[3]) } : { filename: '', lineno: 0, colno: 0 };
}

/** What the loader needs to drive the page once the environment is installed. */
export interface BrowserEnv {
  document: StubDocument;
  /** Reports an exception to the page ("report the exception"): fires window 'error'. */
  reportError(error: unknown): void;
  /** Fires DOMContentLoaded, then 'load', as the end of parsing does. */
  finishLoading(): Promise<void>;
  /** Adds a parsed <script> element to the head and makes it document.currentScript. */
  beginScript(src: string | undefined): void;
  endScript(): void;
}

/** Page facts the environment reflects (title, timeout meta). */
export interface PageFacts {
  url: string;
  title?: string;
  timeoutLong: boolean;
  /** Called when an uncaught exception or unhandled rejection reaches the page. */
  onUncaught?: () => void;
}

function defineValue(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: true });
}

function makeLocation(href: string): Record<string, unknown> {
  const url = new URL(href);
  const location: Record<string, unknown> = {
    href: url.href, origin: url.origin, protocol: url.protocol, host: url.host, hostname: url.hostname,
    port: url.port, pathname: url.pathname, search: url.search, hash: url.hash, ancestorOrigins: [],
    assign(): void {}, replace(): void {}, reload(): void {},
    toString(): string { return url.href; },
  };
  return location;
}

/** `on<type>` handler attributes on the window, backed by its event target. */
function defineHandler(g: Global, target: EventTarget, type: string): void {
  let handler: Listener = null;
  const listener = (event: Event): void => {
    if (typeof handler !== 'function') return;
    if (event instanceof WindowErrorEvent) {
      const cancel = (handler as unknown as (...args: unknown[]) => unknown).call(
        g, event.message, event.filename, event.lineno, event.colno, event.error);
      if (cancel === true) event.preventDefault();
    } else {
      handler.call(g, event);
    }
  };
  target.addEventListener(type, listener);
  Object.defineProperty(g, `on${type}`, {
    get: () => handler,
    set: (value: unknown) => { handler = typeof value === 'function' ? (value as Listener) : null; },
    configurable: true,
    enumerable: true,
  });
}

/**
 * Installs the window globals in this realm. Call before the polyfill and the harness.
 * `navigator` is merged into an existing one, never replaced.
 */
export function installBrowserEnv(page: PageFacts): BrowserEnv {
  const g = globalThis as unknown as Global;
  const windowTarget = new EventTarget();
  const location = makeLocation(page.url);
  const document = new StubDocument(page.url, location);

  defineValue(g, 'window', g);
  defineValue(g, 'self', g);
  defineValue(g, 'parent', g);
  defineValue(g, 'top', g);
  defineValue(g, 'frames', g);
  defineValue(g, 'opener', null);
  defineValue(g, 'frameElement', null);
  defineValue(g, 'length', 0);
  defineValue(g, 'name', '');
  defineValue(g, 'closed', false);
  defineValue(g, 'origin', ORIGIN);
  defineValue(g, 'isSecureContext', true);
  defineValue(g, 'location', location);
  defineValue(g, 'document', document);
  document.defaultView = g;

  // idlharness decides which global it runs in with `'Window' in self`; the interface
  // exists, the realm's global object just is not an instance of it.
  if (!('Window' in g)) {
    const Window = function Window(): never {
      throw new TypeError('Illegal constructor');
    };
    Object.setPrototypeOf(Window.prototype, EventTarget.prototype);
    defineValue(g, 'Window', Window);
    Object.defineProperty(g, 'Window', { enumerable: false });
  }
  // The helpers probe HTMLCanvasElement.prototype.captureStream; absent here.
  if (!('HTMLCanvasElement' in g)) {
    defineValue(g, 'HTMLCanvasElement', StubCanvas);
    Object.defineProperty(g, 'HTMLCanvasElement', { enumerable: false });
  }

  // File API: the helpers read received Blobs with FileReader, which Node lacks.
  if (!('FileReader' in g)) {
    defineValue(g, 'FileReader', FileReaderShim);
    Object.defineProperty(g, 'FileReader', { enumerable: false });
  }

  const nav = (typeof g.navigator === 'object' && g.navigator !== null ? g.navigator : {}) as Global;
  const navDefaults: Global = {
    userAgent: `purertc-wpt Node.js/${process.versions.node}`,
    language: 'en-US',
    languages: ['en-US'],
    onLine: true,
    platform: process.platform,
    vendor: '',
    cookieEnabled: false,
  };
  for (const [key, value] of Object.entries(navDefaults)) if (!(key in nav)) defineValue(nav, key, value);
  if (g.navigator !== nav) defineValue(g, 'navigator', nav);

  // Window events: Node's global object is not an EventTarget, so one stands in for it.
  defineValue(g, 'addEventListener', windowTarget.addEventListener.bind(windowTarget));
  defineValue(g, 'removeEventListener', windowTarget.removeEventListener.bind(windowTarget));
  defineValue(g, 'dispatchEvent', windowTarget.dispatchEvent.bind(windowTarget));
  for (const type of ['error', 'unhandledrejection', 'load', 'message']) defineHandler(g, windowTarget, type);
  defineValue(g, 'postMessage', (data: unknown, _targetOrigin?: unknown): void => {
    const copy = structuredClone(data);
    setTimeout(() => windowTarget.dispatchEvent(new MessageEvent('message', { data: copy, origin: ORIGIN, source: null })), 0);
  });
  defineValue(g, 'requestAnimationFrame', (callback: (t: number) => void) => setTimeout(() => callback(performance.now()), 16));
  defineValue(g, 'cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));

  // The page's <title> and <meta name=timeout>, which testharness.js reads.
  if (page.title !== undefined) {
    const title = document.createElement('title');
    title.textContent = page.title;
    document.head.appendChild(title);
  }
  if (page.timeoutLong) {
    const meta = document.createElement('meta') as StubMeta;
    meta.setAttribute('name', 'timeout');
    meta.setAttribute('content', 'long');
    document.head.appendChild(meta);
  }

  // Errors: a listener that throws inside an error listener must not loop forever.
  let reported = 0;
  const reportError = (error: unknown): void => {
    if (++reported > 1000) return;
    page.onUncaught?.();
    const event = new WindowErrorEvent(error, uncaughtMessage(error), errorLocation(error));
    windowTarget.dispatchEvent(event);
    if (!event.defaultPrevented && reported <= 20) process.stderr.write(`[page] ${uncaughtMessage(error)}\n`);
  };
  process.on('uncaughtException', (error) => reportError(error));
  process.on('unhandledRejection', (reason, promise) => {
    if (++reported > 1000) return;
    page.onUncaught?.();
    windowTarget.dispatchEvent(new WindowRejectionEvent(reason, promise));
  });

  return {
    document,
    reportError,
    beginScript(src) {
      const script = document.createElement('script') as StubScript;
      if (src !== undefined) script.setAttribute('src', src);
      document.head.appendChild(script);
      document.currentScript = script;
    },
    endScript() {
      document.currentScript = null;
    },
    async finishLoading() {
      document.readyState = 'interactive';
      document.dispatchEvent(new Event('DOMContentLoaded', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      document.readyState = 'complete';
      document.dispatchEvent(new Event('readystatechange'));
      windowTarget.dispatchEvent(new Event('load'));
    },
  };
}
