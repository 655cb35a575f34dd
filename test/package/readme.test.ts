// The README a newcomer reads: its two set-up commands, its quick start (the same program
// `npm run test:package` runs against the packed package), and links that lead somewhere.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };

describe('README.md', () => {
  it('starts set-up with npm ci, then the demo and the tests', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Set up')))?.[1] ?? '';
    const commands = block.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
    assert.deepEqual(commands, ['npm ci && npm run demo', 'npm ci && npm test']);
    assert.ok(pkg.scripts.demo && pkg.scripts.test);
  });

  it('shows examples/quick-start.mjs as it is, less its header comment', () => {
    const file = readFileSync(new URL('examples/quick-start.mjs', root), 'utf8');
    const code = file.replace(/^(\/\/.*\n)+/, '').trim();
    assert.ok(readme.includes('```js\n' + code + '\n```'), 'the README quick start differs from examples/quick-start.mjs');
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    assert.ok(links.length > 5);
    assert.deepEqual(links.filter((l) => !existsSync(new URL(l, root))), []);
  });

  it('runs every npm script it names', () => {
    const named = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(named)].filter((s) => !(s in pkg.scripts)), []);
  });
});
