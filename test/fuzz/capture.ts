// Records real traffic between purertc and the native stacks (libdatachannel, libwebrtc) on
// loopback as seeds for the fuzz targets: STUN, DTLS datagrams and SCTP packets (the plaintext
// inside DTLS), in both directions, tapped at purertc's engine boundaries. Rewrites
// test/fixtures/captures/*.txt: `node --import tsx test/fuzz/capture.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { libwebrtc, nodeDatachannel, type Stack } from '../../conformance/helpers/peers.js';
import { Session } from '../../conformance/helpers/session.js';
import { DtlsConnection } from '../../src/protocol/dtls/index.js';
import { IceAgent } from '../../src/protocol/ice/index.js';
import { SctpAssociation } from '../../src/protocol/sctp/index.js';
import { isStun } from '../../src/protocol/stun/index.js';

const OUT = fileURLToPath(new URL('../fixtures/captures/', import.meta.url));
/** Most lines of one kind kept per capture (bulk DATA repeats itself). */
const PER_KIND = 60;

let lines: string[] = [];
const counts = new Map<string, number>();

function record(kind: string, data: Uint8Array | undefined): void {
  if (data === undefined || data.length === 0) return;
  const n = counts.get(kind) ?? 0;
  if (n >= PER_KIND) return;
  counts.set(kind, n + 1);
  lines.push(`${kind} ${Buffer.from(data).toString('hex')}`);
}

function tap<T extends object>(proto: T, input: keyof T, output: keyof T, name: string, accept: (d: Uint8Array) => boolean = () => true): void {
  const handle = proto[input] as (...args: unknown[]) => unknown;
  const poll = proto[output] as (...args: unknown[]) => unknown;
  (proto as Record<keyof T, unknown>)[input] = function (this: unknown, data: Uint8Array, ...rest: unknown[]) {
    if (accept(data)) record(`${name}in`, data);
    return handle.call(this, data, ...rest);
  };
  (proto as Record<keyof T, unknown>)[output] = function (this: unknown, ...args: unknown[]) {
    const out = poll.apply(this, args) as { data: Uint8Array } | Uint8Array | undefined;
    const data = out instanceof Uint8Array ? out : out?.data;
    if (data && accept(data)) record(`${name}out`, data);
    return out;
  };
}

tap(IceAgent.prototype, 'handleInput', 'pollTransmit', 'stun', isStun);
tap(DtlsConnection.prototype, 'handleInput', 'pollTransmit', 'dtls');
tap(SctpAssociation.prototype, 'handleInput', 'pollTransmit', 'sctp');

async function capture(stack: Stack, oursOffers: boolean): Promise<void> {
  lines = [];
  counts.clear();
  const session = new Session(stack, oursOffers);
  try {
    const boot = await session.connect('capture', { ordered: true });
    const sizes = [0, 1, 100, 1200, 5000, 20000];
    for (const n of sizes) boot.local.channel.send(new Uint8Array(n).fill(n & 0xff));
    boot.local.channel.send('text message \u00e9\u{1F600}');
    boot.local.channel.send('');
    await boot.remote.probe.receive(sizes.length + 2, 5000);
    const unordered = session.offerer.create('unordered-lossy', { ordered: false, maxRetransmits: 0, protocol: 'x-proto' });
    // libwebrtc opens a channel made while SCTP is up at once, without an open event.
    if (unordered.channel.readyState !== 'open') await unordered.event('open', 5000);
    unordered.channel.send(new Uint8Array(3000).fill(7));
    unordered.channel.close();
    await unordered.event('close', 5000);
    const timed = session.offerer.create('timed', { maxPacketLifeTime: 100 });
    if (timed.channel.readyState !== 'open') await timed.event('open', 5000);
    timed.channel.send('timed');
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    session.close();
    await new Promise((r) => setTimeout(r, 300));
  }
  const name = `${stack.name}-purertc-${oursOffers ? 'offers' : 'answers'}`;
  const header = [
    `# ${name}: datagrams recorded at purertc's engines (test/fuzz/capture.ts), one per line:`,
    '# <stun|dtls|sctp><in|out> <hex>; "in" came from the native stack, "out" went to it. SCTP lines are',
    `# the plaintext inside DTLS. At most ${PER_KIND} lines of each kind.`,
  ];
  writeFileSync(`${OUT}${name}.txt`, [...header, ...lines, ''].join('\n'));
  console.log(`${name}: ${lines.length} datagrams (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')})`);
}

for (const stack of [nodeDatachannel, libwebrtc]) {
  for (const oursOffers of [true, false]) await capture(stack, oursOffers);
}
process.exit(0);
