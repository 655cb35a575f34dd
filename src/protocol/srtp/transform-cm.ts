// AES counter mode with HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1): SRTP_AES128_CM_HMAC_SHA1_80 and
// _32 (RFC 5764 §4.1.2).
import { AES_BLOCK_BYTES, AesCtr } from '../../crypto/index.js';
import { HmacKey, macEqual } from '../../crypto/mac.js';
import type { SessionKeys } from './kdf.js';
import { RTCP_CLEAR_BYTES, SRTCP_INDEX_BYTES, writeU32, type SrtpTransform } from './transform.js';

/** The AES-CM / HMAC-SHA1 transform of one direction. */
export class CmHmacTransform implements SrtpTransform {
  private readonly rtpCipher: AesCtr;
  private readonly rtcpCipher: AesCtr;
  private readonly rtpMac: HmacKey;
  private readonly rtcpMac: HmacKey;
  private readonly iv = new Uint8Array(AES_BLOCK_BYTES);
  private readonly roc = new Uint8Array(4);
  /** RFC 3711 §3.4: E || index, then the tag. */
  readonly srtcpIndexLast = false;

  /** The transform for the session keys of SRTP and SRTCP, with the profile's tag lengths. */
  constructor(
    private readonly rtp: SessionKeys,
    private readonly rtcp: SessionKeys,
    readonly srtpTagBytes: number,
    readonly srtcpTagBytes: number,
  ) {
    this.rtpCipher = new AesCtr(rtp.encryptionKey);
    this.rtcpCipher = new AesCtr(rtcp.encryptionKey);
    this.rtpMac = new HmacKey('sha1', rtp.authenticationKey);
    this.rtcpMac = new HmacKey('sha1', rtcp.authenticationKey);
  }

  protectRtp(packet: Uint8Array, headerBytes: number, ssrc: number, roc: number, seq: number): Uint8Array {
    const length = packet.length;
    const out = new Uint8Array(length + this.srtpTagBytes);
    out.set(packet.subarray(0, headerBytes));
    this.rtpCipher.xor(this.fillIv(this.rtp.salt, ssrc, roc, seq), packet.subarray(headerBytes), out, headerBytes);
    // RFC 3711 §4.2: the tag is over the authenticated portion (header and encrypted
    // payload) || ROC, truncated to the profile's tag length (§4.2.1).
    out.set(this.rtpTag(out.subarray(0, length), roc), length);
    return out;
  }

  unprotectRtp(packet: Uint8Array, headerBytes: number, ssrc: number, roc: number, seq: number): Uint8Array | undefined {
    const length = packet.length - this.srtpTagBytes;
    // RFC 3711 §3.3 step 5: authenticate before decrypting.
    if (!macEqual(this.rtpTag(packet.subarray(0, length), roc), packet.subarray(length))) return undefined;
    const out = new Uint8Array(length);
    out.set(packet.subarray(0, headerBytes));
    this.rtpCipher.xor(this.fillIv(this.rtp.salt, ssrc, roc, seq), packet.subarray(headerBytes, length), out, headerBytes);
    return out;
  }

  protectRtcp(packet: Uint8Array, ssrc: number, index: number): Uint8Array {
    const length = packet.length;
    const out = new Uint8Array(length + SRTCP_INDEX_BYTES + this.srtcpTagBytes);
    out.set(packet.subarray(0, RTCP_CLEAR_BYTES));
    // RFC 3711 §4.1.1 / §3.4: SRTCP uses the 31-bit SRTCP index as i.
    this.rtcpCipher.xor(this.fillIv(this.rtcp.salt, ssrc, 0, index), packet.subarray(RTCP_CLEAR_BYTES), out, RTCP_CLEAR_BYTES);
    writeU32(out, length, (0x80000000 | index) >>> 0); // RFC 3711 §3.4: E = 1, encrypted
    const authenticated = length + SRTCP_INDEX_BYTES;
    // RFC 3711 §3.4: the tag covers the header, encrypted portion, E flag and index.
    out.set(this.rtcpMac.mac(out.subarray(0, authenticated)).subarray(0, this.srtcpTagBytes), authenticated);
    return out;
  }

  unprotectRtcp(packet: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined {
    const authenticated = packet.length - this.srtcpTagBytes;
    const tag = this.rtcpMac.mac(packet.subarray(0, authenticated)).subarray(0, this.srtcpTagBytes);
    if (!macEqual(tag, packet.subarray(authenticated))) return undefined;
    const length = authenticated - SRTCP_INDEX_BYTES;
    if (!encrypted) return packet.slice(0, length);
    const out = new Uint8Array(length);
    out.set(packet.subarray(0, RTCP_CLEAR_BYTES));
    this.rtcpCipher.xor(this.fillIv(this.rtcp.salt, ssrc, 0, index), packet.subarray(RTCP_CLEAR_BYTES, length), out, RTCP_CLEAR_BYTES);
    return out;
  }

  private rtpTag(authenticated: Uint8Array, roc: number): Uint8Array {
    writeU32(this.roc, 0, roc);
    return this.rtpMac.mac(authenticated, this.roc).subarray(0, this.srtpTagBytes);
  }

  // RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), where the packet
  // index i = 2^16 * ROC + SEQ is 48 bits (for SRTCP, `high` is 0 and `low` the index).
  private fillIv(salt: Uint8Array, ssrc: number, high: number, low: number): Uint8Array {
    const iv = this.iv;
    iv.fill(0);
    iv.set(salt);
    iv[4]! ^= ssrc >>> 24;
    iv[5]! ^= (ssrc >>> 16) & 0xff;
    iv[6]! ^= (ssrc >>> 8) & 0xff;
    iv[7]! ^= ssrc & 0xff;
    // i * 2^16 occupies bytes 8..13: ROC (or the high bits of an SRTCP index) then SEQ.
    const i = high * 0x10000 + low;
    const hi = Math.floor(i / 0x100000000);
    iv[8]! ^= (hi >>> 8) & 0xff;
    iv[9]! ^= hi & 0xff;
    iv[10]! ^= (i >>> 24) & 0xff;
    iv[11]! ^= (i >>> 16) & 0xff;
    iv[12]! ^= (i >>> 8) & 0xff;
    iv[13]! ^= i & 0xff;
    return iv;
  }
}
