// Live browsers for interop tests: Debian's Chromium driven by Playwright, Debian's
// Firefox ESR driven over WebDriver BiDi by puppeteer-core. Neither tool may download a
// browser; both are pointed at the system executables.
import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { NAMESPACE_NODE_ADDRESS } from './network.js';
import { startPageServer, type PageServer } from './server.js';
import { withTimeout, settleWithin } from './timeout.js';

/** The browsers the suite knows how to drive. */
export type BrowserKind = 'chromium' | 'firefox';

/** Every browser kind, in the order scenarios are listed. */
export const BROWSER_KINDS: readonly BrowserKind[] = ['chromium', 'firefox'];

/** Where each browser is looked for; `CHROMIUM_PATH` / `FIREFOX_PATH` take precedence. */
const CANDIDATE_PATHS: Record<BrowserKind, readonly string[]> = {
  chromium: ['/usr/bin/chromium', '/usr/lib/chromium/chromium'],
  firefox: ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr'],
};

const PATH_VARIABLES: Record<BrowserKind, string> = { chromium: 'CHROMIUM_PATH', firefox: 'FIREFOX_PATH' };

/** Time bound for starting a browser and loading the first page. */
export const LAUNCH_TIMEOUT_MS = 30_000;
/** Default time bound for one `evaluate` call. */
export const EVALUATE_TIMEOUT_MS = 15_000;
/** Time bound for closing a page or a browser before giving up on it. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Chromium switches. Loopback candidates are off by default and host addresses are
 * hidden behind mDNS names unless the page holds a media permission; the fake devices
 * give getUserMedia a test pattern and a beep without a prompt. Pages come from
 * 127.0.0.1 by address, so no name needs resolving: the resolver rule keeps Chromium's
 * own background lookups (accounts.google.com, update servers) from leaving the machine.
 * Chromium's ICE-TCP connections resolve their target through the same resolver, IP
 * literals included, so purertc's namespace address is excluded from the rule as well
 * (otherwise every connect to a passive candidate there ends in ERR_NAME_NOT_RESOLVED).
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE ${NAMESPACE_NODE_ADDRESS}`,
];

/**
 * Firefox preferences. `ice.loopback` lets ICE gather on 127.0.0.1/::1; without
 * `obfuscate_host_addresses=false` host candidates become mDNS names; the fake streams
 * and disabled permission prompt let getUserMedia resolve headless.
 */
const FIREFOX_PREFS: Record<string, unknown> = {
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.navigator.permission.disabled': true,
  'media.navigator.streams.fake': true,
  'media.autoplay.default': 0,
  'network.proxy.type': 0,
};

/** Options shared by both launchers. */
export interface LaunchOptions {
  /** Serve pages from this server instead of starting (and later stopping) one. */
  server?: PageServer;
  /** Keep the browser's default of hiding host addresses behind mDNS names. */
  hideHostAddresses?: boolean;
  /** More Chromium switches, after the usual ones (a field trial, say); Chromium only. */
  chromiumArgs?: readonly string[];
  /** Bound for each `evaluate` call on this browser's pages (default 15 s). */
  evaluateTimeoutMs?: number;
}

/** A function run inside the page. It is sent as source text, so it may use nothing from its Node scope. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

/** A tab showing the blank page from the harness server. */
export interface Page {
  /**
   * Runs `fn(arg)` in the page and returns its (awaited) result. `arg` and the result
   * travel as JSON. A page exception rejects with a {@link PageError} keeping its name
   * (`InvalidAccessError`, `TypeError`, ...). A string is evaluated as an expression.
   */
  evaluate<R>(fn: PageFunction<undefined, R>): Promise<Awaited<R>>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<Awaited<R>>;
  evaluate<R = unknown>(expression: string): Promise<R>;
  /** Closes the tab (and with it every RTCPeerConnection it holds). */
  close(): Promise<void>;
}

/** A running browser with one page already open. */
export interface Browser extends Page {
  readonly kind: BrowserKind;
  /** The product version as the driver reports it, e.g. `156.0.8078.79` or `153.7.0`. */
  readonly version: string;
  /** `navigator.userAgent` of the first page. */
  readonly userAgent: string;
  /** Opens another tab on the blank page. */
  newPage(): Promise<Page>;
  /** Closes every tab, stops the browser and, if the launch started one, the page server. */
  close(): Promise<void>;
}

/** Thrown by a launcher when the browser executable is not installed. */
export class BrowserMissingError extends Error {
  override name = 'BrowserMissingError';
  constructor(readonly kind: BrowserKind) {
    super(`${kind} is not installed (looked for ${searchPaths(kind).join(', ')})`);
  }
}

/** An exception thrown inside the page, with the page's error name and stack. */
export class PageError extends Error {
  constructor(name: string, message: string, readonly pageStack: string) {
    super(message);
    this.name = name;
  }
}

/** Where `kind` is looked for: the environment override alone, or the usual places. */
function searchPaths(kind: BrowserKind): readonly string[] {
  const override = process.env[PATH_VARIABLES[kind]];
  return override ? [override] : CANDIDATE_PATHS[kind];
}

/** The executable to launch for `kind`, or undefined when it is not installed. */
export function findExecutable(kind: BrowserKind): string | undefined {
  for (const path of searchPaths(kind)) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here; try the next place
    }
  }
  return undefined;
}

/** Launches the browser of the given kind. */
export function launch(kind: BrowserKind, options: LaunchOptions = {}): Promise<Browser> {
  return kind === 'chromium' ? launchChromium(options) : launchFirefox(options);
}

/** What a driver (Playwright or puppeteer) must provide for one tab. */
interface RawPage {
  evaluateExpression(expression: string): Promise<unknown>;
  close(): Promise<void>;
}

