// The media plane of one bundle transport (DESIGN.md "Media plane"): the SRTP contexts keyed
// by the DTLS handshake (RFC 5764 §4.2) and the RTP session engine between them. Datagrams
// whose first byte is 128-191 (RFC 7983 §7) come in here; RTP and RTCP the session produces
// leave protected. Sans-IO like the engines it joins: the TransportStack drives it.
import type { DtlsSrtpSource } from '../srtp/index.js';
import { SrtpProfileId, srtpContextsFromDtls, type SrtpContextPair, type SrtpStats } from '../srtp/index.js';
import { classifyDatagram } from '../rtp/index.js';
import {
  RtpSession,
  type OutgoingRtpPacket,
  type RtpSessionDescription,
  type RtpSessionEvent,
  type RtpSessionOptions,
  type RtpSessionStats,
  type SendOptions,
} from '../rtp/session/index.js';
import type { Random } from '../types.js';

/** The SRTP protection profiles offered in use_srtp by default, in order of preference (as Chromium: GCM first). */
export const DEFAULT_SRTP_PROFILES: readonly number[] = [
  SrtpProfileId.AEAD_AES_128_GCM,
  SrtpProfileId.AEAD_AES_256_GCM,
  SrtpProfileId.AES128_CM_HMAC_SHA1_80,
  SrtpProfileId.AES128_CM_HMAC_SHA1_32,
];

/**
 * SRTP replay window: libwebrtc keeps 1024 packets for video so that retransmissions and
 * reordering within a burst are not taken for replays (RFC 3711 §3.3.2 allows any size >= 64).
 */
const REPLAY_WINDOW = 1024;

/** Media options of the stack: the RTP session's, less what the stack supplies itself. */
export interface MediaOptions extends Partial<Omit<RtpSessionOptions, 'random'>> {}

/** What the media plane counted: datagrams it could not carry, in and out. */
export interface MediaCounters {
  /** SRTP or SRTCP datagrams that arrived before keys (DTLS not connected, or no use_srtp). */
  receivedWithoutKeys: number;
  /** Datagrams in 128-191 too short to be RTP or RTCP (RFC 7983 §7 leaves them unknown). */
  receivedMalformed: number;
  /** Datagrams that did not unprotect (by reason in `srtp.remote`). */
  unprotectFailed: number;
  /** RTP packets decrypted before any media description was applied. */
  receivedWithoutSession: number;
  /** RTP/RTCP the session produced while there were no keys, or no ICE route: dropped. */
  sendWithoutKeys: number;
  sendWithoutRoute: number;
  /** Datagrams protected and handed to ICE, and their bytes. */
  rtpSent: number;
  rtcpSent: number;
  bytesSent: number;
}

/** What getStats reads of the media plane. */
export interface MediaStats {
  counters: MediaCounters;
  /** The negotiated SRTP profile's name (e.g. SRTP_AEAD_AES_128_GCM), once keyed. */
  srtpCipher: string | undefined;
  srtp: { local: SrtpStats; remote: SrtpStats } | undefined;
  rtp: RtpSessionStats | undefined;
}

/** SRTP contexts plus the RTP session of one transport. */
export class MediaPlane {
  /** Counters of what could not be carried. */
  readonly counters: MediaCounters = {
    receivedWithoutKeys: 0,
    receivedMalformed: 0,
    unprotectFailed: 0,
    receivedWithoutSession: 0,
    sendWithoutKeys: 0,
    sendWithoutRoute: 0,
    rtpSent: 0,
    rtcpSent: 0,
    bytesSent: 0,
  };
  private srtp: SrtpContextPair | null = null;
  private session: RtpSession | null = null;
  private closed = false;

  constructor(
    private readonly random: Random,
    private readonly options: MediaOptions = {},
  ) {}

  /** Whether SRTP keys are in place. */
  get keyed(): boolean {
    return this.srtp !== null;
  }

  /** Keys SRTP from a connected DTLS connection; false when use_srtp was not negotiated. */
  keyFrom(dtls: DtlsSrtpSource): boolean {
    if (this.srtp !== null || this.closed) return this.srtp !== null;
    this.srtp = srtpContextsFromDtls(dtls, { replayWindow: REPLAY_WINDOW }) ?? null;
    return this.srtp !== null;
  }

