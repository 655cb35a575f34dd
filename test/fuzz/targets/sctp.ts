// SCTP: the packet parser, every chunk decoder and the TLV parameters, and an association
// fed arbitrary packets in each state, raw (so the CRC32c drops them) or re-sealed with the
// right ports, verification tag and checksum so the input reaches the chunk handlers.
// Seeds are SCTP packets captured inside DTLS from libdatachannel (usrsctp) and libwebrtc
// (dcsctp) talking to purertc.
import fc from 'fast-check';
import { ChunkType, ParseError, SctpAssociation, decodeInitChunk, encodeInitChunk, parseChunk, parsePacket, serializeChunk, serializePacket, type SctpEvent } from '../../../src/protocol/sctp/index.js';
import { packetChecksum, writeChecksum } from '../../../src/protocol/sctp/crc32c.js';
import { parseTlvs } from '../../../src/protocol/sctp/param.js';
import { SimNetwork } from '../../protocol/sctp/sim.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, returnsOrThrows, type Meter, type Target } from '../harness/target.js';
import { captured } from './seeds.js';

/** The captured packets, re-addressed to ports 5000/5000 as the simulated associations use. */
function packets(): Uint8Array[] {
  return captured('sctp').map((p) => {
    const b = p.slice();
    if (b.length >= 12) {
      b.set([0x13, 0x88, 0x13, 0x88], 0);
      writeChecksum(b, packetChecksum(b));
    }
    return b;
  });
}

/** The chunks of the captured packets, each as [type, flags, value]. */
function chunks(): Array<[number, number, Uint8Array]> {
  const out: Array<[number, number, Uint8Array]> = [];
  for (const p of captured('sctp')) {
    for (let o = 12; o + 4 <= p.length; ) {
      const len = (p[o + 2]! << 8) | p[o + 3]!;
      if (len < 4 || o + len > p.length) break;
      out.push([p[o]!, p[o + 1]!, p.subarray(o + 4, o + len)]);
      o += (len + 3) & ~3;
    }
  }
  return out;
}

