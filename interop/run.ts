// Runs the interop scenarios in interop/scenarios/*.ts against live browsers.
//
//   node --import tsx interop/run.ts [--verbose] [name-filter ...]
//
// Prints one PASS/FAIL/SKIP line per scenario and closes with
// `interop: N passed, M failed[, K skipped]`; exits non-zero when anything failed.
// A browser that is not installed skips its scenarios with a loud notice, except under
// CI=true, where it fails them.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, relative } from 'node:path';
import {
  BrowserMissingError,
  TimeoutError,
  findExecutable,
  launch,
  loudNotice,
  settleWithin,
  startPageServer,
  withTimeout,
  type Browser,
  type BrowserKind,
  type Page,
  type PageServer,
  type Scenario,
  type ScenarioContext,
} from './harness/index.js';

/** Bound for one cleanup or one tab close after a scenario. */
const CLEANUP_TIMEOUT_MS = 5_000;
/** Bound for the whole run, a backstop should a bound above fail to hold. */
const RUN_TIMEOUT_MS = 10 * 60_000;

const SCENARIO_DIR = fileURLToPath(new URL('./scenarios/', import.meta.url));
/** Where a failed scenario's notes are written (ignored by git). */
const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));
const underCi = process.env.CI === 'true';

type Outcome = { status: 'pass' } | { status: 'fail'; reason: string } | { status: 'skip'; reason: string };

/** Loads every scenario file, in file-name order. */
async function loadScenarios(): Promise<Scenario[]> {
  const files = (await readdir(SCENARIO_DIR)).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')).sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(SCENARIO_DIR, file)).href)) as { scenarios?: Scenario[] };
    if (!Array.isArray(module.scenarios)) throw new Error(`interop/scenarios/${file} does not export scenarios: Scenario[]`);
    scenarios.push(...module.scenarios);
  }
  const names = new Set<string>();
  for (const { name } of scenarios) {
    if (names.has(name)) throw new Error(`two scenarios are named ${JSON.stringify(name)}`);
    names.add(name);
  }
  return scenarios;
}

/** Launches each browser once, on first use, and relaunches one that a scenario left wedged. */
class BrowserPool {
  private readonly running = new Map<BrowserKind, Promise<Browser>>();
  private readonly noticed = new Set<BrowserKind>();

  constructor(private readonly server: PageServer) {}

  /** Why scenarios needing `kind` cannot run, or undefined when it is installed. */
  missing(kind: BrowserKind): Outcome | undefined {
    if (findExecutable(kind)) return undefined;
    const error = new BrowserMissingError(kind);
    if (underCi) return { status: 'fail', reason: `${error.message}; CI=true requires every browser` };
    if (!this.noticed.has(kind)) {
      this.noticed.add(kind);
      loudNotice([
        `INTEROP: ${kind.toUpperCase()} IS NOT INSTALLED`,
        `Its scenarios are SKIPPED; they would FAIL under CI=true.`,
        `Install it: apt-get install -y ${kind === 'chromium' ? 'chromium' : 'firefox-esr'}`,
      ]);
    }
    return { status: 'skip', reason: `${kind} not installed` };
  }

  get(kind: BrowserKind): Promise<Browser> {
    let browser = this.running.get(kind);
    if (!browser) {
      browser = launch(kind, { server: this.server });
      // A failed launch is reported to each scenario that asks, then retried by the next.
      browser.catch(() => this.running.delete(kind));
      this.running.set(kind, browser);
    }
    return browser;
  }

  async discard(kind: BrowserKind): Promise<void> {
    const browser = this.running.get(kind);
    this.running.delete(kind);
    await browser?.then((started) => started.close(), () => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((kind) => this.discard(kind)));
  }

  versions(): Promise<string[]> {
    return Promise.all([...this.running.entries()].map(([kind, browser]) => browser.then((started) => `${kind} ${started.version}`, () => `${kind} (failed to launch)`)));
  }
}

