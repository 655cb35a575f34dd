// The browser-echo example (examples/browser-echo/) end to end: its server runs in this
// process on a free loopback port, a Chromium tab goes to its page, and the page's own
// self-check must report that every message came back from Node unchanged.
import assert from 'node:assert/strict';
import { startEchoServer } from '../../examples/browser-echo/server.js';
import { PageError, type Scenario } from '../harness/index.js';

const TIMEOUT_MS = 25_000;
/** How long the page gets to connect and see its self-check messages echoed. */
const ECHO_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

/** The little of a page's globals the scenario touches. */
interface ExamplePage {
  location: { assign(url: string): void };
  document: { getElementById(id: string): { textContent: string | null; className: string } | null };
}

/** In the page: starts loading the example's page in this tab. */
function goTo(url: string): void {
  const page = globalThis as unknown as ExamplePage;
  // Deferred, so that this call returns before the page it runs in goes away.
  setTimeout(() => page.location.assign(url));
}

/**
 * In the page: what the self-check shows (`bad` once it has failed), or null while the tab
 * is not on the example's page yet.
 */
function pageStatus(): { status: string; bad: boolean; log: string } | null {
  const { document } = globalThis as unknown as ExamplePage;
  const status = document.getElementById('status');
  if (!status) return null;
  return { status: status.textContent ?? '', bad: status.className === 'bad', log: document.getElementById('log')?.textContent ?? '' };
}

export const scenarios: Scenario[] = [
  {
    name: 'example-echo/chromium: the browser-echo example echoes its page\'s messages',
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const server = await startEchoServer({ port: 0, log: (line) => context.log(`node: ${line}`) });
      context.defer(() => server.close());
      const page = await context.page('chromium');
      // The tab starts on the harness's blank page: send it to the example's.
      await page.evaluate(goTo, server.url);
      let seen: ReturnType<typeof pageStatus> = null;
      const deadline = Date.now() + ECHO_TIMEOUT_MS;
      while (Date.now() < deadline && !context.signal.aborted) {
        try {
          seen = await page.evaluate(pageStatus);
        } catch (error) {
          // The page's own exception is a failure; evaluating while the tab navigates may
          // also fail, and is tried again on the next round.
          if (error instanceof PageError) throw error;
        }
        if (seen && (seen.status === 'echo ok' || seen.bad)) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      if (seen) context.log(`page log:\n${seen.log.trimEnd()}`);
      assert.equal(seen?.status, 'echo ok', 'the page\'s self-check');
      assert.equal(server.peerCount, 1, 'one peer connection on the Node side');
    },
  },
];
