// Media flows between purertc and a live browser, for any browser and either side offering:
// purertc sends a clip (VP8 or Opus) and the page's inbound-rtp must show it decoded; the
// browser sends its fake camera or microphone and purertc records it, checked with ffprobe.
// Each returns the session so a caller can check more (the SRTP profile, say).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EncodedTrackSource, receiverFrames, type EncodedMediaFrame, type MediaStreamTrack, type RTCPeerConnection } from '../../src/index.js';
import { IvfFileWriter, OggOpusWriter, writeFileChunks } from '../../src/media/index.js';
import type { BrowserKind } from './browser.js';
import { CLIP_HEIGHT, CLIP_WIDTH, OPUS_FRAME_MS, OPUS_FRAME_SAMPLES, makeOpusClip, makeVp8Clip, probe, pushPaced, record } from './media-clips.js';
import { openMediaSession, scratchDir, statsOf, until, type MediaSession } from './media-session.js';
import type { ScenarioContext } from './scenario.js';

/** Who offers, and purertc's nonstandard configuration members (srtpProfiles, say). */
export interface FlowOptions {
  offerer: 'node' | 'browser';
  nodeConfig?: Record<string, unknown>;
}

/** Bound for the page to have decoded enough, from the first frame pushed. */
const DECODE_BOUND_MS = 15_000;
/** Concealed samples allowed, as a share of samples received while the clip plays (the check's 2%). */
const MAX_CONCEALMENT = 0.02;
/**
 * The page's audio jitter buffer target: Chromium's own (about 40 ms on loopback) conceals
 * whenever this process's timers run that late on a loaded machine; lost or mistimed
 * packets still conceal with a deeper buffer.
 */
export const AUDIO_JITTER_TARGET_MS = 200;
/** The audio clip's peak amplitude (ffmpeg's sine source), as audioLevel reports it (0..1). */
const TONE_LEVEL = 1 / 8;

/** One stats snapshot's audio inbound-rtp of the page. */
async function pageAudioInbound(session: MediaSession): Promise<Record<string, unknown> | undefined> {
  return statsOf((await session.pageStats()).stats, 'inbound-rtp', 'audio');
}

