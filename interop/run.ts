// Runs the interop scenarios in interop/scenarios/*.ts against live browsers.
//
//   node --import tsx interop/run.ts [--verbose] [name-filter ...]
//
// Prints one PASS/FAIL/SKIP line per scenario and closes with
// `interop: N passed, M failed[, K skipped]`; exits non-zero when anything failed.
// A browser that is not installed skips its scenarios with a loud notice, except under
// CI=true, where it fails them.
//
// Scenarios with Firefox (and those marked `isolated`) run in a child process inside a
// private network namespace (harness/netns.ts); this process runs the others on loopback,
// then the child, streams its lines and adds its counts to the summary. Where no
// namespace can be made (not root, no unshare or ip) those scenarios are skipped with a
// loud notice, or failed under CI=true.
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
  ScenarioSkip,
  type Scenario,
  type ScenarioContext,
} from './harness/index.js';
import { LOOPBACK_NETWORK, NAMESPACE_NETWORK, type InteropNetwork } from './harness/network.js';
import {
  NETNS_CHILD_FLAG,
  needsNamespace,
  probeNamespace,
  runNamespaceChild,
  stopNamespaceChild,
  summaryLine,
  type Counts,
} from './harness/netns.js';

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

/** Which browser: its kind, whether it hides host addresses behind mDNS names, any extra Chromium switches. */
type Variant = { kind: BrowserKind; hideHostAddresses: boolean; chromiumArgs: readonly string[] };

function variantKey({ kind, hideHostAddresses, chromiumArgs }: Variant): string {
  const traits = [...(hideHostAddresses ? ['mDNS host candidates'] : []), ...chromiumArgs];
  return traits.length > 0 ? `${kind} (${traits.join(', ')})` : kind;
}

/** Launches each browser variant once, on first use, and relaunches one that a scenario left wedged. */
class BrowserPool {
  private readonly running = new Map<string, { variant: Variant; browser: Promise<Browser> }>();
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

  get(variant: Variant): Promise<Browser> {
    const key = variantKey(variant);
    let entry = this.running.get(key);
    if (!entry) {
      const browser = launch(variant.kind, { server: this.server, hideHostAddresses: variant.hideHostAddresses, chromiumArgs: variant.chromiumArgs });
      // A failed launch is reported to each scenario that asks, then retried by the next.
      browser.catch(() => this.running.delete(key));
      entry = { variant, browser };
      this.running.set(key, entry);
    }
    return entry.browser;
  }

  /** Closes every running variant of `kind`. */
  async discard(kind: BrowserKind): Promise<void> {
    const entries = [...this.running.entries()].filter(([, entry]) => entry.variant.kind === kind);
    for (const [key] of entries) this.running.delete(key);
    await Promise.all(entries.map(([, entry]) => entry.browser.then((started) => started.close(), () => undefined)));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...new Set([...this.running.values()].map((entry) => entry.variant.kind))].map((kind) => this.discard(kind)));
  }

  versions(): Promise<string[]> {
    return Promise.all(
      [...this.running.entries()].map(([key, entry]) => entry.browser.then((started) => `${key} ${started.version}`, () => `${key} (failed to launch)`)),
    );
  }
}

