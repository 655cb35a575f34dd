// The data channel scenarios run between purertc and every native stack, in both roles.
// Assertions about purertc follow the W3C spec (WebRTC 1.0 §6.2) and RFC 8831/8832
// strictly; what the native side reports is checked where that stack is known to report it
// (see `Stack` in ../helpers/peers.ts).
import assert from 'node:assert/strict';
import { assertSameMessage, bytesOf, textOf, type Sent } from '../helpers/payloads.js';
import { purertc, type ChannelInit, type ChannelParams, type PeerLike, type Stack } from '../helpers/peers.js';
import { ChannelProbe, type PeerProbe, type Received } from '../helpers/probe.js';
import { Session } from '../helpers/session.js';
import { advertisedMaxMessageSize } from '../helpers/signaling.js';
import { TransportStack } from '../../src/protocol/stack/transport-stack.js';

/** Which peer connection of a session. */
export type Side = 'ours' | 'theirs';

/** One row of the table. */
export interface Scenario {
  title: string;
  /** Needs a session of its own (it ends the connection); the runner opens and closes it. */
  fresh?: boolean;
  /**
   * A purertc bug this scenario shows: the runner skips it (set PURERTC_RUN_KNOWN_BUGS=1 to
   * run it) and prints the bug in the title.
   */
  knownBug?: string;
  run(s: Session): Promise<void>;
}

/** Label and protocol of the channel created before the offer. */
export const BOOTSTRAP = { label: 'bootstrap · ünïcødé · 中文 · 🚀', init: { protocol: 'prøtocol/1 ✓' } } as const;

const WAIT_MS = 5000;
const other = (side: Side): Side => (side === 'ours' ? 'theirs' : 'ours');
const peer = (s: Session, side: Side): PeerProbe => (side === 'ours' ? s.ours : s.theirs);
const stackOf = (s: Session, side: Side): Stack => (side === 'ours' ? purertc : s.stack);
const nameOf = (s: Session, side: Side): string => stackOf(s, side).name;

let labelCounter = 0;
/** A label no other scenario of the session uses. */
const unique = (base: string): string => `${base} #${++labelCounter}`;

/** A channel as both ends see it. */
interface ChannelPair {
  /** On `creator`. */
  local: ChannelProbe;
  /** On the other side (the datachannel event's channel, or the negotiated twin). */
  remote: ChannelProbe;
  readyStateAtEvent: string | undefined;
}

/** Waits for the open event of a channel created on `side` (or none, for a stack that fires none). */
function opened(s: Session, side: Side, probe: ChannelProbe): Promise<void> {
  if (!stackOf(s, side).firesOpenWhenCreatedConnected && probe.channel.readyState === 'open') return Promise.resolve();
  return probe.event('open', WAIT_MS);
}

/** Opens a channel from `creator` (in-band, DCEP) and waits until both ends have it open. */
async function openChannel(s: Session, creator: Side, label: string, init?: ChannelInit): Promise<ChannelPair> {
  const local = peer(s, creator).create(label, init);
  if (creator === 'ours') assert.equal(local.channel.readyState, 'connecting', 'a new channel is "connecting" (W3C §6.1 createDataChannel)');
  const [announced] = await Promise.all([peer(s, other(creator)).incoming(label, WAIT_MS), opened(s, creator, local)]);
  return { local, remote: announced.probe, readyStateAtEvent: announced.readyStateAtEvent };
}

/** Sends in order; a purertc sender gets views with a non-zero offset (only the view is sent). */
function sendAll(channel: ChannelProbe, senderIsOurs: boolean, messages: Sent[]): void {
  for (const m of messages) {
    if (m.kind === 'string') {
      channel.channel.send(m.text);
    } else if (senderIsOurs) {
      const backing = new Uint8Array(m.bytes.length + 7).fill(0xee);
      backing.set(m.bytes, 3);
      channel.channel.send(new Uint8Array(backing.buffer, 3, m.bytes.length));
    } else {
      channel.channel.send(m.bytes);
    }
  }
}

