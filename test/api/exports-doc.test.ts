// docs/nonstandard.md documents every export of the package: each name the entry points
// export appears there in backticks, and so does each nonstandard RTCConfiguration member.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as api from '../../src/index.js';

const doc = readFileSync(new URL('../../docs/nonstandard.md', import.meta.url), 'utf8');
const documented = new Set([...doc.matchAll(/`([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!));

describe('docs/nonstandard.md', () => {
  it('names every export of purertc and purertc/polyfill', () => {
    // The polyfill is read, not imported: importing it would install globals in this process.
    const polyfillSource = readFileSync(new URL('../../src/polyfill.ts', import.meta.url), 'utf8');
    const polyfillNames = [...polyfillSource.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((n) => n.trim()));
    assert.deepEqual(polyfillNames, ['installGlobals']);
    const names = [...Object.keys(api), ...polyfillNames];
    assert.ok(names.length > 20);
    assert.deepEqual(names.filter((n) => !documented.has(n)), []);
  });

  it('lists every interface the polyfill installs', () => {
    assert.deepEqual(Object.keys(api.interfaces).filter((n) => !documented.has(n)), []);
  });

  it('names every nonstandard RTCConfiguration member getConfiguration gives back', () => {
    const pc = new api.RTCPeerConnection({ bindAddress: '127.0.0.1', portRange: { min: 40000, max: 40100 }, srtpProfiles: ['SRTP_AES128_CM_HMAC_SHA1_80'] } as never);
    try {
      const standard = new Set(['iceServers', 'iceTransportPolicy', 'bundlePolicy', 'rtcpMuxPolicy', 'certificates', 'iceCandidatePoolSize']);
      const extra = Object.keys(pc.getConfiguration() as object).filter((k) => !standard.has(k));
      assert.deepEqual(extra.sort(), ['bindAddress', 'portRange', 'srtpProfiles']);
      assert.deepEqual(extra.filter((n) => !documented.has(n)), []);
    } finally {
      pc.close();
    }
  });
});
