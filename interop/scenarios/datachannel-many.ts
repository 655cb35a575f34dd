// Many channels at once, for each browser and either offerer: once connected, purertc
// and the browser each create 50 channels in the same moment (so DCEP opens cross on the
// wire), every one opens on both sides with one id and the right parity, and every one
// echoes a string and a binary message in both directions.
import assert from 'node:assert/strict';
import { BROWSER_KINDS, PAGE_PEER, openSession, type BrowserKind, type Scenario, type Side } from '../harness/index.js';
import { checkChannelAgreement, checkConnected, checkIdParity, echoBothWays, messagePlans } from '../harness/dc-checks.js';

const TIMEOUT_MS = 30_000;
const PER_SIDE = 50;
const WAIT_MS = 15_000;
/** Small messages: this scenario is about many channels, not large messages. */
const SIZES = [100, 1024];

function manyScenario(kind: BrowserKind, offerer: Side): Scenario {
  return {
    name: `datachannel/${kind}: ${offerer === 'browser' ? 'browser offers' : 'purertc offers'}, no trickle: ${PER_SIDE} channels from each side at once`,
    browsers: [kind],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(kind);
      const session = await openSession(context, page, context.network, { offerer, trickle: false, offererChannels: [{ label: 'first' }] });
      const { browser, node } = session;
      checkConnected(session);
      const labels = (side: Side): string[] => Array.from({ length: PER_SIDE }, (_, i) => `${side} #${i}`);
      // Both sides create theirs before either hears of the other's.
      const created = browser.createChannels({ id: PAGE_PEER, labels: labels('browser') });
      for (const label of labels('node')) node.createChannel(label);
      await created;

      const all = ['first', ...labels('node'), ...labels('browser')];
      const [ours, theirs] = await Promise.all([
        node.waitChannels(all, 'open', WAIT_MS),
        browser.waitChannels({ id: PAGE_PEER, labels: all, state: 'open', timeoutMs: WAIT_MS }),
      ]);
      const creatorOf = (label: string): Side => (label === 'first' ? offerer : label.startsWith('node') ? 'node' : 'browser');
      for (const [i, label] of all.entries()) {
        checkChannelAgreement(theirs[i]!, ours[i]!, { label, protocol: '', ordered: true, negotiated: false });
        checkIdParity(ours[i]!, creatorOf(label), session.dtlsClient);
      }
      const ids = ours.map(({ id }) => id);
      assert.equal(new Set(ids).size, ids.length, `stream ids are not unique: ${ids.join(', ')}`);
      // Each side was told of exactly the other side's channels, each once.
      for (const [side, events] of [
        ['purertc', node.events.bind(node)],
        ['browser', (label: string) => browser.events({ id: PAGE_PEER, label })],
      ] as const) {
        for (const label of all) {
          const announced = (await events(label)).filter(({ type }) => type === 'datachannel').length;
          const expected = (side === 'purertc') === (creatorOf(label) === 'browser') ? 1 : 0;
          assert.equal(announced, expected, `${side}: datachannel events for ${JSON.stringify(label)}`);
        }
      }

      await echoBothWays(session, messagePlans(all, SIZES, 5000), 10_000);
      session.checkHandover();
      node.close();
    },
  };
}

/** Both offerers for each browser. */
export const scenarios: Scenario[] = BROWSER_KINDS.flatMap((kind) => (['browser', 'node'] as const).map((offerer) => manyScenario(kind, offerer)));
