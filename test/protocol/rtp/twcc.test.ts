// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
// §3.1): vectors with each chunk kind, the error paths, bounded parsing of huge claims, and
// the builder's output parsed back across run-length and vector choices, losses, large and
// negative deltas, sequence wraps and splits.
import assert from 'node:assert/strict';
import {
  buildTransportFeedback,
  parseRtcp,
  serializeRtcp,
  twccArrivals,
  TwccStatus,
  type TransportFeedback,
  type TwccArrival,
} from '../../../src/protocol/rtp/index.js';
import { encodeTwccChunks } from '../../../src/protocol/rtp/rtcp-twcc.js';
import { hex, toHex } from './helpers.js';

const parseOne = (bytes: Uint8Array): TransportFeedback => {
  const packets = parseRtcp(bytes);
  assert.equal(packets.length, 1);
  const p = packets[0]!;
  if (p.type !== 'twcc') assert.fail(`parsed as ${p.type}${p.type === 'invalid' ? `: ${p.reason}` : ''}`);
  return p;
};

/** The chunk kinds the encoder picks for `statuses`: R run length, 1 one-bit vector, 2 two-bit vector. */
const chunkKinds = (statuses: number[]): string => {
  let kinds = '';
  encodeTwccChunks(Uint8Array.from(statuses), (c) => (kinds += (c & 0x8000) === 0 ? 'R' : (c & 0x4000) === 0 ? '1' : '2'));
  return kinds;
};

describe('rtp: transport-wide feedback', () => {
  it('a run-length chunk with small deltas, padded with RTCP padding as libwebrtc does', () => {
    const bytes = hex('af cd 00 06  00 00 00 01  00 00 00 02  00 05 00 03  00 00 01 07  20 03 04 08  10 00 00 03');
    const p = parseOne(bytes);
    assert.equal(p.baseSequence, 5);
    assert.equal(p.referenceTime, 1);
    assert.equal(p.feedbackCount, 7);
    assert.deepEqual([...p.statuses], [1, 1, 1]);
    assert.deepEqual([...p.deltas], [4, 8, 16]);
    assert.deepEqual(twccArrivals(p), [
      { sequence: 5, arrivalUs: 64_000 + 1_000 },
      { sequence: 6, arrivalUs: 64_000 + 3_000 },
      { sequence: 7, arrivalUs: 64_000 + 7_000 },
    ]);
    assert.equal(toHex(serializeRtcp([p])), toHex(bytes));
  });

  it('one-bit and two-bit status vectors, a large negative delta, a base sequence about to wrap', () => {
    const bytes = hex('af cd 00 07  00 00 00 01  00 00 00 02  ff fe 00 11  12 34 56 00  ac 01 e4 00  01 02 03 04  ff fb 06 01');
    const p = parseOne(bytes);
    assert.deepEqual([...p.statuses], [1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1, 0]);
    assert.deepEqual([...p.deltas], [1, 2, 3, 4, -5, 6]);
    const arrivals = twccArrivals(p);
    assert.deepEqual(arrivals.map((a) => a.sequence).slice(0, 4), [0xfffe, 0xffff, 0, 1]);
    assert.equal(arrivals[1]!.arrivalUs, undefined);
    assert.equal(arrivals[14]!.arrivalUs! - arrivals[13]!.arrivalUs!, -5 * 250);
    assert.equal(toHex(serializeRtcp([p])), toHex(bytes));
  });

  it('picks run-length chunks for long runs and vectors for mixed statuses', () => {
    assert.equal(chunkKinds(new Array(20).fill(1)), 'R');
    assert.equal(chunkKinds(new Array(9000).fill(0)), 'RR');
    assert.equal(chunkKinds([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]), '1R');
    assert.equal(chunkKinds([2, 1, 0, 2, 1, 0, 2, 1]), '2R');
    assert.equal(chunkKinds([1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0]), 'R2');
    assert.equal(chunkKinds([0, 1]), '1');
    assert.equal(chunkKinds([2, 0, 2]), '2');
  });

  it('rejects what is malformed, as an invalid packet of the compound', () => {
    const invalid = (text: string): string => {
      const [p] = parseRtcp(hex(text));
      assert.equal(p!.type, 'invalid', text);
      return p!.type === 'invalid' ? p!.reason! : '';
    };
    // Too short for the fixed fields.
    invalid('8f cd 00 03  00 00 00 01  00 00 00 02  00 05 00 03');
    // A status count of zero.
    assert.match(invalid('8f cd 00 04  00 00 00 01  00 00 00 02  00 05 00 00  00 00 01 07'), /no packets/);
    // Chunks end before the status count is reached (two bytes of RTCP padding after one chunk).
    assert.match(invalid('af cd 00 05  00 00 00 01  00 00 00 02  00 05 00 09  00 00 01 07  20 03 00 02'), /chunks end/);
    // Deltas missing.
    assert.match(invalid('8f cd 00 05  00 00 00 01  00 00 00 02  00 05 00 03  00 00 01 07  20 03 04 08'), /deltas/);
    assert.match(invalid('af cd 00 05  00 00 00 01  00 00 00 02  00 05 00 01  00 00 01 07  40 01 04 01'), /deltas/);
    // The reserved symbol 3 in a run and in a two-bit vector.
    assert.match(invalid('8f cd 00 05  00 00 00 01  00 00 00 02  00 05 00 01  00 00 01 07  60 01 00 00'), /reserved/);
    assert.match(invalid('8f cd 00 05  00 00 00 01  00 00 00 02  00 05 00 01  00 00 01 07  f0 00 00 00'), /reserved/);
  });

  it('a huge status count costs at most 64 KiB of statuses, and a claim of deltas not sent is refused', () => {
    // 65535 packets not received: eight runs of 8191 and one of 7, in 40 bytes.
    const runs = `${'1f ff '.repeat(8)}00 07  00 00`;
    const p = parseOne(hex(`8f cd 00 09  00 00 00 01  00 00 00 02  00 00 ff ff  00 00 00 00  ${runs}`));
    assert.equal(p.statuses.length, 65535);
    assert.equal(p.deltas.length, 0);
    // The same runs claiming small deltas: refused for want of 65535 delta bytes.
    const [q] = parseRtcp(hex(`8f cd 00 09  00 00 00 01  00 00 00 02  00 00 ff ff  00 00 00 00  ${'3f ff '.repeat(8)}20 07  00 00`));
    assert.equal(q!.type, 'invalid');
    // A run of zero length consumes its two bytes and nothing else.
    const r = parseOne(hex('8f cd 00 06  00 00 00 01  00 00 00 02  00 05 00 01  00 00 01 07  00 00 20 01  05 00 00 00'));
    assert.deepEqual([...r.deltas], [5]);
  });
});

