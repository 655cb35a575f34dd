import assert from 'node:assert/strict';
import { areaOf } from '../../wpt/lib/areas.js';
import { defaultLimits, limitsFor, roundMs, timingMoved } from '../../wpt/lib/limits.js';

describe('wpt/lib/limits', () => {
  it('gives unrecorded files the defaults: 10 s, 60 s for long files, the kill 5 s later', () => {
    assert.deepEqual(defaultLimits(10_000, false), { harnessMs: 10_000, hardMs: 15_000, source: 'default' });
    assert.deepEqual(defaultLimits(10_000, true), { harnessMs: 60_000, hardMs: 65_000, source: 'default' });
    assert.deepEqual(limitsFor(undefined, 10_000, false), defaultLimits(10_000, false));
    assert.deepEqual(limitsFor({ harness: 'SKIP', pass: [] }, 10_000, false), defaultLimits(10_000, false));
  });

  it('gives a completing file a few times its recorded duration', () => {
    assert.deepEqual(limitsFor({ harness: 'OK', pass: [], ms: 600 }, 10_000, false), { harnessMs: 5_600, hardMs: 10_600, source: 'duration' });
    assert.deepEqual(limitsFor({ harness: 'OK', pass: [], ms: 7_000 }, 10_000, true), { harnessMs: 14_000, hardMs: 19_000, source: 'duration' });
    // Never above the defaults.
    assert.deepEqual(limitsFor({ harness: 'OK', pass: [], ms: 9_000 }, 10_000, false), { harnessMs: 10_000, hardMs: 15_000, source: 'duration' });
  });

  it('stops a timed-out file soon after its last subtest settled', () => {
    const e = { harness: 'TIMEOUT' as const, pass: ['a'], ms: 20_400, settleMs: 1_200 };
    assert.deepEqual(limitsFor(e, 10_000, true), { harnessMs: 4_200, hardMs: 9_200, source: 'settle' });
    assert.deepEqual(limitsFor({ ...e, settleMs: 6_000 }, 10_000, true), { harnessMs: 12_000, hardMs: 17_000, source: 'settle' });
    assert.deepEqual(limitsFor({ ...e, settleMs: 40_000 }, 10_000, true), { harnessMs: 60_000, hardMs: 65_000, source: 'settle' });
    assert.equal(limitsFor({ ...e, settleMs: 0 }, 10_000, false).harnessMs, 3_000);
  });

  it('rounds and keeps recorded times against noise', () => {
    assert.equal(roundMs(1), 100);
    assert.equal(roundMs(1_200), 1_200);
    assert.equal(roundMs(1_201), 1_300);
    assert.equal(timingMoved(undefined, 5), true);
    assert.equal(timingMoved(1_000, 1_900), false); // within 1 s
    assert.equal(timingMoved(4_000, 5_900), false); // within half
    assert.equal(timingMoved(4_000, 6_100), true);
    assert.equal(timingMoved(4_000, 1_900), true);
  });
});

describe('wpt/lib/areas', () => {
  it('groups files by name, first rule first', () => {
    const cases: [string, string][] = [
      ['webrtc/RTCDataChannel-send.html', 'data channels'],
      ['webrtc/RTCSctpTransport-maxChannels.html', 'data channels'],
      ['webrtc/RTCDataChannelEvent-constructor.html', 'other'],
      ['webrtc/idlharness.https.window.js', 'IDL'],
      ['webrtc/RTCPeerConnection-getStats.https.html', 'stats'],
      ['webrtc/RTCRtpSender-getStats.https.html', 'stats'],
      ['webrtc/RTCCertificate.html', 'DTLS/certificates'],
      ['webrtc/protocol/dtls-setup.https.html', 'DTLS/certificates'],
      ['webrtc/RTCPeerConnection-addIceCandidate.html', 'ICE'],
      ['webrtc/RTCConfiguration-iceServers.html', 'ICE'],
      ['webrtc/RTCRtpTransceiver-stop.html', 'RTP/media'],
      ['webrtc/simulcast/rid-manipulation.html', 'RTP/media'],
      ['webrtc/RTCPeerConnection-setRemoteDescription-offer.html', 'signaling/JSEP'],
      ['webrtc/RTCConfiguration-bundlePolicy.html', 'signaling/JSEP'],
      ['webrtc/RTCError.html', 'other'],
    ];
    for (const [file, area] of cases) assert.equal(areaOf(file), area, file);
  });
});
