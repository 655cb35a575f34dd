// Closing, for each browser: channels created on either side and closed from either side
// (RFC 8831 §6.7 stream resets), with the W3C events on both sides; then one side closes
// its whole peer connection and the other side's remaining channels must end too.
import assert from 'node:assert/strict';
import {
  BROWSER_KINDS,
  PAGE_PEER,
  openSession,
  type BrowserKind,
  type ChannelEvent,
  type ChannelSpec,
  type DcSession,
  type Scenario,
  type Side,
} from '../harness/index.js';
import { checkClosedByOwnClose, checkConnected, checkNoEventsAfterClose, checkOpenEvents } from '../harness/dc-checks.js';

const TIMEOUT_MS = 25_000;
const WAIT_MS = 8_000;
const SIDES: readonly Side[] = ['node', 'browser'];
const NAMES: Record<Side, string> = { node: 'purertc', browser: 'browser' };

/** `<creator>-made, <closer>-closes` for each pair, plus one per creator that stays open. */
function label(creator: Side, closer: Side | 'nobody'): string {
  return `${creator}-made, ${closer === 'nobody' ? 'left open' : `${closer}-closes`}`;
}

async function events(session: DcSession, side: Side, name: string): Promise<ChannelEvent[]> {
  return side === 'node' ? session.node.events(name) : session.browser.events({ id: PAGE_PEER, label: name });
}

/** The events after the open ones (checked as such) on one side's channel. */
async function eventsAfterOpen(session: DcSession, side: Side, name: string, creator: Side): Promise<ChannelEvent[]> {
  const all = await events(session, side, name);
  const opening = creator === side ? 1 : 2;
  checkOpenEvents(NAMES[side], name, all.slice(0, opening), creator !== side);
  return all.slice(opening);
}

