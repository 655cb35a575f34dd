// Deterministic fuzzing (STYLE.md habit 6): on any input the STUN parser and the typed
// getters return or throw ParseError, never anything else, and never hang.
import assert from 'node:assert/strict';
import {
  ParseError,
  checkFingerprint,
  getAlternateServer,
  getErrorCode,
  getIceControlled,
  getIceControlling,
  getMappedAddress,
  getNonce,
  getPriority,
  getRealm,
  getSoftware,
  getUnknownAttributes,
  getUsername,
  getXorMappedAddress,
  isStun,
  parseMessage,
  serializeMessage,
  verifyMessageIntegrity,
  verifyMessageIntegritySha256,
} from '../../../src/protocol/stun/index.js';
import {
  RFC5769_IPV4_RESPONSE,
  RFC5769_IPV6_RESPONSE,
  RFC5769_LONG_TERM_REQUEST,
  RFC5769_REQUEST,
  mulberry32,
} from './helpers.js';

const ITERATIONS = 20000;
const SEEDS = [RFC5769_REQUEST, RFC5769_IPV4_RESPONSE, RFC5769_IPV6_RESPONSE, RFC5769_LONG_TERM_REQUEST];
const GETTERS = [
  getAlternateServer,
  getErrorCode,
  getIceControlled,
  getIceControlling,
  getMappedAddress,
  getNonce,
  getPriority,
  getRealm,
  getSoftware,
  getUnknownAttributes,
  getUsername,
  getXorMappedAddress,
];

function mutate(rng: () => number, seed: Uint8Array): Uint8Array {
  const pick = (n: number): number => Math.floor(rng() * n);
  switch (pick(6)) {
    case 0: {
      const out = new Uint8Array(pick(120));
      for (let i = 0; i < out.length; i++) out[i] = pick(256);
      return out;
    }
    case 1:
      return seed.slice(0, pick(seed.length + 1));
    case 2: {
      const out = seed.slice();
      for (let k = 0, n = 1 + pick(4); k < n; k++) out[pick(out.length)]! ^= 1 << pick(8);
      return out;
    }
    case 3: {
      // A valid header with a random attribute soup of the right length.
      const body = new Uint8Array(4 * pick(30));
      for (let i = 0; i < body.length; i++) body[i] = rng() < 0.5 ? 0 : pick(256);
      const out = new Uint8Array(20 + body.length);
      out.set(seed.subarray(0, 20));
      out[2] = body.length >> 8;
      out[3] = body.length & 0xff;
      out.set(body, 20);
      return out;
    }
    case 4: {
      // Rewrite one attribute length inside a valid message.
      const out = seed.slice();
      const at = 20 + 4 * pick((out.length - 20) / 4);
      out[at + 2] = pick(256);
      out[at + 3] = pick(256);
      return out;
    }
    default: {
      const out = seed.slice();
      out[pick(out.length)] = pick(256);
      return out;
    }
  }
}

describe('stun/fuzz', () => {
  it(`parser and getters survive ${ITERATIONS} mutated inputs`, () => {
    const rng = mulberry32(0x5354554e);
    const key = new Uint8Array([1, 2, 3]);
    let parsed = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const input = mutate(rng, SEEDS[i % SEEDS.length]!);
      isStun(input);
      try {
        const msg = parseMessage(input);
        parsed++;
        verifyMessageIntegrity(msg, key);
        verifyMessageIntegritySha256(msg, key);
        checkFingerprint(msg);
        for (const a of msg.attributes) assert.ok(a.offset! + 4 + a.value.length <= input.length);
        for (const get of GETTERS) {
          try {
            get(msg);
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
          }
        }
        // Whatever parses serializes to the same attribute list.
        const again = parseMessage(serializeMessage(msg));
        assert.equal(again.attributes.length, msg.attributes.length);
      } catch (e) {
        if (!(e instanceof ParseError)) assert.fail(`non-ParseError ${String(e)} on ${Buffer.from(input).toString('hex')}`);
      }
    }
    assert.ok(parsed > ITERATIONS / 10, `only ${parsed} inputs parsed`);
  });
});
