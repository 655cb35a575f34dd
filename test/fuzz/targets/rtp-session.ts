// The RTP session engine fed a stream of mutated RTP and RTCP datagrams (what a peer sends: media,
// RTX, SR/RR, SDES, BYE, NACK, PLI, FIR, REMB, transport feedback) at arbitrary times: nothing
// throws, state stays within its caps, the next timeout is sane, and a real frame sent after
// the input still arrives whole.
import fc from 'fast-check';
import { serializeRtcp } from '../../../src/protocol/rtp/index.js';
import { RtpSession, type FrameEvent } from '../../../src/protocol/rtp/session/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { description, frameIsWhole, Sim, VideoSource } from '../../protocol/rtp/session/sim.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, type Meter, type Target } from '../harness/target.js';

const A = { videoSsrc: 0x1111, rtxSsrc: 0x1112, audioSsrc: 0x1113 };
const B = { videoSsrc: 0x2221, rtxSsrc: 0x2222, audioSsrc: 0x2223 };

/** One datagram of the input: RTP (0) or RTCP (1), the ms since the previous one, its bytes. */
type Item = [kind: number, deltaMs: number, data: Uint8Array];

let rtpSeeds: Uint8Array[] = [];
let rtcpSeeds: Uint8Array[] = [];

/** Datagrams two sessions exchange over a lossy path for a second, plus feedback the path did not make. */
function makeSeeds(): void {
  const sim = new Sim(31, [description(A), description(B)], [{ delayMs: 10, loss: 0.1 }, { delayMs: 10, loss: 0.1 }]);
  const sources = [new VideoSource(sim.peers[0], 3, 200), new VideoSource(sim.peers[1], 2, 200)];
  sim.run(1500, 30, (now) => {
    for (const s of sources) s.push(now);
  });
  const rtp = [...sim.sent[0], ...sim.sent[1]];
  rtpSeeds = rtp.filter((_, i) => i % Math.max(1, Math.floor(rtp.length / 40)) === 0);
  const seen = new Set<string>();
  rtcpSeeds = [...sim.sentRtcp[0], ...sim.sentRtcp[1]].filter((d) => {
    const key = `${d[1]}-${d[0]! & 0x1f}-${d.length}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  rtcpSeeds.push(
    serializeRtcp([{ type: 'fir', senderSsrc: A.videoSsrc, mediaSsrc: 0, entries: [{ ssrc: B.videoSsrc, sequenceNumber: 3 }] }]),
    serializeRtcp([{ type: 'remb', senderSsrc: A.videoSsrc, mediaSsrc: 0, bitrateBps: 1_000_000, ssrcs: [B.videoSsrc] }]),
    serializeRtcp([{ type: 'bye', ssrcs: [A.videoSsrc, A.audioSsrc], reason: 'bye' }]),
    serializeRtcp([{ type: 'pli', senderSsrc: A.videoSsrc, mediaSsrc: B.videoSsrc }]),
  );
}

/** Seeds as sent (so the engine gets past the parsers and into its state) or lightly mutated. */
function datagrams(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof({ arbitrary: fc.constantFrom(...seeds), weight: 2 }, { arbitrary: bytesFrom(seeds, { maxBytes: 1500, maxEdits: 3 }), weight: 3 });
}

function drain(session: RtpSession, frames: FrameEvent[]): void {
  for (let t = session.pollTransmit(); t !== undefined; t = session.pollTransmit());
  for (let e = session.pollEvent(); e !== undefined; e = session.pollEvent()) if (e.type === 'frame') frames.push(e);
}

/** Runs every timeout due up to `untilMs` (bounded), draining output. */
function advance(session: RtpSession, fromMs: number, untilMs: number, frames: FrameEvent[]): void {
  let now = fromMs;
  for (let i = 0; i < 10_000; i++) {
    const t = session.pollTimeout();
    check(t === undefined || Number.isFinite(t), () => `pollTimeout ${t}`);
    if (t === undefined || t > untilMs) return;
    now = Math.max(now, t);
    session.handleTimeout(now);
    drain(session, frames);
  }
  throw new PropertyFailure(`timeouts did not settle between ${fromMs} and ${untilMs} ms`);
}

/** The session engine on mutated traffic. */
export const rtpSession: Target<Item[]> = {
  name: 'rtp-session',
  description: 'an RtpSession fed mutated RTP (media, RTX) and RTCP (reports, SDES, BYE, NACK, PLI, FIR, REMB, TWCC) at arbitrary times: never throws, stays within its caps, then delivers a real frame whole',
  shortRuns: 1500,
  async setup(): Promise<void> {
    makeSeeds();
  },
  arbitrary: () =>
    fc.array(
      fc.oneof(
        { arbitrary: fc.tuple(fc.constant(0), fc.nat(120), datagrams(rtpSeeds)), weight: 3 },
        { arbitrary: fc.tuple(fc.constant(1), fc.nat(120), datagrams(rtcpSeeds)), weight: 2 },
      ),
      { minLength: 1, maxLength: 24 },
    ),
  run(items: Item[], meter: Meter): void {
    meter.input(() => {
      const session = new RtpSession({ random: seededRandom(7), cname: 'fuzz' }, description(B));
      const got: FrameEvent[] = [];
      let now = 0;
      try {
        for (const [kind, delta, data] of items) {
          advance(session, now, now + delta, got);
          now += delta;
          if (kind === 0) session.handleRtp(data, now);
          else session.handleRtcp(data, now);
          drain(session, got);
          session.stats();
        }
      } catch (err) {
        if (err instanceof PropertyFailure) throw err;
        throw new PropertyFailure(`the session threw ${describe(err)}`);
      }
      check(session.receiveStreams.size <= session.options.maxReceiveStreams, () => `${session.receiveStreams.size} receive streams`);
      for (const s of session.receiveStreams.values()) {
        check(s.assembler.size <= 512 && (s.nack?.size ?? 0) <= 500, () => `stream ${s.ssrc} holds ${s.assembler.size} packets, ${s.nack?.size} NACKs`);
      }
      // A real sender on a fresh SSRC, past the slot's cool-down: its frame must arrive whole.
      now += 1000;
      advance(session, now - 1000, now, got);
      const fresh = new RtpSession({ random: seededRandom(8), cname: 'real' }, description({ ...A, videoSsrc: 0x5eed, rtxSsrc: 0x5eee }));
      new VideoSource(fresh, 3, 100, 1).push(now, true);
      const before = got.length;
      for (let t = fresh.pollTransmit(); t !== undefined; t = fresh.pollTransmit()) if (t.kind === 'rtp') session.handleRtp(t.data, now);
      drain(session, got);
      advance(session, now, now + 600, got);
      const frame = got.slice(before).find((e) => e.ssrc === 0x5eed);
      check(frame !== undefined && frameIsWhole(frame.frame.packets).whole, () => 'a real frame after the input did not arrive whole');
      session.close(now + 600);
    });
  },
  encode: (items) => frames.encode(0, items.map(([kind, delta, data]) => Uint8Array.of(kind, delta >> 8, delta & 0xff, ...data))),
  decode: (bytes) => frames.decode(bytes).items.map((b): Item => [b[0]! & 1, ((b[1]! << 8) | b[2]!) % 121, b.subarray(3)]),
};
