import assert from 'node:assert/strict';
import { getDirection, parseSdp } from '../../../src/protocol/sdp/index.js';
import { loadFixtures } from './fixtures.js';
import { allAttributes, VIEWS } from './views.js';

describe('sdp/typed views over the fixtures', () => {
  for (const { name, text } of loadFixtures()) {
    it(`${name}: every typed attribute parses and round-trips`, () => {
      const s = parseSdp(text);
      let typed = 0;
      for (const { key, value } of allAttributes(s)) {
        const v = VIEWS[key];
        if (v === undefined) continue;
        assert.notEqual(value, undefined, `a=${key} has no value`);
        const model = v.parse(value!);
        const out = v.serialize(model);
        if (v.exact) assert.equal(out, value, `a=${key}`);
        assert.deepEqual(v.parse(out), model, `a=${key}`);
        typed++;
      }
      assert.ok(typed > 0);
      for (const section of [s, ...s.media]) getDirection(section.attributes);
    });
  }

  it('covers every view across the fixture set', () => {
    const seen = new Set(loadFixtures().flatMap(({ text }) => allAttributes(parseSdp(text)).map((a) => a.key)));
    for (const key of Object.keys(VIEWS)) assert.ok(seen.has(key), `no fixture has a=${key}`);
  });
});
