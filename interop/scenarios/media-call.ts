// Audio and video both ways in one session with each browser, either side offering
// (harness/media-av.ts): purertc's VP8 and Opus clips decode and play in the page while
// the browser's fake camera and microphone reach purertc, both remote tracks unmuting.
import type { Scenario } from '../harness/index.js';
import { audioVideoBothWays } from '../harness/media-av.js';

const TIMEOUT_MS = 35_000;

/** One call per browser and offerer. */
export const scenarios: Scenario[] = (['chromium', 'firefox'] as const).flatMap((kind) =>
  (['node', 'browser'] as const).map(
    (offerer): Scenario => ({
      name: `media/${kind}: call, VP8 and Opus both ways in one session (${offerer === 'node' ? 'purertc offers' : 'browser offers'}): each side decodes what the other sends`,
      browsers: [kind],
      timeoutMs: TIMEOUT_MS,
      run: (context) => audioVideoBothWays(context, kind, offerer),
    }),
  ),
);
