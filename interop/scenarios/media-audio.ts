// Opus audio between purertc and a live Chromium, either side offering. purertc sends 3 s
// of a tone made with ffmpeg (libopus, 20 ms packets, read from Ogg) through an
// EncodedTrackSource; Chromium plays it in an <audio> element and its inbound-rtp must
// count the samples with under 2% concealed. Chromium sends its fake microphone; purertc's
// remote track unmutes and the Opus packets it receives make an Ogg file in which ffprobe
// counts every packet and the whole duration (see harness/media-flows.ts).
import type { Scenario } from '../harness/index.js';
import { audioFromBrowser, audioToBrowser } from '../harness/media-flows.js';

const TIMEOUT_MS = 30_000;

function side(offerer: 'node' | 'browser'): string {
  return offerer === 'node' ? 'purertc offers' : 'browser offers';
}

/** purertc sending and receiving Opus, with either side offering. */
export const scenarios: Scenario[] = (['node', 'browser'] as const).flatMap((offerer): Scenario[] => [
  {
    name: `media/chromium: purertc sends Opus (${side(offerer)}): Chromium plays the samples, under 2% concealed`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    run: async (context) => void (await audioToBrowser(context, 'chromium', { offerer })),
  },
  {
    name: `media/chromium: Chromium sends Opus (${side(offerer)}): purertc records an Ogg file ffprobe reads whole`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    run: async (context) => void (await audioFromBrowser(context, 'chromium', { offerer })),
  },
]);
