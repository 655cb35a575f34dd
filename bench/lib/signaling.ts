// Offer/answer and trickle ICE between two peer connections over any message transport
// (a direct in-process hand-off or a child's IPC channel). Only UDP candidates on the
// bench's own addresses (lib/net.ts: the veth link's ends, or 127.0.0.1 on loopback) are
// ever passed on, and candidates inside SDP are stripped, so no stack is ever given another
// address to send to. Descriptions lose purertc's peer-only lines unless the job keeps them.
import type { DescriptionInit, IceCandidateLike, PeerConnectionLike } from '../stacks/types.js';
import { isBenchAddress, signalledSdp } from './net.js';

/** What travels between the two peers. */
export type SignalMessage =
  | { kind: 'description'; description: DescriptionInit }
  | { kind: 'candidate'; candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } }
  /** End of candidates (W3C: an empty candidate string), sent once gathering ends. */
  | { kind: 'end'; sdpMid: string | null; sdpMLineIndex: number | null };

/** The address and transport of an ICE candidate line (`candidate:` or `a=candidate:`), or undefined. */
export function parseCandidate(line: string): { transport: string; address: string; port: number; type: string } | undefined {
  const body = line.replace(/^a=/, '').replace(/^candidate:/, '');
  const f = body.trim().split(/\s+/);
  // RFC 8839 §5.1: foundation component-id transport priority address port "typ" type ...
  if (f.length < 8 || f[6] !== 'typ') return undefined;
  return { transport: f[2]!.toLowerCase(), address: f[4]!, port: Number(f[5]), type: f[7]! };
}

/** True for a UDP candidate on 127.0.0.1 (what the browser case signals). */
export function isLoopbackUdpCandidate(line: string): boolean {
  const c = parseCandidate(line);
  return c !== undefined && c.transport === 'udp' && c.address === '127.0.0.1';
}

/** True for a UDP candidate on one of the bench's addresses: the only kind the cases signal. */
export function isBenchUdpCandidate(line: string): boolean {
  const c = parseCandidate(line);
  return c !== undefined && c.transport === 'udp' && isBenchAddress(c.address);
}

/** The SDP without candidate lines; candidates go by trickle, filtered. */
export function stripCandidates(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('a=candidate:') && !l.startsWith('a=end-of-candidates'))
    .join(eol);
}

/**
 * Drives one side of a negotiation: `offer()` on the offerer, `handle()` for every
 * message from the other side. Remote candidates that arrive before the remote
 * description are held until it is applied.
 */
export class Signaller {
  /** Candidates gathered locally / passed on / dropped as not loopback UDP. */
  readonly counts = { gathered: 0, sent: 0, dropped: 0 };
  /** Errors from signalling operations (a failed case reports them). */
  readonly errors: string[] = [];
  #pending: IceCandidateLike[] = [];
  #haveRemote = false;
  #chain: Promise<void> = Promise.resolve();
  #endSent = false;
  #lastMid: string | null = null;
  #lastIndex: number | null = null;

  constructor(
    private readonly pc: PeerConnectionLike,
    private readonly send: (m: SignalMessage) => void,
  ) {
    pc.onicecandidate = (e) => {
      const c = e.candidate;
      if (!c || !c.candidate) {
        // Gathering done (empty candidate, then null): pass end-of-candidates on once,
        // as trickling apps do, since some ICE agents wait for it before nominating.
        if (!this.#endSent) {
          this.#endSent = true;
          this.send({ kind: 'end', sdpMid: c?.sdpMid ?? this.#lastMid, sdpMLineIndex: c?.sdpMLineIndex ?? this.#lastIndex });
        }
        return;
      }
      this.counts.gathered++;
      if (!isBenchUdpCandidate(c.candidate)) {
        this.counts.dropped++;
        return;
      }
      this.counts.sent++;
      this.#lastMid = c.sdpMid ?? null;
      this.#lastIndex = c.sdpMLineIndex ?? null;
      const line = c.candidate.replace(/^a=/, '');
      this.send({ kind: 'candidate', candidate: { candidate: line, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null } });
    };
  }

  /** Creates and sends the offer. */
  async offer(): Promise<void> {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.send({ kind: 'description', description: { type: 'offer', sdp: signalledSdp(stripCandidates(offer.sdp ?? '')) } });
  }

  /** Applies a message from the other side, in arrival order. */
  handle(m: SignalMessage): Promise<void> {
    this.#chain = this.#chain.then(() => this.#apply(m)).catch((e: unknown) => {
      this.errors.push(e instanceof Error ? e.message : String(e));
    });
    return this.#chain;
  }

  async #apply(m: SignalMessage): Promise<void> {
    if (m.kind === 'end') {
      const end = { candidate: '', sdpMid: m.sdpMid ?? '0', sdpMLineIndex: m.sdpMLineIndex ?? 0 };
      if (!this.#haveRemote) this.#pending.push(end);
      else await this.pc.addIceCandidate(end);
      return;
    }
    if (m.kind === 'candidate') {
      if (!isBenchUdpCandidate(m.candidate.candidate)) return;
      if (!this.#haveRemote) this.#pending.push(m.candidate);
      else await this.pc.addIceCandidate(m.candidate);
      return;
    }
    await this.pc.setRemoteDescription(m.description);
    this.#haveRemote = true;
    if (m.description.type === 'offer') {
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      this.send({ kind: 'description', description: { type: 'answer', sdp: signalledSdp(stripCandidates(answer.sdp ?? '')) } });
    }
    const held = this.#pending;
    this.#pending = [];
    for (const c of held) await this.pc.addIceCandidate(c);
  }
}
