// In-process signalling between two peer connections of any stack: offer/answer, and
// candidates trickled across as they are gathered, held back until the receiving side has
// a remote description. Only loopback candidates are passed on (loopback.ts).
import { isLoopbackCandidate, loopbackOnlySdp } from './loopback.js';
import type { CandidateInit, EventLike, PeerLike } from './peers.js';
import { withTimeout } from './probe.js';

/** One direction of trickle: candidates from `from` delivered to `to`. */
class Trickle {
  private queue: CandidateInit[] | null = [];
  /** Candidates signalled (loopback) and dropped (any other address). */
  readonly sent: string[] = [];
  readonly filtered: string[] = [];
  readonly errors: string[] = [];

  constructor(
    from: PeerLike,
    private readonly to: PeerLike,
    private readonly toName: string,
  ) {
    from.addEventListener('icecandidate', (e: EventLike & { candidate: CandidateInit | null }) => {
      const c = e.candidate;
      // null (gathering done) and '' (end-of-candidates) are not signalled: no stack needs them.
      if (!c || !c.candidate) return;
      // node-datachannel's polyfill hands out the SDP line with its `a=` prefix.
      const candidate = c.candidate.replace(/^a=/, '');
      if (!isLoopbackCandidate(candidate)) {
        this.filtered.push(candidate);
        return;
      }
      this.sent.push(candidate);
      const init: CandidateInit = { candidate, sdpMid: c.sdpMid ?? '0', sdpMLineIndex: c.sdpMLineIndex ?? 0 };
      if (this.queue) this.queue.push(init);
      else this.deliver(init);
    });
  }

  /** The receiving side now has a remote description: deliver what waited. */
  open(): void {
    const q = this.queue ?? [];
    this.queue = null;
    for (const c of q) this.deliver(c);
  }

  private deliver(c: CandidateInit): void {
    this.to.addIceCandidate(c).catch((e: unknown) => this.errors.push(`${this.toName}.addIceCandidate(${c.candidate}): ${String(e)}`));
  }
}

/**
 * Signalling between an offerer and an answerer with trickle ICE. Create it as soon as the
 * peer connections exist (some stacks gather before createOffer is called), then call
 * `negotiate`.
 */
export class Signaling {
  private readonly toAnswerer: Trickle;
  private readonly toOfferer: Trickle;
  /** The offer and answer as they were handed over (loopback-only), once negotiated. */
  offer = '';
  answer = '';

  constructor(
    private readonly offerer: PeerLike,
    private readonly answerer: PeerLike,
  ) {
    this.toAnswerer = new Trickle(offerer, answerer, 'answerer');
    this.toOfferer = new Trickle(answerer, offerer, 'offerer');
  }

  /** Runs one offer/answer exchange; connecting is left to the caller's waits. */
  negotiate(timeoutMs = 5000): Promise<void> {
    const run = async (): Promise<void> => {
      await this.offerer.setLocalDescription(await this.offerer.createOffer());
      this.offer = loopbackOnlySdp(this.offerer.localDescription!.sdp);
      await this.answerer.setRemoteDescription({ type: 'offer', sdp: this.offer });
      this.toAnswerer.open();
      await this.answerer.setLocalDescription(await this.answerer.createAnswer());
      this.answer = loopbackOnlySdp(this.answerer.localDescription!.sdp);
      await this.offerer.setRemoteDescription({ type: 'answer', sdp: this.answer });
      this.toOfferer.open();
    };
    return withTimeout(run(), timeoutMs, 'offer/answer');
  }

  /** addIceCandidate rejections, on either side. */
  candidateErrors(): string[] {
    return [...this.toAnswerer.errors, ...this.toOfferer.errors];
  }

  /** Candidates that were signalled, per direction. */
  signalled(): { toAnswerer: string[]; toOfferer: string[] } {
    return { toAnswerer: [...this.toAnswerer.sent], toOfferer: [...this.toOfferer.sent] };
  }
}

/** The a=max-message-size a description advertises (RFC 8841 §6: absent means 65536, 0 means no limit). */
export function advertisedMaxMessageSize(sdp: string): number {
  const m = /^a=max-message-size:(\d+)\s*$/m.exec(sdp);
  if (!m) return 65536;
  const n = Number(m[1]);
  return n === 0 ? Number.MAX_SAFE_INTEGER : n;
}