/** Polls the page's video inbound-rtp (bounded from `started`) until it counts 80% of `sent` frames decoded at the clip's size. */
export async function expectVideoDecoded(context: ScenarioContext, session: MediaSession, kind: BrowserKind, sent: number, started: number): Promise<void> {
  let inbound: Record<string, unknown> | undefined;
  const deadline = started + DECODE_BOUND_MS;
  while (Date.now() < deadline) {
    inbound = statsOf((await session.pageStats()).stats, 'inbound-rtp', 'video');
    if (Number(inbound?.framesDecoded ?? 0) >= 0.8 * sent && inbound?.frameWidth !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  context.log(`${kind} video inbound-rtp: ${JSON.stringify(inbound)}`);
  assert.ok(inbound, `${kind} has no video inbound-rtp`);
  assert.ok(Number(inbound.framesDecoded) >= 0.8 * sent, `${kind} decoded ${inbound.framesDecoded} of ${sent} frames`);
  assert.equal(inbound.frameWidth, CLIP_WIDTH, 'frameWidth');
  assert.equal(inbound.frameHeight, CLIP_HEIGHT, 'frameHeight');
}

/**
 * purertc sends `seconds` of VP8; the page's inbound-rtp must count 80% of the frames
 * decoded at the clip's size within the bound.
 */
export async function videoToBrowser(context: ScenarioContext, kind: BrowserKind, options: FlowOptions, seconds = 3): Promise<MediaSession> {
  const clip = await makeVp8Clip(await scratchDir(context), seconds);
  const page = await context.page(kind);
  const source = new EncodedTrackSource({ kind: 'video' });
  context.defer(() => source.track.stop());
  const session = await openMediaSession(context, page, {
    offerer: options.offerer,
    pageSetup: options.offerer === 'browser' ? { receive: ['video'], codec: 'video/VP8' } : {},
    nodeSetup: (pc) => void pc.addTrack(source.track),
    ...(options.nodeConfig ? { nodeConfig: options.nodeConfig } : {}),
  });
  const started = Date.now();
  const tookMs = await pushPaced(source, clip, context.signal);
  context.log(`sent ${clip.length} frames in ${tookMs} ms`);
  await expectVideoDecoded(context, session, kind, clip.length, started);
  return session;
}

/**
 * Snapshots the page's audio inbound-rtp 1 s after `started` and 300 ms before the end of
 * `sent` packets pushed from then on (`pushing` settles once they are): between the two,
 * totalSamplesReceived must rise by 80% of the 48 kHz samples, under 2% of them concealed,
 * at the tone's audioLevel; at the end 90% of the packets must have arrived.
 */
export async function expectAudioPlayed(context: ScenarioContext, session: MediaSession, kind: BrowserKind, sent: number, started: number, pushing: Promise<number>): Promise<void> {
  const at = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, started + ms - Date.now())));
  // Both snapshots while packets still flow: the end of the stream is no gap to conceal.
  await at(1000);
  const before = await pageAudioInbound(session);
  const beforeAt = Date.now();
  await at(sent * OPUS_FRAME_MS - 300);
  const after = await pageAudioInbound(session);
  const windowMs = Date.now() - beforeAt;
  const tookMs = await pushing;
  const last = await pageAudioInbound(session);
  context.log(`sent ${sent} Opus packets in ${tookMs} ms (${windowMs} ms between snapshots)\n${kind} inbound-rtp at 1 s: ${JSON.stringify(before)}\n${kind} inbound-rtp 300 ms before the end: ${JSON.stringify(after)}\npackets received at the end: ${last?.packetsReceived}`);
  assert.ok(after, `${kind} has no audio inbound-rtp`);
  assert.ok(Number(last?.packetsReceived) >= 0.9 * sent, `${kind} received ${last?.packetsReceived} of ${sent} packets`);
  const samples = Number(after.totalSamplesReceived ?? NaN) - Number(before?.totalSamplesReceived ?? 0);
  const concealed = Number(after.concealedSamples ?? NaN) - Number(before?.concealedSamples ?? 0);
  assert.ok(samples >= 0.8 * 48 * windowMs, `${kind} totalSamplesReceived rose by ${samples} in ${windowMs} ms (48 kHz: ${48 * windowMs})`);
  assert.ok(concealed >= 0 && concealed < MAX_CONCEALMENT * samples, `${kind} concealed ${concealed} of ${samples} samples`);
  // The clip is ffmpeg's sine at its default amplitude of 1/8: what the page measures of the decoded samples.
  if (kind === 'chromium' || after.audioLevel !== undefined) {
    assert.ok(Math.abs(Number(after.audioLevel) - TONE_LEVEL) < 0.03, `${kind} audioLevel ${after.audioLevel}, the tone's is ${TONE_LEVEL}`);
  }
}

/** purertc sends `seconds` of Opus (20 ms packets) that the page plays in an <audio> element, as expectAudioPlayed checks. */
export async function audioToBrowser(context: ScenarioContext, kind: BrowserKind, options: FlowOptions, seconds = 3): Promise<MediaSession> {
  const clip = await makeOpusClip(await scratchDir(context), seconds);
  const page = await context.page(kind);
  const source = new EncodedTrackSource({ kind: 'audio' });
  context.defer(() => source.track.stop());
  const session = await openMediaSession(context, page, {
    offerer: options.offerer,
    pageSetup: { ...(options.offerer === 'browser' ? { receive: ['audio'], codec: 'audio/opus' } : {}), jitterBufferTargetMs: AUDIO_JITTER_TARGET_MS },
    nodeSetup: (pc) => void pc.addTrack(source.track),
    ...(options.nodeConfig ? { nodeConfig: options.nodeConfig } : {}),
  });
  const started = Date.now();
  await expectAudioPlayed(context, session, kind, clip.length, started, pushPaced(source, clip, context.signal));
  return session;
}

/**
 * The browser's fake camera or microphone, received by purertc: the session, the receiver,
 * the remote track and its frames, read from the track event on (frames are only kept for
 * a reader, and a browser's first key frame comes with its first packets).
 */
