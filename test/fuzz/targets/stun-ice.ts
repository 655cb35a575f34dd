// STUN and ICE: the message codec and every typed attribute getter on mutated captured
// Binding traffic, and a connected ICE agent fed arbitrary datagrams (some re-signed with the
// right password and FINGERPRINT so they get past the integrity check). The agent never
// throws, and the pair stays connected and carries data afterwards.
import fc from 'fast-check';
import * as stun from '../../../src/protocol/stun/index.js';
import { muxTransaction, muxUfrag, type IceAgent } from '../../../src/protocol/ice/index.js';
import type { Address } from '../../../src/protocol/types.js';
import { bothConnected, credentialsOf, setupPair } from '../../protocol/ice/fixtures.js';
import { RFC5769_IPV4_RESPONSE, RFC5769_IPV6_RESPONSE, RFC5769_LONG_TERM_REQUEST, RFC5769_REQUEST } from '../../protocol/stun/helpers.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, returnsOrThrows, type Meter, type Target } from '../harness/target.js';
import { captured } from './seeds.js';

const GETTERS = [
  stun.getAlternateServer,
  stun.getErrorCode,
  stun.getIceControlled,
  stun.getIceControlling,
  stun.getMappedAddress,
  stun.getNonce,
  stun.getPriority,
  stun.getRealm,
  stun.getSoftware,
  stun.getUnknownAttributes,
  stun.getUsername,
  stun.getXorMappedAddress,
];

/** The RFC 5769 vectors, Binding traffic captured with native stacks, and two agents connecting. */
function stunSeeds(): Uint8Array[] {
  const seen: Uint8Array[] = [RFC5769_REQUEST, RFC5769_IPV4_RESPONSE, RFC5769_IPV6_RESPONSE, RFC5769_LONG_TERM_REQUEST, ...captured('stun')];
  const p = setupPair();
  for (const node of [p.a, p.b]) {
    const orig = node.agent.pollTransmit.bind(node.agent);
    node.agent.pollTransmit = () => {
      const t = orig();
      if (t && seen.length < 200) seen.push(Uint8Array.from(t.data));
      return t;
    };
  }
  p.net.run(10_000, () => bothConnected(p));
  // Consent checks and a role conflict's 487 come later.
  p.net.run(p.net.nowMs + 12_000);
  return seen;
}

