// purertc against libdatachannel (node-datachannel's W3C polyfill) and libwebrtc
// (@roamhq/wrtc), purertc offering and answering: the scenario table in scenarios.ts, on
// real UDP sockets on 127.0.0.1, signalled in-process with trickle ICE.
import { guardDrops } from '../helpers/loopback.js';
import { nativeStacks } from '../helpers/peers.js';
import { Session } from '../helpers/session.js';
import { openSession, scenarios } from './scenarios.js';

describe('conformance: data channels against native stacks', function () {
  this.timeout(20000);

  after(() => {
    // purertc answering checks that libwebrtc sends from its non-loopback host candidates.
    if (guardDrops.length) console.log(`    (loopback guard dropped ${guardDrops.length} datagrams to non-loopback addresses: ${[...new Set(guardDrops)].slice(0, 4).join(', ')}...)`);
  });

  for (const stack of nativeStacks) {
    for (const oursOffers of [true, false]) {
      describe(`${stack.name}, purertc ${oursOffers ? 'offering' : 'answering'}`, function () {
        let shared: Session | undefined;

        before(async function () {
          shared = new Session(stack, oursOffers);
          await openSession(stack, oursOffers, shared);
        });

        after(() => shared?.close());

        for (const scenario of scenarios) {
          // Scenarios that show a known purertc bug are skipped unless asked for (see the report).
          const known = scenario.knownBug && process.env.PURERTC_RUN_KNOWN_BUGS !== '1';
          const title = scenario.knownBug ? `${scenario.title} [KNOWN PURERTC BUG: ${scenario.knownBug}]` : scenario.title;
          (known ? it.skip : it)(title, async function () {
            if (!scenario.fresh) return scenario.run(shared!);
            const own = new Session(stack, oursOffers);
            try {
              await openSession(stack, oursOffers, own);
              await scenario.run(own);
            } finally {
              own.close();
            }
          });
        }
      });
    }
  }
});
