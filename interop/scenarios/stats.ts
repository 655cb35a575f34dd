// getStats against live Chromium: a data channel between purertc and the browser, echoed
// messages of known sizes, then both sides' reports compared member by member. For each
// stats type purertc lists, every member of the type's W3C webrtc-stats dictionary that
// Chromium reports must be in purertc's report too, with the same JS type, unless it is
// listed in LEFT_OUT below with its reason; values that mean the same on both sides are
// compared (states, protocol, candidate types, label, message counts, the DTLS suite,
// each side's certificate as the other saw it). Then getStats after close() on each side.
import assert from 'node:assert/strict';
import { PAGE_PEER, openSession, type PageGlobals, type PayloadSpec, type Scenario, type Side } from '../harness/index.js';
import { checkConnected } from '../harness/dc-checks.js';

const TIMEOUT_MS = 30_000;
const LABEL = 'stats ✓';
const PROTOCOL = 'stats-proto';

/** The messages purertc sends and the browser echoes: strings and binaries, an empty one too. */
const MESSAGES: PayloadSpec[] = [
  { kind: 'string', size: 5, seed: 1 },
  { kind: 'binary', size: 1000, seed: 2 },
  { kind: 'string', size: 3000, seed: 3 },
  { kind: 'binary', size: 0, seed: 4 },
  { kind: 'binary', size: 70_000, seed: 5 },
];
const MESSAGE_BYTES = MESSAGES.reduce((sum, m) => sum + m.size, 0);

const BASE = ['id', 'type', 'timestamp'];
const CANDIDATE = ['transportId', 'address', 'port', 'protocol', 'candidateType', 'priority', 'url', 'relayProtocol', 'foundation', 'relatedAddress', 'relatedPort', 'usernameFragment', 'tcpType'];

/** The members of each type's dictionary in W3C webrtc-stats (editors' draft, 2025), RTCStats's included. */
const SPEC_MEMBERS: Record<string, readonly string[]> = {
  'peer-connection': [...BASE, 'dataChannelsOpened', 'dataChannelsClosed'],
  'data-channel': [...BASE, 'label', 'protocol', 'dataChannelIdentifier', 'state', 'messagesSent', 'bytesSent', 'messagesReceived', 'bytesReceived'],
  transport: [
    ...BASE, 'packetsSent', 'packetsReceived', 'bytesSent', 'bytesReceived', 'iceRole', 'iceLocalUsernameFragment', 'dtlsState', 'iceState',
    'selectedCandidatePairId', 'localCertificateId', 'remoteCertificateId', 'tlsVersion', 'dtlsCipher', 'dtlsRole', 'srtpCipher',
    'selectedCandidatePairChanges', 'ccfbMessagesSent', 'ccfbMessagesReceived',
  ],
  'candidate-pair': [
    ...BASE, 'transportId', 'localCandidateId', 'remoteCandidateId', 'state', 'nominated', 'packetsSent', 'packetsReceived', 'bytesSent',
    'bytesReceived', 'lastPacketSentTimestamp', 'lastPacketReceivedTimestamp', 'totalRoundTripTime', 'currentRoundTripTime',
    'availableOutgoingBitrate', 'availableIncomingBitrate', 'requestsReceived', 'requestsSent', 'responsesReceived', 'responsesSent',
    'consentRequestsSent', 'packetsDiscardedOnSend', 'bytesDiscardedOnSend',
  ],
  'local-candidate': [...BASE, ...CANDIDATE],
  'remote-candidate': [...BASE, ...CANDIDATE],
  certificate: [...BASE, 'fingerprint', 'fingerprintAlgorithm', 'base64Certificate', 'issuerCertificateId'],
};