/** What a driver must provide for one browser process. */
interface RawBrowser {
  version: string;
  newPage(url: string): Promise<RawPage>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless through playwright-core. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findExecutable('chromium');
  if (!executablePath) throw new BrowserMissingError('chromium');
  // Chromium shows host addresses to a page holding a media permission, and the fake UI
  // grants it: hiding them takes both switches off.
  const base = options.hideHostAddresses
    ? CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-ui-for-media-stream')
    : [...CHROMIUM_ARGS, '--disable-features=WebRtcHideLocalIpsWithMdns'];
  const args = [...base, ...(options.chromiumArgs ?? [])];
  return open('chromium', options, async () => {
    const browser = await chromium.launch({ executablePath, headless: true, args, timeout: LAUNCH_TIMEOUT_MS });
    const context = await browser.newContext();
    return {
      version: browser.version(),
      async newPage(url) {
        const page = await context.newPage();
        await page.goto(url, { timeout: LAUNCH_TIMEOUT_MS });
        return { evaluateExpression: (expression) => page.evaluate(expression), close: () => page.close() };
      },
      close: () => browser.close(),
    };
  });
}

/** Launches Debian's Firefox ESR headless, driven over WebDriver BiDi by puppeteer-core. */
export async function launchFirefox(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findExecutable('firefox');
  if (!executablePath) throw new BrowserMissingError('firefox');
  if (options.chromiumArgs?.length) throw new Error('chromiumArgs given for Firefox');
  const prefs = { ...FIREFOX_PREFS };
  if (options.hideHostAddresses) prefs['media.peerconnection.ice.obfuscate_host_addresses'] = true;
  return open('firefox', options, async () => {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      extraPrefsFirefox: prefs,
      timeout: LAUNCH_TIMEOUT_MS,
      protocolTimeout: LAUNCH_TIMEOUT_MS,
    });
    return {
      version: (await browser.version()).replace(/^firefox\//i, ''),
      async newPage(url) {
        const page = await browser.newPage();
        await page.goto(url, { timeout: LAUNCH_TIMEOUT_MS });
        return { evaluateExpression: (expression) => page.evaluate(expression), close: () => page.close() };
      },
      async close() {
        const closed = await settleWithin(() => browser.close(), CLOSE_TIMEOUT_MS, 'firefox close');
        if (closed) browser.process()?.kill('SIGKILL');
      },
    };
  });
}

/** Starts the server if needed, launches through `start`, and opens the first page. */
async function open(kind: BrowserKind, options: LaunchOptions, start: () => Promise<RawBrowser>): Promise<Browser> {
  const ownServer = options.server ? undefined : await startPageServer();
  const server = options.server ?? ownServer!;
  const evaluateTimeoutMs = options.evaluateTimeoutMs ?? EVALUATE_TIMEOUT_MS;
  let raw: RawBrowser | undefined;
  // The launch itself is bounded; a launch that completes after its bound is closed.
  const launching = start();
  try {
    raw = await withTimeout(launching, LAUNCH_TIMEOUT_MS, `${kind} launch`);
    const first = wrapPage(kind, await withTimeout(raw.newPage(server.url), LAUNCH_TIMEOUT_MS, `${kind} first page`), evaluateTimeoutMs);
    const userAgent = await first.evaluate<string>('navigator.userAgent');
    const started = raw;
    return {
      kind,
      version: started.version,
      userAgent,
      evaluate: first.evaluate,
      async newPage() {
        return wrapPage(kind, await withTimeout(started.newPage(server.url), LAUNCH_TIMEOUT_MS, `${kind} new page`), evaluateTimeoutMs);
      },
      async close() {
        await settleWithin(() => started.close(), CLOSE_TIMEOUT_MS, `${kind} close`);
        await ownServer?.close();
      },
    };
  } catch (error) {
    if (raw) await settleWithin(() => raw!.close(), CLOSE_TIMEOUT_MS, `${kind} close`);
    else launching.then((late) => late.close(), () => undefined);
    await ownServer?.close();
    throw error;
  }
}

/** The shape every page call answers with, so errors keep their DOMException names. */
type Outcome = { ok: true; json: string } | { ok: false; name: string; message: string; stack: string };

/**
 * Builds the page-side expression for `source(arg)`. Code loaded through tsx is
 * compiled with esbuild's keepNames, which wraps named functions in `__name(...)`
 * calls; the identity `__name` declared here lets such function text run in a page.
 */
function pageCall(source: string, argJson: string): string {
  return `(async () => {
  const __name = (target) => target;
  try {
    const value = await (${source})(${argJson});
    return { ok: true, json: JSON.stringify(value === undefined ? null : value) };
  } catch (error) {
    return { ok: false, name: String(error && error.name), message: String(error && error.message), stack: String(error && error.stack) };
  }
})()`;
}

function wrapPage(kind: BrowserKind, raw: RawPage, evaluateTimeoutMs: number): Page {
  async function evaluate(target: string | PageFunction<unknown, unknown>, arg?: unknown): Promise<unknown> {
    const source = typeof target === 'string' ? `() => (${target})` : target.toString();
    const argJson = arg === undefined ? 'undefined' : JSON.stringify(arg);
    const label = typeof target === 'string' ? target : target.name || 'page function';
    const outcome = (await withTimeout(raw.evaluateExpression(pageCall(source, argJson)), evaluateTimeoutMs, `${kind}: ${label.slice(0, 60)}`)) as Outcome;
    if (!outcome.ok) throw new PageError(outcome.name, `${kind}: ${outcome.message}`, outcome.stack);
    return JSON.parse(outcome.json);
  }
  return {
    evaluate: evaluate as Page['evaluate'],
    close: async () => {
      await settleWithin(() => raw.close(), CLOSE_TIMEOUT_MS, `${kind} page close`);
    },
  };
}