/** Asserts that a purertc receiver announces the channel open: an open event after datachannel. */
async function assertAnnouncedOpen(s: Session, receiver: Side, pair: ChannelPair): Promise<void> {
  if (receiver !== 'ours') return;
  // W3C §6.2 (announcing a channel): after the datachannel event the channel is announced
  // open with an open event. (The same steps set readyState to "open" before datachannel
  // fires; purertc does not yet, see the report, so readyStateAtEvent is not asserted here.)
  void pair.readyStateAtEvent;
  await pair.remote.event('open', WAIT_MS);
  assert.deepEqual(pair.remote.types.slice(0, 1), ['open']);
  assert.equal(pair.remote.channel.readyState, 'open');
}

/** Both ends report the same stream id (where the stack reports one at all). */
function assertSameId(s: Session, a: ChannelProbe, b: ChannelProbe): void {
  const id = (p: ChannelProbe): number | null => (p.side === purertc.name ? purertc : s.stack).params(p.channel).id;
  const ours = a.side === purertc.name ? a : b;
  assert.ok(Number.isInteger(ours.channel.id) && ours.channel.id! >= 0 && ours.channel.id! <= 65534, `purertc id ${String(ours.channel.id)}`);
  if (id(a) !== null && id(b) !== null) assert.equal(id(a), id(b), 'both ends use the same stream id');
}

function assertParams(actual: ChannelParams, expected: Partial<ChannelParams>, what: string): void {
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k as keyof ChannelParams]]));
  assert.deepEqual(picked, expected, what);
}

const SIZES = [0, 1, 1200, 16 * 1024, 64 * 1024, 256 * 1024];

/** Strings and binary of every size both ways, capped at the sender's pc.sctp.maxMessageSize. */
async function exchangeSizes(s: Session, from: Side): Promise<void> {
  const sender = peer(s, from).pc;
  const cap = sender.sctp?.maxMessageSize;
  assert.ok(typeof cap === 'number' && cap > 0, `${nameOf(s, from)} pc.sctp.maxMessageSize is ${String(cap)}`);
  const pair = await openChannel(s, from, unique(`sizes from ${nameOf(s, from)}`));
  const messages: Sent[] = [];
  for (const [i, n] of SIZES.entries()) {
    if (n > cap) continue;
    messages.push({ kind: 'string', text: textOf(n, 1000 + i) }, { kind: 'binary', bytes: bytesOf(n, 2000 + i) });
  }
  sendAll(pair.local, from === 'ours', messages);
  const got = await pair.remote.receive(messages.length, 15000);
  assert.equal(got.length, messages.length, 'no extra messages');
  messages.forEach((m, i) => assertSameMessage(got[i], m, `message ${i} (${m.kind}, ${m.kind === 'string' ? Buffer.byteLength(m.text) : m.bytes.length} bytes)`));
  if (from === 'theirs') {
    // W3C §6.2: with binaryType "arraybuffer", binary messages arrive as ArrayBuffer.
    for (const g of got) if (g.kind === 'binary') assert.equal(g.type, 'ArrayBuffer');
  }
}

/** `count` small messages fired without waiting; an ordered channel keeps them in order. */
async function burst(s: Session, from: Side, count: number): Promise<void> {
  const pair = await openChannel(s, from, unique(`burst from ${nameOf(s, from)}`));
  const messages: Sent[] = [];
  for (let i = 0; i < count; i++) {
    messages.push(i % 3 === 2 ? { kind: 'binary', bytes: bytesOf(1 + (i % 97), i) } : { kind: 'string', text: `${i}:${textOf(i % 211, i)}` });
  }
  sendAll(pair.local, from === 'ours', messages);
  const got = await pair.remote.receive(count, 15000);
  messages.forEach((m, i) => assertSameMessage(got[i], m, `burst message ${i}`));
}

