import assert from 'node:assert/strict';
import {
  RTCPeerConnectionIceEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCTrackEvent,
  RTCDataChannelEvent,
  RTCDTMFToneChangeEvent,
  MediaStreamTrackEvent,
} from '../../src/api/events.js';
import { RTCIceCandidate } from '../../src/api/ice-candidate.js';
import { MediaStream } from '../../src/api/media-stream.js';
import { createMediaStreamTrack } from '../../src/api/media-stream-track.js';
import { interfaces } from '../../src/api/interfaces.js';

describe('events', () => {
  it('RTCPeerConnectionIceEvent', () => {
    assert.throws(() => new (RTCPeerConnectionIceEvent as unknown as new () => unknown)(), TypeError);
    const empty = new RTCPeerConnectionIceEvent('icecandidate');
    assert.equal(empty.candidate, null);
    assert.equal(empty.url, null);
    assert.equal(empty.bubbles, false);
    assert.equal(empty.cancelable, false);
    const candidate = new RTCIceCandidate({ sdpMid: '0' });
    const ev = new RTCPeerConnectionIceEvent('icecandidate', { candidate, url: 'stun:x', bubbles: true, cancelable: true });
    assert.equal(ev.candidate, candidate);
    assert.equal(ev.url, 'stun:x');
    assert.equal(ev.bubbles, true);
    assert.equal(ev.cancelable, true);
    assert.equal(new RTCPeerConnectionIceEvent('x', { candidate: undefined }).candidate, null);
    assert.throws(() => new RTCPeerConnectionIceEvent('x', { candidate: { sdpMid: '0' } as never }), TypeError);
    assert.ok(ev instanceof Event);
    assert.equal(RTCPeerConnectionIceEvent.length, 1);
  });

  it('RTCPeerConnectionIceErrorEvent', () => {
    const ev = new RTCPeerConnectionIceErrorEvent('icecandidateerror', {
      address: '168.3.4.5', port: 4711, url: 'turn:turn.example.org', errorCode: 703, errorText: 'Test error',
    });
    assert.deepEqual(
      [ev.type, ev.address, ev.port, ev.url, ev.errorCode, ev.errorText],
      ['icecandidateerror', '168.3.4.5', 4711, 'turn:turn.example.org', 703, 'Test error'],
    );
    const min = new RTCPeerConnectionIceErrorEvent('e', { errorCode: 701 });
    assert.deepEqual([min.address, min.port, min.url, min.errorText], [null, null, '', '']);
    assert.throws(() => new RTCPeerConnectionIceErrorEvent('e', {} as never), TypeError);
    assert.throws(() => new (RTCPeerConnectionIceErrorEvent as unknown as new (t: string) => unknown)('e'), TypeError);
    assert.equal(RTCPeerConnectionIceErrorEvent.length, 2);
  });

  describe('with stand-ins for the peer connection classes', () => {
    class RTCRtpReceiver {}
    class RTCRtpTransceiver {}
    class RTCDataChannel {}
    const saved: Record<string, unknown> = {};
    before(() => {
      for (const [k, v] of Object.entries({ RTCRtpReceiver, RTCRtpTransceiver, RTCDataChannel })) {
        saved[k] = interfaces[k];
        interfaces[k] = v;
      }
    });
    after(() => {
      for (const k of Object.keys(saved)) {
        if (saved[k] === undefined) delete interfaces[k];
        else interfaces[k] = saved[k];
      }
    });

    it('RTCTrackEvent', () => {
      const receiver = new RTCRtpReceiver();
      const transceiver = new RTCRtpTransceiver();
      const track = createMediaStreamTrack({ kind: 'audio', remote: true, muted: true });
      const ev = new RTCTrackEvent('track', { receiver, track, transceiver });
      assert.equal(ev.receiver, receiver);
      assert.equal(ev.track, track);
      assert.equal(ev.transceiver, transceiver);
      assert.deepEqual(ev.streams, []);
      assert.equal(ev.streams, ev.streams);
      assert.ok(Object.isFrozen(ev.streams));
      const s1 = new MediaStream([track]);
      const s2 = new MediaStream();
      assert.deepEqual(new RTCTrackEvent('track', { receiver, track, transceiver, streams: [s1, s2] }).streams, [s1, s2]);
      assert.throws(() => new RTCTrackEvent('track', { receiver, track } as never), TypeError);
      assert.throws(() => new RTCTrackEvent('track', { receiver, transceiver } as never), TypeError);
      assert.throws(() => new RTCTrackEvent('track', { track, transceiver } as never), TypeError);
      assert.throws(() => new RTCTrackEvent('track', { receiver: transceiver, track, transceiver }), TypeError);
      assert.throws(() => new RTCTrackEvent('track', { receiver, track, transceiver, streams: [{}] as never }), TypeError);
      assert.equal(RTCTrackEvent.length, 2);
    });

    it('RTCDataChannelEvent', () => {
      assert.equal(RTCDataChannelEvent.length, 2);
      assert.throws(() => new (RTCDataChannelEvent as unknown as new (t: string) => unknown)('x'), TypeError);
      assert.throws(() => new RTCDataChannelEvent('x', { channel: null as never }), TypeError);
      assert.throws(() => new RTCDataChannelEvent('x', { channel: undefined as never }), TypeError);
      assert.throws(() => new RTCDataChannelEvent('x', { channel: {} }), TypeError);
      const channel = new RTCDataChannel();
      assert.equal(new RTCDataChannelEvent('datachannel', { channel }).channel, channel);
    });
  });

  it('RTCDTMFToneChangeEvent', () => {
    assert.equal(new RTCDTMFToneChangeEvent('tonechange', { tone: '1' }).tone, '1');
    assert.equal(new RTCDTMFToneChangeEvent('tonechange').tone, '');
    assert.equal(new RTCDTMFToneChangeEvent('other', {}).type, 'other');
  });

  it('MediaStreamTrackEvent', () => {
    const track = createMediaStreamTrack({ kind: 'video' });
    const ev = new MediaStreamTrackEvent('addtrack', { track });
    assert.equal(ev.track, track);
    assert.throws(() => new MediaStreamTrackEvent('addtrack', {} as never), TypeError);
    assert.throws(() => new MediaStreamTrackEvent('addtrack', { track: {} as never }), TypeError);
  });

  it('attribute getters check their receiver', () => {
    const get = Object.getOwnPropertyDescriptor(RTCPeerConnectionIceEvent.prototype, 'candidate')!.get!;
    assert.throws(() => get.call(new Event('x')), TypeError);
    assert.equal(Object.prototype.toString.call(new RTCDTMFToneChangeEvent('x')), '[object RTCDTMFToneChangeEvent]');
  });
});
