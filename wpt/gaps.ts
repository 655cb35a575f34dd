// Lists, per file of an area, the subtests Chromium passes that a run did not, with the
// run's message, then the same failures grouped by message. Reads a runner --json file.
//   node --import tsx wpt/run.ts 'webrtc/RTCRtp*' --json /tmp/run.json
//   node --import tsx wpt/gaps.ts /tmp/run.json [--area 'RTP/media'] [--by-message]
import { readFileSync } from 'node:fs';
import { areaOf } from './lib/areas.js';
import type { FileResult } from './lib/results.js';

/** A file entry of the runner's --json output. */
interface JsonFile extends FileResult {
  chromium: number;
  covered: number;
}

const args = process.argv.slice(2);
const jsonPath = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--area');
const areaIndex = args.indexOf('--area');
const area = areaIndex >= 0 ? args[areaIndex + 1] : undefined;
const byMessage = args.includes('--by-message');
if (!jsonPath) {
  console.error('usage: node --import tsx wpt/gaps.ts RUN.json [--area NAME] [--by-message]');
  process.exit(2);
}

const run = JSON.parse(readFileSync(jsonPath, 'utf8')) as { wptDir: string; files: JsonFile[] };
const baseline = JSON.parse(readFileSync(`${run.wptDir}/chromium-baseline.json`, 'utf8')) as {
  files: Record<string, { subtests: Record<string, string> }>;
};

/** Finds a file's baseline entry (keyed by served URL path, as wpt/lib/results.ts does). */
function chromiumPassesOf(file: string): string[] {
  const page = file.replace(/\.(window|any)\.js$/, (_m, kind: string) => `.${kind}.html`);
  const entry = baseline.files[`/${page}`] ?? baseline.files[page] ?? baseline.files[file];
  if (!entry) return [];
  return Object.entries(entry.subtests).filter(([, s]) => s === 'PASS').map(([n]) => n);
}

/** Folds ids, numbers and quoted values out of a message so alike failures group together. */
function shape(message: string): string {
  return message.replace(/\s+/g, ' ').replace(/"[^"]*"/g, '"…"').replace(/\b\d+\b/g, 'N').slice(0, 160);
}

const groups = new Map<string, string[]>();
let chromium = 0;
let covered = 0;
for (const file of run.files) {
  if (area && areaOf(file.file) !== area) continue;
  const ours = new Map(file.subtests.map((s) => [s.name, s]));
  const missing = chromiumPassesOf(file.file).filter((name) => ours.get(name)?.status !== 'PASS');
  chromium += file.chromium;
  covered += file.covered;
  if (missing.length === 0) continue;
  if (!byMessage) console.log(`\n${file.file} (${file.harness}) ${file.covered}/${file.chromium}${file.message ? `: ${shape(file.message)}` : ''}`);
  for (const name of missing) {
    const got = ours.get(name);
    const why = got ? `${got.status}: ${got.message ?? ''}` : 'NOTRUN (never reported)';
    if (!byMessage) console.log(`  - ${name}\n      ${why.replace(/\s+/g, ' ').slice(0, 300)}`);
    const key = shape(why);
    groups.set(key, [...(groups.get(key) ?? []), `${file.file.replace(/^webrtc\//, '')}: ${name}`]);
  }
}
if (byMessage) {
  for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`\n${list.length} × ${key}`);
    for (const item of list.slice(0, 6)) console.log(`    ${item}`);
    if (list.length > 6) console.log(`    ... ${list.length - 6} more`);
  }
}
console.log(`\nChromium passes covered: ${covered}/${chromium}`);
