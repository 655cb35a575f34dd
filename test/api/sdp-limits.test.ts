// The m-section cap (MAX_MEDIA_SECTIONS): a remote offer over it is refused with
// OperationError before it is parsed, and the same connections then negotiate and open a
// channel; one at the cap is taken (and, as in Chromium's 1,000 m-section case, its answer
// does not match the offer the other side made).
import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';
import { MAX_MEDIA_SECTIONS } from '../../src/jsep/remote.js';
import { runHostileCase, type HostileCase, type HostilePeerConnectionClass } from '../../interop/harness/hostile.js';

class LoopbackPeerConnection extends RTCPeerConnection {
  constructor(configuration: Record<string, unknown> = {}) {
    super({ ...configuration, bindAddress: '127.0.0.1' });
  }
}

/** An offer of audio, video and data with `extra` more audio m-sections. */
function offerWith(extra: number): HostileCase {
  return { name: `${extra} more`, scenario: 'remote-offer', media: 'av-data', edits: [{ op: 'repeat-section', copyOf: 0, count: extra }] };
}

describe('api/limits: m-sections', function () {
  this.timeout(60_000);

  it(`refuses a remote offer of ${MAX_MEDIA_SECTIONS + 1} m-sections with OperationError, then negotiates and opens a channel`, async () => {
    const o = await runHostileCase({ case: offerWith(MAX_MEDIA_SECTIONS - 2), openTimeoutMs: 5000 }, LoopbackPeerConnection as unknown as HostilePeerConnectionClass);
    assert.equal(o.failedAt, 'B.setRemoteDescription(offer)');
    assert.equal(o.error?.name, 'OperationError');
    assert.match(o.error!.message, /more than 4096 m-sections/);
    assert.deepEqual(o.recovery, { negotiated: true, error: null, channelOpen: true });
  });

  it(`takes a remote offer of ${MAX_MEDIA_SECTIONS} m-sections`, async () => {
    const o = await runHostileCase({ case: offerWith(MAX_MEDIA_SECTIONS - 3), openTimeoutMs: 5000 }, LoopbackPeerConnection as unknown as HostilePeerConnectionClass);
    assert.equal(o.failedAt, 'A.setRemoteDescription(answer)', `B took the offer and answered it: ${o.error?.message}`);
    assert.equal(o.error?.name, 'InvalidAccessError');
  });
});
