// Offers captured from real Chromium and Firefox (test/fixtures/browser-sdp) parse, and
// purertc answers them with matching m-sections.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { RTCPeerConnection } from '../../src/index.js';
import { readDescription } from '../../src/jsep/remote.js';

const dir = new URL('../fixtures/browser-sdp/', import.meta.url);
const offers = readdirSync(dir).filter((f) => f.endsWith('.sdp') && f.includes('-offer-'));

describe('browser offers', () => {
  it('has captured offers from both browsers', () => {
    assert.ok(offers.some((f) => f.startsWith('chromium')));
    assert.ok(offers.some((f) => f.startsWith('firefox')));
  });

  for (const file of offers) {
    it(`answers ${file}`, async () => {
      const sdp = readFileSync(new URL(file, dir), 'utf8');
      const offer = readDescription(sdp);
      const pc = new RTCPeerConnection();
      try {
        await pc.setRemoteDescription({ type: 'offer', sdp });
        assert.equal(pc.signalingState, 'have-remote-offer');
        await pc.setLocalDescription();
        assert.equal(pc.signalingState, 'stable');
        const answer = readDescription(pc.localDescription!.sdp);
        assert.deepEqual(
          answer.sections.map((s) => [s.media, s.mid]),
          offer.sections.map((s) => [s.media, s.mid]),
        );
        for (const [i, s] of answer.sections.entries()) {
          if (offer.sections[i]!.rejected) continue;
          assert.equal(s.rejected, false, `m-section ${s.mid} accepted`);
          if (s.kind === 'audio' || s.kind === 'video') {
            assert.ok(s.codecs.length > 0, `codecs in ${s.mid}`);
            for (const c of s.codecs) {
              assert.ok(offer.sections[i]!.codecs.some((o) => o.payloadType === c.payloadType), `pt ${c.payloadType} was offered`);
            }
          }
        }
        assert.equal(pc.canTrickleIceCandidates, true);
      } finally {
        pc.close();
      }
    });
  }
});
