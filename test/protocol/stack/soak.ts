// One seed of the loss and corruption soak: two TransportStacks (ICE, DTLS, SCTP, DCEP)
// through a BurstyPath that drops, duplicates, reorders, truncates and flips bits in
// bursts, then heals; six channels of every kind carry messages of mixed sizes both ways.
// `runSoakSeed` returns what went wrong (nothing when the seed passes) and its figures.
import { createHash } from 'node:crypto';
import type { DtlsStats } from '../../../src/protocol/dtls/index.js';
import type { IceAgentStats } from '../../../src/protocol/ice/index.js';
import type { SctpStats } from '../../../src/protocol/sctp/index.js';
import type { TransportStack } from '../../../src/protocol/stack/index.js';
import { mulberry32 } from '../../helpers/seeded-random.js';
import { BurstyPath, type PathCounters } from './impairment.js';
import { payload, textOfSize } from './messages.js';
import { StackPair, type SimPeer } from './sim.js';

/** The packet sizes a seed runs with. */
export type SoakProfile = 'large' | 'base' | 'foreign';

/** How each profile sets up the peers and the path. */
export const PROFILES: Record<SoakProfile, { purertcPeers: boolean; loopback: boolean; maxDatagramBytes: number; what: string }> = {
  // Both say a=x-purertc-max-datagram on a loopback path: PLPMTUD probes up to 16000-byte packets.
  large: { purertcPeers: true, loopback: true, maxDatagramBytes: 65507, what: 'purertc <-> purertc with large datagrams (PLPMTUD up to 16000)' },
  // The same peers on a LAN path: 1200-byte SCTP packets, a 1500-byte path MTU.
  base: { purertcPeers: true, loopback: false, maxDatagramBytes: 1500 - 28, what: 'purertc <-> purertc, 1200-byte packets' },
  // As toward another stack (no large datagrams, Max.Burst 4, one record per datagram, a SACK
  // every second packet) on a path whose 1280-byte MTU drops anything larger.
  foreign: { purertcPeers: false, loopback: false, maxDatagramBytes: 1280 - 28, what: 'as toward other stacks, 1280-byte path MTU' },
};

/**
 * Once the path heals, everything outstanding on a reliable channel is delivered within
 * this many simulated ms. The longest wait is a timer that the loss backed off: SCTP's stop
 * at 3 s (RtoOptions.maxBackoffMs), a DTLS handshake flight's at 6.4 s (400 ms doubled
 * through 8 s of loss, RFC 6347 §4.2.4.1); then the round trips to resend what is left.
 */
export const RECOVERY_BOUND_MS = 10_000;

/**
 * A seed that ends in failure says so on both sides within this many simulated ms of
 * healing: DTLS gives a handshake up after 8 retransmissions (RFC 6347 §4.2.4.1), SCTP after
 * Association.Max.Retrans (RFC 9260 §8.1), ICE after 30 s without consent (RFC 7675).
 */
export const FAILURE_BOUND_MS = 300_000;

interface ChannelPlan {
  id: number;
  opener: 'a' | 'b';
  ordered: boolean;
  negotiated: boolean;
  maxRetransmits?: number;
  maxPacketLifeTime?: number;
}

interface Arrival {
  atMs: number;
  bytes: number;
  /** Which planned message it is; undefined for one never sent. */
  index: number | undefined;
}

interface Flow {
  name: string;
  channel: ChannelPlan;
  from: SimPeer;
  to: SimPeer;
  reliable: boolean;
  /** The messages and when each is to be sent (simulated ms). */
  plan: Array<{ atMs: number; data: string | Uint8Array }>;
  /** How many of `plan` went to the stack. */
  sent: number;
  /** Hash of a planned message -> the indices of the planned messages with that content. */
  byHash: Map<string, number[]>;
  got: Arrival[];
}

/** What a seed did. */
export interface SoakResult {
  seed: number;
  profile: SoakProfile;
  /** Empty when every property held. */
  problems: string[];
  /** 'delivered', 'failed' (with failure events on both sides) or 'stalled' (neither). */
  outcome: 'delivered' | 'failed' | 'stalled';
  /** Simulated ms from healing to the last message of the lossy phase delivered on a reliable channel. */
  recoveryMs: number;
  /** Messages and bytes delivered. */
  messages: number;
  bytes: number;
  path: PathCounters;
  /** Bad input the two stacks dropped and counted (see `dropped`). */
  droppedBad: number;
  /** The seed's path and phases, for a failure message. */
  settings: string;
}