/** A partially reliable channel from `creator`: parameters on both ends, then complete delivery on loopback. */
async function partialReliability(s: Session, creator: Side, init: ChannelInit, expected: Partial<ChannelParams>): Promise<void> {
  const pair = await openChannel(s, creator, unique(`pr ${JSON.stringify(init)} from ${nameOf(s, creator)}`), init);
  assertParams(stackOf(s, creator).params(pair.local.channel), expected, `${nameOf(s, creator)} (creator) channel parameters`);
  const receiverStack = stackOf(s, other(creator));
  if (receiverStack.reportsRemoteReliability) {
    assertParams(receiverStack.params(pair.remote.channel), expected, `${receiverStack.name} (receiver) channel parameters`);
  }
  await assertAnnouncedOpen(s, other(creator), pair);
  // Both directions; every message carries its index so unordered delivery can be checked.
  const count = 64;
  for (const [from, to] of [
    [pair.local, pair.remote],
    [pair.remote, pair.local],
  ] as const) {
    const sent = Array.from({ length: count }, (_, i) => `${String(i).padStart(3, '0')}|${textOf(900, i)}`);
    for (const m of sent) from.channel.send(m);
    const got = await to.receive(count, WAIT_MS);
    const texts = got.map((g) => (g.kind === 'string' ? g.text : '<binary>'));
    if (expected.ordered) assert.deepEqual(texts, sent, `${from.side} -> ${to.side}: in order`);
    else assert.deepEqual([...texts].sort(), [...sent].sort(), `${from.side} -> ${to.side}: every message, any order`);
  }
}

/** close() from `initiator` after a few sends: delivery, then the W3C closing events on both ends. */
async function closeFrom(s: Session, initiator: Side): Promise<void> {
  const pair = await openChannel(s, initiator, unique(`close by ${nameOf(s, initiator)}`));
  const [closer, peerEnd] = [pair.local, pair.remote];
  const sent = Array.from({ length: 20 }, (_, i) => `before close ${i}`);
  for (const m of sent) closer.channel.send(m);
  // A receiver known to lose data overtaken by a reset gets it before the close starts.
  if (!stackOf(s, other(initiator)).deliversDataBeforeRemoteReset) await peerEnd.receive(sent.length, WAIT_MS);
  closer.channel.close();
  if (initiator === 'ours') {
    // W3C §6.2 close(): readyState becomes "closing" at once.
    assert.equal(closer.channel.readyState, 'closing');
  }
  await Promise.all([closer.event('close', WAIT_MS), peerEnd.event('close', WAIT_MS)]);
  // RFC 8831 §6.7 / W3C closing procedure: pending messages are sent before the stream is reset.
  assert.deepEqual(
    peerEnd.messages.map((m) => (m.kind === 'string' ? m.text : '<binary>')),
    sent,
    `messages sent before close() reach ${peerEnd.side}`,
  );
  for (const [probe, side] of [
    [closer, initiator],
    [peerEnd, other(initiator)],
  ] as const) {
    assert.equal(probe.channel.readyState, 'closed', `${probe.side} readyState after close`);
    assert.equal(probe.types.filter((t) => t === 'close').length, 1, `${probe.side}: one close event (${probe.types.join(', ')})`);
    assert.ok(!probe.types.includes('error'), `${probe.side}: no error event (${probe.types.join(', ')})`);
    const strict = side === 'ours';
    if (!strict) continue;
    const afterOpen = probe.events.filter((e) => e.type !== 'open' && e.type !== 'bufferedamountlow');
    if (side === initiator) {
      // The closing event is only for a close the channel did not start.
      assert.deepEqual(afterOpen, [{ type: 'close', readyState: 'closed' }], 'initiator events');
    } else {
      assert.deepEqual(
        afterOpen,
        [
          { type: 'closing', readyState: 'closing' },
          { type: 'close', readyState: 'closed' },
        ],
        'remote end events',
      );
    }
  }
  if (stackOf(s, other(initiator)).firesClosingOnRemoteClose) {
    assert.ok(peerEnd.types.includes('closing'), `${peerEnd.side} fires closing (${peerEnd.types.join(', ')})`);
  }
}

/** The bootstrap channel's probe on one side. */
function bootstrapOn(s: Session, side: Side): ChannelProbe {
  const b = s.bootstrap!;
  return (side === 'ours') === s.oursOffers ? b.local : b.remote.probe;
}

/** A pair's probe on one side. */
function on(s: Session, pair: ChannelPair, side: Side): ChannelProbe {
  return pair.local.side === nameOf(s, side) ? pair.local : pair.remote;
}

/** Both peer connections with the state W3C §4.4.1.5 close() leaves synchronously. */
/**
 * Records why purertc's SCTP associations end ('shutdown' for a graceful SHUTDOWN, else the
 * abort or failure) until stop(): what the channels must then report depends on it.
 */
