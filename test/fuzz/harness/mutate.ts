// Mutation arbitraries: real captures and fixtures edited by bit flips, truncation, splicing,
// length fields set to extremes and repeated ranges, plus input generated from scratch.
// Every edit is a plain record of numbers, so fast-check shrinks an edit list towards fewer
// and smaller edits (and offsets towards 0) without knowing the format.
import fc from 'fast-check';

/** One edit of a byte string; offsets and lengths are taken modulo the current size. */
export type ByteEdit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'splice'; at: number; seed: number; from: number; length: number }
  | { op: 'field'; at: number; width: number; value: number }
  | { op: 'repeat'; at: number; length: number; times: number };

/** Values a length or count field is set to: the ends of each width and their neighbours. */
const EXTREMES = [0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0x100, 0x3fff, 0x4000, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, 0xffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

const byteEdit = (maxInsert: number, maxTimes: number): fc.Arbitrary<ByteEdit> =>
  fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }), weight: 3 },
    { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: maxInsert }) }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('splice' as const), at: fc.nat(), seed: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }), weight: 1 },
    {
      arbitrary: fc.record({
        op: fc.constant('field' as const),
        at: fc.nat(),
        width: fc.constantFrom(1, 2, 3, 4),
        value: fc.oneof(fc.constantFrom(...EXTREMES), fc.nat()),
      }),
      weight: 3,
    },
    { arbitrary: fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 2, max: maxTimes }) }), weight: 1 },
  );

/** Applies edits to a copy of `input`; `seeds` feed the splice edit. Output is at most `maxBytes`. */
export function applyByteEdits(input: Uint8Array, edits: readonly ByteEdit[], seeds: readonly Uint8Array[], maxBytes: number): Uint8Array {
  let b = Array.from(input);
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % (b.length + (e.op === 'insert' || e.op === 'splice' ? 1 : 0));
    switch (e.op) {
      case 'flip':
        if (b.length > 0) b[at] = b[at]! ^ (1 << e.bit);
        break;
      case 'set':
        if (b.length > 0) b[at] = e.value;
        break;
      case 'truncate':
        b.length = at;
        break;
      case 'insert':
        b.splice(at, 0, ...e.bytes);
        break;
      case 'delete':
        b.splice(at, e.length);
        break;
      case 'splice': {
        const other = seeds[e.seed % seeds.length]!;
        const from = other.length === 0 ? 0 : e.from % other.length;
        b.splice(at, 0, ...other.subarray(from, from + e.length));
        break;
      }
      case 'field':
        // A big-endian field of `width` bytes at `at`: where length and count fields live.
        for (let k = 0; k < e.width && at + k < b.length; k++) b[at + k] = Math.floor(e.value / 2 ** (8 * (e.width - 1 - k))) & 0xff;
        break;
      case 'repeat': {
        const piece = b.slice(at, at + e.length);
        const copies: number[] = [];
        for (let k = 1; k < e.times && copies.length + b.length < maxBytes; k++) copies.push(...piece);
        b.splice(at + piece.length, 0, ...copies);
        break;
      }
    }
    if (b.length > maxBytes) b = b.slice(0, maxBytes);
  }
  return Uint8Array.from(b);
}

/** Options of `bytesFrom`. */
export interface BytesOptions {
  /** Largest output, in bytes. */
  maxBytes?: number;
  /** Most edits applied to one seed. */
  maxEdits?: number;
  /** Weight of mutated seeds against bytes made from scratch (default 9:1). */
  mutatedWeight?: number;
  /** Most copies a repeat edit makes. */
  maxTimes?: number;
}

/** Byte strings: a seed with edits applied, or random bytes from scratch. */
export function bytesFrom(seeds: readonly Uint8Array[], options: BytesOptions = {}): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) throw new RangeError('bytesFrom needs at least one seed');
  const maxBytes = options.maxBytes ?? 4096;
  const mutated = fc
    .tuple(fc.nat(seeds.length - 1), fc.array(byteEdit(32, options.maxTimes ?? 64), { minLength: 1, maxLength: options.maxEdits ?? 6 }))
    .map(([i, edits]) => applyByteEdits(seeds[i]!, edits, seeds, maxBytes));
  return fc.oneof(
    { arbitrary: mutated, weight: options.mutatedWeight ?? 9 },
    { arbitrary: fc.uint8Array({ maxLength: Math.min(maxBytes, 1500) }), weight: 1 },
  );
}

/** One edit of a text: character level or line level. */
export type TextEdit =
  | { op: 'char'; at: number; text: string }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'drop-line'; line: number }
  | { op: 'dup-line'; line: number; times: number }
  | { op: 'swap-lines'; line: number; other: number }
  | { op: 'foreign-line'; line: number; seed: number; from: number }
  | { op: 'new-line'; line: number; text: string }
  | { op: 'run'; at: number; text: string; times: number };