  /** Applies the negotiated media description (creates the session on first use). */
  setDescription(description: RtpSessionDescription, nowMs: number): void {
    if (this.closed) return;
    if (this.session === null) {
      const cname = this.options.cname ?? randomCname(this.random);
      this.session = new RtpSession({ ...this.options, random: this.random, cname }, description);
      return;
    }
    this.session.setDescription(description, nowMs);
  }

  /** The session, once a description was applied. */
  get rtpSession(): RtpSession | null {
    return this.session;
  }

  /** One datagram whose first byte is 128-191 (RFC 7983 §7): SRTP or SRTCP. */
  handleDatagram(data: Uint8Array, nowMs: number): void {
    if (this.closed) return;
    const kind = classifyDatagram(data);
    if (kind !== 'rtp' && kind !== 'rtcp') {
      this.counters.receivedMalformed++;
      return;
    }
    const srtp = this.srtp;
    if (srtp === null) {
      this.counters.receivedWithoutKeys++;
      return;
    }
    // RFC 5761 §4: the second byte's payload type tells RTCP (192-223 with the marker) from RTP.
    const plain = kind === 'rtp' ? srtp.remote.unprotectRtp(data) : srtp.remote.unprotectRtcp(data);
    if (plain === undefined) {
      this.counters.unprotectFailed++;
      return;
    }
    if (this.session === null) {
      this.counters.receivedWithoutSession++;
      return;
    }
    if (kind === 'rtp') this.session.handleRtp(plain, nowMs);
    else this.session.handleRtcp(plain, nowMs);
  }

  /** Runs the session's timers. */
  handleTimeout(nowMs: number): void {
    if (!this.closed) this.session?.handleTimeout(nowMs);
  }

  /** When the session's timers are due next. */
  pollTimeout(): number | undefined {
    return this.closed ? undefined : this.session?.pollTimeout();
  }

  /** Hands one packet of a sender to the session (see RtpSession.sendRtp); false when refused. */
  sendRtp(senderId: string, packet: OutgoingRtpPacket, nowMs: number, options?: SendOptions): boolean {
    if (this.closed || this.session === null) return false;
    return this.session.sendRtp(senderId, packet, nowMs, options);
  }

  /**
   * Moves the session's output through SRTP protect into `send` (false: no route) and its
   * events into `events`. Returns whether anything moved.
   */
  drain(send: (data: Uint8Array) => boolean, events: RtpSessionEvent[]): boolean {
    const session = this.session;
    if (session === null) return false;
    let moved = false;
    for (let tx = session.pollTransmit(); tx; tx = session.pollTransmit()) {
      moved = true;
      const srtp = this.srtp;
      if (srtp === null) {
        this.counters.sendWithoutKeys++;
        continue;
      }
      const data = tx.kind === 'rtp' ? srtp.local.protectRtp(tx.data) : srtp.local.protectRtcp(tx.data);
      if (!send(data)) {
        this.counters.sendWithoutRoute++;
        continue;
      }
      if (tx.kind === 'rtp') this.counters.rtpSent++;
      else this.counters.rtcpSent++;
      this.counters.bytesSent += data.length;
    }
    for (let e = session.pollEvent(); e; e = session.pollEvent()) {
      moved = true;
      events.push(e);
    }
    return moved;
  }

  /** A copy of the counters and the session's stats. */
  stats(): MediaStats {
    return {
      counters: { ...this.counters },
      srtpCipher: this.srtp?.local.profile.name,
      srtp: this.srtp ? { local: this.srtp.local.stats(), remote: this.srtp.remote.stats() } : undefined,
      rtp: this.session?.stats(),
    };
  }

  /** Says BYE for what was sent (RFC 3550 §6.6); `drain` once more to send it. */
  close(nowMs: number): void {
    if (this.closed) return;
    this.session?.close(nowMs);
    this.closed = true;
  }
}

/** RFC 7022 §4.2: a random CNAME of 96 bits, base64 encoded, per session. */
function randomCname(random: Random): string {
  return Buffer.from(random.bytes(12)).toString('base64');
}
