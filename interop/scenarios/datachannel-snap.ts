// SNAP (draft-hancke-tsvwg-snap) against Chromium's own implementation (dcsctp), which
// Chromium 156 offers only with the WebRTC-Sctp-Snap field trial. When the offer and the
// answer both carry a=sctp-init (each side's SCTP INIT chunk, base64), neither side sends
// INIT, INIT ACK, COOKIE ECHO or COOKIE ACK: the association is up once DTLS is. Had one
// side skipped the handshake and the other waited for it, no channel would open.
// With either side offering: a channel made by each side opens, strings and binaries of
// 0 B, 1 KiB and 64 KiB echo both ways byte for byte, and each channel is closed by the
// side that did not make it, with close seen on both. A control strips a=sctp-init from
// Chromium's offer on its way to purertc: no SNAP, the plain handshake must still work.
// One-sided: purertc's answer loses its a=sctp-init on the way, and the channels still open.
import assert from 'node:assert/strict';
import { PAGE_PEER, openSession, type DcSession, type Scenario, type SessionDescription, type Side } from '../harness/index.js';
import { checkConnected, checkIdParity, checkOpenEvents, echoBothWays, messagePlans } from '../harness/dc-checks.js';

/** Chromium 156 offers and accepts a=sctp-init only with this field trial. */
const SNAP_ARGS = ['--force-fieldtrials=WebRTC-Sctp-Snap/Enabled/'];
const TIMEOUT_MS = 25_000;
/** Bound for channels reaching a readyState. */
const WAIT_MS = 8_000;
/** Bound for one message's echo. */
const ECHO_TIMEOUT_MS = 5_000;
const SIZES = [0, 1024, 64 * 1024];
const NAMES: Record<Side, string> = { node: 'purertc', browser: 'Chromium' };
/** RFC 9260 §3.3.2: INIT is chunk type 1; its header and fixed fields take 20 bytes. */
const INIT_CHUNK_TYPE = 1;
const INIT_FIXED_BYTES = 20;

/** The a=sctp-init lines of an SDP. */
function sctpInitLines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((line) => line.startsWith('a=sctp-init:'));
}

/** The description carries exactly one a=sctp-init, and it holds an INIT chunk. */
function checkSnapInit(description: SessionDescription, what: string): void {
  const lines = sctpInitLines(description.sdp);
  assert.equal(lines.length, 1, `${what}: a=sctp-init lines (SNAP is not negotiated without one)`);
  const chunk = Buffer.from(lines[0]!.slice('a=sctp-init:'.length).trim(), 'base64');
  assert.ok(chunk.length >= INIT_FIXED_BYTES && chunk[0] === INIT_CHUNK_TYPE, `${what}: ${lines[0]} is no INIT chunk (${chunk.length} B, type ${chunk[0]})`);
}

/** The SDP without its a=sctp-init lines. */
function withoutSctpInit(description: SessionDescription): SessionDescription {
  return { type: description.type, sdp: description.sdp.split(/\r?\n/).filter((line) => !line.startsWith('a=sctp-init:')).join('\r\n') };
}

/**
 * A description editor that takes a=sctp-init out (of descriptions of type `only`, or of
 * every one), and the lines it took.
 */
function sctpInitRemover(only?: SessionDescription['type']): { removed: string[]; strip: (description: SessionDescription) => SessionDescription } {
  const removed: string[] = [];
  const strip = (description: SessionDescription): SessionDescription => {
    if (only !== undefined && description.type !== only) return description;
    removed.push(...sctpInitLines(description.sdp));
    return withoutSctpInit(description);
  };
  return { removed, strip };
}

/** Waits until every labelled channel has `state` on both sides. */
async function waitBoth(session: DcSession, labels: string[], state: string): Promise<void> {
  await Promise.all([session.node.waitChannels(labels, state, WAIT_MS), session.browser.waitChannels({ id: PAGE_PEER, labels, state, timeoutMs: WAIT_MS })]);
}

/** One side's events on a channel, after the open ones (checked as such). */
async function eventsAfterOpen(session: DcSession, side: Side, label: string, creator: Side): Promise<unknown[]> {
  const events = side === 'node' ? session.node.events(label) : await session.browser.events({ id: PAGE_PEER, label });
  const opening = side === creator ? 1 : 2;
  checkOpenEvents(NAMES[side], label, events.slice(0, opening), side !== creator);
  return events.slice(opening);
}

