// Payload types a remote description may use with RTP and RTCP multiplexed.
import assert from 'node:assert/strict';
import { testSession } from './sessions.js';

describe('jsep payload types and RTCP multiplexing', () => {
  it('refuses an RTP m-section using a payload type in 64-95 (RFC 5761 §4), takes 63 and 96', () => {
    const a = testSession();
    a.addTransceiver('audio', 'sendrecv', false);
    const offer = a.createOffer();
    const withPt = (pt: number): string => offer.replace(/m=audio 9 UDP\/TLS\/RTP\/SAVPF [0-9 ]+/, `m=audio 9 UDP/TLS/RTP/SAVPF ${pt}`)
      .replace(/a=rtpmap:111 /, `a=rtpmap:${pt} `);
    for (const pt of [64, 72, 95]) {
      assert.throws(() => testSession('wxyz').setRemote('offer', withPt(pt)), (e: unknown) => (e as { kind?: string }).kind === 'invalid-access');
    }
    for (const pt of [63, 96]) testSession('wxyz').setRemote('offer', withPt(pt));
  });
});

describe('jsep answer directions', () => {
  it('refuses a remote answer that sends where the offer does not receive, or receives where it does not send (RFC 3264 §6.1)', () => {
    for (const [offered, bad, good] of [['recvonly', 'recvonly', 'sendonly'], ['sendonly', 'sendrecv', 'recvonly']] as const) {
      const a = testSession();
      a.addTransceiver('audio', offered, false);
      const offer = a.createOffer();
      a.setLocal('offer', offer);
      const b = testSession('wxyz');
      b.setRemote('offer', offer);
      const answer = b.createAnswer().replace(/a=(sendrecv|sendonly|recvonly|inactive)\r\n/, 'a=DIR\r\n');
      assert.throws(() => a.setRemote('answer', answer.replace('a=DIR', `a=${bad}`)), (e: unknown) => (e as { kind?: string }).kind === 'invalid-access');
      a.setRemote('answer', answer.replace('a=DIR', `a=${good}`));
    }
  });
});
