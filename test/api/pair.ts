// Two RTCPeerConnections in one process, negotiated as a browser page would do it: trickled
// candidates handed across, one offer/answer exchange.
import type { RTCPeerConnection } from '../../src/index.js';

type Pc = InstanceType<typeof RTCPeerConnection>;

/** Wires trickle ICE between `a` and `b` and runs one offer (a) / answer (b) exchange. */
export async function negotiatePair(a: Pc, b: Pc): Promise<void> {
  a.onicecandidate = (e) => void b.addIceCandidate(e.candidate ?? undefined);
  b.onicecandidate = (e) => void a.addIceCandidate(e.candidate ?? undefined);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
}

/** Waits (at most `ms`) until both report connectionState "connected". */
export async function untilConnected(a: Pc, b: Pc, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((a.connectionState !== 'connected' || b.connectionState !== 'connected') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
