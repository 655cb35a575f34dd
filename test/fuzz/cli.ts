// The long fuzz run: `npm run fuzz -- [--inputs=N] [--seed=S] [target ...]` runs each target
// (all by default) until it has processed N inputs (default 1,000,000), one after another,
// saving every new failure to the crash corpus and printing per target: inputs, time,
// slowest input, failures. Exits 1 when any target failed.
import { formatReport, runTarget, type RunReport } from './harness/runner.js';
import { TARGETS } from './targets/index.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`usage: npm run fuzz -- [--inputs=N] [--seed=S] [target ...]\ntargets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(0);
}
const flags = args.filter((a) => a.startsWith('-'));
const badFlag = flags.find((a) => !/^--(inputs|runs|seed)=\d+$/.test(a));
if (badFlag !== undefined) {
  console.error(`unknown or malformed option ${badFlag}; usage: npm run fuzz -- [--inputs=N] [--seed=S] [target ...]`);
  process.exit(2);
}
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const inputs = Number(option('inputs') ?? option('runs') ?? 1_000_000);
const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
if (unknown.length > 0) {
  console.error(`unknown target(s) ${unknown.join(', ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
const chosen = names.length === 0 ? TARGETS : TARGETS.filter((t) => names.includes(t.name));

const reports: RunReport[] = [];
for (const target of chosen) {
  console.log(`${target.name}: ${target.description}; ${inputs} inputs from seed ${seed}`);
  await target.setup?.();
  const report = await runTarget(target, { inputs, seed, save: true, log: (l) => console.log(l) });
  await target.teardown?.();
  reports.push(report);
  console.log(formatReport(report));
  for (const f of report.failures) console.log(`  failure x${f.hits}: ${f.message}\n    saved to ${f.savedTo}`);
  for (const n of report.timingNoise.slice(0, 10)) console.log(`  timing noise: ${n}`);
  if (report.timingNoise.length > 10) console.log(`  timing noise: ${report.timingNoise.length - 10} more`);
}
console.log('\nsummary');
for (const r of reports) console.log(formatReport(r));
process.exit(reports.some((r) => r.failures.length > 0) ? 1 : 0);
