// WebIDL conversions: the fast paths for strings and in-range integers agree with
// webidl-conversions for every value.
import assert from 'node:assert/strict';
import conversions from 'webidl-conversions';
import * as idl from '../../src/api/webidl.js';

const lib = conversions as unknown as Record<string, (v: unknown, o?: object) => unknown>;

function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (e) {
    return { threw: (e as Error).constructor.name };
  }
}

const STRINGS: unknown[] = ['', 'plain', 'ünïcödé 🚀', 'lone \ud800 high', 'lone \udc00 low', '\ud83d\ude80', 42, null, undefined, true, { toString: () => 'obj' }];
const NUMBERS: unknown[] = [0, -0, 1, 255, 256, 65535, 65536, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 1.5, -1.5, NaN, Infinity, -Infinity, '7', null, undefined, true];

describe('api/webidl conversions', () => {
  it('DOMString and USVString match webidl-conversions (lone surrogates replaced in USVString)', () => {
    for (const v of STRINGS) {
      assert.deepEqual(outcome(() => idl.DOMString(v, 'ctx')), outcome(() => lib.DOMString!(v, { context: 'ctx' })), String(v));
      assert.deepEqual(outcome(() => idl.USVString(v, 'ctx')), outcome(() => lib.USVString!(v, { context: 'ctx' })), String(v));
    }
    assert.equal(idl.USVString('a\ud800', 'ctx'), 'a\ufffd');
  });

  const INTS: Array<[string, (v: unknown, c: string) => number, string, object]> = [
    ['unsigned short', idl.unsignedShort, 'unsigned short', {}],
    ['[EnforceRange] unsigned short', idl.unsignedShortEnforced, 'unsigned short', { enforceRange: true }],
    ['unsigned long', idl.unsignedLong, 'unsigned long', {}],
    ['[EnforceRange] unsigned long', idl.unsignedLongEnforced, 'unsigned long', { enforceRange: true }],
    ['[EnforceRange] unsigned long long', idl.unsignedLongLongEnforced, 'unsigned long long', { enforceRange: true }],
    ['long', idl.long, 'long', {}],
    ['[EnforceRange] long', idl.longEnforced, 'long', { enforceRange: true }],
    ['[EnforceRange] octet', idl.octetEnforced, 'octet', { enforceRange: true }],
  ];
  for (const [name, ours, type, opts] of INTS) {
    it(`${name} matches webidl-conversions, -0 included`, () => {
      for (const v of NUMBERS) {
        const got = outcome(() => ours(v, 'ctx'));
        const want = outcome(() => lib[type]!(v, { context: 'ctx', ...opts }));
        assert.deepEqual(got, want, `${name}(${String(v)})`);
        if (Object.is(v, -0)) assert.ok(Object.is((got as { value: number }).value, 0), `${name}(-0) is +0`);
      }
    });
  }
});
