// Filesystem locations the bench uses, resolved from this file so any cwd works.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ */
export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Repository root. */
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
/** Where results and profiles are written (gitignored). */
export const OUT_DIR = path.join(BENCH_DIR, 'out');

/** The `version` field of an installed package, or 'unknown'. */
export function installedVersion(packageName: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'node_modules', packageName, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