/** parseMessage, every getter, integrity and fingerprint checks, and the round trip. */
export const stunMessage: Target<Uint8Array> = {
  name: 'stun-message',
  description: 'parseMessage, every typed attribute getter, the UDP mux keys (muxUfrag, muxTransaction), MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT checks on mutated captured Binding traffic; serialize round trip',
  shortRuns: 30000,
  arbitrary: () => bytesFrom(stunSeeds(), { maxBytes: 2048 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      stun.isStun(input);
      // What a UDP mux routes by never throws, and a ufrag is a non-empty prefix of USERNAME.
      const ufrag = muxUfrag(input);
      check(ufrag === undefined || (ufrag.length > 0 && !ufrag.includes(':')), () => `muxUfrag gave ${JSON.stringify(ufrag)}`);
      check((muxTransaction(input) !== undefined) === stun.isStun(input), () => 'muxTransaction disagrees with isStun');
      returnsOrThrows(stun.ParseError, () => {
        const msg = stun.parseMessage(input);
        stun.verifyMessageIntegrity(msg, new Uint8Array([1, 2, 3]));
        stun.verifyMessageIntegritySha256(msg, new Uint8Array([1, 2, 3]));
        stun.checkFingerprint(msg);
        for (const a of msg.attributes) check(a.offset! + 4 + a.value.length <= input.length, () => 'attribute past the end');
        for (const get of GETTERS) returnsOrThrows(stun.ParseError, () => get(msg), get.name);
        const again = stun.parseMessage(stun.serializeMessage(msg));
        check(again.attributes.length === msg.attributes.length, () => 'round trip changed the attribute count');
      }, 'parseMessage');
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};

/** How an ICE fuzz datagram is delivered. */
const enum Via {
  /** As is, from the peer's address. */
  Peer = 0,
  /** As is, from a stranger. */
  Stranger = 1,
  /** Parsed, then re-signed with the right key and FINGERPRINT, from the peer. */
  Resigned = 2,
}

/**
 * A session: how far the agents got before the fuzz (simulated ms from the start; 10 000
 * means connected), then datagrams delivered to agent b one after another, each with how it came.
 */
interface IceSession {
  atMs: number;
  datagrams: Array<[Via, Uint8Array]>;
}

function resign(data: Uint8Array): Uint8Array | undefined {
  let msg: stun.StunMessage;
  try {
    msg = stun.parseMessage(data);
  } catch {
    return undefined;
  }
  const keep = msg.attributes.filter(
    (a) => a.type !== stun.StunAttr.MessageIntegrity && a.type !== stun.StunAttr.MessageIntegritySha256 && a.type !== stun.StunAttr.Fingerprint,
  );
  // RFC 8445 §7.2.2: a request names the receiver's and the sender's ufrags; give it the right ones.
  if (msg.class === 'request') {
    const at = keep.findIndex((a) => a.type === stun.StunAttr.Username);
    const username = stun.usernameAttr(`${credentialsOf('b', 22)[0]}:${credentialsOf('a', 11)[0]}`);
    if (at >= 0) keep[at] = username;
    else keep.unshift(username);
  }
  // RFC 8445 §7.2.2: a request is signed with the receiver's password, a response with the responder's.
  const pwd = msg.class === 'request' ? credentialsOf('b', 22)[1] : credentialsOf('a', 11)[1];
  try {
    return stun.serializeMessage({ ...msg, attributes: keep }, { integrityKey: new TextEncoder().encode(pwd), fingerprint: true });
  } catch (err) {
    if (err instanceof RangeError) return undefined; // too long to re-sign
    throw err;
  }
}

const A: Address = { family: 4, address: '10.0.0.1', port: 5000 };
const B: Address = { family: 4, address: '10.0.0.2', port: 6000 };
const STRANGER: Address = { family: 4, address: '10.9.9.9', port: 4444 };

/** Both agents' pairs and counters, for a failure message. */
function agentsNow(pair: ReturnType<typeof setupPair>): string {
  return [pair.a, pair.b]
    .map((n) => `${n.name}: ${n.agent.state} ${n.agent.controlling ? 'controlling' : 'controlled'} pairs ${n.agent.pairs.map((p) => `${p.state}${p.nominated ? '+nominated' : ''}`).join(',')} ${JSON.stringify(n.agent.stats)}`)
    .join('; ');
}

function agentNeverThrows(agent: IceAgent, data: Uint8Array, from: Address, nowMs: number): void {
  try {
    agent.handleInput(data, from, B, nowMs);
    agent.handleTimeout(nowMs);
  } catch (err) {
    throw new PropertyFailure(`IceAgent threw ${describe(err)}`);
  }
}

/** A connected IceAgent fed arbitrary datagrams. */
export const iceAgent: Target<IceSession> = {
  name: 'ice-agent',
  description: 'an IceAgent, mid-checks or connected, fed mutated and random datagrams (as is, from a stranger, or re-signed with the right password); the pair connects or stays up and carries data',
  shortRuns: 1500,
  arbitrary() {
    const datagram = bytesFrom(stunSeeds(), { maxBytes: 2048 });
    const via = fc.constantFrom(Via.Peer, Via.Stranger, Via.Resigned, Via.Resigned);
    return fc.record({ atMs: fc.constantFrom(0, 5, 15, 30, 10_000, 10_000), datagrams: fc.array(fc.tuple(via, datagram), { minLength: 1, maxLength: 40 }) });
  },
  run(session: IceSession, meter: Meter): void {
    const pair = setupPair();
    if (session.atMs >= 10_000) {
      pair.net.run(10_000, () => bothConnected(pair));
      check(bothConnected(pair), () => 'the pair did not connect before the fuzz');
    } else {
      // Mid-check: the fuzz lands while checks are in flight.
      pair.net.run(session.atMs);
    }
    const agent = pair.b.agent;
    for (const [via, raw] of session.datagrams) {
      const data = via === Via.Resigned ? (resign(raw) ?? raw) : raw;
      meter.input(() => agentNeverThrows(agent, data, via === Via.Stranger ? STRANGER : A, pair.net.nowMs));
      // Whatever the agent answered goes out on the simulated network like any transmit.
      pair.net.run(pair.net.nowMs + 1);
    }
    // The checks finish (RFC 8863 PAC bound), consent runs for two periods, then data flows both ways.
    pair.net.run(pair.net.nowMs + 40_000, () => bothConnected(pair));
    pair.net.run(pair.net.nowMs + 12_000);
    check(bothConnected(pair), () => `the pair is ${pair.a.agent.state}/${pair.b.agent.state} after the fuzz input (${agentsNow(pair)})`);
    const before = [pair.a.received.length, pair.b.received.length];
    check(pair.net.sendData(pair.a, new Uint8Array([0x80, 1, 2, 3])) && pair.net.sendData(pair.b, new Uint8Array([0x80, 4, 5, 6])), () => 'no route for data');
    pair.net.run(pair.net.nowMs + 100);
    check(pair.a.received.length > before[0]! && pair.b.received.length > before[1]!, () => 'data did not arrive after the fuzz input');
  },
  encode: (s) => frames.encode(0, [Uint8Array.of(s.atMs >> 8, s.atMs & 0xff), ...s.datagrams.map(([via, d]) => Uint8Array.from([via, ...d]))]),
  decode(b) {
    const [at, ...items] = frames.decode(b).items;
    return { atMs: (at![0]! << 8) | at![1]!, datagrams: items.map((d): [Via, Uint8Array] => [d[0]! as Via, d.subarray(1)]) };
  },
};
