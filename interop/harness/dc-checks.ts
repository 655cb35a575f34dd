// Checks shared by the data-channel scenarios: both sides agree on each channel, events
// come in the order the W3C spec gives, and every message comes back byte for byte.
import assert from 'node:assert/strict';
import type { ChannelEvent, ChannelInfo, EchoRecord, PeerReport } from './dc-types.js';
import type { DcSession, Side } from './dc-session.js';
import { PAGE_PEER } from './dc-session.js';
import type { MessagePlan } from './page-kit.js';
import { describeDigest, digestOf, makePayload, type Digest, type PayloadSpec } from './payload.js';

/** The message sizes the issue asks for: empty, one byte, 16 KiB, 256 KiB. */
export const MESSAGE_SIZES = [0, 1, 16 * 1024, 256 * 1024] as const;

/** Everything both sides must agree on (all but readyState). */
function attributes({ readyState: _readyState, ...rest }: ChannelInfo): Omit<ChannelInfo, 'readyState'> {
  return rest;
}

/** Both sides describe the channel alike, and as it was asked for. */
export function checkChannelAgreement(browser: ChannelInfo, node: ChannelInfo, expected: Partial<ChannelInfo>): void {
  const name = JSON.stringify(node.label);
  assert.deepEqual(attributes(node), attributes(browser), `channel ${name}: purertc (actual) and the browser (expected) disagree`);
  assert.deepEqual(attributes(node), { ...attributes(node), ...expected }, `channel ${name}: purertc's attributes (actual) differ from those asked for`);
  assert.notEqual(node.id, null, `channel ${name} has no id while open`);
}

/** RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones. */
export function checkIdParity(info: ChannelInfo, creator: Side, dtlsClient: Side): void {
  const even = creator === dtlsClient;
  assert.equal(info.id! % 2, even ? 0 : 1, `channel ${JSON.stringify(info.label)} created by the ${creator} (DTLS ${even ? 'client' : 'server'}) has id ${info.id}`);
}

/** An open channel's events: `open`, after `datachannel` where the remote side announced it (W3C §6.2). */
export function checkOpenEvents(side: string, label: string, events: readonly ChannelEvent[], announced: boolean): void {
  const expected: ChannelEvent[] = [...(announced ? [{ type: 'datachannel' as const, readyState: 'open' }] : []), { type: 'open', readyState: 'open' }];
  assert.deepEqual(events, expected, `${side} channel ${JSON.stringify(label)}: events (with readyState)`);
}

/** `connectionState` went new → connecting → connected, one event each, on both sides. */
export function checkConnected(session: DcSession): void {
  for (const [side, report] of [['purertc', session.connected.node], ['browser', session.connected.browser]] as const) {
    assert.deepEqual(report.connectionStates, ['connecting', 'connected'], `${side} connectionstatechange sequence`);
  }
}

/** The sizes both sides can send: those of {@link MESSAGE_SIZES} up to both `sctp.maxMessageSize`s. */
export function sendableSizes(node: PeerReport, browser: PeerReport): number[] {
  assert.ok(node.maxMessageSize !== null && node.maxMessageSize > 0, `purertc sctp.maxMessageSize is ${node.maxMessageSize}`);
  assert.ok(browser.maxMessageSize !== null && browser.maxMessageSize > 0, `browser sctp.maxMessageSize is ${browser.maxMessageSize}`);
  const limit = Math.min(node.maxMessageSize, browser.maxMessageSize);
  assert.ok(limit >= 16 * 1024, `sctp.maxMessageSize: purertc ${node.maxMessageSize}, browser ${browser.maxMessageSize}; 16 KiB must fit`);
  return MESSAGE_SIZES.filter((size) => size <= limit);
}

/** How a partially reliable channel's plan retries a lost message (see {@link MessagePlan}). */
export const LOSSY_RETRY = { maxAttempts: 5, attemptTimeoutMs: 2_000 } as const;

/**
 * A string and a binary message of each size on each channel; seeds differ across all of
 * them. Channels in `lossy` (partially reliable ones) send a lost message again.
 */
export function messagePlans(labels: readonly string[], sizes: readonly number[], seedBase: number, lossy: readonly string[] = []): MessagePlan[] {
  return labels.map((label, channel) => ({
    label,
    messages: sizes.flatMap((size, index) =>
      (['string', 'binary'] as const).map((kind, k) => ({ kind, size, seed: seedBase + channel * 1000 + index * 2 + k })),
    ),
    ...(lossy.includes(label) ? LOSSY_RETRY : {}),
  }));
}

function sameDigest(actual: Digest | undefined, expected: Digest, what: string): void {
  if (actual && actual.kind === expected.kind && actual.bytes === expected.bytes && actual.sha256 === expected.sha256) return;
  assert.fail(`${what}: got ${describeDigest(actual)}, expected ${describeDigest(expected)}`);
}

function same(a: Digest, b: Digest): boolean {
  return a.kind === b.kind && a.bytes === b.bytes && a.sha256 === b.sha256;
}

