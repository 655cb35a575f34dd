// `npm run test:wpt`: runs WPT webrtc/ tests in Node with the purertc polyfill, one child
// process per file, and compares the outcome with wpt/expectations.json.
// Usage: node --import tsx wpt/run.ts [--jobs N] [--timeout S] [--dist] [--update]
//        [--json out.json] [--verbose] [file|glob ...]   (see wpt/README.md)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { killAllChildren, runFile, runPool } from './lib/child-run.js';
import { parseArgs, USAGE, type RunOptions } from './lib/cli.js';
import {
  describeMismatch, diffExpectations, expectationFor, parseExpectations, serializeExpectations, updateExpectations,
  type Expectations,
} from './lib/expectations.js';
import { expandEntries, parseFileList, skipReason, type SkipEntry } from './lib/files.js';
import { defaultLimits, limitsFor, LONG_FACTOR, type FileLimits } from './lib/limits.js';
import { parsePage } from './lib/html.js';
import { parseMeta } from './lib/meta.js';
import { formatCoverageLines, formatDetails, formatTable, formatTimings, formatTotals } from './lib/report.js';
import { summarizeFile, summarizeRun, type Baseline, type FileResult } from './lib/results.js';
import { isScriptTest } from './lib/urls.js';

const WPT_HOME = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(WPT_HOME);
const CHILD_ENTRY = join(WPT_HOME, 'child', 'main.ts');
/** Lines of mismatches printed per kind before eliding. */
const MISMATCH_LINES = 40;

function fail(message: string, code = 2): never {
  console.error(`wpt: ${message}`);
  process.exit(code);
}

/** True if the test asks for a long timeout (`<meta name=timeout content=long>` / META). */
function isLong(wptDir: string, file: string): boolean {
  try {
    const source = readFileSync(join(wptDir, file), 'utf8');
    return isScriptTest(file) ? parseMeta(source).timeoutLong : parsePage(source).timeoutLong;
  } catch {
    return false;
  }
}