function message(error: unknown): string {
  if (error instanceof Error) return error.name && !error.message.startsWith(error.name) && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** Runs one scenario inside its time bound, then its cleanups and tab closes. */
async function runScenario(scenario: Scenario, pool: BrowserPool, network: InteropNetwork, notes: string[]): Promise<Outcome> {
  for (const kind of scenario.browsers) {
    const missing = pool.missing(kind);
    if (missing) return missing;
  }
  const abort = new AbortController();
  const cleanups: (() => unknown)[] = [];
  const pages: Page[] = [];
  const context: ScenarioContext = {
    async page(kind, options) {
      if (!scenario.browsers.includes(kind)) throw new Error(`scenario did not declare browser ${kind}`);
      const variant = { kind, hideHostAddresses: options?.hideHostAddresses === true, chromiumArgs: options?.chromiumArgs ?? [] };
      const page = await (await pool.get(variant)).newPage();
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
    network,
  };
  let outcome: Outcome = { status: 'pass' };
  let timedOut = false;
  try {
    await withTimeout(scenario.run(context), scenario.timeoutMs, scenario.name);
  } catch (error) {
    if (error instanceof ScenarioSkip && !underCi) outcome = { status: 'skip', reason: error.message };
    else outcome = { status: 'fail', reason: message(error) };
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

/** Runs `scenarios` in this process on `network`, printing a line for each; returns the counts. */
async function runHere(scenarios: readonly Scenario[], network: InteropNetwork, verbose: boolean): Promise<Counts> {
  const counts: Counts = { pass: 0, fail: 0, skip: 0 };
  if (scenarios.length === 0) return counts;
  const server = await startPageServer();
  const pool = new BrowserPool(server);
  const started = Date.now();
  try {
    for (const scenario of scenarios) {
      const notes: string[] = [];
      const begin = Date.now();
      const outcome = await runScenario(scenario, pool, network, notes);
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
    const where = network === NAMESPACE_NETWORK ? ' (in the network namespace)' : '';
    if (versions.length > 0) console.log(`browsers${where}: ${versions.join(', ')}; ${seconds(Date.now() - started)}`);
  }
  return counts;
}

/** Runs `scenarios` in a namespaced child, or skips them (fails them under CI) when no namespace can be made. */
async function runInNamespace(scenarios: readonly Scenario[], childArgs: readonly string[]): Promise<Counts> {
  if (scenarios.length === 0) return { pass: 0, fail: 0, skip: 0 };
  const unavailable = await probeNamespace();
  if (unavailable === undefined) return runNamespaceChild(fileURLToPath(import.meta.url), childArgs, (line) => console.log(line));
  loudNotice([
    'INTEROP: NO PRIVATE NETWORK NAMESPACE FOR THE FIREFOX SCENARIOS',
    unavailable,
    `Their ${scenarios.length} scenario(s) are ${underCi ? 'FAILED (CI=true)' : 'SKIPPED; they would FAIL under CI=true'}.`,
    'They need root (or CAP_SYS_ADMIN and CAP_NET_ADMIN), unshare (util-linux) and ip (iproute2).',
  ]);
  for (const scenario of scenarios) {
    console.log(`${underCi ? 'FAIL' : 'SKIP'}  ${scenario.name}  (no network namespace)`);
    if (underCi) console.log(`      ${unavailable}`);
  }
  return underCi ? { pass: 0, fail: scenarios.length, skip: 0 } : { pass: 0, fail: 0, skip: scenarios.length };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const inNamespace = args.includes(NETNS_CHILD_FLAG);
  const filters = args.filter((arg) => !arg.startsWith('--'));
  const scenarios = (await loadScenarios()).filter((scenario) => filters.length === 0 || filters.some((filter) => scenario.name.includes(filter)));
  let counts: Counts;
  if (inNamespace) {
    counts = await runHere(scenarios.filter(needsNamespace), NAMESPACE_NETWORK, verbose);
  } else {
    const here = await runHere(scenarios.filter((scenario) => !needsNamespace(scenario)), LOOPBACK_NETWORK, verbose);
    const there = await runInNamespace(scenarios.filter(needsNamespace), [...(verbose ? ['--verbose'] : []), ...filters]);
    counts = { pass: here.pass + there.pass, fail: here.fail + there.fail, skip: here.skip + there.skip };
  }
  console.log(summaryLine(counts));
  return counts.fail > 0 ? 1 : 0;
}

const backstop = setTimeout(() => {
  console.error(`interop: the run exceeded ${seconds(RUN_TIMEOUT_MS)}; giving up`);
  stopNamespaceChild();
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