/**
 * One channel's messages went out and came back unchanged: the sender sent exactly the
 * payload, the echoing side received exactly it (and nothing more), the echo matched.
 * On a lossy plan a message sent again may reach the echoing side twice (when only its
 * echo was lost): repeats of one message are counted once there.
 */
export function checkEchoes(direction: string, plan: MessagePlan, records: readonly EchoRecord[], receivedByEchoer: readonly Digest[]): void {
  const { label, messages } = plan;
  const name = `${direction} on ${JSON.stringify(label)}`;
  const received = plan.maxAttempts === undefined ? receivedByEchoer : receivedByEchoer.filter((digest, i) => i === 0 || !same(digest, receivedByEchoer[i - 1]!));
  assert.equal(records.length, messages.length, `${name}: ${records.length} of ${messages.length} messages echoed`);
  assert.equal(received.length, messages.length, `${name}: the echoing side received ${received.length} of ${messages.length} messages`);
  messages.forEach((spec, i) => {
    const expected = digestOf(makePayload(spec));
    const what = `${name}, message ${i} (${spec.kind} ${spec.size} B)`;
    sameDigest(records[i]!.sent, expected, `${what}, as sent`);
    sameDigest(received[i], expected, `${what}, as received by the echoing side`);
    sameDigest(records[i]!.echoed, expected, `${what}, as echoed back`);
  });
}

/** A message that had to be sent again: which, which way, how many sends. */
export interface Resend {
  direction: string;
  label: string;
  spec: PayloadSpec;
  attempts: number;
  late: number;
}

/**
 * Each side sends every plan while the other echoes; checks both directions byte for
 * byte. Returns the messages of lossy plans that had to be sent more than once.
 */
export async function echoBothWays(session: DcSession, plans: readonly MessagePlan[], timeoutMs: number): Promise<Resend[]> {
  const { browser, node } = session;
  const labels = plans.map(({ label }) => label);
  const resends: Resend[] = [];
  const note = (direction: string, plan: MessagePlan, records: readonly EchoRecord[]): void => {
    records.forEach(({ attempts, late }, i) => {
      if (attempts > 1 || late > 0) resends.push({ direction, label: plan.label, spec: plan.messages[i]!, attempts, late });
    });
  };
  await browser.setEcho({ id: PAGE_PEER, labels, echo: true });
  const fromNode = await node.exchange(plans, timeoutMs);
  await browser.setEcho({ id: PAGE_PEER, labels, echo: false });
  for (const [i, plan] of plans.entries()) {
    const direction = 'purertc → browser → purertc';
    checkEchoes(direction, plan, fromNode[i]!, await browser.takeReceived({ id: PAGE_PEER, label: plan.label }));
    note(direction, plan, fromNode[i]!);
  }
  node.setEcho(labels, true);
  const fromBrowser = await browser.exchange({ id: PAGE_PEER, plans: [...plans], timeoutMs });
  node.setEcho(labels, false);
  for (const [i, plan] of plans.entries()) {
    const direction = 'browser → purertc → browser';
    checkEchoes(direction, plan, fromBrowser[i]!, node.takeReceived(plan.label));
    note(direction, plan, fromBrowser[i]!);
  }
  return resends;
}

/**
 * Loss on a partially reliable channel is allowed by design, but on loopback it should
 * be rare: more than `budget` resends in one connection fails the scenario.
 */
export function checkLossBudget(resends: readonly Resend[], budget: number): string {
  const lost = resends.reduce((sum, { attempts }) => sum + attempts - 1, 0);
  const listing = resends.map(
    ({ direction, label, spec, attempts, late }) => `${direction} on ${JSON.stringify(label)}: ${spec.kind} ${spec.size} B sent ${attempts} time(s), ${late} late echo(es) set aside`,
  );
  assert.ok(lost <= budget, `${lost} messages lost on partially reliable channels (at most ${budget} allowed on loopback):\n${listing.join('\n')}`);
  return lost === 0 ? 'no message lost' : `${lost} message(s) lost and sent again:\n${listing.join('\n')}`;
}

/**
 * After a side's own close(): connectionState and signalingState `closed` and, with
 * `channels`, every channel `closed` (W3C §4.4.1.5 close() sets them all at once).
 */
export function checkClosedByOwnClose(side: string, report: PeerReport, channels: boolean): void {
  assert.equal(report.connectionState, 'closed', `${side} connectionState right after its own close()`);
  assert.equal(report.signalingState, 'closed', `${side} signalingState right after its own close()`);
  if (!channels) return;
  for (const channel of report.channels) {
    assert.equal(channel.readyState, 'closed', `${side} channel ${JSON.stringify(channel.label)} readyState right after close()`);
  }
}

/** W3C §4.4.1.5 close(): no connectionstatechange event once close() was called. */
export function checkNoEventsAfterClose(side: string, report: PeerReport): void {
  assert.equal(
    report.connectionStates.length,
    report.connectionEventsAtClose,
    `${side} fired connectionstatechange after its own close(): ${report.connectionStates.slice(report.connectionEventsAtClose ?? 0).join(', ')}`,
  );
}