/** parsePacket (checksum on and off) and the serialize round trip. */
export const sctpPacket: Target<Uint8Array> = {
  name: 'sctp-packet',
  description: 'parsePacket with and without the CRC32c check on mutated captured packets; serialize round trip',
  shortRuns: 30000,
  arbitrary: () => bytesFrom(packets(), { maxBytes: 4096 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      returnsOrThrows(ParseError, () => parsePacket(input), 'parsePacket');
      returnsOrThrows(ParseError, () => {
        const p = parsePacket(input, { verifyChecksum: false });
        const again = parsePacket(serializePacket(p));
        check(again.chunks.length === p.chunks.length, () => 'round trip changed the chunk count');
      }, 'parsePacket (no checksum)');
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};

/** A chunk type, flags and value; or (type 256) TLV parameters; or (257) an a=sctp-init INIT. */
type ChunkInput = [type: number, flags: number, value: Uint8Array];

/** Every chunk decoder, the TLV parameter parser and the a=sctp-init decoder. */
export const sctpChunks: Target<ChunkInput> = {
  name: 'sctp-chunks',
  description: 'each chunk decoder (DATA ... FORWARD TSN, RE-CONFIG), the TLV parameter parser and the a=sctp-init INIT decoder on mutated captured chunk values; round trip',
  shortRuns: 30000,
  arbitrary() {
    const all = chunks();
    const types = [...new Set(all.map(([t]) => t)), ...(Object.values(ChunkType) as number[])];
    const byType = (t: number): Uint8Array[] => {
      const v = all.filter(([x]) => x === t).map(([, , value]) => value);
      return v.length > 0 ? v : [new Uint8Array(16)];
    };
    const initParams = all.filter(([t]) => t === ChunkType.INIT || t === ChunkType.INIT_ACK).map(([, , v]) => v.subarray(16));
    return fc.oneof(
      ...[...new Set(types)].map((t) => fc.tuple(fc.constant(t), fc.nat(255), bytesFrom(byType(t), { maxBytes: 2048 }))),
      fc.tuple(fc.constant(256), fc.constant(0), bytesFrom(initParams.length > 0 ? initParams : [new Uint8Array(8)], { maxBytes: 2048 })),
      fc.tuple(fc.constant(257), fc.constant(0), bytesFrom(byType(ChunkType.INIT).map((v) => Uint8Array.from([1, 0, 0, 0, ...v])), { maxBytes: 512 })),
    );
  },
  run([type, flags, value]: ChunkInput, meter: Meter): void {
    meter.input(() => {
      if (type === 256) {
        returnsOrThrows(ParseError, () => parseTlvs(value, 0, value.length), 'parseTlvs');
        return;
      }
      if (type === 257) {
        returnsOrThrows(ParseError, () => {
          const init = decodeInitChunk(value);
          decodeInitChunk(encodeInitChunk(init));
        }, 'decodeInitChunk');
        return;
      }
      returnsOrThrows(ParseError, () => {
        const c = parseChunk(type, flags, value);
        const bytes = serializeChunk(c);
        const len = (bytes[2]! << 8) | bytes[3]!;
        const again = parseChunk(bytes[0]!, bytes[1]!, bytes.subarray(4, len));
        check(again.type === c.type, () => 'round trip changed the chunk type');
      }, `parseChunk(${type})`);
    });
  },
  encode: ([t, f, v]) => Uint8Array.from([t >> 8, t & 0xff, f, ...v]),
  decode: (b) => [(b[0]! << 8) | b[1]!, b[2]!, b.subarray(3)],
};

/** The states the association under test is put in before the fuzz input. */
const STATES = ['closed', 'await-init', 'cookie-wait', 'cookie-echoed', 'established', 'sending', 'shutdown-pending'] as const;
type State = (typeof STATES)[number];

/** How a fuzz packet reaches association b. */
const enum Seal {
  /** As is (a mutated packet's CRC32c is wrong, so it is dropped and counted). */
  Raw = 0,
  /** Ports and b's own verification tag set, checksum recomputed: reaches the chunk handlers. */
  OwnTag = 1,
  /** Verification tag 0 (what an INIT carries), checksum recomputed. */
  ZeroTag = 2,
  /** The peer's tag (what a reflected ABORT or SHUTDOWN COMPLETE carries), checksum recomputed. */
  PeerTag = 3,
}

interface SctpSession {
  state: State;
  packets: Array<[Seal, Uint8Array]>;
}

interface Tags {
  localTag: number;
  peerTag: number;
}

function reseal(p: Uint8Array, seal: Seal, b: SctpAssociation): Uint8Array {
  if (seal === Seal.Raw || p.length < 12) return p;
  const out = p.slice();
  const tags = b as unknown as Tags;
  const tag = seal === Seal.OwnTag ? tags.localTag : seal === Seal.ZeroTag ? 0 : tags.peerTag;
  out.set([0x13, 0x88, 0x13, 0x88, tag >>> 24, (tag >>> 16) & 0xff, (tag >>> 8) & 0xff, tag & 0xff], 0);
  writeChecksum(out, packetChecksum(out));
  return out;
}

/** Runs the handshake until `b` is in `state` (or as close as the simulation allows). */
function prepare(net: SimNetwork, state: State): void {
  const { a, b } = net;
  switch (state) {
    case 'closed':
      return;
    case 'await-init':
      b.awaitInit(net.now);
      return;
    case 'cookie-wait':
      b.connect(net.now);
      // b's INIT is not delivered: it waits in COOKIE-WAIT.
      for (let p = b.pollTransmit(); p; p = b.pollTransmit());
      return;
    case 'cookie-echoed': {
      b.connect(net.now);
      const init = b.pollTransmit()!;
      a.handleInput(init, net.now);
      const initAck = a.pollTransmit()!;
      b.handleInput(initAck, net.now);
      // b's COOKIE ECHO stays unsent: it waits in COOKIE-ECHOED.
      for (let p = b.pollTransmit(); p; p = b.pollTransmit());
      return;
    }
    case 'established':
      net.connect();
      return;
    case 'sending':
      net.connect();
      b.send(1, 53, new Uint8Array(6000).fill(9), undefined, net.now);
      b.send(3, 51, new Uint8Array(10).fill(0x41), { unordered: true, maxRetransmits: 0 }, net.now);
      return;
    case 'shutdown-pending':
      net.connect();
      b.send(1, 53, new Uint8Array(3000).fill(9), undefined, net.now);
      return;
  }
}

function closedOrErrored(events: SctpEvent[]): boolean {
  return events.some((e) => e.type === 'closed');
}

/** An association in each state fed mutated captured packets. */
export const sctpAssociation: Target<SctpSession> = {
  name: 'sctp-association',
  description: 'an SctpAssociation in each state (closed ... established, sending, shutting down) fed mutated captured packets, raw or re-sealed with valid ports, tags and CRC32c; then it still connects and delivers a message each way, or a closed event says why',
  shortRuns: 3000,
  arbitrary() {
    const seal = fc.constantFrom(Seal.Raw, Seal.OwnTag, Seal.OwnTag, Seal.OwnTag, Seal.ZeroTag, Seal.PeerTag);
    return fc.record({
      state: fc.constantFrom(...STATES),
      packets: fc.array(fc.tuple(seal, bytesFrom(packets(), { maxBytes: 2048 })), { minLength: 1, maxLength: 30 }),
    });
  },
  run(s: SctpSession, meter: Meter): void {
    const net = new SimNetwork({ delayMs: 1 });
    prepare(net, s.state);
    const { a, b } = net;
    let validTagSeen = false;
    for (const [seal, raw] of s.packets) {
      const p = reseal(raw, seal, b);
      if (seal !== Seal.Raw) validTagSeen = true;
      meter.input(() => {
        try {
          b.handleInput(p, net.now);
          b.handleTimeout(net.now);
          for (let e = b.pollEvent(); e; e = b.pollEvent()) net.events.b.push(e);
        } catch (err) {
          throw new PropertyFailure(`SctpAssociation.handleInput threw ${describe(err)}`);
        }
      });
      // b's answers are dropped: what a peer would make of them is not the question here.
      for (let out = b.pollTransmit(); out; out = b.pollTransmit());
    }
    if (s.state === 'shutdown-pending') b.close();
    const ended = (): boolean => closedOrErrored(net.events.a) || closedOrErrored(net.events.b);
    if (s.state === 'shutdown-pending') {
      try {
        net.run(() => ended(), 200_000, net.now + 900_000);
      } catch (err) {
        throw new PropertyFailure(`the shutdown did not finish after the fuzz input: ${describe(err)}`);
      }
      return;
    }
    // Connect (a starts if b has not), then a message each way.
    if (a.associationState === 'closed' && !ended() && s.state !== 'established' && s.state !== 'sending') {
      if (b.associationState === 'closed') a.connect(net.now);
    }
    const delivered = (side: 'a' | 'b', marker: number): boolean => net.events[side].some((e) => e.type === 'message' && e.data[0] === marker && e.streamId === 2);
    try {
      net.run(() => ended() || (net.has('a', 'connected') && net.has('b', 'connected')), 200_000, net.now + 900_000);
      if (!ended()) {
        a.send(2, 53, Uint8Array.of(0xa1), undefined, net.now);
        b.send(2, 53, Uint8Array.of(0xb1), undefined, net.now);
        net.run(() => ended() || (delivered('b', 0xa1) && delivered('a', 0xb1)), 200_000, net.now + 900_000);
      }
    } catch (err) {
      throw new PropertyFailure(`no message after the fuzz input and no closed event (states ${a.associationState}/${b.associationState}): ${describe(err)}`);
    }
    if (ended()) check(validTagSeen, () => 'the association closed on packets that had no valid tag and checksum');
  },
  encode: (s) => frames.encode(STATES.indexOf(s.state), s.packets.map(([m, p]) => Uint8Array.from([m, ...p]))),
  decode(b) {
    const { tag, items } = frames.decode(b);
    return { state: STATES[tag]!, packets: items.map((d): [Seal, Uint8Array] => [d[0]! as Seal, d.subarray(1)]) };
  },
};
