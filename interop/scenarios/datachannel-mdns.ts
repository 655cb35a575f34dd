// mDNS host candidates, for each browser: the browser hides its host addresses behind
// `<uuid>.local` names, as browsers do on the web. purertc must accept them and either
// resolve them by an mDNS query (RFC 6762; a host candidate then) or, when no answer comes,
// learn the browser's address from the browser's connectivity checks (a peer-reflexive
// candidate, RFC 8445 §7.3.1.3); the log says which. Both offerers.
// These run in the private namespace for Chromium too: a browser that registers mDNS
// names announces them by multicast, which must not leave a network we created.
import assert from 'node:assert/strict';
import { BROWSER_KINDS, PAGE_PEER, candidateAddress, openSession, type BrowserKind, type Scenario, type Side } from '../harness/index.js';
import { checkConnected, checkOpenEvents, echoBothWays, messagePlans } from '../harness/dc-checks.js';

const TIMEOUT_MS = 25_000;
/** How long the log waits for purertc to resolve the browser's name. */
const MDNS_WAIT_MS = 4_000;

function mdnsScenario(kind: BrowserKind, offerer: Side): Scenario {
  const trickle = offerer === 'browser';
  return {
    name: `datachannel/${kind}: ${offerer === 'browser' ? 'browser offers' : 'purertc offers'}, ${trickle ? 'trickle' : 'no trickle'}: browser host candidates hidden behind mDNS names`,
    browsers: [kind],
    isolated: true,
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(kind, { hideHostAddresses: true });
      const session = await openSession(context, page, context.network, { offerer, trickle, offererChannels: [{ label: 'mdns' }] });
      const { browser, node } = session;
      checkConnected(session);
      await Promise.all([node.waitChannels(['mdns'], 'open', 8_000), browser.waitChannels({ id: PAGE_PEER, labels: ['mdns'], state: 'open', timeoutMs: 8_000 })]);
      checkOpenEvents('purertc', 'mdns', node.events('mdns'), offerer === 'browser');
      await echoBothWays(session, messagePlans(['mdns'], [16 * 1024], 9000), 5_000);
      // Everything purertc was given (in the SDP or trickled, by now) was an mDNS name: no
      // address it could have used.
      context.log(`browser candidates handed to purertc:\n${session.handed.join('\n')}`);
      assert.ok(session.handed.length > 0, 'the browser gave purertc no candidate at all');
      for (const candidate of session.handed) assert.match(candidateAddress(candidate) ?? '', /\.local$/i, `a candidate with an address reached purertc: ${candidate}`);
      assert.deepEqual(session.withheld, [], 'the browser offered addresses it should have hidden');
      // The browser answers mDNS queries only once its name is registered (probing, RFC 6762
      // §8.1, takes about a second after gathering): wait a bounded while for the resolved one.
      let remoteTypes: Array<string | undefined> = [];
      for (const end = Date.now() + MDNS_WAIT_MS; Date.now() < end && !remoteTypes.includes('host'); await new Promise((r) => setTimeout(r, 100))) {
        const report = (await node.pc.getStats()) as Map<string, { type: string; candidateType?: string }>;
        remoteTypes = [...report.values()].filter((x) => x.type === 'remote-candidate').map((x) => x.candidateType);
      }
      context.log(`purertc's remote candidates: ${remoteTypes.join(', ')} (host: a name resolved by mDNS)`);
      session.checkHandover();
      node.close();
    },
  };
}

/** Both offerers for each browser. */
export const scenarios: Scenario[] = BROWSER_KINDS.flatMap((kind) => (['browser', 'node'] as const).map((offerer) => mdnsScenario(kind, offerer)));
