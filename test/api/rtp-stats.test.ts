// getStats RTP objects between two RTCPeerConnections on 127.0.0.1 (W3C webrtc-stats
// §RTCCodecStats, §RTCInboundRtpStreamStats, §RTCOutboundRtpStreamStats, §RTCRemote*RtpStreamStats,
// §RTCMediaSourceStats) and the selector forms (W3C webrtc §8.5): VP8 frames from an IVF
// fixture and Opus-sized audio frames go one way; each member is checked against what was sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EncodedTrackSource, RTCPeerConnection, receiverFrames, type MediaStreamTrack } from '../../src/index.js';
import { packetizerFor } from '../../src/api/encoded-media.js';
import { parseIvf } from '../../src/media/index.js';
import { negotiatePair } from './pair.js';

const ivf = parseIvf(new Uint8Array(readFileSync(new URL('../fixtures/media/vp8.ivf', import.meta.url))));
// The fixture's frames fit a packet each; an inter frame of 3000 bytes (frame tag bit 0 set,
// RFC 6386 §9.1) spans three, so frames and packets differ.
const VIDEO = [...ivf.frames.map((f) => f.data), new Uint8Array(3000).fill(0x55)];
const AUDIO_FRAMES = 40;
const AUDIO_BYTES = 87;

type CodecParams = { payloadType: number; mimeType: string; sdpFmtpLine?: string };
const codecsOf = (x: { getParameters(): unknown }): CodecParams[] => (x.getParameters() as { codecs: CodecParams[] }).codecs;

type Dict = Record<string, unknown> & { id: string; type: string };

async function report(p: Promise<unknown>): Promise<Map<string, Dict>> {
  const r = (await p) as Map<string, Dict>;
  return new Map([...r.entries()]);
}

