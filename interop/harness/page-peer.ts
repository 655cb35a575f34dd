// Page-side steps that scenarios compose: each is a self-contained page function (it is
// sent to the browser as source text) acting on a peer connection kept in the page
// under an id, so one tab can hold several peers.
import type { PageGlobals, PagePeerConnection, PageStream, SessionDescription } from './page-types.js';

/** How a page peer is built. */
export interface PeerSetup {
  id: string;
  /** Label of a data channel to create, if any. */
  dataChannel?: string;
  audio?: boolean;
  video?: boolean;
  /** `transceiver` (default): `addTransceiver(kind)`; `getUserMedia`: fake device tracks via `addTrack`. */
  media?: 'transceiver' | 'getUserMedia';
}

/** A transceiver as reported back to Node. */
export interface TransceiverState {
  mid: string | null;
  kind: string;
  direction: string;
  currentDirection: string | null;
}

/** A peer's state as reported back to Node. */
export interface PeerState {
  signalingState: string;
  iceGatheringState: string;
  connectionState: string;
  transceivers: TransceiverState[];
}

/** Creates peer `setup.id` with the requested data channel and media. */
export async function createPeer(setup: PeerSetup): Promise<void> {
  const page = globalThis as unknown as PageGlobals;
  const peers = (page.peers ??= {}) as Record<string, PagePeerConnection>;
  const pc = new page.RTCPeerConnection();
  peers[setup.id] = pc;
  if (setup.dataChannel !== undefined) pc.createDataChannel(setup.dataChannel);
  const kinds = [setup.audio ? 'audio' : '', setup.video ? 'video' : ''].filter((kind) => kind !== '');
  if (kinds.length === 0) return;
  if (setup.media === 'getUserMedia') {
    const stream: PageStream = await page.navigator.mediaDevices.getUserMedia({ audio: !!setup.audio, video: !!setup.video });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
  } else {
    for (const kind of kinds) pc.addTransceiver(kind);
  }
}

/** createOffer + setLocalDescription; returns the offer as createOffer produced it. */
export async function makeOffer(id: string): Promise<SessionDescription> {
  const pc = ((globalThis as unknown as PageGlobals).peers as Record<string, PagePeerConnection>)[id]!;
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  return { type: offer.type, sdp: offer.sdp };
}

/** setRemoteDescription(offer) + createAnswer + setLocalDescription; returns the answer. */
export async function makeAnswer(arg: { id: string; offer: SessionDescription }): Promise<SessionDescription> {
  const pc = ((globalThis as unknown as PageGlobals).peers as Record<string, PagePeerConnection>)[arg.id]!;
  await pc.setRemoteDescription(arg.offer);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  return { type: answer.type, sdp: answer.sdp };
}

/** setRemoteDescription(description) on peer `id`. */
export async function applyRemote(arg: { id: string; description: SessionDescription }): Promise<void> {
  const pc = ((globalThis as unknown as PageGlobals).peers as Record<string, PagePeerConnection>)[arg.id]!;
  await pc.setRemoteDescription(arg.description);
}

/** Waits until peer `id` has gathered all candidates; returns its local description then. */
export async function gatheredDescription(arg: { id: string; timeoutMs: number }): Promise<SessionDescription> {
  const pc = ((globalThis as unknown as PageGlobals).peers as Record<string, PagePeerConnection>)[arg.id]!;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ICE gathering still ${pc.iceGatheringState} after ${arg.timeoutMs} ms`)), arg.timeoutMs);
    const check = (): void => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', check);
    check();
  });
  const description = pc.localDescription!;
  return { type: description.type, sdp: description.sdp };
}

/** The signaling state and transceivers of peer `id`. */
export function peerState(id: string): PeerState {
  const pc = ((globalThis as unknown as PageGlobals).peers as Record<string, PagePeerConnection>)[id]!;
  return {
    signalingState: pc.signalingState,
    iceGatheringState: pc.iceGatheringState,
    connectionState: pc.connectionState,
    transceivers: pc.getTransceivers().map((transceiver) => ({
      mid: transceiver.mid,
      kind: transceiver.receiver.track.kind,
      direction: transceiver.direction,
      currentDirection: transceiver.currentDirection,
    })),
  };
}

/** Closes peer `id` (and stops any tracks it sends). */
export function closePeer(id: string): void {
  const peers = (globalThis as unknown as PageGlobals).peers as Record<string, PagePeerConnection> | undefined;
  const pc = peers?.[id];
  if (!pc) return;
  for (const transceiver of pc.getTransceivers()) transceiver.sender.track?.stop();
  pc.close();
  delete peers[id];
}