function closeScenario(kind: BrowserKind, pcCloser: Side): Scenario {
  // The other side offers, so both negotiation directions meet a close.
  const offerer: Side = pcCloser === 'node' ? 'browser' : 'node';
  const other: Side = pcCloser === 'node' ? 'browser' : 'node';
  return {
    name: `datachannel/${kind}: ${NAMES[offerer]} offers: channels closed from each side, then ${NAMES[pcCloser]} closes the connection`,
    browsers: [kind],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(kind);
      const mine = (creator: Side): ChannelSpec[] => [...SIDES, 'nobody' as const].map((closer) => ({ label: label(creator, closer) }));
      const session = await openSession(context, page, context.network, { offerer, trickle: true, offererChannels: mine(offerer) });
      const { browser, node } = session;
      checkConnected(session);
      const answerer: Side = offerer === 'node' ? 'browser' : 'node';
      for (const { label: name } of mine(answerer)) {
        if (answerer === 'node') node.createChannel(name);
        else await browser.createChannel({ id: PAGE_PEER, label: name });
      }
      const all = SIDES.flatMap((creator) => mine(creator).map(({ label: name }) => name));
      await Promise.all([node.waitChannels(all, 'open', WAIT_MS), browser.waitChannels({ id: PAGE_PEER, labels: all, state: 'open', timeoutMs: WAIT_MS })]);

      // W3C §6.2 close(): readyState is `closing` at once; the closing procedure then runs.
      const closed = SIDES.flatMap((creator) => SIDES.map((closer) => ({ creator, closer, name: label(creator, closer) })));
      for (const { closer, name } of closed) {
        const state = closer === 'node' ? node.closeChannel(name) : await browser.closeChannel({ id: PAGE_PEER, label: name });
        assert.equal(state, 'closing', `${NAMES[closer]} channel ${JSON.stringify(name)}: readyState right after close()`);
      }
      const names = closed.map(({ name }) => name);
      await Promise.all([node.waitChannels(names, 'closed', WAIT_MS), browser.waitChannels({ id: PAGE_PEER, labels: names, state: 'closed', timeoutMs: WAIT_MS })]);
      // W3C §6.2.4 closing procedure: the side that called close() sees only `close`; the
      // other side sees `closing` (readyState closing), then `close`.
      for (const { creator, closer, name } of closed) {
        for (const side of SIDES) {
          const expected: ChannelEvent[] = [...(side === closer ? [] : [{ type: 'closing' as const, readyState: 'closing' }]), { type: 'close', readyState: 'closed' }];
          assert.deepEqual(
            await eventsAfterOpen(session, side, name, creator),
            expected,
            `${NAMES[side]} channel ${JSON.stringify(name)} (closed by the ${NAMES[closer]}): events after open`,
          );
        }
      }

      session.checkHandover();
      // One side closes its peer connection: its own channels are `closed` at once (W3C
      // §4.4.1.5; Chromium 156 and Firefox 153 still say `open` right then: not checked).
      const survivors = SIDES.map((creator) => label(creator, 'nobody'));
      const closerReport = pcCloser === 'node' ? node.close() : await browser.closePeer(PAGE_PEER);
      checkClosedByOwnClose(NAMES[pcCloser], closerReport, pcCloser === 'node');
      // The other side's channels end with `close`, after an `error` (OperationError,
      // sctp-failure) for an association that went away (W3C §6.2 "announce closed";
      // WPT RTCDataChannel-close.html). A browser that resets its streams before it tears
      // the association down (Firefox 153) makes a `closing` come first. Browsers are held
      // to the final `close` alone.
      const ended = other === 'node' ? await node.waitChannels(survivors, 'closed', WAIT_MS) : await browser.waitChannels({ id: PAGE_PEER, labels: survivors, state: 'closed', timeoutMs: WAIT_MS });
      assert.deepEqual(ended.map(({ readyState }) => readyState), survivors.map(() => 'closed'));
      for (const [i, name] of survivors.entries()) {
        const after = await eventsAfterOpen(session, other, name, SIDES[i]!);
        context.log(`${NAMES[other]} channel ${JSON.stringify(name)} after the ${NAMES[pcCloser]} closed: ${JSON.stringify(after)}`);
        if (other === 'node') {
          const ending = after[0]?.type === 'closing' ? after.slice(1) : after;
          if (ending !== after) assert.equal(after[0]!.readyState, 'closing', `purertc channel ${JSON.stringify(name)}: readyState at its closing event`);
          assert.deepEqual(
            ending.map(({ type, readyState }) => ({ type, readyState })),
            [{ type: 'error', readyState: 'closed' }, { type: 'close', readyState: 'closed' }],
            `purertc channel ${JSON.stringify(name)}: events after the browser closed the connection (all: ${JSON.stringify(after)})`,
          );
          assert.match(ending[0]!.detail ?? '', /^OperationError sctp-failure (null|12)$/, `purertc channel ${JSON.stringify(name)}: the error's RTCError`);
        } else {
          assert.deepEqual(after.at(-1), { type: 'close', readyState: 'closed' }, `browser channel ${JSON.stringify(name)}: last event after purertc closed the connection`);
        }
      }

      // Then the other side closes its own.
      const otherReport = other === 'node' ? node.close() : await browser.closePeer(PAGE_PEER);
      checkClosedByOwnClose(NAMES[other], otherReport, other === 'node');
      await new Promise((resolve) => setTimeout(resolve, 200));
      checkNoEventsAfterClose('purertc', node.report());
      const closerEvents = await Promise.all(survivors.map((name) => events(session, pcCloser, name)));
      context.log(`${NAMES[pcCloser]} survivors' events (its own close() fires none per W3C; browsers differ, w3c/webrtc-pc#3085): ${JSON.stringify(closerEvents)}`);
    },
  };
}

/** For each browser: purertc closes the connection, and the browser does. */
export const scenarios: Scenario[] = BROWSER_KINDS.flatMap((kind) => SIDES.map((closer) => closeScenario(kind, closer)));
