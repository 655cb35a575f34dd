// Opus audio between purertc and a live Chromium, either side offering. purertc sends 3 s
// of a tone made with ffmpeg (libopus, 20 ms packets, read from Ogg) through an
// EncodedTrackSource; Chromium plays it in an <audio> element and its inbound-rtp must
// count the samples with under 2% concealed. Chromium sends its fake microphone; purertc's
// remote track unmutes and the Opus packets it receives make an Ogg file in which ffprobe
// counts every packet and the whole duration (see harness/media-flows.ts). Sending, purertc
// allows SRTP_AEAD_AES_128_GCM alone; receiving, every profile (Chromium's pick when purertc
// is the DTLS client): both transports must report the one in use (harness/media-srtp.ts).
import type { Scenario } from '../harness/index.js';
import { audioFromBrowser, audioToBrowser } from '../harness/media-flows.js';
import { runFlowWithProfile, srtpLabel } from '../harness/media-srtp.js';

const SEND_PROFILE = 'SRTP_AEAD_AES_128_GCM';

const TIMEOUT_MS = 30_000;

function side(offerer: 'node' | 'browser'): string {
  return offerer === 'node' ? 'purertc offers' : 'browser offers';
}

/** purertc sending and receiving Opus, with either side offering. */
export const scenarios: Scenario[] = (['node', 'browser'] as const).flatMap((offerer): Scenario[] => [
  {
    name: `media/chromium: purertc sends Opus (${side(offerer)}): Chromium plays the samples, under 2% concealed [${srtpLabel(offerer, SEND_PROFILE)}]`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    run: (context) => runFlowWithProfile(audioToBrowser, context, 'chromium', offerer, SEND_PROFILE),
  },
  {
    name: `media/chromium: Chromium sends Opus (${side(offerer)}): purertc records an Ogg file ffprobe reads whole [${srtpLabel(offerer, undefined)}]`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    run: (context) => runFlowWithProfile(audioFromBrowser, context, 'chromium', offerer, undefined),
  },
]);
