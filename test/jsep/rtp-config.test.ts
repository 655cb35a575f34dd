// The RTP session configuration read from negotiated descriptions: a purertc offer/answer pair
// and answers to real Chromium and Firefox offers (test/fixtures/browser-sdp).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readDescription } from '../../src/jsep/remote.js';
import { rtpSessionDescription } from '../../src/jsep/rtp-config.js';
import type { JsepSession } from '../../src/jsep/session.js';
import { ExtensionUri } from '../../src/protocol/rtp/index.js';
import { VP8_FRAMES } from '../../src/protocol/rtp/payload/index.js';
import type { RtpSessionDescription } from '../../src/protocol/rtp/session/index.js';
import { testSession } from './sessions.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/browser-sdp/${name}`, import.meta.url), 'utf8');

/** Both sides' session descriptions once `a`'s offer and `b`'s answer are applied. */
function negotiate(a: JsepSession, b: JsepSession): [RtpSessionDescription, RtpSessionDescription] {
  const offer = a.createOffer();
  a.setLocal('offer', offer);
  b.setRemote('offer', offer);
  const answer = b.createAnswer();
  b.setLocal('answer', answer);
  a.setRemote('answer', answer);
  return [
    rtpSessionDescription(readDescription(a.currentLocal!.sdp), readDescription(a.currentRemote!.sdp)),
    rtpSessionDescription(readDescription(b.currentLocal!.sdp), readDescription(b.currentRemote!.sdp)),
  ];
}

/** Answers a browser offer with purertc (receive only: no tracks) and reads our side's configuration. */
function answerBrowser(file: string): RtpSessionDescription {
  const b = testSession('wxyz');
  const offer = fixture(file);
  b.setRemote('offer', offer);
  const answer = b.createAnswer();
  b.setLocal('answer', answer);
  return rtpSessionDescription(readDescription(answer), readDescription(offer));
}

/** A sendonly answer to `offer` listing VP8 96 and RTX 97 only, as Chromium answers after setCodecPreferences. */
function fixtureAnswer(offer: string): string {
  const mid = /a=mid:(\S+)/.exec(offer)![1];
  const setup = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', `a=group:BUNDLE ${mid}`, 'a=extmap-allow-mixed', 'a=msid-semantic: WMS s'];
  const video = [
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0', 'a=ice-ufrag:WCKH', 'a=ice-pwd:8G0wPCjXtZ82f5Mkq7EsRASD',
    'a=fingerprint:sha-256 77:2E:39:2E:C6:7B:29:8C:34:32:A4:ED:2D:F2:D0:5A:39:B9:44:98:54:B6:7A:2B:B7:1F:B6:C5:72:B6:C1:F8', 'a=setup:active',
    `a=mid:${mid}`, 'a=sendonly', 'a=msid:s t', 'a=rtcp-mux', 'a=rtcp-rsize', 'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack', 'a=rtcp-fb:96 nack pli',
    'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=96', 'a=ssrc-group:FID 736673 2056400062', 'a=ssrc:736673 cname:c', 'a=ssrc:2056400062 cname:c',
  ];
  return [...setup, ...video, ''].join('\r\n');
}

const pts = (c: { payloadType: number; rtxPayloadType?: number }[]): Array<[number, number | undefined]> => c.map((x) => [x.payloadType, x.rtxPayloadType]);