async function browserSends(context: ScenarioContext, kind: BrowserKind, media: 'audio' | 'video', options: FlowOptions) {
  const page = await context.page(kind);
  let remote: { receiver: object; track: MediaStreamTrack; frames: AsyncIterableIterator<EncodedMediaFrame> } | undefined;
  const session = await openMediaSession(context, page, {
    offerer: options.offerer,
    pageSetup: { send: { [media]: true }, codec: media === 'video' ? 'video/VP8' : 'audio/opus' },
    nodeSetup: (pc: RTCPeerConnection) => {
      pc.ontrack = (event) => {
        if (remote !== undefined) return;
        const frames = receiverFrames(event.receiver);
        context.defer(() => frames.return?.());
        remote = { receiver: event.receiver, track: event.track as MediaStreamTrack, frames };
      };
      // purertc offers to receive; answering, the transceiver the offer made receives.
      if (options.offerer === 'node') pc.addTransceiver(media, { direction: 'recvonly' });
    },
    ...(options.nodeConfig ? { nodeConfig: options.nodeConfig } : {}),
  });
  await until(() => remote !== undefined, 5_000, () => 'purertc had no track event');
  return { session, ...remote! };
}

/** purertc's inbound-rtp for `receiver` (receiver.getStats(), W3C webrtc §5.3). */
export async function receiverInbound(receiver: object): Promise<Record<string, unknown> | undefined> {
  const report = (await (receiver as { getStats(): Promise<Map<string, Record<string, unknown>>> }).getStats()) as Map<string, Record<string, unknown>>;
  return [...report.values()].find((s) => s.type === 'inbound-rtp');
}

/** The browser's remote-inbound-rtp for what it sends of `media`, which only purertc's receiver reports make. */
export async function checkRemoteInbound(context: ScenarioContext, session: MediaSession, kind: BrowserKind, media: 'audio' | 'video'): Promise<void> {
  let remoteInbound: Record<string, unknown> | undefined;
  let outbound: Record<string, unknown> | undefined;
  // Receiver reports go out every second or so: wait for one (bounded).
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const { stats } = await session.pageStats();
    remoteInbound = statsOf(stats, 'remote-inbound-rtp', media);
    outbound = statsOf(stats, 'outbound-rtp', media);
    if (remoteInbound) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  context.log(`${kind} outbound-rtp: ${JSON.stringify(outbound)}\n${kind} remote-inbound-rtp: ${JSON.stringify(remoteInbound)}`);
  assert.ok(remoteInbound, `${kind} has no remote-inbound-rtp for its ${media}: no RTCP receiver report from purertc reached it`);
  assert.equal(remoteInbound.ssrc, outbound?.ssrc, 'remote-inbound-rtp reports on the outbound stream');
}

/**
 * The browser's fake camera to purertc: the remote track unmutes, receiverFrames yields
 * `recordMs` of VP8, written to an IVF that ffprobe decodes frame for frame at 320x240;
 * receiver.getStats() counts the packets and frames; the browser sees purertc's RTCP.
 */
export async function videoFromBrowser(context: ScenarioContext, kind: BrowserKind, options: FlowOptions, recordMs = 2_500): Promise<MediaSession> {
  const dir = await scratchDir(context);
  const { session, receiver, track, frames: iterator } = await browserSends(context, kind, 'video', options);
  const frames = await record(iterator, recordMs, 5_000);
  context.log(`purertc assembled ${frames.length} frames; key frames at ${frames.flatMap((f, i) => (f.keyFrame ? [i] : [])).join(', ')}; track muted ${track.muted}`);
  assert.equal(track.muted, false, 'the remote track unmuted');
  assert.ok(frames.length >= (recordMs / 1000) * 10, `only ${frames.length} frames in ${recordMs} ms`);
  for (const frame of frames) assert.equal(frame.codec, 'video/VP8');
  const firstKey = frames.findIndex((f) => f.keyFrame);
  assert.ok(firstKey >= 0, 'no key frame among the frames');
  assert.equal(frames[firstKey]!.width, CLIP_WIDTH, 'key frame width');
  assert.equal(frames[firstKey]!.height, CLIP_HEIGHT, 'key frame height');
  // From the first key frame on: a file a decoder can start.
  const kept = frames.slice(firstKey);
  const path = join(dir, 'received.ivf');
  const writer = await IvfFileWriter.create(path, { fourcc: 'VP80', width: CLIP_WIDTH, height: CLIP_HEIGHT, timebaseRate: 90_000 });
  const origin = kept[0]!.rtpTimestamp!;
  for (const frame of kept) await writer.write(frame.data, (frame.rtpTimestamp! - origin) >>> 0);
  await writer.close();
  const stream = await probe(path, true);
  context.log(`ffprobe: ${JSON.stringify(stream)}`);
  assert.deepEqual([stream.codec_name, stream.width, stream.height], ['vp8', CLIP_WIDTH, CLIP_HEIGHT]);
  assert.equal(Number(stream.nb_read_frames), kept.length, 'frames ffprobe decoded vs frames purertc assembled');
  const inbound = await receiverInbound(receiver);
  context.log(`purertc inbound-rtp: ${JSON.stringify(inbound)}`);
  assert.ok(inbound, 'purertc has no inbound-rtp for the receiver');
  assert.ok(Number(inbound.packetsReceived) >= frames.length, `inbound-rtp counts ${inbound.packetsReceived} packets for ${frames.length} frames`);
  assert.ok(Number(inbound.framesReceived) >= frames.length, `inbound-rtp counts ${inbound.framesReceived} frames for ${frames.length} assembled`);
  await checkRemoteInbound(context, session, kind, 'video');
  return session;
}

