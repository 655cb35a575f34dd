// A DtlsConnection fed arbitrary datagrams at each point of a real handshake (client or
// server end, before the first flight up to after 'connected'): it never throws and never
// fails with internal_error; the handshake then completes and data flows, unless the input
// held something that may rightly end it before keys are in use (an epoch-0 alert, a
// malformed handshake message, a whole flight from another peer), and then the failure is
// reported (an alert, or the handshake timeout), never a silent stall.
import fc from 'fast-check';
import { AlertDescription, ContentType, parseRecord, type DtlsConnection, type DtlsEvent } from '../../../src/protocol/dtls/index.js';
import { makePair, SimulatedPair } from '../../protocol/dtls/helpers.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, type Meter, type Target } from '../harness/target.js';
import { captured } from './seeds.js';

/** How a fuzz datagram reaches the target end. */
const enum Mode {
  /** The bytes as they are. */
  Raw = 0,
  /** The bytes as the payload of one record the peer seals under its current epoch. */
  Sealed = 1,
}

/** Which end is fuzzed, after how many steps of the handshake, with which datagrams. */
interface DtlsSession {
  end: 0 | 1;
  steps: number;
  contentType: number;
  datagrams: Array<[Mode, Uint8Array]>;
}

/** Whether a datagram holds a record the target end may rightly fail on. */
function mayBeFatal(d: Uint8Array, mode: Mode, contentType: number): boolean {
  if (mode === Mode.Sealed) return contentType === ContentType.alert || contentType === ContentType.handshake;
  // Records before a malformed one are processed, as the connection does (RFC 6347 §4.1.2.7).
  for (let rest = d; rest.length > 0; ) {
    let parsed;
    try {
      parsed = parseRecord(rest);
    } catch {
      return false;
    }
    const r = parsed.record;
    if (r.epoch === 0 && (r.contentType === ContentType.alert || r.contentType === ContentType.handshake)) return true;
    rest = rest.subarray(parsed.sizeBytes);
  }
  return false;
}

/** The errors a connection reported; a close (close_notify) counts as alert 0. */
function failures(events: DtlsEvent[]): Array<{ alert?: number; message: string }> {
  return events.flatMap((e): Array<{ alert?: number; message: string }> => (e.type === 'error' ? [e] : e.type === 'closed' ? [{ alert: 0, message: 'closed' }] : []));
}

interface Sealer {
  records: { seal(contentType: number, epoch: number, payload: Uint8Array): Uint8Array; writeEpoch: number };
}

/**
 * SimulatedPair.run with a bound on its steps: a timer that is due but never moves on would
 * spin it forever at one instant, and that is a hang to report, not to wait for.
 */
function bounded(pair: SimulatedPair, done: () => boolean, limitMs?: number): void {
  let steps = 0;
  const at = { ms: pair.nowMs, steps: 0 };
  pair.run(() => {
    if (++steps > 100_000) throw new PropertyFailure(`the simulation made ${steps} steps (stuck at ${pair.nowMs} ms: a timer that never moves on?)`);
    if (pair.nowMs !== at.ms) Object.assign(at, { ms: pair.nowMs, steps: 0 });
    else if (++at.steps > 10_000) throw new PropertyFailure(`10000 steps at ${pair.nowMs} ms without time moving: a timer that is due and never moves on`);
    return done();
  }, limitMs);
}

/** A DtlsConnection at every handshake step, fed mutated captured datagrams. */
export const dtlsConnection: Target<DtlsSession> = {
  name: 'dtls-connection',
  description: 'a DtlsConnection (client or server end) fed mutated captured datagrams at each handshake step and once connected; the handshake then completes and data flows, or an alert says why',
  shortRuns: 400,
  arbitrary() {
    const seeds = captured('dtls');
    return fc.record({
      end: fc.constantFrom(0 as const, 1 as const),
      steps: fc.nat(12),
      contentType: fc.constantFrom(ContentType.handshake, ContentType.alert, ContentType.changeCipherSpec, ContentType.applicationData),
      datagrams: fc.array(fc.tuple(fc.constantFrom(Mode.Raw, Mode.Raw, Mode.Raw, Mode.Sealed), bytesFrom(seeds, { maxBytes: 2048 })), { minLength: 1, maxLength: 24 }),
    });
  },
  async run(s: DtlsSession, meter: Meter): Promise<void> {
    const ends = await makePair({ seed: 1 + s.steps });
    const pair = new SimulatedPair(ends);
    ends[0].start(0);
    let n = s.steps;
    bounded(pair, () => n-- <= 0 || pair.bothConnected());
    const target: DtlsConnection = ends[s.end];
    const peer: DtlsConnection = ends[1 - s.end]!;
    let fatalPossible = false;
    for (const [mode, raw] of s.datagrams) {
      let data = raw;
      if (mode === Mode.Sealed) {
        const sealer = peer as unknown as Sealer;
        data = sealer.records.seal(s.contentType, sealer.records.writeEpoch, raw.subarray(0, 16384));
      }
      if (mayBeFatal(data, mode, s.contentType)) fatalPossible = true;
      meter.input(() => {
        try {
          target.handleInput(data, pair.nowMs);
        } catch (err) {
          throw new PropertyFailure(`DtlsConnection.handleInput threw ${describe(err)}`);
        }
      });
      pair.pump();
    }
    bounded(pair, () => pair.bothConnected() || failures(pair.events[0]).length + failures(pair.events[1]).length > 0, 200_000);
    const errors = [...failures(pair.events[0]), ...failures(pair.events[1])];
    // internal_error means an exception escaped a handler inside the engine.
    const internal = errors.find((e) => e.alert === AlertDescription.internalError);
    check(internal === undefined, () => `failed with internal_error: ${internal!.message}`);
    if (errors.length > 0) {
      check(fatalPossible, () => `the handshake failed on input RFC 6347 §4.1.2.7 has dropped: ${errors.map((e) => `${e.alert} ${e.message}`).join('; ')}`);
      return;
    }
    check(pair.bothConnected(), () => `the handshake stalled after the fuzz input (states ${ends[0].state}/${ends[1].state})`);
    // Data both ways, under the negotiated keys.
    const marks = [pair.events[0].length, pair.events[1].length];
    ends[0].send(Uint8Array.of(1, 2, 3));
    ends[1].send(Uint8Array.of(4, 5, 6));
    bounded(pair, () => [0, 1].every((i) => pair.events[i]!.slice(marks[i]).some((e) => e.type === 'data')), pair.nowMs + 1000);
    check([0, 1].every((i) => pair.events[i]!.slice(marks[i]).some((e) => e.type === 'data')), () => 'no data after the fuzz input');
  },
  encode: (s) => frames.encode(s.end | (s.steps << 1), [Uint8Array.of(s.contentType), ...s.datagrams.map(([m, d]) => Uint8Array.from([m, ...d]))]),
  decode(b) {
    const { tag, items } = frames.decode(b);
    return {
      end: (tag & 1) as 0 | 1,
      steps: tag >> 1,
      contentType: items[0]![0]!,
      datagrams: items.slice(1).map((d): [Mode, Uint8Array] => [d[0]! as Mode, d.subarray(1)]),
    };
  },
};
