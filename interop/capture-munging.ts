// Runs every SDP munging case (interop/munging-cases.ts) in the system's Chromium and
// writes what Chromium did with each into test/fixtures/sdp-munging/chromium-outcomes.json,
// the table test/api/sdp-munging.test.ts holds purertc to. Run it again after a Chromium
// upgrade:
//
//   node --import tsx interop/capture-munging.ts
//
// The SNAP cases run in a second Chromium with the field trial that makes it offer
// a=sctp-init; every other case runs in a Chromium with its default field trials.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { launch, type Browser } from './harness/index.js';
import { runMungingCase, type MungingCase, type MungingRow, type MungingTable } from './harness/munging.js';
import { MUNGING_CASES } from './munging-cases.js';

const FIXTURE_DIR = fileURLToPath(new URL('../test/fixtures/sdp-munging/', import.meta.url));
const FIXTURE = join(FIXTURE_DIR, 'chromium-outcomes.json');
/** Chromium offers a=sctp-init (SNAP) only with this field trial. */
const SNAP_ARGS = ['--force-fieldtrials=WebRTC-Sctp-Snap/Enabled/'];
/** Bound for a peer's ICE gathering before a re-offer. */
const GATHER_TIMEOUT_MS = 5_000;

async function runAll(browser: Browser, cases: readonly MungingCase[]): Promise<MungingRow[]> {
  const rows: MungingRow[] = [];
  for (const spec of cases) {
    const page = await browser.newPage();
    try {
      const outcome = await page.evaluate(runMungingCase, { case: spec, gatherTimeoutMs: GATHER_TIMEOUT_MS });
      const verdict = outcome.failedAt === null ? 'accepted' : `${outcome.failedAt}: ${outcome.error!.name}`;
      console.log(`  ${spec.name}: ${verdict}`);
      rows.push({ ...spec, chromium: outcome });
    } finally {
      await page.close();
    }
  }
  return rows;
}

async function main(): Promise<void> {
  await mkdir(FIXTURE_DIR, { recursive: true });
  const plain = await launch('chromium');
  let table: MungingTable;
  try {
    console.log(`chromium ${plain.version}`);
    const rows = await runAll(plain, MUNGING_CASES.filter((c) => !c.snap));
    const snap = await launch('chromium', { chromiumArgs: SNAP_ARGS });
    try {
      console.log(`chromium ${snap.version} ${SNAP_ARGS.join(' ')}`);
      rows.push(...(await runAll(snap, MUNGING_CASES.filter((c) => c.snap))));
    } finally {
      await snap.close();
    }
    const order = new Map(MUNGING_CASES.map((c, i) => [c.name, i]));
    rows.sort((x, y) => order.get(x.name)! - order.get(y.name)!);
    table = { browser: `Chromium ${plain.version}`, userAgent: plain.userAgent, captured: new Date().toISOString().slice(0, 10), snapSwitches: SNAP_ARGS, cases: rows };
  } finally {
    await plain.close();
  }
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
