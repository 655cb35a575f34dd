import assert from 'node:assert/strict';
import {
  MAX_SEND_ENCODINGS,
  checkSetParameters,
  copyParameters,
  validateSendEncodings,
  type ReturnedParameters,
} from '../../src/api/rtp-parameters.js';
import { RTCPeerConnection } from '../../src/index.js';

const opus = { payloadType: 111, mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1' };
const pcmu = { payloadType: 0, mimeType: 'audio/PCMU', clockRate: 8000, channels: 1 };

function last(): ReturnedParameters {
  return {
    transactionId: '7',
    encodings: [{ active: true }],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypted: false }],
    rtcp: { cname: 'abc', reducedSize: true },
    codecs: [opus, pcmu],
  };
}

function domName(e: unknown): string {
  return e instanceof DOMException ? e.name : e instanceof Error ? e.constructor.name : typeof e;
}

describe('RTCRtpParameters validation', () => {
  it('addTransceiver: video defaults, powers of two only when no encoding sets a scale', () => {
    assert.deepEqual(validateSendEncodings('video', []), [{ active: true, scaleResolutionDownBy: 1 }]);
    const three = validateSendEncodings('video', [{ rid: 'a', active: true }, { rid: 'b', active: true }, { rid: 'c', active: true }]);
    assert.deepEqual(three.map((e) => e.scaleResolutionDownBy), [4, 2, 1]);
    const some = validateSendEncodings('video', [{ rid: 'a', active: true }, { rid: 'b', active: true, scaleResolutionDownBy: 3 }]);
    assert.deepEqual(some.map((e) => e.scaleResolutionDownBy), [1, 3]);
  });

  it('addTransceiver: one encoding has no rid; too many are trimmed; range checks', () => {
    assert.deepEqual(validateSendEncodings('video', [{ rid: 'foo', active: false, maxBitrate: 8 }]), [{ active: false, maxBitrate: 8, scaleResolutionDownBy: 1 }]);
    const many = Array.from({ length: 20 }, (_, i) => ({ rid: `r${i}`, active: true }));
    assert.equal(validateSendEncodings('video', many).length, MAX_SEND_ENCODINGS);
    assert.throws(() => validateSendEncodings('video', [{ active: true, scaleResolutionDownBy: 0.5 }]), RangeError);
    assert.throws(() => validateSendEncodings('video', [{ active: true, maxFramerate: -1 }]), RangeError);
    assert.throws(() => validateSendEncodings('video', [{ rid: 'a', active: true }, { active: true }]), TypeError);
    assert.throws(() => validateSendEncodings('video', [{ rid: 'a', active: true }, { rid: 'a', active: true }]), TypeError);
  });

  it('addTransceiver(audio): one encoding, video members dropped before the range checks', () => {
    const out = validateSendEncodings('audio', [
      { rid: 'foo', active: true, scaleResolutionDownBy: -1, maxFramerate: -5 },
      { rid: 'bar', active: true },
    ]);
    assert.deepEqual(out, [{ active: true }]);
  });

  it('addTransceiver: a codec outside the capabilities is an OperationError', () => {
    assert.throws(() => validateSendEncodings('audio', [{ active: true, codec: { mimeType: 'audio/newCodec', clockRate: 90000 } }]), (e) => domName(e) === 'OperationError');
    assert.throws(() => validateSendEncodings('video', [{ active: true, codec: { mimeType: 'dummy/VP8', clockRate: 90000 } }]), (e) => domName(e) === 'OperationError');
    const ok = validateSendEncodings('video', [{ active: true, codec: { mimeType: 'video/vp8', clockRate: 90000 } }]);
    assert.equal(ok[0]!.codec?.mimeType, 'video/vp8');
  });

  it('setParameters: read-only members changed are InvalidModificationError', () => {
    const base = last();
    const given = (edit: (p: ReturnedParameters) => void) => {
      const p = copyParameters(base);
      edit(p);
      return checkSetParameters('audio', p, base, base.codecs);
    };
    assert.deepEqual(given(() => {}), [{ active: true }]);
    const cases: Array<(p: ReturnedParameters) => void> = [
      (p) => { p.transactionId = '8'; },
      (p) => { p.codecs[0]!.payloadType = 112; },
      (p) => { p.codecs[0]!.sdpFmtpLine += ';foo=1'; },
      (p) => { p.codecs.reverse(); },
      (p) => { p.codecs.pop(); },
      (p) => { p.codecs.push({ payloadType: 2, mimeType: 'audio/piedpiper', clockRate: 1000 }); },
      (p) => { p.headerExtensions[0]!.id = 5; },
      (p) => { p.rtcp.cname = 'other'; },
      (p) => { p.rtcp.reducedSize = false; },
      (p) => { p.encodings.push({ active: true, rid: 'x' }); },
      (p) => { p.encodings[0]!.codec = { mimeType: 'audio/G722', clockRate: 8000 }; },
    ];
    for (const edit of cases) {
      const result = given(edit);
      assert.ok(result instanceof DOMException && result.name === 'InvalidModificationError', String(edit));
    }
    const range = checkSetParameters('video', { ...copyParameters(base), encodings: [{ active: true, scaleResolutionDownBy: 0 }] }, base, base.codecs);
    assert.ok(range instanceof RangeError);
    const audio = checkSetParameters('audio', { ...copyParameters(base), encodings: [{ active: true, scaleResolutionDownBy: 0, maxFramerate: -1 }] }, base, base.codecs);
    assert.deepEqual(audio, [{ active: true }]);
  });

  it('RTCRtpSender: one transactionId per task, cleared by a queued task and by setParameters', async () => {
    const pc = new RTCPeerConnection();
    try {
      const { sender } = pc.addTransceiver('audio');
      const a = sender.getParameters();
      await sender.setParameters(a);
      await assert.rejects(sender.setParameters(a), (e) => domName(e) === 'InvalidStateError');
      assert.equal(sender.getParameters().transactionId, a.transactionId);
      await new Promise((r) => setTimeout(r, 0));
      const b = sender.getParameters();
      assert.notEqual(b.transactionId, a.transactionId);
      await assert.rejects(sender.setParameters(a), (e) => domName(e) === 'InvalidModificationError');
      await assert.rejects(sender.setParameters({ encodings: b.encodings }), TypeError);
      await new Promise((r) => setTimeout(r, 0));
      await assert.rejects(sender.setParameters(b), (e) => domName(e) === 'InvalidStateError');
    } finally {
      pc.close();
    }
  });
});
