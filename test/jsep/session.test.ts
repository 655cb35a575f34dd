// JSEP session: offer/answer layout, mids, directions, codecs, rollback and
// negotiation-needed, with two sessions talking to each other (no I/O).
import assert from 'node:assert/strict';
import type { JsepSession } from '../../src/jsep/session.js';
import { DescriptionError, readDescription } from '../../src/jsep/remote.js';
import { testSession } from './sessions.js';

const session = testSession;

function negotiate(a: JsepSession, b: JsepSession): void {
  const offer = a.createOffer();
  a.setLocal('offer', offer);
  b.setRemote('offer', offer);
  const answer = b.createAnswer();
  b.setLocal('answer', answer);
  a.setRemote('answer', answer);
}

describe('JsepSession', () => {
  it('lays out audio, video and data in creation order with mids 0..2 and BUNDLE', () => {
    const a = session();
    a.addTransceiver('audio', 'sendrecv', false);
    a.addTransceiver('video', 'recvonly', false);
    a.dataChannelWanted = true;
    const offer = readDescription(a.createOffer());
    assert.deepEqual(offer.sections.map((s) => [s.kind, s.mid]), [['audio', '0'], ['video', '1'], ['application', '2']]);
    assert.deepEqual(offer.bundle, ['0', '1', '2']);
    assert.equal(offer.sections[1]!.direction, 'recvonly');
    assert.equal(offer.sections[0]!.setup, 'actpass');
  });

  it('answers with reversed directions, active setup and intersected codecs', () => {
    const a = session();
    const b = session('wxyz');
    a.addTransceiver('audio', 'sendonly', false);
    a.addTransceiver('video', 'sendrecv', false);
    negotiate(a, b);
    const answer = readDescription(b.currentLocal!.sdp);
    assert.deepEqual(answer.sections.map((s) => s.direction), ['recvonly', 'recvonly']);
    assert.equal(answer.sections[0]!.setup, 'active');
    assert.equal(answer.sections[0]!.codecs[0]!.mimeType, 'audio/opus');
    assert.deepEqual(a.transceivers.map((t) => t.currentDirection), ['sendonly', 'sendonly']);
    assert.deepEqual(b.transceivers.map((t) => t.currentDirection), ['recvonly', 'recvonly']);
    assert.equal(a.dtlsRole, 'server');
    assert.equal(b.dtlsRole, 'client');
    assert.equal(a.signalingState, 'stable');
    assert.equal(a.isNegotiationNeeded(), false);
  });

  it('rejects an answer whose m-sections do not match the offer', () => {
    const a = session();
    const b = session('wxyz');
    a.addTransceiver('audio', 'sendrecv', false);
    a.setLocal('offer', a.createOffer());
    const other = session('qrst');
    other.addTransceiver('video', 'sendrecv', false);
    other.addTransceiver('video', 'sendrecv', false);
    const offer2 = other.createOffer();
    b.setRemote('offer', offer2);
    const answer = b.createAnswer();
    assert.throws(() => a.setRemote('answer', answer), (e: DescriptionError) => e.kind === 'invalid-access' && /m-lines in answer/.test(e.message));
  });

  it('applies an edited local offer as written, and refuses an earlier offer with fewer m-sections', () => {
    const a = session();
    a.addTransceiver('audio', 'sendrecv', false);
    const first = a.createOffer();
    a.addTransceiver('video', 'sendrecv', false);
    const edited = a.createOffer().replace('a=sendrecv', 'a=sendonly').replace(/^a=ice-options:trickle\r\n/gm, '');
    assert.throws(() => a.setLocal('offer', first), (e: DescriptionError) => e.kind === 'invalid-modification');
    a.setLocal('offer', edited);
    assert.equal(a.pendingLocal!.sdp, edited);
    assert.equal(a.pendingLocal!.parsed.sections[0]!.direction, 'sendonly');
    assert.deepEqual(a.transceivers.map((t) => t.mid), ['0', '1']);
  });

  it('takes the ICE credentials and mids of an edited local offer', () => {
    const a = session();
    a.addTransceiver('audio', 'sendrecv', false);
    a.dataChannelWanted = true;
    const edited = a
      .createOffer()
      .replace(/^a=ice-ufrag:.*$/gm, 'a=ice-ufrag:edit')
      .replace(/^a=ice-pwd:.*$/gm, `a=ice-pwd:${'e'.repeat(22)}`)
      .replace(/^a=mid:0$/m, 'a=mid:audio')
      .replace(/^a=group:BUNDLE 0 1$/m, 'a=group:BUNDLE audio 1');
    a.setLocal('offer', edited);
    assert.equal(a.localTransport.iceUfrag, 'edit');
    assert.equal(a.localTransport.icePwd, 'e'.repeat(22));
    assert.equal(a.transceivers[0]!.mid, 'audio');
    assert.match(a.createOffer(), /^a=mid:audio\r\n/m, 'the next offer keeps the edited mid');
  });

  it('answers in the order codecs were offered, and negotiates the order of an edited local answer', () => {
    const a = session();
    const b = session('wxyz');
    a.addTransceiver('audio', 'sendrecv', false);
    const offer = a.createOffer();
    const reordered = offer.replace(/^(m=audio \S+ \S+) 111 63 0 /m, '$1 0 111 63 ');
    assert.notEqual(reordered, offer);
    a.setLocal('offer', reordered);
    b.setRemote('offer', reordered);
    const answer = readDescription(b.createAnswer());
    assert.equal(answer.sections[0]!.codecs[0]!.mimeType, 'audio/PCMU');
    const edited = b.createAnswer().replace(/^(m=audio \S+ \S+) 0 111 /m, '$1 111 0 ');
    b.setLocal('answer', edited);
    assert.deepEqual(
      b.transceivers[0]!.sender.negotiatedCodecs.slice(0, 2).map((c) => c.mimeType),
      ['audio/opus', 'audio/PCMU'],
    );
  });

  it('rolls back a remote offer, removing transceivers it created', () => {
    const a = session();
    const b = session('wxyz');
    a.addTransceiver('video', 'sendrecv', false);
    b.setRemote('offer', a.createOffer());
    assert.equal(b.transceivers.length, 1);
    const result = b.rollback();
    assert.equal(b.transceivers.length, 0);
    assert.equal(result.removed.length, 1);
    assert.equal(b.signalingState, 'stable');
  });

  it('needs negotiation after a direction change and after stop, not before', () => {
    const a = session();
    const b = session('wxyz');
    const t = a.addTransceiver('audio', 'sendrecv', false);
    negotiate(a, b);
    assert.equal(a.isNegotiationNeeded(), false);
    t.direction = 'recvonly';
    assert.equal(a.isNegotiationNeeded(), true);
    negotiate(a, b);
    assert.equal(a.isNegotiationNeeded(), false);
    t.stopping = true;
    assert.equal(a.isNegotiationNeeded(), true);
    negotiate(a, b);
    assert.equal(a.transceivers.length, 0, 'the stopped transceiver leaves the set');
  });

  it('keeps a restartIce() request through a remote offer and a rollback, until an answer commits new credentials', () => {
    const a = session();
    const b = session('wxyz');
    a.requestIceRestart();
    assert.equal(a.iceRestartPending, false, 'nothing to replace before the first local description');
    a.addTransceiver('audio', 'sendrecv', false);
    negotiate(a, b);
    a.requestIceRestart();
    assert.equal(a.iceRestartPending, true);
    assert.equal(a.isNegotiationNeeded(), true);
    // The other side offers without a restart: the answer keeps the old credentials.
    negotiate(b, a);
    assert.equal(a.iceRestartPending, true, 'an answer with the old ufrag keeps the request');
    a.setLocalIceCredentials('efgh', 'q'.repeat(24));
    a.setLocal('offer', a.createOffer());
    a.rollback();
    assert.equal(a.iceRestartPending, true, 'a rollback keeps the request');
    a.setLocalIceCredentials('ijkl', 'r'.repeat(24));
    negotiate(a, b);
    assert.equal(a.iceRestartPending, false, 'an answer with new local credentials satisfies it');
    assert.equal(a.isNegotiationNeeded(), false);
  });

  it('keeps m-line order and recycles a rejected m-section for a new transceiver', () => {
    const a = session();
    const b = session('wxyz');
    const t = a.addTransceiver('audio', 'sendrecv', false);
    a.addTransceiver('video', 'sendrecv', false);
    negotiate(a, b);
    t.stopping = true;
    negotiate(a, b);
    a.addTransceiver('video', 'sendrecv', false);
    const offer = readDescription(a.createOffer());
    assert.equal(offer.sections.length, 2);
    assert.equal(offer.sections[0]!.kind, 'video');
    assert.equal(offer.sections[0]!.rejected, false);
    assert.notEqual(offer.sections[0]!.mid, '0');
  });

  it('stores trickled remote candidates in the remote description', () => {
    const a = session();
    const b = session('wxyz');
    a.dataChannelWanted = true;
    b.setRemote('offer', a.createOffer());
    const c = 'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host';
    b.addRemoteCandidate(c, '0', null, 'abcd');
    assert.match(b.pendingRemote!.sdp, /a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\r\n/);
    assert.throws(() => b.addRemoteCandidate(c, '7', null, null), /mid 7/);
    assert.throws(() => b.addRemoteCandidate(c, '0', null, 'nope'), /ufrag/);
  });
});