function message(error: unknown): string {
  if (error instanceof Error) return error.name && !error.message.startsWith(error.name) && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** Runs one scenario inside its time bound, then its cleanups and tab closes. */
async function runScenario(scenario: Scenario, pool: BrowserPool, notes: string[]): Promise<Outcome> {
  for (const kind of scenario.browsers) {
    const missing = pool.missing(kind);
    if (missing) return missing;
  }
  const abort = new AbortController();
  const cleanups: (() => unknown)[] = [];
  const pages: Page[] = [];
  const context: ScenarioContext = {
    async page(kind) {
      if (!scenario.browsers.includes(kind)) throw new Error(`scenario did not declare browser ${kind}`);
      const page = await (await pool.get(kind)).newPage();
      if (abort.signal.aborted) {
        await page.close();
        throw new Error('scenario already timed out');
      }
      pages.push(page);
      return page;
    },
    defer: (cleanup) => void cleanups.push(cleanup),
    signal: abort.signal,
    log: (note) => void notes.push(note),
  };
  let outcome: Outcome = { status: 'pass' };
  let timedOut = false;
  try {
    await withTimeout(scenario.run(context), scenario.timeoutMs, scenario.name);
  } catch (error) {
    outcome = { status: 'fail', reason: message(error) };
    timedOut = error instanceof TimeoutError;
    if (timedOut) abort.abort(error);
  }
  for (const cleanup of cleanups.reverse()) {
    const failed = await settleWithin(async () => cleanup(), CLEANUP_TIMEOUT_MS, 'cleanup');
    if (failed) notes.push(`cleanup failed: ${message(failed)}`);
  }
  await Promise.all(pages.map((page) => page.close()));
  // A browser may be stuck in whatever timed out: the next scenario gets a fresh one.
  if (timedOut) for (const kind of scenario.browsers) await pool.discard(kind);
  return outcome;
}

/** Writes a failed scenario's notes (SDP and such) to interop/out/ and returns the path. */
async function saveNotes(name: string, notes: readonly string[]): Promise<string> {
  await mkdir(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.log`);
  await writeFile(file, notes.join('\n\n') + '\n');
  return relative(process.cwd(), file);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const filters = args.filter((arg) => !arg.startsWith('--'));
  const scenarios = (await loadScenarios()).filter((scenario) => filters.length === 0 || filters.some((filter) => scenario.name.includes(filter)));
  const server = await startPageServer();
  const pool = new BrowserPool(server);
  const counts = { pass: 0, fail: 0, skip: 0 };
  const started = Date.now();
  try {
    for (const scenario of scenarios) {
      const notes: string[] = [];
      const begin = Date.now();
      const outcome = await runScenario(scenario, pool, notes);
      counts[outcome.status] += 1;
      const label = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' }[outcome.status];
      const detail = outcome.status === 'skip' ? outcome.reason : seconds(Date.now() - begin);
      console.log(`${label}  ${scenario.name}  (${detail})`);
      if (outcome.status === 'fail') console.log(`      ${outcome.reason.trim().split('\n').join('\n      ')}`);
      if (verbose) for (const note of notes) console.log(`      | ${note.split('\n').join('\n      | ')}`);
      else if (outcome.status === 'fail' && notes.length > 0) console.log(`      notes: ${await saveNotes(scenario.name, notes)}`);
    }
  } finally {
    const versions = await pool.versions();
    await pool.closeAll();
    await server.close();
    if (versions.length > 0) console.log(`browsers: ${versions.join(', ')}; ${seconds(Date.now() - started)}`);
  }
  const skipped = counts.skip > 0 ? `, ${counts.skip} skipped` : '';
  console.log(`interop: ${counts.pass} passed, ${counts.fail} failed${skipped}`);
  return counts.fail > 0 ? 1 : 0;
}

const backstop = setTimeout(() => {
  console.error(`interop: the run exceeded ${seconds(RUN_TIMEOUT_MS)}; giving up`);
  process.exit(1);
}, RUN_TIMEOUT_MS);
backstop.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('interop: 0 passed, 1 failed');
    process.exit(1);
  },
);
