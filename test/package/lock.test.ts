// The lock file must be one that `npm ci` accepts on any machine: every dependency of every
// locked package, optional ones included, has an entry of its own. npm on one platform can
// write a lock that lists only that platform's native builds (rollup's, esbuild's), and
// `npm ci` elsewhere (or after a version bump) then refuses it as out of sync.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
}

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as LockEntry;
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Where Node's resolution finds `name` from the package installed at `at` ('' is the root). */
function resolve(at: string, name: string): string | undefined {
  let dir = at;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('is a lockfileVersion 3 lock whose root matches package.json', () => {
    assert.equal(lock.lockfileVersion, 3);
    const top = lock.packages[''];
    assert.ok(top, 'the lock has a root entry');
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
      assert.deepEqual(top[field] ?? {}, pkg[field] ?? {}, `${field} in the lock's root differ from package.json`);
    }
  });

  it('has an entry for every dependency of every locked package, each platform build included', () => {
    const missing: string[] = [];
    let optionalSeen = 0;
    for (const [at, entry] of Object.entries(lock.packages)) {
      if (entry.link) continue;
      const wanted = [
        ...Object.keys(entry.dependencies ?? {}),
        ...Object.keys(entry.optionalDependencies ?? {}),
        ...(at === '' ? Object.keys(entry.devDependencies ?? {}) : []),
        // Required peers are installed by npm 7+; optional ones only when asked for.
        ...Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional),
      ];
      optionalSeen += Object.keys(entry.optionalDependencies ?? {}).length;
      for (const name of wanted) {
        if (!resolve(at, name)) missing.push(`${name} (wanted by ${at || 'the root'})`);
      }
    }
    assert.ok(optionalSeen > 0, 'the lock lists optional dependencies (rollup and esbuild have platform builds)');
    assert.deepEqual(missing, [], `missing from package-lock.json; delete it and run npm install to write a complete one`);
  });

  it('locks every platform build of rollup and esbuild', () => {
    for (const name of ['rollup', 'esbuild']) {
      const at = resolve('', name);
      assert.ok(at, `${name} is locked`);
      const builds = Object.keys(lock.packages[at]!.optionalDependencies ?? {});
      assert.ok(builds.length >= 20, `${name} lists its platform builds (${builds.length})`);
      for (const b of builds) assert.ok(resolve(at, b), `${b} is locked`);
    }
  });
});
