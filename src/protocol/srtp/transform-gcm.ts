// AES-GCM for SRTP and SRTCP (RFC 7714): SRTP_AEAD_AES_128_GCM and SRTP_AEAD_AES_256_GCM.
import { AesGcm, GCM_NONCE_BYTES, GCM_TAG_BYTES } from '../../crypto/index.js';
import type { SessionKeys } from './kdf.js';
import { RTCP_CLEAR_BYTES, SRTCP_INDEX_BYTES, writeU32, type SrtpTransform } from './transform.js';

/** The AEAD transform of one direction. */
export class GcmTransform implements SrtpTransform {
  /** RFC 7714 §5.2.1 / §14.2: a 16-octet tag. */
  readonly srtpTagBytes = GCM_TAG_BYTES;
  /** RFC 7714 §14.2: the same for SRTCP. */
  readonly srtcpTagBytes = GCM_TAG_BYTES;
  /** RFC 7714 §9 (Figure 5): the tag, then E || SRTCP index. */
  readonly srtcpIndexLast = true;
  private readonly rtpAead: AesGcm;
  private readonly rtcpAead: AesGcm;
  private readonly nonce = new Uint8Array(GCM_NONCE_BYTES);
  private readonly rtcpAad = new Uint8Array(RTCP_CLEAR_BYTES + SRTCP_INDEX_BYTES);

  /** The transform for the session keys of SRTP and SRTCP. */
  constructor(
    private readonly rtp: SessionKeys,
    private readonly rtcp: SessionKeys,
  ) {
    this.rtpAead = new AesGcm(rtp.encryptionKey);
    this.rtcpAead = new AesGcm(rtcp.encryptionKey);
  }

  protectRtp(packet: Uint8Array, headerBytes: number, ssrc: number, roc: number, seq: number): Uint8Array {
    const out = new Uint8Array(packet.length + GCM_TAG_BYTES);
    const header = packet.subarray(0, headerBytes);
    out.set(header);
    // RFC 7714 §8.2: the AAD is the RTP header, CSRCs and header extension included.
    this.rtpAead.seal(this.rtpNonce(ssrc, roc, seq), header, packet.subarray(headerBytes), out, headerBytes);
    return out;
  }

  unprotectRtp(packet: Uint8Array, headerBytes: number, ssrc: number, roc: number, seq: number): Uint8Array | undefined {
    const out = new Uint8Array(packet.length - GCM_TAG_BYTES);
    const header = packet.subarray(0, headerBytes);
    out.set(header);
    return this.rtpAead.open(this.rtpNonce(ssrc, roc, seq), header, packet.subarray(headerBytes), out, headerBytes) ? out : undefined;
  }

  protectRtcp(packet: Uint8Array, ssrc: number, index: number): Uint8Array {
    const length = packet.length;
    const out = new Uint8Array(length + GCM_TAG_BYTES + SRTCP_INDEX_BYTES);
    out.set(packet.subarray(0, RTCP_CLEAR_BYTES));
    const word = (0x80000000 | index) >>> 0; // E = 1: encrypted
    // RFC 7714 §9.3 (Figure 6): the AAD is the first 8 octets, then E || SRTCP index.
    this.rtcpAad.set(packet.subarray(0, RTCP_CLEAR_BYTES));
    writeU32(this.rtcpAad, RTCP_CLEAR_BYTES, word);
    this.rtcpAead.seal(this.rtcpNonce(ssrc, index), this.rtcpAad, packet.subarray(RTCP_CLEAR_BYTES), out, RTCP_CLEAR_BYTES);
    writeU32(out, length + GCM_TAG_BYTES, word);
    return out;
  }

  unprotectRtcp(packet: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined {
    const indexAt = packet.length - SRTCP_INDEX_BYTES;
    const word = packet.subarray(indexAt);
    if (!encrypted) {
      // RFC 7714 §9.3 (Figure 7): unencrypted, the whole RTCP packet and E || index are the
      // AAD and the plaintext is empty, so the packet body is followed by the tag alone.
      const length = indexAt - GCM_TAG_BYTES;
      const aad = new Uint8Array(length + SRTCP_INDEX_BYTES);
      aad.set(packet.subarray(0, length));
      aad.set(word, length);
      const ok = this.rtcpAead.open(this.rtcpNonce(ssrc, index), aad, packet.subarray(length, indexAt), aad, 0);
      return ok ? packet.slice(0, length) : undefined;
    }
    const out = new Uint8Array(indexAt - GCM_TAG_BYTES);
    out.set(packet.subarray(0, RTCP_CLEAR_BYTES));
    this.rtcpAad.set(packet.subarray(0, RTCP_CLEAR_BYTES));
    this.rtcpAad.set(word, RTCP_CLEAR_BYTES);
    return this.rtcpAead.open(this.rtcpNonce(ssrc, index), this.rtcpAad, packet.subarray(RTCP_CLEAR_BYTES, indexAt), out, RTCP_CLEAR_BYTES) ? out : undefined;
  }

  // RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt, 12 octets.
  private rtpNonce(ssrc: number, roc: number, seq: number): Uint8Array {
    const n = this.nonce;
    n[0] = 0;
    n[1] = 0;
    writeU32(n, 2, ssrc);
    writeU32(n, 6, roc);
    n[10] = seq >>> 8;
    n[11] = seq & 0xff;
    for (let i = 0; i < GCM_NONCE_BYTES; i++) n[i]! ^= this.rtp.salt[i]!;
    return n;
  }

  // RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt, the index
  // being 31 bits (its top bit, where E sits in the packet, is 0 here).
  private rtcpNonce(ssrc: number, index: number): Uint8Array {
    const n = this.nonce;
    n[0] = 0;
    n[1] = 0;
    writeU32(n, 2, ssrc);
    n[6] = 0;
    n[7] = 0;
    writeU32(n, 8, index & 0x7fffffff);
    for (let i = 0; i < GCM_NONCE_BYTES; i++) n[i]! ^= this.rtcp.salt[i]!;
    return n;
  }
}