function loadBaseline(wptDir: string): Baseline | undefined {
  const path = join(wptDir, 'chromium-baseline.json');
  if (!existsSync(path)) {
    console.error(`wpt: no Chromium baseline at ${path}; coverage will read n/a`);
    return undefined;
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Baseline;
}

function loadExpectations(path: string): Expectations {
  if (!existsSync(path)) return {};
  try {
    return parseExpectations(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The files to run, the scope list's skips (they apply to named files too), and whether this is the whole scope. */
function selectFiles(options: RunOptions, wptDir: string): { files: string[]; skips: SkipEntry[]; wholeScope: boolean } {
  const wholeScope = options.patterns.length === 0;
  const listPath = resolve(options.filesList ?? join(WPT_HOME, 'files.txt'));
  if (!existsSync(listPath)) fail(`no scope list at ${listPath}`);
  let list: ReturnType<typeof parseFileList>;
  try {
    list = parseFileList(readFileSync(listPath, 'utf8'));
  } catch (error) {
    return fail(`${listPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const entries = wholeScope ? list.entries : options.patterns.map((p) => p.replace(/\\/g, '/').replace(/^\.?\/+/, ''));
  const { files, unmatched } = expandEntries(wptDir, entries);
  if (unmatched.length > 0) fail(`no test files match: ${unmatched.join(', ')}`);
  const absent = files.filter((f) => !existsSync(join(wptDir, f)));
  if (absent.length > 0) fail(`not in the corpus at ${wptDir}: ${absent.join(', ')}`);
  if (files.length === 0) fail('nothing to run');
  if (wholeScope) {
    // A skip that matches nothing is stale: the file was renamed or removed.
    const stale = list.skips.filter((s) => !files.some((f) => skipReason([s], f) !== undefined));
    if (stale.length > 0) fail(`skip entries in ${listPath} match no file of the scope: ${stale.map((s) => s.pattern).join(', ')}`);
  }
  return { files, skips: list.skips, wholeScope };
}

/** What a skipped file reports: no subtests (Chromium's count as NOTRUN), the reason as message. */
function skippedResult(file: string, reason: string): FileResult {
  return { file, harness: 'SKIP', subtests: [], ms: 0, killed: false, message: reason };
}

/** The time a file is expected to take, for ordering the pool (longest first). */
function expectedMs(limits: FileLimits, recordedMs: number | undefined): number {
  if (limits.source === 'duration' && recordedMs !== undefined) return recordedMs;
  return limits.harnessMs;
}

/** Completed files that took over 1.5x (and 2 s more than) their recorded time. */
function formatSlower(results: FileResult[], expectations: Expectations): string[] {
  const out: string[] = [];
  for (const r of results) {
    const e = expectationFor(expectations, r.file);
    if (!e || e.ms === undefined || e.settleMs !== undefined || r.timedOut || r.harness === 'SKIP') continue;
    if (r.ms > 1.5 * e.ms && r.ms > e.ms + 2_000) out.push(`${r.file}: ${(r.ms / 1000).toFixed(1)}s, recorded ${(e.ms / 1000).toFixed(1)}s`);
  }
  return out;
}

function printMismatches(lines: string[], kind: string): void {
  if (lines.length === 0) return;
  console.log(`${kind} (${lines.length}):`);
  for (const line of lines.slice(0, MISMATCH_LINES)) console.log(`  ${line}`);
  if (lines.length > MISMATCH_LINES) console.log(`  ... and ${lines.length - MISMATCH_LINES} more (see --json)`);
}

async function main(): Promise<void> {
  let options: RunOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`wpt: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  const wptDir = resolve(process.env.WPT_DIR ?? join(REPO_ROOT, '..', 'shared', 'wpt'));
  if (!existsSync(join(wptDir, 'resources', 'testharness.js'))) {
    fail(`no WPT corpus at ${wptDir} (set WPT_DIR to a directory holding resources/testharness.js and webrtc/)`);
  }
  const polyfillPath = options.polyfill
    ? resolve(options.polyfill)
    : join(REPO_ROOT, ...(options.dist ? ['dist', 'polyfill.mjs'] : ['src', 'polyfill.ts']));
  if (!existsSync(polyfillPath)) fail(`polyfill not found at ${polyfillPath}${options.dist ? ' (run npm run build)' : ''}`);
  const polyfillUrl = pathToFileURL(polyfillPath).href;
  const expectationsPath = resolve(options.expectations ?? join(WPT_HOME, 'expectations.json'));

  const { files, skips, wholeScope } = selectFiles(options, wptDir);
  const baseline = loadBaseline(wptDir);
  const expectations = loadExpectations(expectationsPath);
  const notes = new Map<string, Set<string>>();

  const skipped = files.map((file) => skipReason(skips, file));
  const toRun = files.map((_, i) => i).filter((i) => skipped[i] === undefined);
  console.log(
    `WPT: ${files.length} files from ${wptDir} (${files.length - toRun.length} skipped), polyfill ${relative(REPO_ROOT, polyfillPath)}, ` +
    `${options.jobs} jobs, limits ${options.defaultLimits ? `${options.timeoutMs / 1000}s (long ${(LONG_FACTOR * options.timeoutMs) / 1000}s) for every file` : 'from the recorded times'}`,
  );
  const started = performance.now();
  let done = 0;
  const limits = files.map((file) => {
    const long = isLong(wptDir, file);
    return options.defaultLimits ? defaultLimits(options.timeoutMs, long) : limitsFor(expectationFor(expectations, file), options.timeoutMs, long);
  });
  // The longest files start first so they overlap the short ones instead of trailing at
  // the end of the run; results are reported in scope order regardless.
  const expected = files.map((file, i) => expectedMs(limits[i]!, expectationFor(expectations, file)?.ms));
  const order = toRun.sort((a, b) => expected[b]! - expected[a]! || a - b);
  const results: FileResult[] = files.map((file, i) => skippedResult(file, skipped[i] ?? ''));
  await runPool(order.length, options.jobs, async (slot) => {
    const index = order[slot]!;
    const file = files[index]!;
    const limit = limits[index]!;
    const result = await runFile({
      childEntry: CHILD_ENTRY,
      cwd: REPO_ROOT,
      config: {
        wptDir, file, polyfillUrl, limitMs: limit.hardMs, harnessMs: limit.harnessMs, fakeMedia: options.fakeMedia, parentPid: process.pid,
      },
      onNote: (message) => {
        if (!notes.has(file)) notes.set(file, new Set());
        notes.get(file)!.add(message);
      },
    });
    done++;
    if (options.verbose) {
      const s = summarizeFile(result, baseline);
      console.log(`[${done}/${order.length}] ${file}: ${s.passed}/${s.total} ${result.harness} ${(result.ms / 1000).toFixed(1)}s (limit ${(limit.harnessMs / 1000).toFixed(1)}s, ${limit.source})`);
    }
    results[index] = result;
  });
  const wallMs = performance.now() - started;
  killAllChildren();

  const summary = summarizeRun(results, baseline);
  console.log('');
  console.log(formatTable(summary));
  console.log('');
  if (options.verbose) {
    const details = formatDetails(results);
    if (details) console.log(`${details}\n`);
    for (const [file, messages] of notes) for (const m of messages) console.log(`note: ${file}: ${m}`);
  }

  const mismatches = diffExpectations(expectations, results);
  let exitCode = 0;
  if (options.update) {
    writeFileSync(expectationsPath, serializeExpectations(updateExpectations(expectations, results, wholeScope)));
    console.log(`Expectations: wrote ${expectationsPath} (${results.length} files${wholeScope ? '' : ', merged'}); ${mismatches.length} differences recorded`);
  } else if (mismatches.length === 0) {
    console.log('Expectations: all results as expected');
  } else {
    exitCode = 1;
    printMismatches(mismatches.filter((m) => m.kind === 'regression').map(describeMismatch), 'Regressions');
    printMismatches(mismatches.filter((m) => m.kind === 'harness').map(describeMismatch), 'Harness status changes');
    printMismatches(mismatches.filter((m) => m.kind === 'missing').map(describeMismatch), 'Files not in expectations');
    printMismatches(mismatches.filter((m) => m.kind === 'unexpected-pass').map(describeMismatch), 'New passes (record with --update)');
    console.log(`Expectations: ${mismatches.length} differences from ${expectationsPath}; the run fails`);
  }

  if (options.json) {
    const out = {
      wptDir, polyfill: polyfillPath, wallMs: Math.round(wallMs), jobs: options.jobs, timeoutMs: options.timeoutMs,
      passed: summary.passed, failed: summary.failed, coverage: { scope: summary.scope, idlharness: summary.idl, areas: summary.areas },
      mismatches,
      files: results.map((r, i) => ({ ...r, chromium: summary.files[i]!.chromium, covered: summary.files[i]!.covered })),
    };
    writeFileSync(resolve(options.json), `${JSON.stringify(out, null, 2)}\n`);
    console.log(`Results: wrote ${resolve(options.json)}`);
  }

  const skippedLines = results.filter((r) => r.harness === 'SKIP').map((r) => `${r.file}: ${r.message ?? ''}`);
  if (skippedLines.length > 0) printMismatches(skippedLines, 'Skipped (cannot run in Node; Chromium\'s passes count as failed)');
  const slower = formatSlower(results, expectations);
  if (slower.length > 0) printMismatches(slower, 'Slower than recorded, within the limits (a file past its limit fails as TIMEOUT)');
  console.log(formatCoverageLines(summary));
  console.log(formatTimings(summary, wallMs, options.jobs));
  console.log(formatTotals(summary));
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', killAllChildren);

main().catch((error: unknown) => {
  killAllChildren();
  fail(`runner error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});
