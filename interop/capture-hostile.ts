// Runs every hostile remote-input case (interop/hostile-cases.ts) in the system's Chromium
// and writes what Chromium did with each into test/fixtures/sdp-hostile/chromium-outcomes.json,
// the table test/api/sdp-hostile.test.ts holds purertc to; then probes inputs too large to
// run in every test (100,000 m-sections, 100,000 candidates) and records those outcomes
// beside the table. Run it again after a Chromium upgrade:
//
//   node --import tsx interop/capture-hostile.ts
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { launch, type Browser } from './harness/index.js';
import { runHostileCase, type HostileCase, type HostileOutcome, type HostileTable } from './harness/hostile.js';
import { HOSTILE_CASES } from './hostile-cases.js';

const FIXTURE_DIR = fileURLToPath(new URL('../test/fixtures/sdp-hostile/', import.meta.url));
const FIXTURE = join(FIXTURE_DIR, 'chromium-outcomes.json');
/** Bound for a data channel to open after the recovery exchange. */
const OPEN_TIMEOUT_MS = 10_000;
/** Bound for one case in the page (1000 m-sections take Chromium under a second). */
const EVALUATE_TIMEOUT_MS = 60_000;
/** Bound for one probe, each in a browser of its own (10,000 m-sections did not finish in 180 s). */
const PROBE_TIMEOUT_MS = 120_000;

/** Inputs too large for the table, run once here. */
const PROBES: readonly HostileCase[] = [
  { name: 'remote offer: 10000 more audio m-sections', scenario: 'remote-offer', media: 'av-data', edits: [{ op: 'repeat-section', copyOf: 0, count: 10_000 }] },
  { name: 'remote offer: 100000 more audio m-sections', scenario: 'remote-offer', media: 'av-data', edits: [{ op: 'repeat-section', copyOf: 0, count: 100_000 }] },
  {
    name: 'remote offer: 100000 candidates',
    scenario: 'remote-offer',
    media: 'data',
    edits: [{ op: 'add-lines', after: 'a=mid:', section: 0, count: 100_000, line: 'a=candidate:{i} 1 udp 2122260223 {ip4} 9 typ host' }],
  },
];

async function runOne(browser: Browser, spec: HostileCase): Promise<HostileOutcome> {
  const page = await browser.newPage();
  const t0 = Date.now();
  try {
    return await page.evaluate(runHostileCase, { case: spec, openTimeoutMs: OPEN_TIMEOUT_MS });
  } catch (e) {
    // A page that does not answer within the bound is recorded as such (the probes).
    const message = e instanceof Error ? e.message : String(e);
    return { steps: [], failedAt: 'page', error: { name: 'Timeout', errorDetail: null, message: message.slice(0, 300) }, states: ['', ''], recovery: null, stepMs: Date.now() - t0 };
  } finally {
    await page.close().catch(() => undefined);
  }
}

function verdict(o: HostileOutcome): string {
  if (o.failedAt === null) return `accepted (${o.stepMs} ms)`;
  const r = o.recovery;
  return `${o.failedAt}: ${o.error!.name}${o.error!.errorDetail ? `/${o.error!.errorDetail}` : ''} (${o.stepMs} ms; recovery ${r?.negotiated ? 'negotiated' : `failed ${r?.error}`}, channel ${r?.channelOpen ? 'open' : 'closed'})`;
}

async function main(): Promise<void> {
  await mkdir(FIXTURE_DIR, { recursive: true });
  const only = process.argv.slice(2);
  const browser = await launch('chromium', { evaluateTimeoutMs: EVALUATE_TIMEOUT_MS });
  let table: HostileTable;
  try {
    console.log(`chromium ${browser.version}`);
    const cases = [];
    for (const spec of HOSTILE_CASES) {
      if (only.length && !only.some((o) => spec.name.includes(o))) continue;
      const outcome = await runOne(browser, spec);
      console.log(`  ${spec.name}: ${verdict(outcome)}${outcome.failedAt ? ` ${outcome.error!.message.slice(0, 160)}` : ''}`);
      cases.push({ ...spec, chromium: outcome });
    }
    const probes = [];
    for (const spec of only.length ? [] : PROBES) {
      const own = await launch('chromium', { evaluateTimeoutMs: PROBE_TIMEOUT_MS });
      const o = await runOne(own, spec).finally(() => own.close());
      console.log(`  probe ${spec.name}: ${verdict(o)}`);
      probes.push({ name: spec.name, failedAt: o.failedAt, error: o.error ? `${o.error.name}: ${o.error.message}` : null, stepMs: o.stepMs });
    }
    table = { browser: `Chromium ${browser.version}`, userAgent: browser.userAgent, captured: new Date().toISOString().slice(0, 10), cases, probes };
  } finally {
    await browser.close();
  }
  if (only.length) return;
  await writeFile(FIXTURE, JSON.stringify(table, null, 2) + '\n');
  console.log(`  ${relative(process.cwd(), FIXTURE)}: ${table.cases.length} cases`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
