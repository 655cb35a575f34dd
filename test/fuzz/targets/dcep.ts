// DCEP (RFC 8832): the message decoder, and a DataChannelManager fed arbitrary SCTP messages
// (DCEP and user PPIDs) on any stream: bad ones are counted, never thrown, and a real
// DATA_CHANNEL_OPEN and a message still work afterwards.
import fc from 'fast-check';
import { ChannelType, DataChannelManager, DcepMessageType, ParseError, Ppid, parseDcepMessage, serializeDcepMessage } from '../../../src/protocol/datachannel/index.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, returnsOrThrows, type Meter, type Target } from '../harness/target.js';

/** Real DCEP messages: what browsers and native stacks send. */
function dcepSeeds(): Uint8Array[] {
  const open = (channelType: number, reliabilityParameter: number, label: string, protocol: string): Uint8Array =>
    serializeDcepMessage({ type: DcepMessageType.OPEN, channelType, priority: 256, reliabilityParameter, label, protocol });
  return [
    open(ChannelType.RELIABLE, 0, 'chat', ''),
    open(ChannelType.RELIABLE_UNORDERED, 0, 'bulk', 'x-proto'),
    open(ChannelType.PARTIAL_RELIABLE_REXMIT, 3, 'lossy', ''),
    open(ChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED, 150, '\u00e9t\u00e9 \u{1F600}', 'p'),
    open(ChannelType.RELIABLE, 0, '', ''),
    serializeDcepMessage({ type: DcepMessageType.ACK }),
  ];
}

/** parseDcepMessage and its round trip. */
export const dcepMessage: Target<Uint8Array> = {
  name: 'dcep-message',
  description: 'parseDcepMessage on mutated DATA_CHANNEL_OPEN and ACK messages; serialize round trip',
  shortRuns: 40000,
  arbitrary: () => bytesFrom(dcepSeeds(), { maxBytes: 1024 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() =>
      returnsOrThrows(ParseError, () => {
        const m = parseDcepMessage(input);
        const again = serializeDcepMessage(m);
        check(Buffer.compare(Buffer.from(again), Buffer.from(input)) === 0, () => 'round trip changed the bytes');
      }, 'parseDcepMessage'),
    );
  },
  encode: (b) => b,
  decode: (b) => b,
};

/** One SCTP message for the manager: stream, PPID and payload. */
type ManagerInput = Array<[streamId: number, ppid: number, data: Uint8Array]>;

const PPIDS = [Ppid.DCEP, Ppid.DCEP, Ppid.DCEP, Ppid.STRING, Ppid.BINARY, Ppid.STRING_EMPTY, Ppid.BINARY_EMPTY, Ppid.STRING_PARTIAL, 0, 99];

/** A DataChannelManager fed arbitrary messages. */
export const dcepManager: Target<ManagerInput> = {
  name: 'dcep-manager',
  description: 'a DataChannelManager fed mutated DCEP messages and user messages on any stream and PPID; then a real OPEN and a message still work',
  shortRuns: 12000,
  arbitrary: () =>
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.nat(65535)), fc.constantFrom(...PPIDS), bytesFrom(dcepSeeds(), { maxBytes: 1024 })), { minLength: 1, maxLength: 30 }),
  run(messages: ManagerInput, meter: Meter): void {
    const sent: Array<{ streamId: number; ppid: number }> = [];
    const m = new DataChannelManager({
      role: 'server',
      transport: { send: (streamId, ppid) => void sent.push({ streamId, ppid }), resetStreams: () => undefined, bufferedAmount: () => 0 },
    });
    m.handleSctpEvent({ type: 'connected', maxStreamsOut: 65535, maxStreamsIn: 65535 }, 0);
    const own = m.open({ label: 'mine' }, 0);
    for (const [streamId, ppid, data] of messages) {
      meter.input(() => {
        try {
          m.handleSctpEvent({ type: 'message', streamId, ppid, data, unordered: false }, 1);
          for (let e = m.pollEvent(); e; e = m.pollEvent());
        } catch (err) {
          throw new PropertyFailure(`DataChannelManager threw ${describe(err)}`);
        }
      });
    }
    // A real OPEN on a stream the fuzz did not touch opens a channel and is acknowledged.
    const used = new Set(messages.map(([id]) => id));
    let fresh = 1001;
    while (used.has(fresh) || fresh === own) fresh += 2;
    const open = serializeDcepMessage({ type: DcepMessageType.OPEN, channelType: ChannelType.RELIABLE, priority: 256, reliabilityParameter: 0, label: 'after', protocol: '' });
    m.handleSctpEvent({ type: 'message', streamId: fresh, ppid: Ppid.DCEP, data: open, unordered: false }, 2);
    m.handleSctpEvent({ type: 'message', streamId: fresh, ppid: Ppid.STRING, data: new TextEncoder().encode('hi'), unordered: false }, 2);
    const events = [];
    for (let e = m.pollEvent(); e; e = m.pollEvent()) events.push(e);
    check(events.some((e) => e.type === 'channel-open' && e.id === fresh && e.options.label === 'after'), () => 'a real OPEN did not open a channel after the fuzz input');
    check(events.some((e) => e.type === 'message' && e.id === fresh && e.data === 'hi'), () => 'a message on the new channel was not delivered');
    check(sent.some((x) => x.streamId === fresh && x.ppid === Ppid.DCEP), () => 'the OPEN was not acknowledged');
    check(m.channel(own)?.state === 'open', () => 'our own channel is no longer open');
  },
  encode: (list) => frames.encode(0, list.map(([s, p, d]) => Uint8Array.from([s >> 8, s & 0xff, p, ...d]))),
  decode: (b) => frames.decode(b).items.map((d): [number, number, Uint8Array] => [(d[0]! << 8) | d[1]!, d[2]!, d.subarray(3)]),
};
