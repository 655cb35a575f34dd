// SRTP and SRTCP unprotect (RFC 3711, RFC 7714), for every profile: a receiving context fed
// mutated protected packets. It never throws, accepts a packet only if its bytes are exactly
// those a sender produced (then it returns that sender's plaintext), and still takes later
// valid packets afterwards. Seeds are packets protected here with fixed keys.
import fc from 'fast-check';
import { SRTP_PROFILES, SrtpContext, type SrtpProfile } from '../../../src/protocol/srtp/index.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, frames, PropertyFailure, type Meter, type Target } from '../harness/target.js';

const PROFILE_LIST: readonly SrtpProfile[] = [...SRTP_PROFILES.values()];

/** Keys of the fuzzed contexts: fixed, so the seeds authenticate. */
function keys(p: SrtpProfile): { masterKey: Uint8Array; masterSalt: Uint8Array } {
  return { masterKey: Uint8Array.from({ length: p.keyBytes }, (_, i) => i * 3 + 1), masterSalt: Uint8Array.from({ length: p.saltBytes }, (_, i) => 0xa0 + i) };
}

/** An RTP packet with `cc` CSRCs and, when `ext`, a two-word header extension. */
function rtpPacket(seq: number, ssrc: number, payloadBytes: number, cc = 0, ext = false): Uint8Array {
  const header = 12 + 4 * cc + (ext ? 12 : 0);
  const p = new Uint8Array(header + payloadBytes);
  const v = new DataView(p.buffer);
  p[0] = 0x80 | (ext ? 0x10 : 0) | cc;
  p[1] = 96;
  v.setUint16(2, seq);
  v.setUint32(4, seq * 3000);
  v.setUint32(8, ssrc);
  if (ext) v.setUint32(12 + 4 * cc, 0xbede0002);
  for (let i = header; i < p.length; i++) p[i] = i & 0xff;
  return p;
}

/** An RTCP receiver report from `ssrc`. */
function rtcpPacket(ssrc: number, fill: number): Uint8Array {
  const p = new Uint8Array(32).fill(fill);
  const v = new DataView(p.buffer);
  p[0] = 0x81;
  p[1] = 201;
  v.setUint16(2, 7);
  v.setUint32(4, ssrc);
  return p;
}

interface Sent {
  rtp: Array<[Uint8Array, Uint8Array]>; // [protected, plain]
  rtcp: Array<[Uint8Array, Uint8Array]>;
  laterRtp: Uint8Array;
  laterRtcp: Uint8Array;
}

/** Per profile: what one sender protected (the seeds), then one more packet of each kind. */
const SENT: Sent[] = PROFILE_LIST.map((p) => {
  const tx = new SrtpContext({ profile: p, ...keys(p) });
  // SSRC 0x9999 wraps its sequence numbers; 0x1234, whose later packet ends each run, does
  // not (a receiver that saw none of its packets could not know its ROC had moved).
  const plainRtp = [rtpPacket(100, 0x1234, 40), rtpPacket(101, 0x1234, 0, 2), rtpPacket(102, 0x1234, 100, 0, true), rtpPacket(65535, 0x9999, 1), rtpPacket(0, 0x9999, 20, 1, true)];
  const plainRtcp = [rtcpPacket(0x1234, 1), rtcpPacket(0x1234, 2), rtcpPacket(0x9999, 3)];
  return {
    rtp: plainRtp.map((x) => [tx.protectRtp(x), x]),
    rtcp: plainRtcp.map((x) => [tx.protectRtcp(x), x]),
    laterRtp: tx.protectRtp(rtpPacket(300, 0x1234, 10)),
    laterRtcp: tx.protectRtcp(rtcpPacket(0x1234, 4)),
  };
});

const SEEDS = SENT.flatMap((s) => [...s.rtp, ...s.rtcp].map(([prot]) => prot));
const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;

/** A profile index and a session of packets, each marked RTP (false) or RTCP (true). */
type SrtpInput = [profile: number, packets: Array<[rtcp: boolean, bytes: Uint8Array]>];

/** unprotectRtp / unprotectRtcp of one context per profile. */
export const srtpUnprotect: Target<SrtpInput> = {
  name: 'srtp',
  description: 'SrtpContext.unprotectRtp/unprotectRtcp for each profile on mutated protected packets: never throws, accepts only unchanged packets, and takes later valid ones',
  shortRuns: 3000,
  arbitrary: () => fc.tuple(fc.nat(PROFILE_LIST.length - 1), fc.array(fc.tuple(fc.boolean(), bytesFrom(SEEDS, { maxBytes: 1500 })), { minLength: 1, maxLength: 12 })),
  run([profileIndex, packets]: SrtpInput, meter: Meter): void {
    const profile = PROFILE_LIST[profileIndex % PROFILE_LIST.length]!;
    const sent = SENT[profileIndex % PROFILE_LIST.length]!;
    const rx = new SrtpContext({ profile, ...keys(profile) });
    for (const [isRtcp, bytes] of packets) {
      const out = meter.input(() => {
        try {
          return isRtcp ? rx.unprotectRtcp(bytes) : rx.unprotectRtp(bytes);
        } catch (err) {
          throw new PropertyFailure(`${profile.name} unprotect${isRtcp ? 'Rtcp' : 'Rtp'} threw ${describe(err)}`);
        }
      });
      if (out === undefined) continue;
      const original = (isRtcp ? sent.rtcp : sent.rtp).find(([prot]) => equal(prot, bytes));
      check(original !== undefined, () => `${profile.name}: accepted a packet no sender produced (${bytes.length} bytes)`);
      check(equal(out, original[1]), () => `${profile.name}: accepted a sent packet but returned other plaintext`);
    }
    check(rx.unprotectRtp(sent.laterRtp) !== undefined, () => `${profile.name}: a later valid SRTP packet was refused (${rx.lastFailure})`);
    check(rx.unprotectRtcp(sent.laterRtcp) !== undefined, () => `${profile.name}: a later valid SRTCP packet was refused (${rx.lastFailure})`);
  },
  encode: ([profile, list]) => frames.encode(profile, list.map(([rtcp, b]) => Uint8Array.from([rtcp ? 1 : 0, ...b]))),
  decode: (b) => {
    const { tag, items } = frames.decode(b);
    return [tag, items.map((d): [boolean, Uint8Array] => [d[0] === 1, d.subarray(1)])];
  },
};
