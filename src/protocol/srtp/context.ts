// An SRTP/SRTCP cryptographic context for one direction (RFC 3711 §3.2): the session keys,
// the per-SSRC send counters and receive state, replay lists and counters. Sans-IO: packets
// in, packets out; bad input is dropped and counted, never thrown.
import { SrtpError } from './errors.js';
import { rtpHeaderBytes, rtpSeq, RTCP_HEADER_BYTES, ssrcAt } from './headers.js';
import { deriveSessionKeys } from './kdf.js';
import { srtpProfile, type SrtpProfile } from './profiles.js';
import { DEFAULT_REPLAY_WINDOW } from './replay.js';
import { MAX_ROC, packetIndex, RocState } from './roc.js';
import { noFailures, type FailureCounts, type SrtpFailure, type SrtpStats } from './stats.js';
import { DEFAULT_MAX_STREAMS, StreamTable } from './streams.js';
import { readU32, SRTCP_INDEX_BYTES, type SrtpTransform } from './transform.js';
import { CmHmacTransform } from './transform-cm.js';
import { GcmTransform } from './transform-gcm.js';

/** Largest SRTCP index: 31 bits (RFC 3711 §3.4). */
export const MAX_SRTCP_INDEX = 0x7fffffff;

/** What a context is made from. */
export interface SrtpContextOptions {
  /** The protection profile: a DTLS-SRTP id (RFC 5764 §4.1.2) or an entry of SRTP_PROFILES. */
  profile: number | SrtpProfile;
  /** The master key, profile.keyBytes long. */
  masterKey: Uint8Array;
  /** The master salt, profile.saltBytes long. */
  masterSalt: Uint8Array;
  /** Replay window in packets, a power of two from 32 (default 128, as libsrtp). */
  replayWindow?: number;
  /** Most receive streams (SSRCs) tracked for SRTP and for SRTCP each (default 1024). */
  maxStreams?: number;
}

/** The send state of one SSRC. */
interface SendStream {
  rtp: RocState | undefined;
  nextRtcpIndex: number;
}

/**
 * One direction's SRTP and SRTCP context. The local context protects what we send; the
 * remote one unprotects what the peer sends (see srtpContextsFromKeyingMaterial).
 */
export class SrtpContext {
  /** The profile in use. */
  readonly profile: SrtpProfile;
  /** Why the last packet unprotect refused was dropped. */
  lastFailure: SrtpFailure | undefined;
  private readonly transform: SrtpTransform;
  private readonly send = new Map<number, SendStream>();
  private readonly rtpStreams: StreamTable;
  private readonly rtcpStreams: StreamTable;
  private readonly rtpDropped = noFailures();
  private readonly rtcpDropped = noFailures();
  private rtpProtected = 0;
  private rtpUnprotected = 0;
  private rtcpProtected = 0;
  private rtcpUnprotected = 0;

  /** Derives the session keys (RFC 3711 §4.3); throws SrtpError on an unknown profile or bad key length. */
  constructor(options: SrtpContextOptions) {
    const profile = typeof options.profile === 'number' ? srtpProfile(options.profile) : options.profile;
    if (profile === undefined) throw new SrtpError('unknown-profile', `SRTP protection profile 0x${Number(options.profile).toString(16).padStart(4, '0')} is not implemented`);
    this.profile = profile;
    if (options.masterKey.length !== profile.keyBytes || options.masterSalt.length !== profile.saltBytes) {
      throw new SrtpError('bad-key', `${profile.name} takes a ${profile.keyBytes}-byte key and ${profile.saltBytes}-byte salt, not ${options.masterKey.length} and ${options.masterSalt.length}`);
    }
    const keys = deriveSessionKeys(profile, options.masterKey, options.masterSalt);
    this.transform = profile.kind === 'gcm' ? new GcmTransform(keys.rtp, keys.rtcp) : new CmHmacTransform(keys.rtp, keys.rtcp, profile.srtpTagBytes, profile.srtcpTagBytes);
    const window = options.replayWindow ?? DEFAULT_REPLAY_WINDOW;
    const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
    this.rtpStreams = new StreamTable(maxStreams, window);
    this.rtcpStreams = new StreamTable(maxStreams, window);
  }

  /** The SRTP packet for an RTP packet; throws SrtpError('not-rtp') if it is not one. */
  protectRtp(packet: Uint8Array): Uint8Array {
    const headerBytes = rtpHeaderBytes(packet);
    if (headerBytes < 0) throw new SrtpError('not-rtp', `not an RTP packet (${packet.length} bytes)`);
    const ssrc = ssrcAt(packet, 8);
    const seq = rtpSeq(packet);
    const stream = this.sendStream(ssrc);
    let state = stream.rtp;
    if (state === undefined) state = stream.rtp = new RocState(seq);
    // RFC 3711 §3.3.1: the sender's ROC counts wraps of its own sequence numbers; estimating
    // it as a receiver would also gives a resent packet (NACK) the index it had the first time.
    let v = state.estimate(seq);
    if (v < 0) v = 0; // a number from before the stream's first one: no earlier ROC exists
    // RFC 3711 §9.2: a master key protects at most 2^48 packets; rekey before.
    if (v > MAX_ROC) throw new SrtpError('index-exhausted', `SSRC ${ssrc}: the SRTP packet index is exhausted; rekey`);
    state.update(v, seq);
    this.rtpProtected++;
    return this.transform.protectRtp(packet, headerBytes, ssrc, v, seq);
  }