describe('jsep: RTP session configuration', () => {
  it('a purertc pair: senders with our SSRCs and FID RTX, receivers with the peer\'s, codecs, feedback and extmap', () => {
    const a = testSession('abcd');
    const b = testSession('wxyz');
    const audio = a.addTransceiver('audio', 'sendrecv', false);
    const video = a.addTransceiver('video', 'sendrecv', false);
    for (const t of [audio, video]) {
      t.sender.trackId = `track-${t.kind}`;
      t.sender.trackKind = t.kind;
      t.sender.streamIds = ['stream'];
    }
    const [ca, cb] = negotiate(a, b);
    // b answered recvonly (no tracks of its own): a sends, b receives.
    assert.deepEqual(ca.receivers, []);
    assert.deepEqual(cb.senders, []);
    assert.deepEqual(ca.senders!.map((s) => [s.id, s.kind, s.encodings]), [
      ['0', 'audio', [{ ssrc: audio.sender.ssrc }]],
      ['1', 'video', [{ ssrc: video.sender.ssrc, rtxSsrc: video.sender.rtxSsrc }]],
    ]);
    assert.deepEqual(cb.receivers!.map((r) => [r.id, r.mid, r.kind, r.ssrcs]), [
      ['0', '0', 'audio', [{ ssrc: audio.sender.ssrc }]],
      ['1', '1', 'video', [{ ssrc: video.sender.ssrc, rtxSsrc: video.sender.rtxSsrc }]],
    ]);
    // Audio: Opus, RED, PCMU, PCMA, telephone-event at 48 and 8 kHz; nothing we cannot carry.
    assert.deepEqual(cb.receivers![0]!.codecs.map((c) => [c.payloadType, c.clockRate, c.feedback]), [
      [111, 48000, { transportCc: true }],
      [63, 48000, undefined],
      [0, 8000, undefined],
      [8, 8000, undefined],
      [110, 48000, undefined],
      [126, 8000, undefined],
    ]);
    // Video: VP8, VP9, H.264 (four profiles), AV1, each with its RTX; RED is received (unwrapped), never sent.
    const received = cb.receivers![1]!.codecs;
    assert.deepEqual(received.filter((x) => x.red).map((x) => [x.payloadType, x.rtxPayloadType]), [[123, 122]]);
    const v = received.filter((x) => !x.red);
    assert.deepEqual(pts(v), [[96, 97], [98, 99], [102, 103], [106, 107], [116, 117], [112, 113], [45, 46]]);
    assert.deepEqual(v[0]!.feedback, { nack: true, pli: true, fir: true, transportCc: true });
    assert.equal(v[0]!.frames, VP8_FRAMES);
    assert.deepEqual(pts(ca.senders![1]!.codecs), pts(v));
    for (const c of [ca, cb]) {
      assert.equal(c.reducedSizeRtcp, true);
      assert.equal(c.extmapAllowMixed, true);
      assert.deepEqual(new Set(c.extensions!.map((e) => e.uri)), new Set(Object.values({ ...ExtensionUri })));
    }
    assert.deepEqual(
      ca.extensions!.map((e) => [e.id, e.uri]).sort(),
      [[1, ExtensionUri.AUDIO_LEVEL], [2, ExtensionUri.ABS_SEND_TIME], [3, ExtensionUri.TRANSPORT_WIDE_CC], [4, ExtensionUri.MID], [10, ExtensionUri.RID], [11, ExtensionUri.REPAIRED_RID]].sort(),
    );
  });

  it('both sending: each side receives the other\'s SSRCs', () => {
    const a = testSession('abcd');
    const b = testSession('wxyz');
    const ta = a.addTransceiver('video', 'sendrecv', false);
    ta.sender.trackId = 'ta';
    ta.sender.trackKind = 'video';
    const offer = a.createOffer();
    a.setLocal('offer', offer);
    b.setRemote('offer', offer);
    const tb = b.transceivers[0]!;
    tb.direction = 'sendrecv';
    tb.sender.trackId = 'tb';
    tb.sender.trackKind = 'video';
    const answer = b.createAnswer();
    b.setLocal('answer', answer);
    a.setRemote('answer', answer);
    const ca = rtpSessionDescription(readDescription(a.currentLocal!.sdp), readDescription(a.currentRemote!.sdp));
    const cb = rtpSessionDescription(readDescription(b.currentLocal!.sdp), readDescription(b.currentRemote!.sdp));
    assert.deepEqual(ca.receivers![0]!.ssrcs, [{ ssrc: tb.sender.ssrc, rtxSsrc: tb.sender.rtxSsrc }]);
    assert.deepEqual(cb.receivers![0]!.ssrcs, [{ ssrc: ta.sender.ssrc, rtxSsrc: ta.sender.rtxSsrc }]);
    assert.deepEqual(ca.senders![0]!.encodings, [{ ssrc: ta.sender.ssrc, rtxSsrc: ta.sender.rtxSsrc }]);
    assert.deepEqual(cb.senders![0]!.encodings, [{ ssrc: tb.sender.ssrc, rtxSsrc: tb.sender.rtxSsrc }]);
  });

  it('answering Chromium: its SSRCs and FID pair, our payload types, the extensions both list', () => {
    const c = answerBrowser('chromium-offer-av-data.sdp');
    assert.deepEqual(c.senders, []);
    const [audio, video] = c.receivers!;
    assert.deepEqual(audio!.ssrcs, [{ ssrc: 705747850 }]);
    assert.deepEqual(video!.ssrcs, [{ ssrc: 3037582007, rtxSsrc: 2621202225 }]);
    assert.deepEqual(audio!.codecs.map((x) => x.payloadType), [111, 63, 0, 8, 110, 126]);
    // Chromium's H.264 packetization-mode=0 and VP9 profile 2 are not ours; its PTs are the offer's.
    assert.deepEqual(pts(video!.codecs.filter((x) => !x.red)), [[96, 97], [102, 103], [108, 109], [116, 117], [45, 46], [98, 99]]);
    // Chromium sends VP8 inside RED when red and ulpfec are negotiated: RED and its RTX are received.
    assert.deepEqual(video!.codecs.filter((x) => x.red).map((x) => [x.payloadType, x.rtxPayloadType]), [[118, 119]]);
    assert.deepEqual(video!.codecs[0]!.feedback, { nack: true, pli: true, fir: true, transportCc: true });
    assert.deepEqual(
      c.extensions!.map((e) => [e.id, e.uri]).sort(),
      [[1, ExtensionUri.AUDIO_LEVEL], [2, ExtensionUri.ABS_SEND_TIME], [3, ExtensionUri.TRANSPORT_WIDE_CC], [4, ExtensionUri.MID], [10, ExtensionUri.RID], [11, ExtensionUri.REPAIRED_RID]].sort(),
    );
    assert.equal(c.reducedSizeRtcp, true);
    assert.equal(c.extmapAllowMixed, true);
  });

  it('offering to Chromium: an answer without red (setCodecPreferences) still receives the RED our offer listed', () => {
    const a = testSession('abcd');
    a.addTransceiver('video', 'recvonly', false);
    const offer = a.createOffer();
    a.setLocal('offer', offer);
    // Chromium's answer keeps VP8 and its RTX only, as after setCodecPreferences([VP8, rtx]).
    const answer = fixtureAnswer(offer);
    a.setRemote('answer', answer);
    const c = rtpSessionDescription(readDescription(a.currentLocal!.sdp), readDescription(a.currentRemote!.sdp));
    const codecs = c.receivers![0]!.codecs;
    assert.deepEqual(pts(codecs.filter((x) => !x.red)), [[96, 97]]);
    assert.deepEqual(codecs.filter((x) => x.red).map((x) => [x.payloadType, x.rtxPayloadType, x.clockRate]), [[123, 122, 90000]]);
  });

  it('answering Firefox: its SSRCs and FID pair, VP8 and H.264 with RTX, its extmap ids', () => {
    const c = answerBrowser('firefox-offer-av-data.sdp');
    const [audio, video] = c.receivers!;
    assert.deepEqual(audio!.ssrcs, [{ ssrc: 3784521077 }]);
    assert.deepEqual(video!.ssrcs, [{ ssrc: 1240588084, rtxSsrc: 3648819402 }]);
    assert.equal(audio!.codecs[0]!.payloadType, 109);
    assert.equal(audio!.codecs[0]!.clockRate, 48000);
    assert.ok(video!.codecs.some((x) => x.payloadType === 120 && x.rtxPayloadType === 124), JSON.stringify(pts(video!.codecs)));
    assert.ok(c.extensions!.some((e) => e.uri === ExtensionUri.MID));
    // Firefox writes no a=rtcp-rsize on audio: compound RTCP then.
    assert.equal(c.reducedSizeRtcp, false);
  });
});
