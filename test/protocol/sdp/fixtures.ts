// Shared test helpers: the SDP fixtures, their normal form, and a seeded PRNG.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ParseError } from '../../../src/protocol/sdp/index.js';

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

/** mulberry32: a tiny deterministic 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Asserts that `fn` throws a ParseError, optionally with this code. */
export function throwsParseError(fn: () => unknown, code?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ParseError, `expected ParseError, got ${String(err)}`);
    if (code !== undefined) assert.equal(err.code, code);
    return true;
  });
}
