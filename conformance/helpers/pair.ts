// Two purertc peers in one process, negotiated as a page would do it: each side's trickled
// candidates handed to the other, then one offer (a) / answer (b) exchange.
import type { RTCPeerConnection } from '../../src/index.js';

type Pc = InstanceType<typeof RTCPeerConnection>;

/**
 * Hands each side's trickled candidates to the other and returns the candidate lines `a`
 * gathers, as they come. A failed addIceCandidate goes to `onError`; without one it rejects
 * unhandled and fails the run.
 */
export function trickleBetween(a: Pc, b: Pc, onError?: (e: unknown) => void): string[] {
  const gathered: string[] = [];
  const hand = (to: Pc, candidate: Parameters<Pc['addIceCandidate']>[0]): void => {
    const added = to.addIceCandidate(candidate);
    if (onError) added.catch(onError);
  };
  a.onicecandidate = (e) => {
    if (e.candidate?.candidate) gathered.push(e.candidate.candidate);
    if (e.candidate) hand(b, e.candidate);
  };
  b.onicecandidate = (e) => e.candidate && hand(a, e.candidate);
  return gathered;
}

/** One offer from `a`, answered by `b`, each applied on both sides. */
export async function offerAnswer(a: Pc, b: Pc): Promise<void> {
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
}