/** Builds, serializes, parses and checks every reported packet against what was recorded. */
function roundTrip(recorded: TwccArrival[], maxPacketBytes?: number, feedbackCount = 0): TransportFeedback[] {
  const messages = buildTransportFeedback(recorded, { senderSsrc: 1, mediaSsrc: 2, feedbackCount, ...(maxPacketBytes === undefined ? {} : { maxPacketBytes }) });
  const bytes = serializeRtcp(messages);
  const parsed = parseRtcp(bytes).map((p) => {
    if (p.type !== 'twcc') assert.fail(`parsed as ${p.type}${p.type === 'invalid' ? `: ${p.reason}` : ''}`);
    return p;
  });
  assert.equal(parsed.length, messages.length);
  const bySequence = new Map<number, number | undefined>();
  for (const [k, m] of parsed.entries()) {
    assert.equal(m.feedbackCount, (feedbackCount + k) & 0xff);
    if (maxPacketBytes !== undefined) assert.ok(serializeRtcp([m]).length <= maxPacketBytes, 'within the size');
    for (const a of twccArrivals(m)) {
      assert.ok(!bySequence.has(a.sequence) || bySequence.get(a.sequence) === undefined, `sequence ${a.sequence} reported received twice`);
      bySequence.set(a.sequence, a.arrivalUs);
    }
  }
  for (const r of recorded) {
    assert.ok(bySequence.has(r.sequence), `sequence ${r.sequence} not reported`);
    const got = bySequence.get(r.sequence);
    if (r.arrivalUs === undefined) {
      assert.equal(got, undefined, `sequence ${r.sequence} reported received`);
      continue;
    }
    assert.notEqual(got, undefined, `sequence ${r.sequence} reported lost`);
    // The reference time is 24 bits of 64 ms: compare modulo its period, within half a tick.
    const period = 2 ** 24 * 64_000;
    const error = (((r.arrivalUs - got!) % period) + period) % period;
    assert.ok(Math.min(error, period - error) <= 125, `sequence ${r.sequence}: ${got} for ${r.arrivalUs}`);
  }
  return messages;
}