/**
 * What a stack dropped as bad input: datagrams neither STUN nor DTLS, STUN that failed its
 * checks, DTLS records that failed to parse or to authenticate (AEAD), SCTP packets with a
 * bad CRC32c. The engines keep these in their own `stats`, private to the stack, so they
 * are read through the engines (as garbage.test.ts does).
 */
function dropped(stack: TransportStack): number {
  const inner = stack as unknown as { ice: { stats: IceAgentStats } | null; dtls: { stats: DtlsStats } | null; sctp: { stats: SctpStats } | null };
  const ice = inner.ice?.stats;
  const dtls = inner.dtls?.stats;
  const sctp = inner.sctp?.stats;
  return (
    stack.droppedDatagrams +
    (ice ? ice.malformed + ice.badFingerprint : 0) +
    (dtls ? dtls.malformedRecords + dtls.badMacRecords : 0) +
    (sctp ? sctp.badChecksum + sctp.parseErrors : 0)
  );
}

/** The command that replays one seed alone. */
export function replayCommand(profile: SoakProfile, seed: number): string {
  return `SOAK_PROFILE=${profile} SOAK_SEED=${seed} npx mocha test/protocol/stack/soak.test.ts`;
}

function hashOf(m: string | Uint8Array): string {
  return createHash('sha1').update(typeof m === 'string' ? 's' : 'b').update(m).digest('hex');
}

/** Message sizes: empty and tiny, around every packet size in use, and larger. */
function sizeMenu(profile: SoakProfile): number[] {
  // The DATA payload a packet carries: its size minus the common (12) and DATA chunk (16) headers.
  const rooms = profile === 'large' ? [1172, 4068, 8164, 15972] : [1172];
  const around = rooms.flatMap((r) => [r - 1, r, r + 1, 2 * r, 2 * r + 1]);
  return [0, 1, 3, 16, 100, 700, ...around, 5000, 20_000];
}

/** The seed's channels: reliable ordered and unordered both ways, partially reliable, negotiated. */
function channelsOf(rnd: () => number): ChannelPlan[] {
  return [
    { id: 0, opener: 'a', ordered: true, negotiated: false },
    { id: 2, opener: 'a', ordered: false, negotiated: false },
    { id: 1, opener: 'b', ordered: true, negotiated: false },
    { id: 4, opener: 'a', ordered: rnd() < 0.5, negotiated: false, maxRetransmits: Math.floor(rnd() * 3) },
    { id: 6, opener: 'a', ordered: rnd() < 0.5, negotiated: false, maxPacketLifeTime: [30, 150, 1000][Math.floor(rnd() * 3)]! },
    { id: 8, opener: 'a', ordered: true, negotiated: true },
  ];
}

function addMessage(f: Flow, atMs: number, data: string | Uint8Array): void {
  const h = hashOf(data);
  f.byHash.set(h, [...(f.byHash.get(h) ?? []), f.plan.length]);
  f.plan.push({ atMs, data });
}

/** Both directions of every channel, with their messages at random times in the lossy phase. */
function flowsOf(pair: StackPair, profile: SoakProfile, rnd: () => number, lossyMs: number): Flow[] {
  const menu = sizeMenu(profile);
  const flows: Flow[] = [];
  for (const channel of channelsOf(rnd)) {
    for (const [from, to] of [[pair.a, pair.b], [pair.b, pair.a]] as const) {
      const reliable = channel.maxRetransmits === undefined && channel.maxPacketLifeTime === undefined;
      const f: Flow = { name: `${from.name}→${to.name} on ${channel.id}`, channel, from, to, reliable, plan: [], sent: 0, byHash: new Map(), got: [] };
      const count = 4 + Math.floor(rnd() * 10);
      const msgs: Array<{ atMs: number; data: string | Uint8Array }> = [];
      for (let k = 0; k < count; k++) {
        let size = menu[Math.floor(rnd() * menu.length)]!;
        const r = rnd();
        if (r < 0.02) size = 256 * 1024;
        else if (r < 0.06) size = 64 * 1024;
        // Partially reliable messages are told apart by their content: none is tiny.
        if (!reliable) size = Math.max(size, 16);
        const n = flows.length * 1000 + k;
        const data = rnd() < 0.4 ? textOfSize(n, size) : payload(n, size);
        // Some go in one burst at the start, the rest at random times.
        msgs.push({ atMs: rnd() < 0.3 ? 0 : Math.floor(rnd() * lossyMs), data });
      }
      msgs.sort((x, y) => x.atMs - y.atMs);
      for (const m of msgs) addMessage(f, m.atMs, m.data);
      flows.push(f);
    }
  }
  return flows;
}