/** Pieces of text that matter to line- and token-based grammars. */
const TOKENS = [
  ' ', '  ', '\t', '\r', '\n', '\r\n', '\0', ':', ';', '/', '=', ',', '-', '.', '*', '~', '#', '0', '1', '9', '-1', '65535', '65536',
  '4294967295', '4294967296', '99999999999999999999', '1e3', '0x10', 'NaN', 'a=', 'm=', 'c=', 'IN', 'IP4', 'IP6', 'udp', 'tcp',
  'typ', 'host', 'raddr', 'rport', 'tcptype', 'generation', 'sha-256', 'sha-1', 'sha-999', 'actpass', 'BUNDLE', 'UDP/DTLS/SCTP',
  'webrtc-datachannel', '\u00e9', '\u{1F600}', '\uFFFD', '\uD800', '%', '"', "'", '\\',
];

const textPiece = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 }), fc.string({ maxLength: 4, unit: 'binary' }));

const textEdit = (maxTimes: number): fc.Arbitrary<TextEdit> =>
  fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('char' as const), at: fc.nat(), text: textPiece }), weight: 3 },
    { arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: textPiece }), weight: 3 },
    { arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('drop-line' as const), line: fc.nat() }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('dup-line' as const), line: fc.nat(), times: fc.integer({ min: 1, max: 40 }) }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('swap-lines' as const), line: fc.nat(), other: fc.nat() }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('foreign-line' as const), line: fc.nat(), seed: fc.nat(), from: fc.nat() }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('new-line' as const), line: fc.nat(), text: fc.string({ maxLength: 40 }) }), weight: 1 },
    {
      arbitrary: fc.record({ op: fc.constant('run' as const), at: fc.nat(), text: fc.constantFrom(' ', '\t', '0', 'a', ' a', ':', '/', '\r', 'x '), times: fc.integer({ min: 2, max: maxTimes }) }),
      weight: 1,
    },
  );

/** Applies text edits to `input`; output is at most `maxChars` long. */
export function applyTextEdits(input: string, edits: readonly TextEdit[], seeds: readonly string[], maxChars: number): string {
  let s = input;
  for (const e of edits) {
    const lines = s.split('\n');
    const line = 'line' in e ? e.line % lines.length : 0;
    const at = 'at' in e ? e.at % (s.length + 1) : 0;
    switch (e.op) {
      case 'char':
        s = s.slice(0, at) + e.text + s.slice(at + 1);
        break;
      case 'insert':
        s = s.slice(0, at) + e.text + s.slice(at);
        break;
      case 'delete':
        s = s.slice(0, at) + s.slice(at + e.length);
        break;
      case 'truncate':
        s = s.slice(0, at);
        break;
      case 'drop-line':
        lines.splice(line, 1);
        s = lines.join('\n');
        break;
      case 'dup-line':
        lines.splice(line, 0, ...Array<string>(e.times).fill(lines[line]!));
        s = lines.join('\n');
        break;
      case 'swap-lines': {
        const other = e.other % lines.length;
        [lines[line], lines[other]] = [lines[other]!, lines[line]!];
        s = lines.join('\n');
        break;
      }
      case 'foreign-line': {
        const from = seeds[e.seed % seeds.length]!.split('\n');
        lines.splice(line, 0, from[e.from % from.length]!);
        s = lines.join('\n');
        break;
      }
      case 'new-line':
        lines.splice(line, 0, e.text);
        s = lines.join('\n');
        break;
      case 'run':
        s = s.slice(0, at) + e.text.repeat(Math.min(e.times, Math.max(0, Math.floor((maxChars - s.length) / e.text.length)))) + s.slice(at);
        break;
    }
    if (s.length > maxChars) s = s.slice(0, maxChars);
  }
  return s;
}

/** Options of `textFrom`. */
export interface TextOptions {
  maxChars?: number;
  maxEdits?: number;
  /** Most copies a run edit makes (long runs find quadratic scans). */
  maxTimes?: number;
  mutatedWeight?: number;
}

/** Texts: a seed with edits applied, or a string from scratch. */
export function textFrom(seeds: readonly string[], options: TextOptions = {}): fc.Arbitrary<string> {
  if (seeds.length === 0) throw new RangeError('textFrom needs at least one seed');
  const maxChars = options.maxChars ?? 64 * 1024;
  const mutated = fc
    .tuple(fc.nat(seeds.length - 1), fc.array(textEdit(options.maxTimes ?? 20_000), { minLength: 1, maxLength: options.maxEdits ?? 5 }))
    .map(([i, edits]) => applyTextEdits(seeds[i]!, edits, seeds, maxChars));
  return fc.oneof(
    { arbitrary: mutated, weight: options.mutatedWeight ?? 9 },
    { arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 100, unit: 'binary' })), weight: 1 },
  );
}
