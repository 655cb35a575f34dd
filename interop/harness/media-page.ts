// Page-side steps for media scenarios: each is a self-contained page function (sent to the
// browser as source text, so it uses nothing from its Node scope) acting on a peer kept in
// the page under an id. Remote tracks are attached to muted, autoplaying <audio>/<video>
// elements so that Chromium decodes and plays them as a page would.
import type { SessionDescription } from './page-types.js';

/** How the page peer sends and receives, and which codec it prefers. */
export interface MediaPeerSetup {
  id: string;
  /** Fake-device tracks from getUserMedia to send, added with addTrack. */
  send?: { audio?: boolean; video?: boolean };
  /** Kinds to receive only, as recvonly transceivers (offerer only). */
  receive?: readonly ('audio' | 'video')[];
  /** Keep only this codec (and RTX) with setCodecPreferences, e.g. `video/VP8`. */
  codec?: string;
  /**
   * The jitterBufferTarget (ms, W3C webrtc-extensions) of every receiver: audio playout
   * then rides out a sender stalled that long on a loaded machine instead of concealing.
   */
  jitterBufferTargetMs?: number;
}

/** One stats object, as plain JSON. */
export type PageStats = Record<string, unknown> & { id: string; type: string };

/** Creates peer `setup.id`: its fake-device tracks, recvonly transceivers and codec preference. */
export async function createMediaPeer(setup: MediaPeerSetup): Promise<void> {
  const page = globalThis as unknown as Record<string, any>;
  const peers = (page.mediaPeers ??= {}) as Record<string, any>;
  const pc = new page.RTCPeerConnection();
  peers[setup.id] = pc;
  const state = { tracks: [] as string[], elements: [] as any[] };
  pc.__media = state;
  pc.ontrack = (event: any) => {
    state.tracks.push(`${event.track.kind}:${event.transceiver.mid}`);
    if (setup.jitterBufferTargetMs !== undefined && 'jitterBufferTarget' in event.receiver) event.receiver.jitterBufferTarget = setup.jitterBufferTargetMs;
    const element = page.document.createElement(event.track.kind === 'video' ? 'video' : 'audio');
    // Audio plays unmuted: a muted element makes Chromium scale the decoded samples to silence before it measures audioLevel.
    element.muted = event.track.kind === 'video';
    element.autoplay = true;
    element.srcObject = new page.MediaStream([event.track]);
    page.document.body.appendChild(element);
    state.elements.push(element);
    element.play().catch(() => undefined);
  };
  if (setup.send?.audio || setup.send?.video) {
    const constraints = { audio: !!setup.send.audio, video: setup.send.video ? { width: 320, height: 240, frameRate: 30 } : false };
    const stream = await page.navigator.mediaDevices.getUserMedia(constraints);
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
  }
  for (const kind of setup.receive ?? []) pc.addTransceiver(kind, { direction: 'recvonly' });
  if (setup.codec !== undefined) {
    const codec = setup.codec.toLowerCase();
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      if (!codec.startsWith(`${kind}/`)) continue;
      const all = page.RTCRtpReceiver.getCapabilities(kind).codecs as { mimeType: string }[];
      const kept = all.filter((c) => c.mimeType.toLowerCase() === codec || c.mimeType.toLowerCase() === `${kind}/rtx`);
      transceiver.setCodecPreferences(kept);
    }
  }
}

/** Offer with every candidate in it (no trickle). */
export async function mediaOffer(arg: { id: string; timeoutMs: number }): Promise<SessionDescription> {
  const pc = ((globalThis as any).mediaPeers as Record<string, any>)[arg.id];
  await pc.setLocalDescription(await pc.createOffer());
  // The gathering wait is inlined: page functions may not call Node-scope helpers.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ICE gathering still ${pc.iceGatheringState} after ${arg.timeoutMs} ms`)), arg.timeoutMs);
    const check = (): void => (pc.iceGatheringState === 'complete' ? (clearTimeout(timer), resolve()) : undefined);
    pc.addEventListener('icegatheringstatechange', check);
    check();
  });
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

/** Applies `offer` and answers with every candidate in the answer (no trickle). */
export async function mediaAnswer(arg: { id: string; offer: SessionDescription; timeoutMs: number }): Promise<SessionDescription> {
  const pc = ((globalThis as any).mediaPeers as Record<string, any>)[arg.id];
  await pc.setRemoteDescription(arg.offer);
  await pc.setLocalDescription(await pc.createAnswer());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ICE gathering still ${pc.iceGatheringState} after ${arg.timeoutMs} ms`)), arg.timeoutMs);
    const check = (): void => (pc.iceGatheringState === 'complete' ? (clearTimeout(timer), resolve()) : undefined);
    pc.addEventListener('icegatheringstatechange', check);
    check();
  });
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

/** setRemoteDescription on peer `id`. */
export async function mediaApply(arg: { id: string; description: SessionDescription }): Promise<void> {
  await ((globalThis as any).mediaPeers as Record<string, any>)[arg.id].setRemoteDescription(arg.description);
}

/** Waits for peer `id` to be `connected`; fails on `failed` or after `timeoutMs`. */
export async function mediaConnected(arg: { id: string; timeoutMs: number }): Promise<string> {
  const pc = ((globalThis as any).mediaPeers as Record<string, any>)[arg.id];
  const deadline = Date.now() + arg.timeoutMs;
  while (pc.connectionState !== 'connected') {
    if (pc.connectionState === 'failed' || pc.connectionState === 'closed') throw new Error(`browser connectionState ${pc.connectionState}`);
    if (Date.now() > deadline) throw new Error(`browser connectionState still ${pc.connectionState} after ${arg.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return pc.connectionState;
}

/** Peer `id`'s getStats report as plain objects, and the remote tracks it saw. */
export async function mediaStats(id: string): Promise<{ stats: PageStats[]; tracks: string[] }> {
  const pc = ((globalThis as any).mediaPeers as Record<string, any>)[id];
  const report = await pc.getStats();
  const stats: PageStats[] = [];
  report.forEach((value: PageStats) => stats.push(value));
  return { stats, tracks: [...pc.__media.tracks] };
}

/** Closes peer `id`, stops the tracks it sends and removes its media elements. */
export function closeMediaPeer(id: string): void {
  const peers = (globalThis as any).mediaPeers as Record<string, any> | undefined;
  const pc = peers?.[id];
  if (!pc) return;
  for (const transceiver of pc.getTransceivers()) transceiver.sender.track?.stop();
  for (const element of pc.__media.elements) element.remove();
  pc.close();
  delete peers[id];
}