function snapScenario(offerer: Side, trickle: boolean): Scenario {
  const answerer: Side = offerer === 'node' ? 'browser' : 'node';
  const made = (creator: Side): string => `${NAMES[creator]}-made`;
  return {
    name: `datachannel-snap/chromium: ${NAMES[offerer]} offers, ${NAMES[answerer]} answers, ${trickle ? 'trickle' : 'no trickle'}: both carry a=sctp-init; a channel from each side opens, echoes 0 B to 64 KiB both ways and closes`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page('chromium', { chromiumArgs: SNAP_ARGS });
      const session = await openSession(context, page, context.network, { offerer, trickle, offererChannels: [{ label: made(offerer) }] });
      const { browser, node } = session;
      checkSnapInit(session.offer, `${NAMES[offerer]}'s offer`);
      checkSnapInit(session.answer, `${NAMES[answerer]}'s answer`);
      checkConnected(session);
      // The answerer's channel is made once connected: with SNAP, SCTP is already up.
      if (answerer === 'node') node.createChannel(made('node'));
      else await browser.createChannel({ id: PAGE_PEER, label: made('browser') });
      const creators: Side[] = [offerer, answerer];
      const labels = creators.map(made);
      await waitBoth(session, labels, 'open');
      for (const creator of creators) {
        const label = made(creator);
        checkIdParity(node.report().channels.find((channel) => channel.label === label)!, creator, session.dtlsClient);
        checkOpenEvents('purertc', label, node.events(label), creator === 'browser');
        checkOpenEvents('browser', label, await browser.events({ id: PAGE_PEER, label }), creator === 'node');
      }

      const [nodeReport, browserReport] = [node.report(), await browser.report(PAGE_PEER)];
      context.log(`sctp.maxMessageSize: purertc ${nodeReport.maxMessageSize}, browser ${browserReport.maxMessageSize}`);
      for (const report of [nodeReport, browserReport]) assert.ok((report.maxMessageSize ?? 0) >= Math.max(...SIZES), `sctp.maxMessageSize ${report.maxMessageSize} < 64 KiB`);
      await echoBothWays(session, messagePlans(labels, SIZES, 5000), ECHO_TIMEOUT_MS);

      // Each channel is closed by the side that did not make it (RFC 8831 §6.7 stream reset).
      // W3C §6.2.4: the closer sees only `close`; the other side `closing`, then `close`.
      for (const creator of creators) {
        const closer: Side = creator === 'node' ? 'browser' : 'node';
        const label = made(creator);
        const state = closer === 'node' ? node.closeChannel(label) : await browser.closeChannel({ id: PAGE_PEER, label });
        assert.equal(state, 'closing', `${NAMES[closer]} channel ${JSON.stringify(label)}: readyState right after close()`);
      }
      await waitBoth(session, labels, 'closed');
      for (const creator of creators) {
        const label = made(creator);
        for (const side of ['node', 'browser'] as const) {
          const expected = [...(side === creator ? [{ type: 'closing', readyState: 'closing' }] : []), { type: 'close', readyState: 'closed' }];
          assert.deepEqual(await eventsAfterOpen(session, side, label, creator), expected, `${NAMES[side]} channel ${JSON.stringify(label)}: events after open`);
        }
      }
      session.checkHandover();
    },
  };
}

/** Chromium offers SNAP, but purertc gets the offer without it: neither side may skip the handshake. */
const control: Scenario = {
  name: 'datachannel-snap/chromium: control: a=sctp-init removed from Chromium\'s offer: purertc answers without one; the plain SCTP handshake opens a channel that echoes both ways',
  browsers: ['chromium'],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
    const page = await context.page('chromium', { chromiumArgs: SNAP_ARGS });
    const { removed, strip } = sctpInitRemover();
    const session = await openSession(context, page, context.network, {
      offerer: 'browser',
      trickle: true,
      offererChannels: [{ label: 'control' }],
      editBrowserDescription: strip,
    });
    assert.equal(removed.length, 1, 'Chromium\'s offer carried no a=sctp-init to remove: is the SNAP field trial on?');
    context.log(`removed from Chromium's offer: ${removed[0]}`);
    assert.deepEqual(sctpInitLines(session.offer.sdp), [], 'a=sctp-init reached purertc');
    assert.deepEqual(sctpInitLines(session.answer.sdp), [], 'purertc answered an offer without a=sctp-init with one (draft-hancke-tsvwg-snap §5)');
    checkConnected(session);
    await waitBoth(session, ['control'], 'open');
    checkOpenEvents('purertc', 'control', session.node.events('control'), true);
    checkOpenEvents('browser', 'control', await session.browser.events({ id: PAGE_PEER, label: 'control' }), false);
    await echoBothWays(session, messagePlans(['control'], [1024], 7000), ECHO_TIMEOUT_MS);
    session.checkHandover();
  },
};

/**
 * One-sided SNAP: Chromium offers with a=sctp-init, and purertc's answer loses its own on
 * the way. purertc is ESTABLISHED with Chromium's INIT while Chromium, seeing no SNAP, runs
 * the handshake, with an INIT other than the one its SDP carried. purertc answers it with
 * the tag and TSN of its own a=sctp-init and takes Chromium's handshake INIT as the peer's
 * side of the association: the channels open and echo both ways. (The other direction,
 * Chromium's answer losing the line, cannot work: Chromium answers the offerer's INIT with
 * a new tag, as RFC 9260 §5.2.2 has it for an unexpected INIT, and keeps talking in its
 * SNAP association under a tag the offerer never learnt. README "SNAP".)
 */
const oneSided: Scenario = {
  name: "datachannel-snap/chromium: one-sided: a=sctp-init removed from purertc's answer (Chromium offers and runs the handshake): the channels open and echo both ways",
  browsers: ['chromium'],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
    const page = await context.page('chromium', { chromiumArgs: SNAP_ARGS });
    const { removed, strip } = sctpInitRemover('answer');
    const session = await openSession(context, page, context.network, {
      offerer: 'browser',
      trickle: true,
      offererChannels: [{ label: 'offerer-made' }],
      editNodeDescription: strip,
    });
    checkSnapInit(session.offer, "Chromium's offer");
    assert.equal(removed.length, 1, "purertc's answer carried no a=sctp-init to remove");
    assert.deepEqual(sctpInitLines(session.answer.sdp), [], 'a=sctp-init reached Chromium');
    checkConnected(session);
    session.node.createChannel('answerer-made');
    const labels = ['offerer-made', 'answerer-made'];
    await waitBoth(session, labels, 'open');
    await echoBothWays(session, messagePlans(labels, SIZES, 9000), ECHO_TIMEOUT_MS);
    session.checkHandover();
  },
};

/** Both offerers with SNAP, the control without it, and SNAP on purertc's side only. */
export const scenarios: Scenario[] = [snapScenario('node', true), snapScenario('browser', false), control, oneSided];