/** Spec members purertc leaves out on purpose, with why; none may be missing otherwise. */
const LEFT_OUT: Record<string, Record<string, string>> = {
  transport: {
    srtpCipher: 'no SRTP: purertc carries no media yet',
    ccfbMessagesSent: 'RTP congestion control feedback (RFC 8888): no RTP',
    ccfbMessagesReceived: 'RTP congestion control feedback (RFC 8888): no RTP',
  },
  'candidate-pair': {
    availableOutgoingBitrate: "a bandwidth estimate of RTP congestion control (TWCC, REMB); none runs without RTP, and the spec says it MUST NOT exist then",
    availableIncomingBitrate: 'a receive-side estimate (REMB); none runs without RTP',
    packetsDiscardedOnSend:
      "socket send errors: node's dgram reports one only to a per-send callback (without one the error is dropped), and a callback per datagram would cost a tick each on the send path; purertc does not observe them",
    bytesDiscardedOnSend: 'as packetsDiscardedOnSend',
  },
  'local-candidate': { relayProtocol: 'no TURN relay candidates yet', tcpType: 'no ICE-TCP', url: 'only srflx and relay candidates have one' },
  'remote-candidate': { relayProtocol: 'never for remote candidates', tcpType: 'no ICE-TCP', url: 'never for remote candidates' },
};

type Stats = Record<string, unknown> & { id: string; type: string };

/** The page's report, as plain objects (page function: no outside names). */
function pageStats(arg: { id: string; close: boolean }): Promise<Stats[]> {
  const page = globalThis as unknown as PageGlobals;
  const pc = (page.peers as Record<string, { close(): void; getStats(): Promise<{ forEach(f: (v: Stats) => void): void }> }>)[arg.id]!;
  if (arg.close) pc.close();
  return pc.getStats().then((report) => {
    const out: Stats[] = [];
    report.forEach((value) => out.push(value));
    return out;
  });
}

async function nodeStats(pc: { getStats(): Promise<Map<string, Record<string, unknown>>> }): Promise<Stats[]> {
  return [...(await pc.getStats()).values()] as Stats[];
}

function byId(report: readonly Stats[], id: unknown, what: string): Stats {
  const found = report.find((s) => s.id === id);
  assert.ok(found, `${what}: no stats object with id ${JSON.stringify(id)}`);
  return found;
}

function only(report: readonly Stats[], type: string, what: string): Stats[] {
  const found = report.filter((s) => s.type === type);
  assert.ok(found.length > 0, `${what}: no ${type} object`);
  return found;
}

/** The objects of each type that mean the same thing on both sides, paired up. */
function counterparts(ours: readonly Stats[], theirs: readonly Stats[]): Array<{ type: string; ours: Stats; theirs: Stats }> {
  const pick = (report: readonly Stats[], who: string): Record<string, Stats> => {
    const transport = only(report, 'transport', who)[0]!;
    const pair = byId(report, transport.selectedCandidatePairId, `${who} selected pair`);
    return {
      'peer-connection': only(report, 'peer-connection', who)[0]!,
      'data-channel': only(report, 'data-channel', who).find((s) => s.label === LABEL)!,
      transport,
      'candidate-pair': pair,
      'local-candidate': byId(report, pair.localCandidateId, `${who} local candidate`),
      'remote-candidate': byId(report, pair.remoteCandidateId, `${who} remote candidate`),
      certificate: byId(report, transport.localCertificateId, `${who} local certificate`),
    };
  };
  const a = pick(ours, 'purertc');
  const b = pick(theirs, 'browser');
  return Object.keys(SPEC_MEMBERS).map((type) => ({ type, ours: a[type]!, theirs: b[type]! }));
}

/** Every id-valued member of every object names an object in the same report. */
function checkReferences(report: readonly Stats[], who: string): void {
  const ids = new Set(report.map((s) => s.id));
  for (const s of report) {
    for (const [key, value] of Object.entries(s)) {
      if (key !== 'id' && key.endsWith('Id') && typeof value === 'string') assert.ok(ids.has(value), `${who} ${s.type} ${s.id}: ${key} ${value} names no object`);
    }
  }
}