describe('rtp: transport-wide feedback builder', () => {
  it('reports regular arrivals in one message of run-length chunks', () => {
    const recorded = Array.from({ length: 100 }, (_, i) => ({ sequence: i, arrivalUs: 1_000_000 + i * 5_000 }));
    const [m] = roundTrip(recorded);
    assert.equal(m!.baseSequence, 0);
    assert.equal(m!.referenceTime, Math.floor(1_000_000 / 64_000));
    assert.equal(m!.statuses.length, 100);
    assert.ok(m!.statuses.every((s) => s === TwccStatus.SMALL_DELTA));
  });

  it('reports losses (missing entries and entries without arrival) across a sequence wrap', () => {
    const recorded: TwccArrival[] = [];
    for (let i = 0; i < 200; i++) {
      if (i % 7 === 3) continue; // never recorded: reported lost
      recorded.push({ sequence: (65500 + i) & 0xffff, arrivalUs: i % 5 === 0 ? undefined : 5_000_000 + i * 1_000 });
    }
    const [m] = roundTrip(recorded);
    assert.equal(m!.baseSequence, 65500);
    assert.equal(m!.statuses.length, 199, 'up to the last recorded, i = 198');
  });

  it('uses large deltas for gaps over 63.75 ms and for reordered arrivals', () => {
    const recorded: TwccArrival[] = [
      { sequence: 10, arrivalUs: 100_000 },
      { sequence: 11, arrivalUs: 400_000 },
      { sequence: 12, arrivalUs: 399_000 },
      { sequence: 13, arrivalUs: 399_500 },
      { sequence: 14, arrivalUs: 8_000_000 },
    ];
    const [m] = roundTrip(recorded);
    assert.deepEqual([...m!.statuses], [1, 2, 2, 1, 2]);
  });

  it('starts a new message when a delta does not fit 16 bits (over 8.19 s)', () => {
    const recorded: TwccArrival[] = [
      { sequence: 1, arrivalUs: 0 },
      { sequence: 2, arrivalUs: 10_000_000 },
      { sequence: 5, arrivalUs: 10_001_000 },
    ];
    const messages = roundTrip(recorded, undefined, 255);
    assert.equal(messages.length, 2);
    assert.equal(messages[1]!.baseSequence, 2);
    assert.deepEqual([...messages[1]!.statuses], [1, 0, 0, 1]);
  });

  it('splits long reports to a size limit, feedback counts wrapping at 256', () => {
    const recorded: TwccArrival[] = [];
    let t = 0;
    for (let i = 0; i < 5000; i++) {
      t += i % 11 === 0 ? 70_000 : 400;
      if (i % 13 !== 0) recorded.push({ sequence: (60000 + i) & 0xffff, arrivalUs: i % 17 === 0 ? undefined : t });
    }
    const messages = roundTrip(recorded, 200, 250);
    assert.ok(messages.length > 20, `${messages.length} messages`);
    const one = roundTrip(recorded);
    assert.ok(one.length < messages.length);
  });

  it('covers a long run of losses with run-length chunks', () => {
    const recorded: TwccArrival[] = [
      { sequence: 0, arrivalUs: 1000 },
      { sequence: 30000, arrivalUs: 2000 },
    ];
    const [m] = roundTrip(recorded, 64);
    assert.equal(m!.statuses.length, 30001);
  });

  it('refuses entries out of order and arrival times that are not finite', () => {
    const options = { senderSsrc: 1, mediaSsrc: 2, feedbackCount: 0 };
    assert.throws(() => buildTransportFeedback([{ sequence: 5, arrivalUs: 0 }, { sequence: 5, arrivalUs: 1 }], options), RangeError);
    assert.throws(() => buildTransportFeedback([{ sequence: 5, arrivalUs: 0 }, { sequence: 4, arrivalUs: 1 }], options), RangeError);
    assert.throws(() => buildTransportFeedback([{ sequence: 5, arrivalUs: Number.NaN }], options), RangeError);
    assert.throws(() => buildTransportFeedback([{ sequence: 5, arrivalUs: 0 }], { ...options, maxPacketBytes: 32 }), RangeError);
    assert.deepEqual(buildTransportFeedback([], options), []);
  });
});
