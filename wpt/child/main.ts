// One test file, in this (child) process, in Node's main realm: browser globals, then
// the polyfill, then testharness.js and the report hook, then the page's scripts in
// document order, then DOMContentLoaded and load. Results go to the parent over IPC.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { parsePage, type PageScript } from '../lib/html.js';
import { parseMeta, substitute } from '../lib/meta.js';
import type { ChildConfig, ChildMessage } from '../lib/protocol.js';
import { isScriptTest, resolveScript, testUrl } from '../lib/urls.js';
import { installBrowserEnv, type BrowserEnv } from './env.js';
import { installFetch } from './fetch.js';
import { installTestDriverVendor } from './testdriver.js';
import { startWatchdog } from './watchdog.js';

/** The watchdog fires this long after the hard limit, should the parent have missed it. */
const WATCHDOG_MARGIN_MS = 5_000;

type Harness = Record<string, (...args: never[]) => unknown>;
interface HarnessTest { name: unknown; status: number; message: unknown; index: number; phase: number }
interface HarnessStatus { status: number; message: unknown; stack: unknown }

function send(message: ChildMessage, then?: () => void): void {
  if (!process.send || !process.connected) {
    then?.();
    return;
  }
  try {
    process.send(message, undefined, undefined, () => then?.());
  } catch {
    then?.();
  }
}

