// Descriptions edited by the application before purertc's setLocalDescription (SDP munging,
// as code written for browsers does it): purertc applies the edited text and acts on it,
// and the browser, handed that text, connects. With purertc offering, without trickle: the
// offer loses a=ice-options:trickle and gets new ICE credentials, another a=sctp-port and a
// smaller a=max-message-size. With the browser offering, trickled: purertc's answer takes
// the passive DTLS role, new ICE credentials, another a=sctp-port and a=max-message-size of
// 16 KiB. Had purertc kept its own credentials, port or role, nothing would connect; the
// browser's sctp.maxMessageSize must be the size purertc's description states.
import assert from 'node:assert/strict';
import { BROWSER_KINDS, PAGE_PEER, openSession, type BrowserKind, type Scenario, type SessionDescription, type Side } from '../harness/index.js';
import { checkConnected, checkIdParity, checkOpenEvents, echoBothWays, messagePlans, sendableSizes } from '../harness/dc-checks.js';

const TIMEOUT_MS = 25_000;
const ECHO_TIMEOUT_MS = 5_000;
const NAMES: Record<BrowserKind, string> = { chromium: 'Chromium', firefox: 'Firefox' };

/** The edits of one side's description, and what they must leave in the text. */
interface Edits {
  ufrag: string;
  pwd: string;
  sctpPort: number;
  maxMessageSize: number;
  stripTrickle: boolean;
  /** a=setup of an answer, edited from active. */
  setup?: 'passive';
}

function edit(description: SessionDescription, e: Edits): SessionDescription {
  let sdp = description.sdp
    .replace(/^a=ice-ufrag:.*$/gm, `a=ice-ufrag:${e.ufrag}`)
    .replace(/^a=ice-pwd:.*$/gm, `a=ice-pwd:${e.pwd}`)
    .replace(/^a=sctp-port:\d+$/m, `a=sctp-port:${e.sctpPort}`)
    .replace(/^a=max-message-size:\d+$/m, `a=max-message-size:${e.maxMessageSize}`);
  if (e.stripTrickle) sdp = sdp.replace(/^a=ice-options:trickle\r\n/gm, '');
  if (e.setup) sdp = sdp.replace(/^a=setup:active$/gm, `a=setup:${e.setup}`);
  return { type: description.type, sdp };
}

/** The text without candidate lines (what gathering adds to a description). */
function withoutCandidates(sdp: string): string {
  return sdp.replace(/^a=(candidate:.*|end-of-candidates)\r?\n/gm, '');
}

function mungedScenario(kind: BrowserKind, offerer: Side): Scenario {
  const nodeOffers = offerer === 'node';
  const edits: Edits = nodeOffers
    ? { ufrag: 'mungedOffer', pwd: 'mungedOfferPassword0123', sctpPort: 5001, maxMessageSize: 65536, stripTrickle: true }
    : { ufrag: 'mungedAnswer', pwd: 'mungedAnswerPassword012', sctpPort: 5002, maxMessageSize: 16384, stripTrickle: false, setup: 'passive' };
  const what = nodeOffers
    ? "purertc offers without trickle: its offer, edited before setLocalDescription, has no a=ice-options:trickle, new ICE credentials, a=sctp-port:5001, a=max-message-size:65536"
    : "the browser offers, trickled: purertc's answer, edited before setLocalDescription, is passive with new ICE credentials, a=sctp-port:5002, a=max-message-size:16384";
  return {
    name: `datachannel-munged/${kind}: ${what}; a channel opens and echoes both ways`,
    browsers: [kind],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(kind);
      let applied: SessionDescription | undefined;
      const session = await openSession(context, page, context.network, {
        offerer,
        trickle: !nodeOffers,
        offererChannels: [{ label: 'edited' }],
        editNodeLocalDescription: (made) => (applied = edit(made, edits)),
      });
      assert.ok(applied, 'purertc made no description to edit');
      const { node, browser } = session;
      const handed = nodeOffers ? session.offer : session.answer;
      // purertc's description is the edited text (with the candidates gathering added).
      assert.equal(withoutCandidates(node.pc.localDescription!.sdp), withoutCandidates(applied.sdp), "purertc's localDescription is not the edited text");
      assert.equal(withoutCandidates(handed.sdp), withoutCandidates(applied.sdp), 'the browser was not handed the edited text');
      assert.equal(/^a=ice-options:trickle/m.test(handed.sdp), !edits.stripTrickle, 'a=ice-options:trickle in what the browser got');
      // The browser's answer is active; purertc's answer was edited to passive: either way
      // the browser is the DTLS client.
      assert.equal(session.dtlsClient, 'browser', 'the DTLS client');
      checkConnected(session);
      await Promise.all([node.waitChannels(['edited'], 'open', ECHO_TIMEOUT_MS), browser.waitChannels({ id: PAGE_PEER, labels: ['edited'], state: 'open', timeoutMs: ECHO_TIMEOUT_MS })]);
      const info = node.report().channels.find((c) => c.label === 'edited')!;
      checkIdParity(info, offerer, session.dtlsClient);
      checkOpenEvents('purertc', 'edited', node.events('edited'), !nodeOffers);
      const [nodeReport, browserReport] = [node.report(), await browser.report(PAGE_PEER)];
      context.log(`sctp.maxMessageSize: purertc ${nodeReport.maxMessageSize}, ${NAMES[kind]} ${browserReport.maxMessageSize}`);
      // RFC 8841 §6: the browser sends no more than purertc's description says it takes.
      assert.ok(browserReport.maxMessageSize! <= edits.maxMessageSize, `${NAMES[kind]} sctp.maxMessageSize ${browserReport.maxMessageSize} > ${edits.maxMessageSize}`);
      await echoBothWays(session, messagePlans(['edited'], sendableSizes(nodeReport, browserReport), nodeOffers ? 11000 : 12000), ECHO_TIMEOUT_MS);
      session.checkHandover();
    },
  };
}

/** For each browser, purertc's offer edited (no trickle) and purertc's answer edited (trickle). */
export const scenarios: Scenario[] = BROWSER_KINDS.flatMap((kind) => [mungedScenario(kind, 'node'), mungedScenario(kind, 'browser')]);
