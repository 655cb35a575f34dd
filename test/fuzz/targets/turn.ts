// TURN: ChannelData, the TCP/TLS stream framer and the TURN attribute getters on mutated
// traffic of a client and a fake server; and an allocated TurnClient fed arbitrary
// messages from its server. Nothing throws but ParseError from parsers; the client never
// throws and keeps its timers finite.
import fc from 'fast-check';
import * as stun from '../../../src/protocol/stun/index.js';
import * as turn from '../../../src/protocol/turn/index.js';
import type { Address } from '../../../src/protocol/types.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { FakeTurnServer, PASSWORD, USER } from '../../protocol/turn/fake-server.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, returnsOrThrows, type Meter, type Target } from '../harness/target.js';

const SERVER: Address = { family: 4, address: '192.0.2.1', port: 3478 };
const PEER: Address = { family: 4, address: '192.0.2.50', port: 6000 };

/** A client allocated on a fake server, with a channel to PEER bound, and every message of it. */
function allocatedSession(): { client: turn.TurnClient; server: FakeTurnServer; seen: Uint8Array[] } {
  const server = new FakeTurnServer();
  const client = new turn.TurnClient({ server: SERVER, transport: 'udp', username: USER, password: PASSWORD, random: seededRandom(3), rtoMs: 100 });
  const seen: Uint8Array[] = [];
  const pump = (): void => {
    for (let guard = 0, tx = client.pollTransmit(); tx && guard < 100; guard++, tx = client.pollTransmit()) {
      seen.push(tx.data);
      for (const reply of server.handle(tx.data)) {
        seen.push(reply);
        client.handleInput(reply, 0);
      }
    }
  };
  client.start(0);
  pump();
  client.send(PEER, new Uint8Array([1, 2, 3]), 0);
  pump();
  client.send(PEER, new Uint8Array([4, 5, 6]), 0);
  pump();
  seen.push(server.fromPeer(PEER, new Uint8Array([7, 8, 9])), server.fromPeer({ ...PEER, port: 7000 }, new Uint8Array([1])));
  while (client.pollEvent()) {
    /* drained */
  }
  return { client, server, seen };
}

let seedCache: Uint8Array[] | undefined;
function seeds(): Uint8Array[] {
  seedCache ??= allocatedSession().seen.map((b) => Uint8Array.from(b));
  return seedCache;
}

const GETTERS = [turn.getChannelNumber, turn.getLifetime, turn.getXorPeerAddress, turn.getXorRelayedAddress, turn.getData];

/** parseChannelData, the framer cut at every third byte, and the attribute getters. */
export const turnMessages: Target<Uint8Array> = {
  name: 'turn-messages',
  description: 'parseChannelData, TurnStreamFramer fed the input in pieces, and every TURN attribute getter on mutated client/server traffic',
  shortRuns: 4000,
  arbitrary: () => bytesFrom(seeds(), { maxBytes: 2048 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      returnsOrThrows(stun.ParseError, () => {
        const cd = turn.parseChannelData(input);
        check(cd.data.length + turn.CHANNEL_DATA_HEADER <= input.length, () => 'ChannelData past the end');
      }, 'parseChannelData');
      const whole = new turn.TurnStreamFramer().push(input);
      const pieces = new turn.TurnStreamFramer();
      const out: Uint8Array[] = [];
      for (let i = 0; i < input.length; i += 3) out.push(...pieces.push(input.subarray(i, i + 3)));
      check(out.length === whole.length, () => `framer gave ${out.length} messages in pieces, ${whole.length} whole`);
      check(pieces.bufferedBytes <= input.length, () => 'framer holds more than it was given');
      returnsOrThrows(stun.ParseError, () => {
        const msg = stun.parseMessage(input);
        for (const get of GETTERS) returnsOrThrows(stun.ParseError, () => get(msg), get.name);
      }, 'parseMessage');
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};

/** An allocated client fed messages "from its server", then asked to send and run its timers. */
export const turnClient: Target<Uint8Array[]> = {
  name: 'turn-client',
  description: 'an allocated TurnClient with a bound channel fed mutated and random server messages; it never throws, and its timers stay finite',
  shortRuns: 600,
  arbitrary: () => fc.array(bytesFrom(seeds(), { maxBytes: 2048 }), { minLength: 1, maxLength: 30 }),
  run(messages: Uint8Array[], meter: Meter): void {
    const { client } = allocatedSession();
    let now = 0;
    for (const m of messages) {
      meter.input(() => {
        try {
          client.handleInput(m, now);
          client.handleTimeout(now);
          client.send(PEER, m.subarray(0, 64), now);
          while (client.pollTransmit()) {
            /* drained */
          }
          while (client.pollEvent()) {
            /* drained */
          }
        } catch (err) {
          throw new PropertyFailure(`TurnClient threw ${describe(err)}`);
        }
      });
      const t = client.pollTimeout();
      check(t === undefined || Number.isFinite(t), () => `timeout ${String(t)}`);
      now += 10;
    }
  },
  encode: (items) => frames.encode(0, items),
  decode: (b) => frames.decode(b).items,
};