function text(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function fatal(message: string): void {
  send({ type: 'fatal', message }, () => process.exit(1));
}

/** The page's script list: from the HTML, or as wptserve wraps a .window.js/.any.js test. */
function pagePlan(wptDir: string, file: string): { title?: string; timeoutLong: boolean; scripts: PageScript[] } {
  const source = readFileSync(join(wptDir, file), 'utf8');
  if (!isScriptTest(file)) {
    const url = testUrl(file);
    return parsePage(file.includes('.sub.') ? substitute(source, new URL(url)) : source);
  }
  const meta = parseMeta(source);
  const scripts: PageScript[] = [];
  if (file.endsWith('.any.js')) {
    scripts.push({ text: 'self.GLOBAL = { isWindow() { return true; }, isWorker() { return false; }, isShadowRealm() { return false; } };', line: 1, module: false });
  }
  scripts.push({ src: '/resources/testharness.js', line: 1, module: false });
  scripts.push({ src: '/resources/testharnessreport.js', line: 1, module: false });
  for (const src of meta.scripts) scripts.push({ src, line: 1, module: false });
  scripts.push({ src: `/${file}`, line: 1, module: false });
  return { ...(meta.title !== undefined ? { title: meta.title } : {}), timeoutLong: meta.timeoutLong, scripts };
}

/**
 * Sends every subtest event and the completion to the parent; exits once complete. The
 * harness timeout is the parent's (below its hard limit), so a stuck subtest ends in a
 * harness TIMEOUT that still reports every subtest, and only a page that never lets the
 * harness finish (a busy loop, a hung cleanup, a page that asked for an explicit
 * timeout) meets the hard kill.
 *
 * The timeout is the runner's own timer calling testharness.js's `timeout()` (the harness
 * runs with `explicit_timeout`), not a `timeout_multiplier`: that would also shorten every
 * `t.step_timeout()` wait of the page (a test that waits 100 ms for a connection would
 * wait 10 ms).
 */
function hookHarness(harnessMs: number): void {
  const h = globalThis as unknown as Harness;
  const setup = h.setup as (properties: object) => void;
  setup({ output: false, explicit_timeout: true });
  // A page that asks for an explicit timeout itself decides when it times out.
  let pageExplicit = false;
  for (const name of ['setup', 'promise_setup']) {
    const original = h[name] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    h[name] = function (this: unknown, ...args: unknown[]): unknown {
      const properties = args.find((a) => typeof a === 'object' && a !== null) as { explicit_timeout?: unknown } | undefined;
      if (properties?.explicit_timeout) pageExplicit = true;
      return original.apply(this, args);
    };
  }
  const harnessTimer = setTimeout(() => {
    if (!pageExplicit) (h.timeout as () => void)();
  }, harnessMs);

  const addState = h.add_test_state_callback as (cb: (t: HarnessTest) => void) => void;
  const addResult = h.add_result_callback as (cb: (t: HarnessTest) => void) => void;
  const addCompletion = h.add_completion_callback as (cb: (tests: HarnessTest[], status: HarnessStatus) => void) => void;
  addState((t) => send({ type: 'state', index: t.index, name: String(t.name), phase: t.phase }));
  addResult((t) => {
    const message = text(t.message);
    send({ type: 'result', index: t.index, name: String(t.name), status: t.status, ...(message !== undefined ? { message } : {}) });
  });
  addCompletion((tests, status) => {
    clearTimeout(harnessTimer);
    const message = text(status.message);
    const stack = text(status.stack);
    send({
      type: 'complete',
      harness: status.status,
      ...(message !== undefined ? { message } : {}),
      ...(stack !== undefined ? { stack } : {}),
      tests: tests.map((t) => {
        const m = text(t.message);
        return { name: String(t.name), status: t.status, ...(m !== undefined ? { message: m } : {}) };
      }),
    }, () => process.exit(0));
  });
}

/** Compiles and runs a classic script in this realm; errors go to the page like a browser's. */
function runClassic(env: BrowserEnv, code: string, filename: string, line: number): void {
  let script: Script;
  try {
    script = new Script(code, { filename, lineOffset: line - 1 });
  } catch (error) {
    env.reportError(error);
    return;
  }
  try {
    script.runInThisContext();
  } catch (error) {
    env.reportError(error);
  }
}

/** Lets microtasks and due timers run between scripts, as between parser tasks. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function main(): Promise<void> {
  // A page stays open until the harness completes, even with nothing pending (a test
  // waiting on an event that never comes under explicit_timeout); the parent's hard
  // limit ends it then. Completion exits the process.
  setInterval(() => {}, 60_000);
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const { wptDir, file } = config;
  startWatchdog(config.limitMs + WATCHDOG_MARGIN_MS, config.parentPid);
  const pageUrl = testUrl(file);
  const pagePath = join(wptDir, file);
  if (!existsSync(pagePath)) return fatal(`test file not found: ${pagePath}`);

  const plan = pagePlan(wptDir, file);
  const env = installBrowserEnv({
    url: pageUrl, ...(plan.title !== undefined ? { title: plan.title } : {}), timeoutLong: plan.timeoutLong,
    onUncaught: () => send({ type: 'uncaught' }),
  });
  installFetch(wptDir, pageUrl);

  let polyfill: Record<string, unknown>;
  try {
    polyfill = (await import(config.polyfillUrl)) as Record<string, unknown>;
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return fatal(`the polyfill failed to load (${config.polyfillUrl}): ${detail}`);
  }
  // Browsers run WPT with fake capture devices (Chromium: --use-fake-device-for-media-stream);
  // the polyfill's own installGlobals offers the same as a nonstandard option.
  if (config.fakeMedia && typeof polyfill.installGlobals === 'function') {
    try {
      (polyfill.installGlobals as (options: object) => unknown)({ mediaDevices: true });
    } catch (error) {
      send({ type: 'note', message: `installGlobals({ mediaDevices: true }) threw: ${String(error)}` });
    }
  }

  let harnessLoaded = false;
  for (const script of plan.scripts) {
    env.beginScript(script.src);
    if (script.module) {
      send({ type: 'note', message: `module script skipped (not supported by the runner)${script.src ? `: ${script.src}` : ''}` });
    } else if (script.src === undefined) {
      runClassic(env, script.text ?? '', pagePath, script.line);
    } else {
      const target = resolveScript(script.src, pageUrl);
      if (target.kind === 'testharness') {
        runClassic(env, readFileSync(join(wptDir, 'resources/testharness.js'), 'utf8'), join(wptDir, 'resources/testharness.js'), 1);
        if (typeof (globalThis as Record<string, unknown>).add_completion_callback === 'function') {
          harnessLoaded = true;
          hookHarness(config.harnessMs);
        }
      } else if (target.kind === 'report') {
        // The runner's hook stands in for testharnessreport.js.
      } else if (target.kind === 'testdriver-vendor') {
        installTestDriverVendor();
      } else if (target.kind === 'remote') {
        send({ type: 'note', message: `cross-origin script not loaded: ${target.url}` });
      } else {
        const path = join(wptDir, target.path);
        let code: string | undefined;
        try {
          code = readFileSync(path, 'utf8');
        } catch {
          // A browser fires 'error' at the <script> element only; the page carries on.
          send({ type: 'note', message: `script not found: ${script.src} (${target.path})` });
        }
        if (code !== undefined) {
          if (/\.sub\.[^/]*$/.test(target.path)) code = substitute(code, new URL(script.src, pageUrl));
          runClassic(env, code, path, 1);
        }
      }
    }
    env.endScript();
    await yieldToEventLoop();
  }
  if (!harnessLoaded) return fatal('the page never loaded /resources/testharness.js');
  await env.finishLoading();
}

main().catch((error: unknown) => fatal(`runner error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
