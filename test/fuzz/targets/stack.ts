// The whole TransportStack (ICE -> DTLS -> SCTP -> data channels) fed arbitrary datagrams
// once connected: from the peer's address, from a stranger, or as SCTP packets the peer's
// DTLS seals (so the input gets through DTLS and, re-sealed with the right tag and CRC32c,
// into the association). Nothing throws out of handleDatagram, nothing fails, and a message
// still goes each way, unless the peer's own authenticated SCTP ended the association and
// said so.
import fc from 'fast-check';
import type { DtlsConnection } from '../../../src/protocol/dtls/index.js';
import { packetChecksum, writeChecksum } from '../../../src/protocol/sctp/crc32c.js';
import type { SctpAssociation } from '../../../src/protocol/sctp/index.js';
import type { StackEvent, TransportStack } from '../../../src/protocol/stack/index.js';
import { messagesOn, StackPair, v4, type SimPeer } from '../../protocol/stack/sim.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, type Meter, type Target } from '../harness/target.js';
import { captured } from './seeds.js';

/** How a fuzz datagram reaches the victim. */
const enum Via {
  Peer = 0,
  Stranger = 1,
  /** An SCTP packet with the right ports, tag and CRC32c, sealed by the peer's DTLS. */
  SealedSctp = 2,
}

interface StackSession {
  victim: 0 | 1;
  datagrams: Array<[Via, Uint8Array]>;
}

interface Inner {
  dtls: DtlsConnection | null;
  sctp: SctpAssociation | null;
}

function sealedSctp(pair: StackPair, victim: SimPeer, raw: Uint8Array): Uint8Array | undefined {
  const sender = pair.other(victim).stack as unknown as Inner;
  if (!sender.dtls?.writable || !sender.sctp || raw.length < 12) return undefined;
  const p = raw.slice();
  const tag = (sender.sctp as unknown as { peerTag: number }).peerTag;
  p.set([0x13, 0x88, 0x13, 0x88, tag >>> 24, (tag >>> 16) & 0xff, (tag >>> 8) & 0xff, tag & 0xff], 0);
  writeChecksum(p, packetChecksum(p));
  sender.dtls.send(p);
  // The record the peer just sealed is the last datagram it queued.
  let last: Uint8Array | undefined;
  for (let d = sender.dtls.pollTransmit(); d; d = sender.dtls.pollTransmit()) last = d;
  return last;
}

const BAD = (e: StackEvent): boolean =>
  (e.type === 'ice-state' && (e.state === 'failed' || e.state === 'closed')) ||
  ((e.type === 'dtls-state' || e.type === 'sctp-state') && (e.state === 'failed' || e.state === 'closed')) ||
  e.type === 'channel-closed';

let sessions = 0;

/** A connected TransportStack fed arbitrary datagrams. */
export const transportStack: Target<StackSession> = {
  name: 'transport-stack',
  description: 'a connected TransportStack fed mutated captured STUN, DTLS and SCTP traffic and random datagrams, from the peer, a stranger, or sealed by the peer\'s DTLS; a message still goes each way',
  shortRuns: 400,
  arbitrary() {
    const seeds = [...captured('stun'), ...captured('dtls')];
    const sctp = captured('sctp');
    const datagram = fc.oneof(
      { arbitrary: fc.tuple(fc.constantFrom(Via.Peer, Via.Stranger), bytesFrom(seeds, { maxBytes: 2048 })), weight: 2 },
      { arbitrary: fc.tuple(fc.constant(Via.SealedSctp), bytesFrom(sctp, { maxBytes: 2048 })), weight: 1 },
    );
    return fc.record({ victim: fc.constantFrom(0 as const, 1 as const), datagrams: fc.array(datagram, { minLength: 1, maxLength: 60 }) });
  },
  async run(s: StackSession, meter: Meter): Promise<void> {
    const pair = await StackPair.create({ link: { seed: 1 + (sessions++ % 16), lossRate: 0, duplicateRate: 0, delayMs: 2, jitterMs: 2 } });
    pair.a.stack.openChannel({ id: 0, label: 'survivor', ordered: true, negotiated: false }, pair.nowMs);
    pair.connect();
    pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-opened' && e.id === 0));
    const victim = s.victim === 0 ? pair.a : pair.b;
    let authentic = false;
    for (const [via, raw] of s.datagrams) {
      const data = via === Via.SealedSctp ? sealedSctp(pair, victim, raw) : raw;
      if (data === undefined) continue;
      if (via === Via.SealedSctp) authentic = true;
      const from = via === Via.Stranger ? v4('192.0.2.66', 40000) : pair.other(victim).base;
      meter.input(() => {
        try {
          victim.stack.handleDatagram(data, from, victim.base, pair.nowMs);
        } catch (err) {
          throw new PropertyFailure(`TransportStack.handleDatagram threw ${describe(err)}`);
        }
      });
      pair.drain();
      pair.advanceTo(pair.nowMs + 1);
    }
    const hurt = [pair.a, pair.b].flatMap((p) => p.events.filter(({ event }) => BAD(event)).map(({ event }) => `${p.name}: ${JSON.stringify(event)}`));
    if (hurt.length > 0) {
      check(authentic, () => `the connection was hurt by unauthenticated input: ${hurt.join('; ')}`);
      return;
    }
    const before = [messagesOn(pair.b, 0).length, messagesOn(pair.a, 0).length];
    pair.a.stack.send(0, 'after fuzz a', pair.nowMs);
    pair.b.stack.send(0, 'after fuzz b', pair.nowMs);
    const arrived = (): boolean => messagesOn(pair.b, 0).length > before[0]! && messagesOn(pair.a, 0).length > before[1]!;
    try {
      pair.run(() => arrived() || [pair.a, pair.b].some((p) => p.events.some(({ event }) => BAD(event))), { maxTimeMs: 120_000 });
    } catch (err) {
      throw new PropertyFailure(`no message after the fuzz input and nothing said why: ${describe(err)}`);
    }
    if (!arrived()) check(authentic, () => 'the connection closed after unauthenticated input');
    for (const p of [pair.a, pair.b]) (p.stack as TransportStack).close(pair.nowMs);
  },
  encode: (s) => frames.encode(s.victim, s.datagrams.map(([v, d]) => Uint8Array.from([v, ...d]))),
  decode(b) {
    const { tag, items } = frames.decode(b);
    return { victim: (tag & 1) as 0 | 1, datagrams: items.map((d): [Via, Uint8Array] => [d[0]! as Via, d.subarray(1)]) };
  },
};
