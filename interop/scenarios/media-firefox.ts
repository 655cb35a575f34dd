// VP8 video and Opus audio between purertc and a live Firefox ESR, both ways, either side
// offering, with the checks of the Chromium scenarios (harness/media-flows.ts): Firefox's
// inbound-rtp counts the frames decoded at the clip's size and the audio samples with
// under 2% concealed; Firefox's fake camera and microphone (media.navigator.streams.fake)
// reach purertc whole, as ffprobe reads the files recorded from them, and Firefox sees
// purertc's receiver reports. Each flow forces one of the four SRTP profiles Firefox accepts,
// with purertc as DTLS server (it offers) and client (it answers), and both transports must
// report it (harness/media-srtp.ts). Runs in the suite's network namespace, as every
// Firefox scenario.
import type { Scenario } from '../harness/index.js';
import { FLOWS } from '../harness/media-flows.js';
import { BROWSER_SRTP_PROFILES, runFlowWithProfile, srtpLabel } from '../harness/media-srtp.js';

const TIMEOUT_MS = 30_000;

const WHAT: Record<keyof typeof FLOWS, string> = {
  'video to browser': 'purertc sends VP8: Firefox decodes 80% of the frames at 320x240',
  'audio to browser': 'purertc sends Opus: Firefox plays the samples, under 2% concealed',
  'video from browser': 'Firefox sends VP8: purertc assembles frames ffprobe reads at 320x240',
  'audio from browser': 'Firefox sends Opus: purertc records an Ogg file ffprobe reads whole',
};

/** Every flow with either side offering, flow i with Firefox's profile i. */
export const scenarios: Scenario[] = (Object.keys(FLOWS) as (keyof typeof FLOWS)[]).flatMap((flow, i) => {
  const profile = BROWSER_SRTP_PROFILES.firefox[i]!;
  return (['node', 'browser'] as const).map((offerer) => ({
    name: `media/firefox: ${WHAT[flow]} (${offerer === 'node' ? 'purertc offers' : 'browser offers'}) [${srtpLabel(offerer, profile)}]`,
    browsers: ['firefox'],
    timeoutMs: TIMEOUT_MS,
    run: (context) => runFlowWithProfile(FLOWS[flow], context, 'firefox', offerer, profile),
  }));
});
