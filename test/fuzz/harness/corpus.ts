// The crash corpus: every input that ever failed, minimized, one base64 file per input under
// test/fixtures/fuzz-corpus/<target>/, replayed as a regression test by test/fuzz/fuzz.test.ts.
// A file holds '#' comment lines (what failed, and why) and then the input in base64.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The corpus root. */
export const CORPUS_DIR = fileURLToPath(new URL('../../fixtures/fuzz-corpus/', import.meta.url));

/** One saved input. */
export interface CorpusEntry {
  file: string;
  comment: string;
  bytes: Uint8Array;
}

/** Every saved input of a target (or of `<target>/known`), sorted by file name. */
export function loadCorpus(target: string): CorpusEntry[] {
  const dir = CORPUS_DIR + target;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.b64'))
    .sort()
    .map((file) => {
      const lines = readFileSync(`${dir}/${file}`, 'utf8').split('\n');
      const comment = lines.filter((l) => l.startsWith('#')).map((l) => l.slice(1).trim()).join(' ');
      const base64 = lines.filter((l) => !l.startsWith('#')).join('');
      return { file, comment, bytes: new Uint8Array(Buffer.from(base64, 'base64')) };
    });
}

/** Saves an input (named by its hash, so saving twice is harmless); returns the path. */
export function saveCorpus(target: string, bytes: Uint8Array, comment: string): string {
  const dir = CORPUS_DIR + target;
  mkdirSync(dir, { recursive: true });
  const name = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const path = `${dir}/${name}.b64`;
  const b64 = Buffer.from(bytes).toString('base64').replace(/(.{76})/g, '$1\n');
  const header = comment
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');
  writeFileSync(path, `${header}\n${b64}\n`);
  return path;
}