function statsScenario(offerer: Side): Scenario {
  return {
    name: `stats/chromium: ${offerer === 'node' ? 'purertc offers' : 'browser offers'}: getStats member by member against Chromium's, and after close()`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page('chromium');
      const session = await openSession(context, page, context.network, { offerer, trickle: true, offererChannels: [{ label: LABEL, init: { protocol: PROTOCOL } }] });
      const { browser, node } = session;
      checkConnected(session);
      await Promise.all([node.waitChannels([LABEL], 'open', 10_000), browser.waitChannels({ id: PAGE_PEER, labels: [LABEL], state: 'open', timeoutMs: 10_000 })]);
      await browser.setEcho({ id: PAGE_PEER, labels: [LABEL], echo: true });
      await node.exchange([{ label: LABEL, messages: MESSAGES }], 10_000);

      const [ours, theirs] = await Promise.all([nodeStats(node.pc), page.evaluate(pageStats, { id: PAGE_PEER, close: false })]);
      context.log(`purertc's report:\n${ours.map((s) => JSON.stringify(s)).join('\n')}`);
      context.log(`Chromium's report:\n${theirs.map((s) => JSON.stringify(s)).join('\n')}`);
      checkReferences(ours, 'purertc');

      // Members over every object of a type (a pair still in progress has fewer than the
      // selected one); each must be somewhere in purertc's objects of the type, as the same
      // JS type.
      const missing: string[] = [];
      const leftOut: string[] = [];
      const extra = new Set<string>();
      for (const type of Object.keys(SPEC_MEMBERS)) {
        const valueIn = (report: readonly Stats[], member: string): unknown => report.find((x) => x.type === type && member in x)?.[member];
        const chromiums = new Set(theirs.filter((x) => x.type === type).flatMap((x) => Object.keys(x)));
        for (const member of chromiums) {
          if (!SPEC_MEMBERS[type]!.includes(member)) {
            extra.add(`${type}.${member}`);
            continue;
          }
          const reason = LEFT_OUT[type]?.[member];
          const ourValue = valueIn(ours, member);
          if (ourValue === undefined) {
            (reason ? leftOut : missing).push(`| ${type} | ${member} | ${reason ?? 'MISSING'} |`);
            continue;
          }
          const theirValue = valueIn(theirs, member);
          assert.equal(typeof ourValue, typeof theirValue, `${type}.${member}: purertc has a ${typeof ourValue} (${JSON.stringify(ourValue)}), Chromium a ${typeof theirValue} (${JSON.stringify(theirValue)})`);
        }
      }
      context.log(
        `Members of Chromium's report missing from purertc's (spec members only):\n| type | member | reason |\n| --- | --- | --- |\n${[...missing, ...leftOut].join('\n') || '| (none) | | |'}`,
      );
      context.log(`Chromium's members outside the spec's dictionaries (not compared): ${[...extra].join(', ') || 'none'}`);
      assert.deepEqual(missing, [], 'spec members Chromium reports and purertc does not');

      const pairs = Object.fromEntries(counterparts(ours, theirs).map(({ type, ours: o, theirs: t }) => [type, { o, t }]));
      const same = (type: string, member: string): void => assert.equal(pairs[type]!.o[member], pairs[type]!.t[member], `${type}.${member}: purertc (actual) and Chromium (expected)`);
      // The connection as both sides see it.
      for (const member of ['dtlsState', 'iceState', 'tlsVersion', 'dtlsCipher', 'selectedCandidatePairChanges']) same('transport', member);
      const roles = [pairs.transport!.o.dtlsRole, pairs.transport!.t.dtlsRole];
      assert.deepEqual(roles.sort(), ['client', 'server'], `transport.dtlsRole: purertc and Chromium (${roles.join(', ')})`);
      const iceRoles = [pairs.transport!.o.iceRole, pairs.transport!.t.iceRole];
      assert.deepEqual(iceRoles.sort(), ['controlled', 'controlling'], `transport.iceRole: purertc and Chromium (${iceRoles.join(', ')})`);
      assert.equal(pairs.transport!.o.iceRole, offerer === 'node' ? 'controlling' : 'controlled', 'purertc transport.iceRole (RFC 8445 §6.1.1: the offerer controls)');
      for (const member of ['state', 'nominated']) same('candidate-pair', member);
      // Each side's local candidate is the other's remote one.
      const local = pairs['local-candidate']!.o;
      const remote = pairs['remote-candidate']!.o;
      const theirLocal = pairs['local-candidate']!.t;
      const theirRemote = pairs['remote-candidate']!.t;
      for (const member of ['port', 'protocol', 'candidateType']) {
        assert.equal(local[member], theirRemote[member], `purertc's local candidate and Chromium's remote one: ${member}`);
        assert.equal(remote[member], theirLocal[member], `purertc's remote candidate and Chromium's local one: ${member}`);
      }
      if ('address' in theirRemote) assert.equal(local.address, theirRemote.address, "purertc's local candidate address as Chromium reports it");
      if ('address' in remote) assert.equal(remote.address, theirLocal.address, "Chromium's local candidate address as purertc reports it");
      // Each side's certificate is the other's remote one.
      const theirRemoteCert = byId(theirs, pairs.transport!.t.remoteCertificateId, "Chromium's remote certificate");
      const ourRemoteCert = byId(ours, pairs.transport!.o.remoteCertificateId, "purertc's remote certificate");
      assert.equal(pairs.certificate!.o.fingerprint, theirRemoteCert.fingerprint, "purertc's certificate as Chromium saw it");
      assert.equal(ourRemoteCert.fingerprint, pairs.certificate!.t.fingerprint, "Chromium's certificate as purertc saw it");
      assert.equal(pairs.certificate!.o.fingerprintAlgorithm, pairs.certificate!.t.fingerprintAlgorithm, 'certificate.fingerprintAlgorithm');
      // The channel: the same on both sides, and the messages each way counted exactly.
      for (const member of ['label', 'protocol', 'dataChannelIdentifier', 'state']) same('data-channel', member);
      const dc = pairs['data-channel']!;
      assert.deepEqual(
        [dc.o.messagesSent, dc.o.bytesSent, dc.o.messagesReceived, dc.o.bytesReceived],
        [MESSAGES.length, MESSAGE_BYTES, MESSAGES.length, MESSAGE_BYTES],
        'purertc data-channel messagesSent, bytesSent, messagesReceived, bytesReceived',
      );
      assert.deepEqual(
        [dc.o.messagesSent, dc.o.bytesSent, dc.o.messagesReceived, dc.o.bytesReceived],
        [dc.t.messagesReceived, dc.t.bytesReceived, dc.t.messagesSent, dc.t.bytesSent],
        "purertc's counts sent and received against Chromium's received and sent",
      );
      for (const member of ['dataChannelsOpened', 'dataChannelsClosed']) same('peer-connection', member);
      // The pair's traffic one way as each end counts it: both count the datagrams that are
      // not STUN, so they differ only by what was in flight between the two getStats calls.
      const pair = pairs['candidate-pair']!;
      context.log(
        `selected pair, purertc sent/Chromium received: ${String(pair.o.packetsSent)}/${String(pair.t.packetsReceived)} packets, ${String(pair.o.bytesSent)}/${String(pair.t.bytesReceived)} bytes; ` +
          `Chromium sent/purertc received: ${String(pair.t.packetsSent)}/${String(pair.o.packetsReceived)} packets, ${String(pair.t.bytesSent)}/${String(pair.o.bytesReceived)} bytes`,
      );
      assert.ok((pair.o.bytesSent as number) >= MESSAGE_BYTES && (pair.o.bytesReceived as number) >= MESSAGE_BYTES, 'the messages are in the pair bytes');

      // getStats after close(): W3C webrtc-stats keeps objects without a lifetime of their
      // own visible after pc.close(). Chromium's answer is logged; purertc's is checked.
      const theirsClosed = await page.evaluate(pageStats, { id: PAGE_PEER, close: true });
      context.log(`Chromium after close(): ${theirsClosed.map((s) => `${s.type}${s.type === 'transport' ? ` (dtlsState ${String(s.dtlsState)}, iceState ${String(s.iceState)})` : ''}`).join(', ')}`);
      node.close();
      const oursClosed = await nodeStats(node.pc);
      checkReferences(oursClosed, 'purertc after close()');
      const closedTransport = only(oursClosed, 'transport', 'purertc after close()')[0]!;
      assert.equal(closedTransport.dtlsState, 'closed');
      assert.equal(closedTransport.iceState, 'closed');
      const closedChannel = only(oursClosed, 'data-channel', 'purertc after close()').find((s) => s.label === LABEL)!;
      assert.equal(closedChannel.state, 'closed');
      assert.equal(closedChannel.id, dc.o.id, 'the channel keeps its stats id after it closed');
      assert.equal(closedChannel.messagesReceived, MESSAGES.length);
      assert.ok(byId(oursClosed, pairs['candidate-pair']!.o.id, 'purertc after close(): the pair'));
    },
  };
}

/** purertc offering, and the browser offering (each side as DTLS client once). */
export const scenarios: Scenario[] = [statsScenario('node'), statsScenario('browser')];
