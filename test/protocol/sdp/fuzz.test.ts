// Deterministic fuzzing (STYLE.md habit 6): on any input the parsers return or throw
// ParseError, and whatever parses serializes to something that parses to the same model.
import assert from 'node:assert/strict';
import { ParseError, parseSdp, serializeSdp } from '../../../src/protocol/sdp/index.js';
import { loadFixtures, mulberry32 } from './fixtures.js';
import { allAttributes, VIEWS } from './views.js';

const ALPHABET = [...'=:; /,~*-_.0123456789aAmMsStTvVxX#{}\t\r\n\0', '\u00e9', '\u{1F600}', '  ', 'a=', '\r\n'];
const ITERATIONS = 2000;

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const at = (rng: Rng, length: number): number => Math.floor(rng() * (length + 1));

/** Applies one random edit: character or line level. */
function mutate(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const i = Math.floor(rng() * lines.length);
  const j = Math.floor(rng() * lines.length);
  switch (Math.floor(rng() * 8)) {
    case 0: {
      const p = at(rng, text.length - 1);
      return text.slice(0, p) + pick(rng, ALPHABET) + text.slice(p + 1);
    }
    case 1: {
      const p = at(rng, text.length);
      return text.slice(0, p) + pick(rng, ALPHABET) + text.slice(p);
    }
    case 2: {
      const p = at(rng, text.length);
      return text.slice(0, p) + text.slice(p + 1 + Math.floor(rng() * 4));
    }
    case 3:
      lines.splice(i, 1);
      return lines.join('\n');
    case 4:
      lines.splice(i, 0, lines[j]!);
      return lines.join('\n');
    case 5:
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    case 6:
      return text.slice(0, at(rng, text.length));
    default:
      lines[i] = pick(rng, ALPHABET) + lines[i]!.slice(1);
      return lines.join('\n');
  }
}

/** Runs `fn`, rethrowing anything that is not a ParseError; true when it returned. */
function returnsOrParseError(fn: () => void, input: string): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    if (err instanceof ParseError) return false;
    assert.fail(`non-ParseError ${String(err)} on input ${JSON.stringify(input.slice(0, 2000))}`);
  }
}

describe('sdp/fuzz', () => {
  const fixtures = loadFixtures();

  it(`parseSdp on ${ITERATIONS} mutated fixtures`, () => {
    const rng = mulberry32(0x8866);
    let accepted = 0;
    for (let n = 0; n < ITERATIONS; n++) {
      let text = pick(rng, fixtures).text;
      const edits = 1 + Math.floor(rng() * 3);
      for (let e = 0; e < edits; e++) text = mutate(rng, text);
      const ok = returnsOrParseError(() => {
        const parsed = parseSdp(text);
        const again = parseSdp(serializeSdp(parsed));
        assert.deepEqual(again, parsed, `not idempotent on ${JSON.stringify(text)}`);
        for (const { key, value } of allAttributes(parsed)) {
          const v = VIEWS[key];
          if (v !== undefined && value !== undefined) returnsOrParseError(() => v.parse(value), value);
        }
      }, text);
      if (ok) accepted++;
    }
    // Both outcomes must be exercised, or the mutator is not doing its job.
    assert.ok(accepted > 0 && accepted < ITERATIONS, `accepted ${accepted}`);
  });

  it(`typed views on ${ITERATIONS} mutated attribute values`, () => {
    const rng = mulberry32(0x5d9);
    const samples = fixtures
      .flatMap(({ text }) => allAttributes(parseSdp(text)))
      .filter((a) => a.value !== undefined && VIEWS[a.key] !== undefined);
    for (let n = 0; n < ITERATIONS; n++) {
      const { key, value } = pick(rng, samples);
      const v = VIEWS[key]!;
      let text = value!;
      const edits = 1 + Math.floor(rng() * 3);
      for (let e = 0; e < edits; e++) text = mutate(rng, text);
      returnsOrParseError(() => {
        const model = v.parse(text);
        assert.deepEqual(v.parse(v.serialize(model)), model, `a=${key}:${JSON.stringify(text)} not idempotent`);
      }, `a=${key}:${text}`);
    }
  });
});
