// Shared test helpers: the SDP fixtures, their normal form, and a seeded PRNG.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ParseError } from '../../../src/protocol/sdp/index.js';
export { mulberry32 } from '../../helpers/seeded-random.js';

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/sdp/', import.meta.url));

/** One fixture file: its name and exact text. */
export interface Fixture {
  name: string;
  text: string;
}

/** Every `*.sdp` file in test/fixtures/sdp, sorted by name. */
export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((n) => n.endsWith('.sdp'))
    .sort()
    .map((name) => ({ name, text: readFileSync(FIXTURE_DIR + name, 'utf8') }));
}

/** The fixture with this file name. */
export function fixture(name: string): string {
  return readFileSync(FIXTURE_DIR + name, 'utf8');
}

/** What serializeSdp should give back: CRLF ends, no trailing blanks, no blank lines. */
export function normalize(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/[ \t]+$/, ''))
    .filter((l) => l !== '');
  return lines.join('\r\n') + '\r\n';
}


/** Asserts that `fn` throws a ParseError, optionally with this code. */
export function throwsParseError(fn: () => unknown, code?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ParseError, `expected ParseError, got ${String(err)}`);
    if (code !== undefined) assert.equal(err.code, code);
    return true;
  });
}