  /** The RTP packet inside an SRTP packet, or undefined when it is dropped (see stats()). */
  unprotectRtp(packet: Uint8Array): Uint8Array | undefined {
    const tagBytes = this.transform.srtpTagBytes;
    if (packet.length < 12 + tagBytes) return this.dropRtp('too-short');
    const headerBytes = rtpHeaderBytes(packet, packet.length - tagBytes);
    if (headerBytes < 0) return this.dropRtp('malformed');
    const ssrc = ssrcAt(packet, 8);
    const seq = rtpSeq(packet);
    const stream = this.rtpStreams.get(ssrc);
    // RFC 3711 §3.3.1: a new SSRC starts with ROC 0.
    const v = stream?.roc ? stream.roc.estimate(seq) : 0;
    if (v < 0 || v > MAX_ROC) return this.dropRtp('too-old');
    const index = packetIndex(v, seq);
    if (stream) {
      // RFC 3711 §3.3 step 3: replay check before authentication.
      const verdict = stream.window.check(index);
      if (verdict !== 'fresh') return this.dropRtp(verdict);
    }
    const out = this.transform.unprotectRtp(packet, headerBytes, ssrc, v, seq);
    if (out === undefined) return this.dropRtp('auth-failed');
    // RFC 3711 §3.3 step 7: ROC, s_l and the replay list change only now.
    const s = stream ?? this.rtpStreams.add(ssrc, seq);
    s.roc!.update(v, seq);
    s.window.accept(index);
    this.rtpStreams.touch(s);
    this.rtpUnprotected++;
    return out;
  }

  /** The SRTCP packet for an RTCP packet (encrypted, E = 1); throws SrtpError('not-rtcp') if it is not one. */
  protectRtcp(packet: Uint8Array): Uint8Array {
    if (packet.length < RTCP_HEADER_BYTES || packet[0]! >>> 6 !== 2) throw new SrtpError('not-rtcp', `not an RTCP packet (${packet.length} bytes)`);
    const ssrc = ssrcAt(packet, 4);
    const stream = this.sendStream(ssrc);
    const index = stream.nextRtcpIndex;
    // RFC 3711 §3.4 / §9.2: the 31-bit SRTCP index must not repeat under one key.
    if (index > MAX_SRTCP_INDEX) throw new SrtpError('index-exhausted', `SSRC ${ssrc}: the SRTCP index is exhausted; rekey`);
    stream.nextRtcpIndex = index + 1; // RFC 3711 §3.4: zero first, then one more per packet
    this.rtcpProtected++;
    return this.transform.protectRtcp(packet, ssrc, index);
  }

  /** The RTCP packet inside an SRTCP packet, or undefined when it is dropped (see stats()). */
  unprotectRtcp(packet: Uint8Array): Uint8Array | undefined {
    const t = this.transform;
    if (packet.length < RTCP_HEADER_BYTES + SRTCP_INDEX_BYTES + t.srtcpTagBytes) return this.dropRtcp('too-short');
    if (packet[0]! >>> 6 !== 2) return this.dropRtcp('malformed');
    const word = readU32(packet, t.srtcpIndexLast ? packet.length - SRTCP_INDEX_BYTES : packet.length - t.srtcpTagBytes - SRTCP_INDEX_BYTES);
    const encrypted = word >>> 31 === 1; // RFC 3711 §3.4: the E flag
    const index = word & MAX_SRTCP_INDEX;
    const ssrc = ssrcAt(packet, 4);
    const stream = this.rtcpStreams.get(ssrc);
    if (stream) {
      // RFC 3711 §3.4: replay protection by SRTCP index, as for SRTP.
      const verdict = stream.window.check(index);
      if (verdict !== 'fresh') return this.dropRtcp(verdict);
    }
    const out = t.unprotectRtcp(packet, ssrc, index, encrypted);
    if (out === undefined) return this.dropRtcp('auth-failed');
    const s = stream ?? this.rtcpStreams.add(ssrc, undefined);
    s.window.accept(index);
    this.rtcpStreams.touch(s);
    this.rtcpUnprotected++;
    return out;
  }

  /** A snapshot of the counters. */
  stats(): SrtpStats {
    const copy = (c: FailureCounts): FailureCounts => ({ ...c });
    return {
      rtpProtected: this.rtpProtected,
      rtpUnprotected: this.rtpUnprotected,
      rtcpProtected: this.rtcpProtected,
      rtcpUnprotected: this.rtcpUnprotected,
      rtpDropped: copy(this.rtpDropped),
      rtcpDropped: copy(this.rtcpDropped),
      rtpStreams: this.rtpStreams.size,
      rtcpStreams: this.rtcpStreams.size,
      streamsEvicted: this.rtpStreams.evicted + this.rtcpStreams.evicted,
    };
  }

  private sendStream(ssrc: number): SendStream {
    let s = this.send.get(ssrc);
    if (s === undefined) {
      // Our own SSRCs only: not capped, since forgetting one would reuse its indexes
      // (and so its keystream, RFC 3711 §9.1).
      s = { rtp: undefined, nextRtcpIndex: 0 };
      this.send.set(ssrc, s);
    }
    return s;
  }

  private dropRtp(why: SrtpFailure): undefined {
    this.rtpDropped[why]++;
    this.lastFailure = why;
    return undefined;
  }

  private dropRtcp(why: SrtpFailure): undefined {
    this.rtcpDropped[why]++;
    this.lastFailure = why;
    return undefined;
  }
}
