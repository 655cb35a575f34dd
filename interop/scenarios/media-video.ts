// VP8 video between purertc and a live Chromium, either side offering (harness/media-flows.ts).
// purertc sends: 3 s of ffmpeg's testsrc (320x240, 30 fps, libvpx, a key frame every 30
// frames) pushed at its frame rate into an EncodedTrackSource; Chromium plays it in a muted
// <video> and its inbound-rtp must count at least 80% of the frames decoded, at 320x240.
// Chromium sends: its fake camera at 320x240 with VP8 preferred; purertc's remote track
// unmutes, receiverFrames yields the frames for 2.5 s, they are written to an IVF that
// ffprobe must read with as many frames, at 320x240; receiver.getStats() counts them;
// Chromium's remote-inbound-rtp (from purertc's RTCP RR) names its outbound SSRC. purertc
// allows one SRTP profile, which both transports must report (harness/media-srtp.ts).
import type { Scenario } from '../harness/index.js';
import { videoFromBrowser, videoToBrowser } from '../harness/media-flows.js';
import { runFlowWithProfile, srtpLabel } from '../harness/media-srtp.js';

/** The SRTP profile purertc allows when it sends, and when it receives (media-audio.ts covers SRTP_AEAD_AES_128_GCM). */
const SEND_PROFILE = 'SRTP_AES128_CM_HMAC_SHA1_80';
const RECEIVE_PROFILE = 'SRTP_AEAD_AES_256_GCM';

const TIMEOUT_MS = 30_000;

function side(offerer: 'node' | 'browser'): string {
  return offerer === 'node' ? 'purertc offers' : 'browser offers';
}

function purertcSends(offerer: 'node' | 'browser'): Scenario {
  return {
    name: `media/chromium: purertc sends VP8 (${side(offerer)}): Chromium decodes 80% of the frames at 320x240 [${srtpLabel(offerer, SEND_PROFILE)}]`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    run: (context) => runFlowWithProfile(videoToBrowser, context, 'chromium', offerer, SEND_PROFILE),
  };
}

function chromiumSends(offerer: 'node' | 'browser'): Scenario {
  return {
    name: `media/chromium: Chromium sends VP8 (${side(offerer)}): purertc assembles frames ffprobe reads at 320x240 [${srtpLabel(offerer, RECEIVE_PROFILE)}]`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    run: (context) => runFlowWithProfile(videoFromBrowser, context, 'chromium', offerer, RECEIVE_PROFILE),
  };
}

/** purertc sending and receiving, with either side offering. */
export const scenarios: Scenario[] = [purertcSends('node'), purertcSends('browser'), chromiumSends('node'), chromiumSends('browser')];