/** Channels of an Opus packet's TOC (RFC 6716 §3.1: the s bit). */
function opusChannels(packet: Uint8Array): number {
  return (packet[0]! & 0x04) !== 0 ? 2 : 1;
}

/**
 * The browser's fake microphone to purertc: the remote track unmutes, receiverFrames yields
 * `recordMs` of Opus packets 20 ms apart in RTP time, written with OggOpusWriter to an Ogg
 * file in which ffprobe counts every packet and the whole duration; receiver.getStats()
 * counts the packets; the browser sees purertc's RTCP.
 */
export async function audioFromBrowser(context: ScenarioContext, kind: BrowserKind, options: FlowOptions, recordMs = 2_500): Promise<MediaSession> {
  const dir = await scratchDir(context);
  const { session, receiver, track, frames: iterator } = await browserSends(context, kind, 'audio', options);
  const frames = await record(iterator, recordMs, 5_000);
  const steps = frames.slice(1).map((f, i) => (f.rtpTimestamp! - frames[i]!.rtpTimestamp!) >>> 0);
  const odd = steps.filter((step) => step !== OPUS_FRAME_SAMPLES);
  context.log(`purertc received ${frames.length} Opus packets (${frames[0]?.data.length ?? 0} bytes first); RTP timestamp steps other than ${OPUS_FRAME_SAMPLES}: ${odd.length} (${odd.slice(0, 10).join(', ')}); track muted ${track.muted}`);
  assert.equal(track.muted, false, 'the remote track unmuted');
  assert.ok(frames.length >= (0.8 * recordMs) / 20, `only ${frames.length} Opus packets in ${recordMs} ms`);
  for (const frame of frames) assert.equal(frame.codec, 'audio/opus');
  assert.equal(odd.length, 0, 'every packet 20 ms after the one before (no loss on the path, no DTX asked)');
  const channels = Math.max(...frames.map((f) => opusChannels(f.data)));
  // RFC 7845 §4.2: 3840 samples of pre-skip is the advice when the encoder's is not known.
  const preSkip = 3840;
  const writer = new OggOpusWriter({ serial: 0x70757265, channels, preSkip });
  const path = join(dir, 'received.opus');
  await writeFileChunks(path, [writer.start(), ...frames.map((f) => writer.packet(f.data)), writer.end()]);
  const stream = await probe(path, false);
  context.log(`ffprobe: ${JSON.stringify(stream)}`);
  assert.equal(stream.codec_name, 'opus');
  assert.equal(Number(stream.channels), channels);
  assert.equal(Number(stream.nb_read_packets), frames.length, 'packets ffprobe counted vs packets purertc received');
  // ffprobe gives the last granule position as the duration: every packet's samples, pre-skip included (RFC 7845 §4).
  assert.equal(Number(stream.duration_ts), frames.length * OPUS_FRAME_SAMPLES, 'ffprobe duration in 48 kHz samples');
  const inbound = await receiverInbound(receiver);
  context.log(`purertc inbound-rtp: ${JSON.stringify(inbound)}`);
  assert.ok(inbound, 'purertc has no inbound-rtp for the receiver');
  assert.ok(Number(inbound.packetsReceived) >= frames.length, `inbound-rtp counts ${inbound.packetsReceived} packets for ${frames.length} frames`);
  await checkRemoteInbound(context, session, kind, 'audio');
  return session;
}

/** A flow in one direction of one kind. */
export type MediaFlow = typeof videoToBrowser;

/** Every flow by direction and kind, for scenario tables. */
export const FLOWS = {
  'video to browser': videoToBrowser,
  'audio to browser': audioToBrowser,
  'video from browser': videoFromBrowser,
  'audio from browser': audioFromBrowser,
} as const satisfies Record<string, MediaFlow>;