/** Runs one seed of one profile and checks every property. */
export async function runSoakSeed(profile: SoakProfile, seed: number): Promise<SoakResult> {
  const setup = PROFILES[profile];
  const rnd = mulberry32(seed * 977 + 3);
  const lossyMs = 3000 + Math.floor(rnd() * 5000);
  const impairedShare = rnd() * 0.3;
  const meanBurst = 2 + Math.floor(rnd() * 20);
  // Loss, duplication and reordering from the start; truncation and bit flips too in a
  // third of the seeds, else from the moment DTLS is up (docs/soak.md: a DTLS 1.2
  // handshake message has no integrity protection of its own before Finished).
  const mutateHandshake = rnd() < 1 / 3;
  const path = new BurstyPath({
    seed,
    impairedShare,
    meanBurst,
    mutate: mutateHandshake,
    delayMs: 2 + Math.floor(rnd() * 20),
    jitterMs: Math.floor(rnd() * 10),
    maxDatagramBytes: setup.maxDatagramBytes,
    healAtMs: lossyMs,
  });
  const settings = `${(impairedShare * 100).toFixed(1)}% impaired in bursts of ~${meanBurst}, healed at ${lossyMs} ms${mutateHandshake ? ', mutations from the start' : ''}`;
  const pair = await StackPair.create({ link: { seed: seed + 1 }, purertcPeers: setup.purertcPeers, loopback: setup.loopback, path });
  const { a, b } = pair;
  const flows = flowsOf(pair, profile, rnd, lossyMs);
  const flowTo = new Map(flows.map((f) => [`${f.to.name}${f.channel.id}`, f]));
  const open = { a: new Set<number>(), b: new Set<number>() };
  const closed = { a: new Set<number>(), b: new Set<number>() };
  const failures = { a: [] as string[], b: [] as string[] };
  for (const p of [a, b]) {
    p.onEvent = (e, nowMs) => {
      if (e.type === 'channel-message') {
        const f = flowTo.get(`${p.name}${e.id}`);
        if (f === undefined) return;
        const candidates = f.byHash.get(hashOf(e.data)) ?? [];
        // Identical (tiny) messages are interchangeable: the first one not yet seen.
        const index = candidates.find((i) => !f.got.some((g) => g.index === i)) ?? candidates[0];
        f.got.push({ atMs: nowMs, bytes: typeof e.data === 'string' ? Buffer.byteLength(e.data) : e.data.byteLength, index });
      } else if (e.type === 'channel-open' || e.type === 'channel-opened') open[p.name].add(e.id);
      else if (e.type === 'channel-closed') closed[p.name].add(e.id);
      else if (e.type === 'dtls-state' && e.state === 'connected') path.options.mutate = true;
      if ((e.type === 'dtls-state' && e.state === 'failed') || (e.type === 'ice-state' && e.state === 'failed') || (e.type === 'sctp-state' && e.state === 'closed')) {
        failures[p.name].push(`${e.type} ${e.state}`);
      }
    };
  }
  for (const c of new Set(flows.map((f) => f.channel))) {
    const init = { id: c.id, label: `soak-${c.id}`, ordered: c.ordered, negotiated: c.negotiated, maxRetransmits: c.maxRetransmits, maxPacketLifeTime: c.maxPacketLifeTime };
    if (c.negotiated) {
      a.stack.openChannel(init, 0);
      b.stack.openChannel(init, 0);
    } else pair[c.opener].stack.openChannel(init, 0);
  }
  const sendDue = (): void => {
    for (const f of flows) {
      const side = f.from.name;
      while (f.sent < f.plan.length && f.plan[f.sent]!.atMs <= pair.nowMs && open[side].has(f.channel.id) && !closed[side].has(f.channel.id)) {
        f.from.stack.send(f.channel.id, f.plan[f.sent]!.data, pair.nowMs);
        f.sent++;
      }
    }
  };
  const reliableDone = (): boolean => flows.every((f) => !f.reliable || (f.sent === f.plan.length && f.got.length >= f.plan.length));

  // The lossy phase, healing, and the wait until everything is delivered or both sides failed.
  const sliceMs = 25;
  let outcome: SoakResult['outcome'] = 'stalled';
  while (pair.nowMs <= lossyMs + FAILURE_BOUND_MS) {
    pair.advanceTo(pair.nowMs + sliceMs);
    sendDue();
    if (pair.nowMs >= lossyMs && reliableDone()) {
      outcome = 'delivered';
      break;
    }
    if (failures.a.length > 0 && failures.b.length > 0) {
      outcome = 'failed';
      break;
    }
  }
  const problems: string[] = [];
  const deliveredAtMs = pair.nowMs;
  const lossyCount = flows.map((f) => f.plan.length);
  if (outcome === 'delivered') {
    // On the healed path every channel carries new messages again, the partially reliable
    // ones too (an ordered one that waits for a message its sender gave up on would not).
    // A message with a short lifetime may legitimately expire while it waits behind others
    // for the congestion window: those go later, alone, small and 150 ms apart.
    flows.forEach((f, n) => {
      const timed = f.channel.maxPacketLifeTime !== undefined;
      (timed ? [200, 40, 700] : [200, 3000, 40]).forEach((size, k) => {
        addMessage(f, pair.nowMs + (timed ? 2000 + n * 500 + k * 150 : 0), payload(900_000 + n * 10 + k, size));
      });
    });
    const fresh = (f: Flow, n: number): number => f.got.filter((g) => g.index !== undefined && g.index >= lossyCount[n]!).length;
    const limitMs = pair.nowMs + 10_000;
    while (pair.nowMs < limitMs && !flows.every((f, n) => fresh(f, n) === 3)) {
      sendDue();
      pair.advanceTo(pair.nowMs + sliceMs);
    }
    flows.forEach((f, n) => {
      if (fresh(f, n) !== 3) problems.push(`${f.name}: ${fresh(f, n)} of the 3 messages sent after healing arrived within 10 s`);
    });
  }
  // Linger: nothing more may arrive (a late duplicate, a message out of nowhere).
  pair.advanceTo(pair.nowMs + 3000);

  let recoveryMs = 0;
  let messages = 0;
  let bytes = 0;
  flows.forEach((f, n) => {
    messages += f.got.length;
    for (const g of f.got) bytes += g.bytes;
    const indices = f.got.map((g) => g.index);
    if (indices.includes(undefined)) problems.push(`${f.name}: a message that was never sent arrived`);
    if (new Set(indices).size !== indices.length) problems.push(`${f.name}: a message arrived twice`);
    if (f.channel.ordered && indices.some((x, k) => k > 0 && x! < indices[k - 1]!)) problems.push(`${f.name}: out of order: ${indices.join(',')}`);
    if (outcome !== 'delivered') return;
    if (f.reliable && f.got.length !== f.plan.length) problems.push(`${f.name}: ${f.got.length} of ${f.plan.length} arrived`);
    if (f.reliable) {
      for (const g of f.got) if (g.index! < lossyCount[n]!) recoveryMs = Math.max(recoveryMs, g.atMs - lossyMs);
    }
    const buffered = f.from.stack.bufferedAmount(f.channel.id);
    if (buffered !== 0) problems.push(`${f.name}: bufferedAmount ${buffered} after delivery`);
  });
  if (outcome === 'delivered' && deliveredAtMs - lossyMs > RECOVERY_BOUND_MS) {
    problems.push(`everything arrived ${deliveredAtMs - lossyMs} ms after healing (bound ${RECOVERY_BOUND_MS} ms)`);
  }
  if (outcome === 'stalled') {
    const missing = flows.filter((f) => f.reliable && f.got.length < f.plan.length).map((f) => `${f.name}: ${f.got.length} of ${f.plan.length} (${f.sent} sent)`);
    const said = (p: 'a' | 'b'): string => failures[p].join(', ') || 'no failure event';
    problems.push(`stalled: neither delivered nor failed ${FAILURE_BOUND_MS} ms after healing (a: ${said('a')}; b: ${said('b')}); ${missing.join('; ')}`);
  }
  for (const p of ['a', 'b'] as const) {
    if (outcome === 'delivered' && failures[p].length > 0) problems.push(`${p}: ${failures[p].join(', ')}, although everything was delivered`);
  }
  const droppedBad = dropped(a.stack) + dropped(b.stack);
  return { seed, profile, problems, outcome, recoveryMs: Math.max(0, recoveryMs), messages, bytes, path: path.counters, droppedBad, settings };
}