const ofType = (r: Map<string, Dict>, type: string): Dict[] => [...r.values()].filter((d) => d.type === type);
const one = (r: Map<string, Dict>, type: string, kind?: string): Dict => {
  const found = ofType(r, type).filter((d) => kind === undefined || d.kind === kind);
  assert.equal(found.length, 1, `one ${type} ${kind ?? ''}: ${found.length}`);
  return found[0]!;
};

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('api/getStats RTP objects', function () {
  this.timeout(30_000);

  it('codec, inbound, outbound, remote and media-source objects match what was sent; selectors filter', async () => {
    const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    const b = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    try {
      const video = new EncodedTrackSource({ kind: 'video' });
      const audio = new EncodedTrackSource({ kind: 'audio' });
      const videoSender = a.addTrack(video.track);
      a.addTrack(audio.track);
      const remote = new Map<string, { receiver: { getStats(): Promise<unknown> }; track: MediaStreamTrack }>();
      b.ontrack = (e) => void remote.set(e.track.kind, { receiver: e.receiver as never, track: e.track as never });
      await negotiatePair(a, b);
      await until('connected', async () => a.connectionState === 'connected' && b.connectionState === 'connected', 10_000);
      const frames = receiverFrames(remote.get('video')!.receiver);
      const start = performance.timeOrigin + performance.now();
      for (const [i, data] of VIDEO.entries()) {
        video.push({ codec: 'video/VP8', data, timestamp: (i * 1e6) / 30, keyFrame: i === 0 });
        await new Promise((r) => setTimeout(r, 5));
      }
      for (let i = 0; i < AUDIO_FRAMES; i++) audio.push({ codec: 'audio/opus', data: new Uint8Array(AUDIO_BYTES).fill(i), timestamp: i * 20_000, keyFrame: true });
      for (let i = 0; i < VIDEO.length; i++) await frames.next();
      await frames.return!();

      // What the packetizer makes of the same frames: the packets and payload bytes expected.
      const vp8 = packetizerFor('video/VP8', () => 0)!;
      const packets = VIDEO.flatMap((data) => vp8.packetize({ codec: 'video/VP8', data, timestamp: 0, keyFrame: false }, 1100));
      const expectedBytes = packets.reduce((n, p) => n + p.payload.length, 0);

      // Both peers have sent RTCP (video reports about every second, audio every 5 s, randomised).
      await until('remote objects', async () => {
        const ra = await report(a.getStats());
        const rb = await report(b.getStats());
        // A round trip needs a report block answering one of our SRs; the first may predate it.
        const measured = ofType(ra, 'remote-inbound-rtp').filter((d) => (d.roundTripTimeMeasurements as number) >= 1);
        return measured.length === 2 && ofType(rb, 'remote-outbound-rtp').length === 2 && ofType(rb, 'inbound-rtp').length === 2;
      }, 15_000);
      const ra = await report(a.getStats());
      const rb = await report(b.getStats());
      const end = performance.timeOrigin + performance.now();

      const out = one(ra, 'outbound-rtp', 'video');
      const inn = one(rb, 'inbound-rtp', 'video');
      const sentCodec = codecsOf(videoSender).find((c) => c.mimeType === 'video/VP8')!;
      assert.equal(out.ssrc, inn.ssrc);
      assert.equal(out.transportId, 'T01');
      assert.equal(out.mid, a.getTransceivers()[0]!.mid);
      assert.equal(out.packetsSent as number - (out.retransmittedPacketsSent as number), packets.length);
      assert.equal(out.bytesSent as number - (out.retransmittedBytesSent as number), expectedBytes);
      assert.ok((out.headerBytesSent as number) >= 12 * (out.packetsSent as number));
      assert.equal(out.framesSent, VIDEO.length);
      assert.equal(out.encodingIndex, 0);
      assert.ok(packets.length > VIDEO.length);
      assert.equal(out.active, true);
      assert.equal(out.nackCount, 0);
      assert.equal(typeof out.pliCount, 'number');
      const outCodec = ra.get(out.codecId as string)!;
      assert.deepEqual(
        { type: outCodec.type, payloadType: outCodec.payloadType, mimeType: outCodec.mimeType, clockRate: outCodec.clockRate, transportId: outCodec.transportId },
        { type: 'codec', payloadType: sentCodec.payloadType, mimeType: 'video/VP8', clockRate: 90000, transportId: 'T01' },
      );
      const source = ra.get(out.mediaSourceId as string)!;
      assert.deepEqual({ type: source.type, trackIdentifier: source.trackIdentifier, kind: source.kind }, { type: 'media-source', trackIdentifier: video.track.id, kind: 'video' });

      // Loopback loses nothing: the receiver counted what the sender sent.
      assert.equal(inn.packetsReceived, out.packetsSent);
      assert.equal(inn.bytesReceived, out.bytesSent);
      assert.equal(inn.retransmittedPacketsReceived, out.retransmittedPacketsSent);
      if (out.retransmittedPacketsSent === 0) assert.equal(inn.headerBytesReceived, out.headerBytesSent);
      assert.equal(inn.packetsLost, 0);
      assert.equal(inn.framesReceived, VIDEO.length);
      assert.equal(inn.framesDropped, 0);
      assert.ok(typeof inn.jitter === 'number' && inn.jitter >= 0 && inn.jitter < 1);
      assert.ok((inn.lastPacketReceivedTimestamp as number) >= start && (inn.lastPacketReceivedTimestamp as number) <= end);
      assert.equal(inn.trackIdentifier, remote.get('video')!.track.id);
      assert.equal(inn.mid, out.mid);
      assert.equal('framesDecoded' in inn, false);
      const inCodec = rb.get(inn.codecId as string)!;
      assert.equal(inCodec.mimeType, 'video/VP8');
      assert.equal(inCodec.payloadType, codecsOf(b.getTransceivers()[0]!.receiver).find((c) => c.mimeType === 'video/VP8')!.payloadType);
      assert.ok((inn.codecId as string).startsWith('CIT01_') && (out.codecId as string).startsWith('COT01_'));

      // The remote views: B's receiver reports and A's sender reports.
      const ri = ra.get(out.remoteId as string)!;
      assert.equal(ri.type, 'remote-inbound-rtp');
      assert.equal(ri.localId, out.id);
      assert.equal(ri.ssrc, out.ssrc);
      assert.equal(ri.packetsLost, 0);
      assert.equal(ri.fractionLost, 0);
      assert.equal(ri.codecId, out.codecId);
      assert.ok((ri.roundTripTimeMeasurements as number) >= 1, 'RTT measured');
      assert.ok((ri.roundTripTime as number) >= 0 && (ri.roundTripTime as number) < 1);
      assert.ok((ri.totalRoundTripTime as number) >= (ri.roundTripTime as number));
      const ro = rb.get(inn.remoteId as string)!;
      assert.equal(ro.type, 'remote-outbound-rtp');
      assert.equal(ro.localId, inn.id);
      assert.ok((ro.reportsSent as number) >= 1);
      // The SR counts the media SSRC's packets only, up to when it was sent.
      assert.ok((ro.packetsSent as number) >= 1 && (ro.packetsSent as number) <= (out.packetsSent as number));
      assert.ok((ro.bytesSent as number) <= (out.bytesSent as number));
      assert.ok(Math.abs((ro.remoteTimestamp as number) - end) < 10_000);

      // Audio: no frame members; the codec carries channels and fmtp.
      const aout = one(ra, 'outbound-rtp', 'audio');
      const ain = one(rb, 'inbound-rtp', 'audio');
      assert.equal(aout.packetsSent as number - (aout.retransmittedPacketsSent as number), AUDIO_FRAMES);
      assert.equal(aout.bytesSent as number - (aout.retransmittedBytesSent as number), AUDIO_FRAMES * AUDIO_BYTES);
      assert.equal(ain.packetsReceived, AUDIO_FRAMES);
      assert.equal(ain.bytesReceived, AUDIO_FRAMES * AUDIO_BYTES);
      assert.equal('framesSent' in aout || 'encodingIndex' in aout || 'framesReceived' in ain || 'pliCount' in ain, false);
      const opus = ra.get(aout.codecId as string)!;
      const opusParams = codecsOf(a.getSenders()[1]!).find((c) => c.mimeType === 'audio/opus')!;
      assert.equal(opus.channels, 2);
      assert.equal(opus.sdpFmtpLine, opusParams.sdpFmtpLine);
      assert.equal(opus.id, `COT01_${opusParams.payloadType}_${opusParams.sdpFmtpLine}`);
      assert.equal(ofType(ra, 'codec').length, 2, 'only codecs in use');

      // Selectors (W3C webrtc §8.5): the sender's streams and what they reference.
      const bySender = await report(videoSender.getStats());
      assert.deepEqual(
        [...new Set([...bySender.values()].map((d) => d.type))].sort(),
        ['candidate-pair', 'certificate', 'codec', 'local-candidate', 'media-source', 'outbound-rtp', 'remote-candidate', 'remote-inbound-rtp', 'transport'],
      );
      assert.equal(one(bySender, 'outbound-rtp').id, out.id);
      const byTrack = await report(a.getStats(video.track as never));
      assert.deepEqual([...byTrack.keys()].sort(), [...bySender.keys()].sort());
      const byReceiver = await report(remote.get('audio')!.receiver.getStats());
      assert.equal(one(byReceiver, 'inbound-rtp').id, ain.id);
      assert.equal(ofType(byReceiver, 'outbound-rtp').length + ofType(byReceiver, 'media-source').length, 0);
      assert.ok(byReceiver.has(ain.remoteId as string) && byReceiver.has(ain.codecId as string) && byReceiver.has('T01'));
      const byRemoteTrack = await report(b.getStats(remote.get('audio')!.track as never));
      assert.deepEqual([...byRemoteTrack.keys()].sort(), [...byReceiver.keys()].sort());
    } finally {
      a.close();
      b.close();
    }
  });
});