function recordSctpEndings(): { reasons: string[]; stop(): void } {
  const proto = TransportStack.prototype;
  const poll = Object.getOwnPropertyDescriptor(proto, 'pollEvent')!.value as TransportStack['pollEvent'];
  const reasons: string[] = [];
  proto.pollEvent = function (this: TransportStack) {
    const e = poll.call(this);
    if (e?.type === 'sctp-state' && e.state === 'closed') reasons.push(e.reason ?? 'unknown');
    return e;
  };
  return { reasons, stop: () => void (proto.pollEvent = poll) };
}

function assertClosedNow(pc: PeerLike): void {
  assert.equal(pc.signalingState, 'closed');
  assert.equal(pc.iceConnectionState, 'closed');
  assert.equal(pc.connectionState, 'closed');
}

function messagesText(got: Received[]): string[] {
  return got.map((g) => (g.kind === 'string' ? g.text : `<${g.bytes.length} bytes>`));
}

/** The table. */
export const scenarios: readonly Scenario[] = [
  {
    title: 'both connectionStates reach connected; pc.sctp.maxMessageSize follows a=max-message-size',
    async run(s) {
      assert.equal(s.ours.pc.connectionState, 'connected');
      assert.equal(s.theirs.pc.connectionState, 'connected');
      assert.deepEqual(s.signaling.candidateErrors(), [], 'every signalled candidate was accepted');
      // W3C §6.1.1: maxMessageSize is the smaller of what the remote can receive
      // (a=max-message-size, RFC 8841 §6) and what we can send.
      const theirsAdvertised = advertisedMaxMessageSize(s.oursOffers ? s.signaling.answer : s.signaling.offer);
      const oursAdvertised = advertisedMaxMessageSize(s.oursOffers ? s.signaling.offer : s.signaling.answer);
      const oursMax = s.ours.pc.sctp?.maxMessageSize;
      assert.ok(typeof oursMax === 'number' && oursMax > 0 && oursMax <= theirsAdvertised, `purertc maxMessageSize ${String(oursMax)} vs advertised ${theirsAdvertised}`);
      assert.equal(oursMax, Math.min(theirsAdvertised, oursAdvertised));
      const theirsMax = s.theirs.pc.sctp?.maxMessageSize;
      assert.ok(typeof theirsMax === 'number' && theirsMax <= oursAdvertised, `${s.stack.name} maxMessageSize ${String(theirsMax)} vs our a=max-message-size ${oursAdvertised}`);
    },
  },
  {
    title: 'the channel created before the offer opens on both sides, label and protocol intact',
    async run(s) {
      const b = s.bootstrap!;
      for (const probe of [b.local, b.remote.probe]) {
        assert.equal(probe.channel.label, BOOTSTRAP.label, `${probe.side} label`);
        assert.equal(probe.channel.protocol, BOOTSTRAP.init.protocol, `${probe.side} protocol`);
        assert.equal(probe.channel.readyState, 'open', `${probe.side} readyState`);
      }
      // RFC 8832 §6: the DTLS role picks the parity; both ends agree on the id.
      assertSameId(s, b.local, b.remote.probe);
      await assertAnnouncedOpen(s, s.oursOffers ? 'theirs' : 'ours', { local: b.local, remote: b.remote.probe, readyStateAtEvent: b.remote.readyStateAtEvent });
      b.local.channel.send('ping');
      const [got] = await b.remote.probe.receive(1, WAIT_MS);
      assert.deepEqual(got, { kind: 'string', text: 'ping' });
    },
  },
  ...(['ours', 'theirs'] as const).map(
    (creator): Scenario => ({
      title: `channels opened by ${creator === 'ours' ? 'purertc' : 'the native stack'} after connecting carry label and protocol intact`,
      async run(s) {
        const cases: Array<[string, string]> = [
          ['', ''],
          ['plain', 'json'],
          ['Ünïcödé 中文 кириллица العربية 🚀🎉', 'прото 𝄞'],
          [`long ${'ł'.repeat(500)}`, 'p'.repeat(300)],
        ];
        // Empty labels collide between cases on the waiting side: suffix them all but the first.
        for (const [i, [label, protocol]] of cases.entries()) {
          const l = i === 0 && creator === 'ours' ? label : `${label}${label ? ' ' : ''}${creator}${i}`;
          const pair = await openChannel(s, creator, l, { protocol });
          for (const probe of [pair.local, pair.remote]) {
            assert.equal(probe.channel.label, l, `${probe.side} label`);
            assert.equal(probe.channel.protocol, protocol, `${probe.side} protocol`);
          }
          assertSameId(s, pair.local, pair.remote);
          await assertAnnouncedOpen(s, other(creator), pair);
        }
      },
    }),
  ),
  ...(['ours', 'theirs'] as const).map(
    (from): Scenario => ({
      title: `string and binary messages of ${SIZES.join(', ')} bytes from ${from === 'ours' ? 'purertc' : 'the native stack'} arrive byte for byte`,
      run: (s) => exchangeSizes(s, from),
    }),
  ),
  ...(['ours', 'theirs'] as const).map(
    (from): Scenario => ({
      title: `a burst of 1000 messages from ${from === 'ours' ? 'purertc' : 'the native stack'} keeps its order on an ordered channel`,
      run: (s) => burst(s, from, 1000),
    }),
  ),
  {
    title: 'send() of more than pc.sctp.maxMessageSize throws TypeError on purertc and leaves the channel open',
    async run(s) {
      const pair = await openChannel(s, 'ours', unique('oversize'));
      const max = s.ours.pc.sctp!.maxMessageSize;
      assert.throws(() => pair.local.channel.send(new Uint8Array(max + 1)), TypeError);
      assert.throws(() => pair.local.channel.send('x'.repeat(max + 1)), TypeError);
      assert.equal(pair.local.channel.readyState, 'open');
      pair.local.channel.send('still open');
      const got = await pair.remote.receive(1, WAIT_MS);
      assert.deepEqual(messagesText(got), ['still open']);
    },
  },
  {
    title: 'a negotiated channel (negotiated: true, id: 37) opens on both sides without DCEP and carries data both ways',
    async run(s) {
      const label = unique('negotiated');
      const init = { negotiated: true, id: 37, protocol: 'neg' };
      const ours = s.ours.create(label, init);
      const theirs = s.theirs.create(label, init);
      await Promise.all([opened(s, 'ours', ours), opened(s, 'theirs', theirs)]);
      assertParams(purertc.params(ours.channel), { negotiated: true, id: 37 }, 'purertc');
      assertParams(s.stack.params(theirs.channel), { negotiated: true, id: 37 }, s.stack.name);
      ours.channel.send('from purertc');
      ours.channel.send(bytesOf(3000, 37));
      theirs.channel.send('from native');
      theirs.channel.send(bytesOf(5000, 38));
      const [toTheirs, toOurs] = await Promise.all([theirs.receive(2, WAIT_MS), ours.receive(2, WAIT_MS)]);
      assertSameMessage(toTheirs[0], { kind: 'string', text: 'from purertc' }, 'to native');
      assertSameMessage(toTheirs[1], { kind: 'binary', bytes: bytesOf(3000, 37) }, 'to native');
      assertSameMessage(toOurs[0], { kind: 'string', text: 'from native' }, 'to purertc');
      assertSameMessage(toOurs[1], { kind: 'binary', bytes: bytesOf(5000, 38) }, 'to purertc');
      // Negotiated channels are never announced (W3C §6.2: no datachannel event).
      await new Promise((r) => setTimeout(r, 50));
      for (const p of [s.ours, s.theirs]) assert.ok(!p.announced.some((a) => a.probe.channel.label === label), `${p.side}: no datachannel event`);
    },
  },
  ...(['ours', 'theirs'] as const).flatMap((creator): Scenario[] => [
    {
      title: `an unordered maxRetransmits: 0 channel from ${creator === 'ours' ? 'purertc' : 'the native stack'}: parameters on both ends, complete delivery`,
      run: (s) => partialReliability(s, creator, { ordered: false, maxRetransmits: 0 }, { ordered: false, maxRetransmits: 0, maxPacketLifeTime: null }),
    },
    {
      title: `a maxPacketLifeTime: 3000 channel from ${creator === 'ours' ? 'purertc' : 'the native stack'}: parameters on both ends, complete delivery`,
      run: (s) => partialReliability(s, creator, { maxPacketLifeTime: 3000 }, { ordered: true, maxPacketLifeTime: 3000, maxRetransmits: null }),
    },
  ]),
  ...(['ours', 'theirs'] as const).map(
    (initiator): Scenario => ({
      title: `close() by ${initiator === 'ours' ? 'purertc' : 'the native stack'}: pending messages delivered, closing/close as W3C §6.2 says, readyState closed`,
      run: (s) => closeFrom(s, initiator),
    }),
  ),
  {
    title: 'ten channels in turn: open, echo, close (stream ids reused after reset)',
    async run(s) {
      for (let i = 0; i < 10; i++) {
        const creator: Side = i % 2 === 0 ? 'ours' : 'theirs';
        const pair = await openChannel(s, creator, unique(`echo ${i}`));
        pair.remote.channel.addEventListener('message', (e: { data: unknown }) => pair.remote.channel.send(e.data as string));
        pair.local.channel.send(`ping ${i}`);
        const got = await pair.local.receive(1, WAIT_MS);
        assert.deepEqual(messagesText(got), [`ping ${i}`]);
        pair.local.channel.close();
        await Promise.all([pair.local.event('close', WAIT_MS), pair.remote.event('close', WAIT_MS)]);
      }
    },
  },
  {
    title: 'pc.close() on purertc: signaling, ICE and connection states "closed" at once, channels closed, no state events',
    fresh: true,
    async run(s) {
      const extra = await openChannel(s, 'theirs', unique('open at pc.close'));
      const oursChannels = [bootstrapOn(s, 'ours'), on(s, extra, 'ours')];
      const statesBefore = s.ours.connectionStates.length;
      const eventsBefore = oursChannels.map((c) => c.events.length);
      s.ours.pc.close();
      assertClosedNow(s.ours.pc);
      assert.equal(s.ours.pc.sctp?.state ?? 'closed', 'closed', 'pc.sctp.state');
      for (const c of oursChannels) assert.equal(c.channel.readyState, 'closed', `purertc channel '${c.channel.label}' readyState`);
      await new Promise((r) => setTimeout(r, 100));
      // W3C §4.4.1.5: close() fires no connectionstatechange.
      assert.equal(s.ours.connectionStates.length, statesBefore, `connectionstatechange after close(): ${s.ours.connectionStates.slice(statesBefore).join(', ')}`);
      // The spec sets readyState "closed" without the closing procedure, so no close event;
      // Chrome and Firefox fire one anyway (w3c/webrtc-pc#3085, open). Either is accepted;
      // nothing else (no error, no second close) is.
      for (const [i, c] of oursChannels.entries()) {
        const after = c.types.slice(eventsBefore[i]);
        assert.ok(after.length === 0 || (after.length === 1 && after[0] === 'close'), `events on purertc channel '${c.channel.label}' after pc.close(): ${after.join(', ')}`);
      }
    },
  },
  {
    title: 'pc.close() on purertc: the native end sees its channels close',
    fresh: true,
    async run(s) {
      const extra = await openChannel(s, 'theirs', unique('open at pc.close'));
      const theirsChannels = [bootstrapOn(s, 'theirs'), on(s, extra, 'theirs')];
      s.ours.pc.close();
      await Promise.all(theirsChannels.map((c) => c.event('close', WAIT_MS)));
      for (const c of theirsChannels) assert.equal(c.channel.readyState, 'closed', `${s.stack.name} channel readyState`);
    },
  },
  {
    title: 'pc.close() on the native stack: purertc channels close (readyState closed, one close event)',
    fresh: true,
    async run(s) {
      const extra = await openChannel(s, 'ours', unique('open at native pc.close'));
      const oursChannels = [bootstrapOn(s, 'ours'), on(s, extra, 'ours')];
      s.theirs.pc.close();
      await Promise.all(oursChannels.map((c) => c.event('close', WAIT_MS)));
      for (const c of oursChannels) {
        assert.equal(c.channel.readyState, 'closed');
        assert.equal(c.types.filter((t) => t === 'close').length, 1, `purertc channel '${c.channel.label}' events: ${c.types.join(', ')}`);
      }
    },
  },
  {
    title: 'pc.close() on the native stack: purertc channels fire error (RTCError sctp-failure) before close when aborted, close alone after a SHUTDOWN',
    fresh: true,
    async run(s) {
      const oursChannel = bootstrapOn(s, 'ours');
      // libdatachannel starts a graceful SHUTDOWN and then aborts; which reaches purertc first
      // depends on its threads, and under load its stream resets can come first as well. What
      // purertc's association saw decides what the channel must report.
      const endings = recordSctpEndings();
      const sctp = (s.ours.pc as unknown as { sctp: { state: string } | null }).sctp;
      let sctpStateAtClose: string | undefined;
      (oursChannel.channel as unknown as EventTarget).addEventListener('close', () => (sctpStateAtClose = sctp?.state));
      try {
        s.theirs.pc.close();
        await oursChannel.event('close', WAIT_MS);
      } finally {
        endings.stop();
      }
      const after = oursChannel.types.filter((t) => t !== 'open' && t !== 'bufferedamountlow');
      if (sctpStateAtClose === 'connected') {
        // The peer reset the stream (W3C §6.2 closing procedure): no error.
        assert.deepEqual(after, ['close'], 'purertc channel events after the peer reset the stream');
        return;
      }
      assert.equal(endings.reasons.length, 1, `purertc association endings reported: ${endings.reasons.join(', ')}`);
      if (endings.reasons[0] === 'shutdown') {
        // W3C §6.2: an association shut down gracefully (RFC 9260 §9.2) closes its channels without error.
        assert.deepEqual(after, ['close'], 'purertc channel events after a graceful SHUTDOWN');
        return;
      }
      // WPT webrtc/RTCDataChannel-close.html: an aborted association gives error, then close.
      assert.deepEqual(after, ['error', 'close'], `purertc channel events (association ended: ${endings.reasons[0]})`);
      const error = oursChannel.errors[0] as { name?: string; errorDetail?: string } | undefined;
      assert.equal(error?.name, 'OperationError');
      assert.equal(error?.errorDetail, 'sctp-failure');
    },
  },
  {
    title: 'pc.close() on the native stack: purertc connectionState does not fall back to "connecting"',
    fresh: true,
    async run(s) {
      const oursChannel = bootstrapOn(s, 'ours');
      const before = s.ours.connectionStates.length;
      s.theirs.pc.close();
      await oursChannel.event('close', WAIT_MS);
      await new Promise((r) => setTimeout(r, 300));
      // W3C §4.4.3: "connected" holds while ICE is connected and DTLS is "connected" or
      // "closed"; "connecting" is only for transports still being set up.
      const changes = s.ours.connectionStates.slice(before);
      assert.ok(!changes.includes('connecting') && !changes.includes('new'), `connectionState changes after the peer closed: ${changes.join(' -> ')}`);
    },
  },
  {
    title: 'a channel announced by the datachannel event is already "open": send() works inside the handler',
    async run(s) {
      const label = unique('send in ondatachannel');
      const results: string[] = [];
      const listener = (e: { channel: { label: string; readyState: string; send(d: string): void } }): void => {
        if (e.channel.label !== label) return;
        results.push(e.channel.readyState);
        try {
          e.channel.send('sent from the datachannel handler');
        } catch (err) {
          results.push(String(err));
        }
      };
      s.ours.pc.addEventListener('datachannel', listener);
      try {
        const pair = await openChannel(s, 'theirs', label);
        // W3C §6.2 (announcing a channel): readyState is set to "open" before datachannel fires
        // ("this allows to start sending messages inside of the datachannel event handler").
        assert.deepEqual(results, ['open']);
        const got = await pair.local.receive(1, WAIT_MS);
        assert.deepEqual(messagesText(got), ['sent from the datachannel handler']);
      } finally {
        s.ours.pc.removeEventListener('datachannel', listener);
      }
    },
  },
];

/** Opens a session for `stack` with purertc offering or answering; the caller closes it. */
export async function openSession(stack: Stack, oursOffers: boolean, session = new Session(stack, oursOffers)): Promise<Session> {
  await session.connect(BOOTSTRAP.label, BOOTSTRAP.init);
  return session;
}
