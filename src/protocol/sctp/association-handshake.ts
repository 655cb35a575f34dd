// The four-way handshake with its state cookie and INIT collisions (RFC 9260 §5).
import { ChunkType, CauseCode, ParamType } from './constants.js';
import type { InitChunk } from './chunk-init.js';
import { createCookie, openCookie, type CookieState } from './cookie.js';
import { extensionParams, nonZeroUint32, peerCapabilities, unrecognizedParams } from './handshake.js';
import { AssociationBase } from './association-base.js';
import { buildPacket } from './packet-builder.js';

/** Handshake chunk handlers. */
export abstract class AssociationHandshake extends AssociationBase {
  /** Answers an INIT with an INIT ACK carrying a signed cookie. */
  protected onInit(init: InitChunk): void {
    if (this.state === 'shutdown-ack-sent') return; // RFC 9260 §9.2: ignore; T2 resolves it.
    const caps = peerCapabilities(init);
    let localTag: number;
    let localTsn: number;
    let tie = { local: 0, peer: 0 };
    if (this.state === 'closed') {
      // RFC 9260 §5.1 B: answer from fresh values, keeping no state until COOKIE ECHO.
      localTag = this.localTag;
      localTsn = this.localInitialTsn;
    } else if (this.snapUnconfirmed) {
      // ESTABLISHED by SNAP with nothing from the peer yet: it never saw our a=sctp-init
      // (lost from its description on the way) and runs the handshake, with the INIT of its
      // SDP or another one. Answered with the tag and TSN our a=sctp-init gave, its COOKIE
      // ECHO carries our tag, and onCookieEcho makes its INIT the peer's side of the
      // association we already have.
      localTag = this.localTag;
      localTsn = this.localInitialTsn;
      tie = { local: this.localTag, peer: this.peerTag };
    } else if (this.state === 'cookie-wait' || this.state === 'cookie-echoed') {
      // RFC 9260 §5.2.1: INIT collision: answer with the parameters of our own INIT.
      localTag = this.localTag;
      localTsn = this.localInitialTsn;
      tie = { local: this.localTag, peer: this.peerTag };
    } else {
      // RFC 9260 §5.2.2: unexpected INIT: new tag and TSN, current tags as tie-tags.
      localTag = nonZeroUint32(() => this.opts.random.uint32());
      localTsn = this.opts.random.uint32() >>> 0;
      tie = { local: this.localTag, peer: this.peerTag };
    }
    const state: CookieState = {
      createdAtMs: this.nowMs,
      lifetimeMs: this.opts.cookieLifetimeMs,
      localTag,
      localInitialTsn: localTsn,
      peerTag: init.initiateTag,
      peerInitialTsn: init.initialTsn,
      peerARwnd: init.aRwnd,
      inboundStreams: Math.min(this.opts.inboundStreams, init.outboundStreams),
      outboundStreams: Math.min(this.opts.outboundStreams, init.inboundStreams),
      localTieTag: tie.local,
      peerTieTag: tie.peer,
      peerForwardTsn: caps.forwardTsn,
      peerReconfig: caps.reconfig,
    };
    const cookie = createCookie(state, this.secret, this.opts.hmac);
    const initAck: InitChunk = {
      type: ChunkType.INIT_ACK,
      initiateTag: localTag,
      aRwnd: this.opts.receiveWindowBytes,
      outboundStreams: this.opts.outboundStreams,
      inboundStreams: this.opts.inboundStreams,
      initialTsn: localTsn,
      params: [{ type: ParamType.STATE_COOKIE, value: cookie }, ...extensionParams(), ...unrecognizedParams(caps.unrecognized)],
    };
    this.rawOut.push(buildPacket(this.opts.localPort, this.opts.remotePort, init.initiateTag, [initAck]));
  }

  /** Takes the peer's INIT ACK and echoes its cookie. */
  protected onInitAck(ack: InitChunk): void {
    // RFC 9260 §5.2.3: an INIT ACK outside COOKIE-WAIT is discarded.
    if (this.state !== 'cookie-wait' || ack.type !== ChunkType.INIT_ACK) return;
    const caps = peerCapabilities(ack);
    if (caps.cookie === undefined) {
      this.stats.parseErrors++;
      return;
    }
    this.setupTcb(ack.initiateTag, ack.initialTsn, ack.aRwnd, ack.inboundStreams, ack.outboundStreams, caps);
    this.cookieEcho = { type: ChunkType.COOKIE_ECHO, cookie: caps.cookie };
    this.control.push(this.cookieEcho);
    if (caps.unrecognized.length > 0) {
      // RFC 9260 §3.2.1: report unrecognized INIT ACK parameters in an ERROR chunk.
      const causes = unrecognizedParams(caps.unrecognized).map((p) => ({ type: CauseCode.UNRECOGNIZED_PARAMETERS, value: p.value }));
      this.control.push({ type: ChunkType.ERROR, causes });
    }
    this.state = 'cookie-echoed';
    this.t1Count = 0;
    this.t1AtMs = this.nowMs + this.rto.rtoMs;
  }

  /** RFC 9260 §5.1.5, §5.2.4: validates a cookie and establishes or discards. */
  protected onCookieEcho(cookie: Uint8Array, tag: number): boolean {
    const s = openCookie(cookie, this.secret, this.opts.hmac, this.nowMs);
    if (typeof s === 'string' || s.localTag !== tag) {
      // A stale cookie would deserve an ERROR; dropping it lets the peer's T1 retry instead.
      this.stats.badVerificationTag++;
      return false;
    }
    const caps = { forwardTsn: s.peerForwardTsn, reconfig: s.peerReconfig, cookie: undefined, unrecognized: [] };
    if (this.state === 'closed') {
      this.localTag = s.localTag;
      this.localInitialTsn = s.localInitialTsn;
      this.setupTcb(s.peerTag, s.peerInitialTsn, s.peerARwnd, s.outboundStreams, s.inboundStreams, caps);
      this.establish(true);
      return true;
    }
    const localMatch = s.localTag === this.localTag;
    const peerMatch = s.peerTag === this.peerTag;
    if (localMatch && this.snapUnconfirmed && this.state === 'established') {
      // The SNAP peer that ran the handshake (onInit): its INIT, from the cookie, replaces
      // what its a=sctp-init said, and what we sent before, which it dropped, goes again.
      this.snapUnconfirmed = false;
      if (!peerMatch) this.repeer(s.peerTag, s.peerInitialTsn, s.outboundStreams, s.inboundStreams, caps);
      this.control.push({ type: ChunkType.COOKIE_ACK });
      this.sender?.resendOutstanding();
      return true;
    }
    if (localMatch && (peerMatch || this.state === 'cookie-wait' || this.state === 'cookie-echoed')) {
      // Case D (both tags match) or case B (collision: our tag, a peer tag we did not
      // know yet): take the cookie's view of the peer and become ESTABLISHED.
      if (this.state === 'cookie-wait' || this.state === 'cookie-echoed') {
        if (!peerMatch || this.sender === undefined) {
          this.setupTcb(s.peerTag, s.peerInitialTsn, s.peerARwnd, s.outboundStreams, s.inboundStreams, caps);
        }
        this.establish(true);
      } else {
        this.control.push({ type: ChunkType.COOKIE_ACK });
      }
      return true;
    }
    // Case A (peer restart) is not supported over DTLS; case C and the rest are discarded.
    this.stats.droppedChunks++;
    return false;
  }
}
