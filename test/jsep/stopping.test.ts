// JSEP session: a stopping transceiver is answered inactive, becomes stopped with the next
// offer, and leaves the set disassociated (W3C §5.4 stop(), §4.4.1.6).
import assert from 'node:assert/strict';
import type { JsepSession } from '../../src/jsep/session.js';
import { readDescription } from '../../src/jsep/remote.js';
import type { TransceiverRecord } from '../../src/jsep/model.js';
import { testSession } from './sessions.js';

function negotiate(a: JsepSession, b: JsepSession): void {
  const offer = a.createOffer();
  a.setLocal('offer', offer);
  b.setRemote('offer', offer);
  const answer = b.createAnswer();
  b.setLocal('answer', answer);
  a.setRemote('answer', answer);
}

/** What RTCRtpTransceiver.stop() does to the record. */
function stop(t: TransceiverRecord): void {
  t.stopping = true;
  t.direction = 'stopped';
}

describe('JsepSession stopping transceivers', () => {
  it('answers a stopping transceiver inactive, then rejects it in the next offer and removes it', () => {
    const a = testSession();
    const b = testSession('wxyz');
    const ta = a.addTransceiver('audio', 'sendrecv', false);
    const offer = a.createOffer();
    a.setLocal('offer', offer);
    b.setRemote('offer', offer);
    const tb = b.transceivers[0]!;
    stop(tb);
    const answer = b.createAnswer();
    const section = readDescription(answer).sections[0]!;
    assert.equal(section.rejected, false);
    assert.equal(section.direction, 'inactive');
    b.setLocal('answer', answer);
    a.setRemote('answer', answer);
    assert.equal(tb.currentDirection, 'inactive');
    assert.equal(ta.currentDirection, 'inactive');
    assert.equal(b.isNegotiationNeeded(), true);

    negotiate(b, a);
    assert.equal(readDescription(b.currentLocal!.sdp).sections[0]!.rejected, true);
    for (const [session, t] of [[a, ta], [b, tb]] as const) {
      assert.equal(session.transceivers.length, 0);
      assert.equal(t.mid, null);
      assert.equal(t.currentDirection, 'stopped');
    }
  });

  it('a remote offer that rejects the m-section stops the transceiver at once; the answer keeps it stopped', () => {
    const a = testSession();
    const b = testSession('wxyz');
    const ta = a.addTransceiver('video', 'sendrecv', false);
    negotiate(a, b);
    const tb = b.transceivers[0]!;
    stop(ta);
    const offer = a.createOffer();
    a.setLocal('offer', offer);
    const result = b.setRemote('offer', offer);
    assert.deepEqual(result.stopped, [tb]);
    assert.equal(tb.currentDirection, 'stopped');
    assert.equal(tb.mid, '0');
    b.setLocal('answer', b.createAnswer());
    assert.equal(tb.currentDirection, 'stopped');
    assert.equal(tb.mid, null);
    assert.equal(b.transceivers.length, 0);
  });

  it('a rollback that removes a transceiver made by the remote offer stops it', () => {
    const a = testSession();
    const b = testSession('wxyz');
    a.addTransceiver('audio', 'sendrecv', false);
    const offer = a.createOffer();
    b.setRemote('offer', offer);
    const tb = b.transceivers[0]!;
    const result = b.rollback();
    assert.deepEqual(result.removed, [tb]);
    assert.equal(tb.stopped, true);
    assert.equal(tb.currentDirection, 'stopped');
    assert.equal(tb.mid, null);
  });
});

describe('JsepSession transports of transceivers', () => {
  it('a local description sets them; a remote offer does not, a remote answer does (W3C §4.4.1.6)', () => {
    const a = testSession();
    const b = testSession('wxyz');
    const ta = a.addTransceiver('audio', 'sendrecv', false);
    const offer = a.createOffer();
    assert.equal(ta.hasTransport, false);
    a.setLocal('offer', offer);
    assert.equal(ta.hasTransport, true);
    b.setRemote('offer', offer);
    const tb = b.transceivers[0]!;
    assert.equal(tb.hasTransport, false);
    b.rollback();
    const c = testSession('cccc');
    const tc = c.addTransceiver('audio', 'sendrecv', false);
    c.setLocal('offer', c.createOffer());
    const d = testSession('dddd');
    d.setRemote('offer', c.pendingLocal!.sdp);
    const answer = d.createAnswer();
    d.setLocal('answer', answer);
    assert.equal(d.transceivers[0]!.hasTransport, true);
    c.setRemote('answer', answer);
    assert.equal(tc.hasTransport, true);
  });
});
