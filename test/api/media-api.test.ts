// The W3C media API items that act on the wire, between two RTCPeerConnections on 127.0.0.1:
// RTCDTMFSender's RFC 4733 packets, replaceTrack on the same SSRC with a key frame,
// getSynchronizationSources, encodings' active and maxBitrate, and the raw RTP surface.
import assert from 'node:assert/strict';
import { EncodedTrackSource, RTCPeerConnection, RtpTrackSource, receiverRtp, type ReceivedRtp } from '../../src/index.js';
import { parseTelephoneEvent } from '../../src/protocol/rtp/payload/telephone-event.js';
import { negotiatePair, untilConnected } from './pair.js';

type Pc = InstanceType<typeof RTCPeerConnection>;

async function connect(a: Pc, b: Pc): Promise<void> {
  await negotiatePair(a, b);
  await untilConnected(a, b);
  assert.equal(a.connectionState, 'connected');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const pendingNext = new WeakMap<object, Promise<IteratorResult<ReceivedRtp>>>();

/** Collects what an iterator yields for `ms` (a next() still waiting is kept for the following call). */
async function collect(it: AsyncIterableIterator<ReceivedRtp>, ms: number, into: ReceivedRtp[] = []): Promise<ReceivedRtp[]> {
  const end = Date.now() + ms;
  for (;;) {
    const left = end - Date.now();
    if (left <= 0) return into;
    const next = pendingNext.get(it) ?? it.next();
    pendingNext.set(it, next);
    const r = await Promise.race([next, sleep(left).then(() => null)]);
    if (r === null) return into;
    pendingNext.delete(it);
    if (r.done) return into;
    into.push(r.value);
  }
}

/** Pairs with a track `a` sends to `b`, and the receiver on `b`. */
async function pair(track: unknown): Promise<{ a: Pc; b: Pc; receiver: { getSynchronizationSources(): Array<Record<string, number>> } }> {
  const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
  const b = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
  a.addTrack(track as never);
  const got = new Promise<unknown>((resolve) => (b.ontrack = (e) => resolve(e.receiver)));
  await connect(a, b);
  return { a, b, receiver: (await got) as never };
}

describe('api/media on the wire', function () {
  this.timeout(30_000);

  it('DTMF: canInsertDTMF once telephone-event is negotiated; each tone goes as RFC 4733 packets', async () => {
    const source = new EncodedTrackSource({ kind: 'audio' });
    const { a, b, receiver } = await pair(source.track);
    try {
      const sender = a.getSenders()[0]!;
      assert.equal(sender.dtmf!.canInsertDTMF, true);
      const packets = receiverRtp(receiver);
      const tones: string[] = [];
      sender.dtmf!.ontonechange = (e) => tones.push(e.tone);
      sender.dtmf!.insertDTMF('1#', 120, 50);
      const got = (await collect(packets, 900)).filter((p) => p.codec === 'audio/telephone-event');
      const events = got.map((p) => ({ ...parseTelephoneEvent(p.payload), ts: p.timestamp, marker: p.marker }));
      const one = events.filter((e) => e.event === 1);
      const hash = events.filter((e) => e.event === 11);
      assert.ok(one.length >= 5 && hash.length >= 5, `${one.length} and ${hash.length} packets`);
      for (const ev of [one, hash]) {
        // RFC 4733 §2.5.1: one timestamp, the marker on the first, durations growing, the end sent three times.
        assert.equal(new Set(ev.map((e) => e.ts)).size, 1);
        assert.deepEqual(ev.map((e) => e.marker), ev.map((_, i) => i === 0));
        for (let i = 1; i < ev.length; i++) assert.ok(ev[i]!.duration >= ev[i - 1]!.duration);
        assert.deepEqual(ev.slice(-3).map((e) => e.end), [true, true, true]);
        assert.equal(ev.filter((e) => e.end).length, 3);
        assert.equal(ev.at(-1)!.duration, Math.round((120 * 48000) / 1000));
        assert.equal(ev[0]!.volume, 10);
      }
      assert.ok(hash[0]!.ts !== one[0]!.ts, 'each event has its own timestamp');
      assert.deepEqual(tones.slice(0, 2), ['1', '#']);
      await packets.return!();
    } finally {
      a.close();
      b.close();
    }
  });

  it('replaceTrack keeps the SSRC without renegotiation, asks the new source for a key frame; null sends nothing', async () => {
    const first = new EncodedTrackSource({ kind: 'video' });
    const second = new EncodedTrackSource({ kind: 'video' });
    const { a, b, receiver } = await pair(first.track);
    try {
      let negotiationNeeded = 0;
      a.onnegotiationneeded = () => negotiationNeeded++;
      const packets = receiverRtp(receiver);
      const frame = (s: EncodedTrackSource, i: number, key: boolean): void =>
        s.push({ codec: 'video/VP8', data: Uint8Array.of(key ? 0x10 : 0x11, 2, 3, 4, 5, 6, 7, 8, 9, 10), timestamp: i * 33_333, keyFrame: key });
      for (let i = 0; i < 5; i++) frame(first, i, i === 0);
      const before = await collect(packets, 300);
      assert.equal(before.length, 5);
      const requests: string[] = [];
      second.addEventListener('keyframerequest', (e) => requests.push((e as unknown as { reason: string }).reason));
      await a.getSenders()[0]!.replaceTrack(second.track);
      assert.deepEqual(requests, ['replace-track']);
      frame(first, 5, false);
      for (let i = 0; i < 5; i++) frame(second, 1000 + i, i === 0);
      const after = await collect(packets, 300);
      assert.equal(after.length, 5, 'the old source sends nothing, the new one five frames');
      assert.equal(after[0]!.ssrc, before[0]!.ssrc);
      assert.equal(after[0]!.sequenceNumber, (before.at(-1)!.sequenceNumber + 1) & 0xffff);
      const step = (after[0]!.timestamp - before.at(-1)!.timestamp) >>> 0;
      assert.ok(step > 0 && step < 90_000, `the timeline continues (${step} ticks)`);
      await a.getSenders()[0]!.replaceTrack(null);
      for (let i = 0; i < 3; i++) frame(second, 2000 + i, false);
      assert.equal((await collect(packets, 300)).length, 0);
      assert.equal(negotiationNeeded, 0);
      await packets.return!();
    } finally {
      a.close();
      b.close();
    }
  });

  it('raw RTP: written packets leave with the negotiated payload type and SSRC, continuous over an upstream SSRC change', async () => {
    const source = new RtpTrackSource({ kind: 'video', codec: 'video/VP8' });
    const { a, b, receiver } = await pair(source.track);
    try {
      const packets = receiverRtp(receiver);
      const vp8 = (k: number): Uint8Array => Uint8Array.of(0x10, k, 0x9d, 0x01, 0x2a, 7);
      for (let i = 0; i < 3; i++) source.writeRtp({ payloadType: 120, ssrc: 1111, timestamp: 5000 + i * 3000, marker: true, payload: vp8(i) });
      for (let i = 0; i < 3; i++) source.writeRtp({ payloadType: 120, ssrc: 2222, timestamp: 900_000 + i * 3000, marker: true, payload: vp8(10 + i) });
      const got = await collect(packets, 400);
      assert.equal(got.length, 6);
      const params = b.getReceivers()[0]!.getParameters() as { codecs: Array<{ mimeType: string; payloadType: number }> };
      const vp8Pt = params.codecs.find((c) => c.mimeType === 'video/VP8')!.payloadType;
      for (const [i, p] of got.entries()) {
        assert.equal(p.payloadType, vp8Pt);
        assert.equal(p.codec, 'video/VP8');
        assert.deepEqual(p.payload, vp8(i < 3 ? i : 7 + i));
        assert.ok(p.extensions['urn:ietf:params:rtp-hdrext:sdes:mid'] !== undefined, 'extensions by URI');
      }
      assert.equal(new Set(got.map((p) => p.ssrc)).size, 1);
      assert.equal((got[2]!.timestamp - got[0]!.timestamp) >>> 0, 6000, 'the timestamps of one upstream SSRC keep their spacing');
      const jump = (got[3]!.timestamp - got[2]!.timestamp) >>> 0;
      assert.ok(jump >= 1 && jump < 90_000, `a new upstream SSRC continues the timeline (${jump})`);
      await packets.return!();
    } finally {
      a.close();
      b.close();
    }
  });

  it('getSynchronizationSources: the SSRC with its RTP timestamp, arrival time and RFC 6464 audio level', async () => {
    const source = new EncodedTrackSource({ kind: 'audio' });
    const { a, b, receiver } = await pair(source.track);
    try {
      assert.deepEqual(receiver.getSynchronizationSources(), []);
      const start = performance.timeOrigin + performance.now();
      for (let i = 0; i < 5; i++) source.push({ codec: 'audio/opus', data: Uint8Array.of(0xf8, 0xff, 0xfe), timestamp: i * 20_000, keyFrame: true, audioLevel: 20 });
      let sources: Array<Record<string, number>> = [];
      for (let i = 0; i < 100 && sources.length === 0; i++) {
        await sleep(10);
        sources = receiver.getSynchronizationSources();
      }
      const end = performance.timeOrigin + performance.now();
      assert.equal(sources.length, 1);
      const s = sources[0]!;
      const stats = [...((await b.getStats()) as Map<string, Record<string, unknown>>).values()].find((x) => x.type === 'inbound-rtp');
      assert.equal(s.source, stats?.ssrc);
      assert.ok(s.timestamp! >= start && s.timestamp! <= end);
      assert.ok(Number.isInteger(s.rtpTimestamp) && s.rtpTimestamp! >= 0 && s.rtpTimestamp! <= 0xffffffff);
      assert.ok(Math.abs(s.audioLevel! - 0.1) < 1e-9, `audioLevel ${s.audioLevel}`);
      assert.deepEqual(b.getReceivers()[0]!.getContributingSources(), []);
    } finally {
      a.close();
      b.close();
    }
  });

  it('setParameters: active false sends nothing; maxBitrate drops frames beyond it until a key frame, asked of the source', async () => {
    const source = new EncodedTrackSource({ kind: 'video' });
    const { a, b, receiver } = await pair(source.track);
    try {
      const sender = a.getSenders()[0]!;
      const packets = receiverRtp(receiver);
      const requests: string[] = [];
      source.addEventListener('keyframerequest', (e) => requests.push((e as unknown as { reason: string }).reason));
      const frame = (i: number, key: boolean, bytes: number): void => {
        const data = new Uint8Array(bytes).fill(7);
        data[0] = key ? 0x10 : 0x11;
        source.push({ codec: 'video/VP8', data, timestamp: i * 33_333, keyFrame: key });
      };
      type Params = { encodings: Array<{ active: boolean; maxBitrate?: number }> };
      let p = sender.getParameters() as unknown as Params;
      p.encodings[0].active = false;
      await sender.setParameters(p as never);
      for (let i = 0; i < 3; i++) frame(i, i === 0, 100);
      assert.equal((await collect(packets, 300)).length, 0, 'inactive: no packets');
      p = sender.getParameters() as unknown as Params;
      p.encodings[0].active = true;
      p.encodings[0].maxBitrate = 80_000;
      await sender.setParameters(p as never);
      // A 500 ms burst at 80 kbit/s holds 5000 bytes: a 1000-byte key frame and three 1000-byte deltas fit, the fifth does not.
      frame(10, true, 1000);
      for (let i = 11; i < 16; i++) frame(i, false, 1000);
      const got = await collect(packets, 400);
      const frames = new Set(got.map((x) => x.timestamp)).size;
      assert.equal(frames, 5, `${frames} frames sent`);
      const sent = frames;
      await sleep(400);
      // Deltas after a drop wait for a key frame; the source was asked for one when the budget recovered.
      frame(30, false, 100);
      assert.deepEqual(requests, ['bitrate']);
      frame(31, true, 100);
      frame(32, false, 100);
      const more = await collect(packets, 300);
      assert.equal(new Set(more.map((x) => x.timestamp)).size, 2, 'the key frame and the delta after it');
      assert.ok(sent > 0);
      await packets.return!();
    } finally {
      a.close();
      b.close();
    }
  });

  it('setParameters encodingOptions keyFrame asks the source for a key frame; outbound-rtp counts key frames sent (keyFramesEncoded)', async () => {
    const source = new EncodedTrackSource({ kind: 'video' });
    const { a, b } = await pair(source.track);
    try {
      const sender = a.getSenders()[0]!;
      const requests: string[] = [];
      source.addEventListener('keyframerequest', (e) => requests.push((e as unknown as { reason: string }).reason));
      const push = (i: number, key: boolean): void => source.push({ codec: 'video/VP8', data: Uint8Array.of(key ? 0x10 : 0x11, 1, 2, 3), timestamp: i * 33_333, keyFrame: key });
      push(0, true);
      push(1, false);
      push(2, false);
      await sleep(200);
      const outbound = async (): Promise<Record<string, number>> => [...((await a.getStats()) as unknown as Map<string, Record<string, number | string>>).values()].find((x) => x.type === 'outbound-rtp') as Record<string, number>;
      const before = await outbound();
      assert.equal(before.keyFramesEncoded, 1);
      assert.equal(before.framesEncoded, 3);
      const wrong = sender.getParameters();
      await assert.rejects(sender.setParameters(wrong, { encodingOptions: [{ keyFrame: true }, { keyFrame: true }] } as never), { name: 'InvalidModificationError' });
      await sender.setParameters(sender.getParameters(), { encodingOptions: [{ keyFrame: true }] } as never);
      assert.deepEqual(requests, ['parameters']);
      push(3, true);
      await sleep(200);
      assert.equal((await outbound()).keyFramesEncoded, 2);
    } finally {
      a.close();
      b.close();
    }
  });
});
