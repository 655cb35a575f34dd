// Which m-sections share a transport, by bundle policy and negotiation state (JSEP §4.1.1,
// §5.2.1; RFC 8843 §7.3.1).
import assert from 'node:assert/strict';
import { primaryTagOf, transportTagOf, type BundlePolicyName } from '../../src/jsep/transport-tags.js';
import type { JsepSession } from '../../src/jsep/session.js';
import { testSession } from './sessions.js';

function offerer(): JsepSession {
  const a = testSession();
  a.addTransceiver('audio', 'sendrecv', false);
  a.addTransceiver('audio', 'sendrecv', false);
  a.addTransceiver('video', 'sendrecv', false);
  a.dataChannelWanted = true;
  a.setLocal('offer', a.createOffer());
  return a;
}

function tags(s: JsepSession, policy: BundlePolicyName): string[] {
  return ['0', '1', '2', '3'].map((mid) => transportTagOf(s, policy, mid));
}

describe('jsep transport tags', () => {
  it('our offer before an answer: max-bundle shares, balanced splits per media type, max-compat per m-section', () => {
    const a = offerer();
    assert.deepEqual(tags(a, 'max-bundle'), ['0', '0', '0', '0']);
    assert.deepEqual(tags(a, 'balanced'), ['0', '0', '2', '3']);
    assert.deepEqual(tags(a, 'max-compat'), ['0', '1', '2', '3']);
    for (const policy of ['max-bundle', 'balanced', 'max-compat'] as const) assert.equal(primaryTagOf(a, policy), '0');
  });

  it('an answer with BUNDLE puts its members on the tag; without BUNDLE each keeps its own', () => {
    const a = offerer();
    const b = testSession('wxyz');
    b.setRemote('offer', a.pendingLocal!.sdp);
    const answer = b.createAnswer();
    b.setLocal('answer', answer);
    assert.deepEqual(tags(b, 'balanced'), ['0', '0', '0', '0']);
    a.setRemote('answer', answer.replace(/a=group:BUNDLE[^\r\n]*\r\n/, ''));
    assert.deepEqual(tags(a, 'max-compat'), ['0', '1', '2', '3']);
    assert.equal(primaryTagOf(a, 'max-compat'), '0');
  });

  it('a later offer keeps the negotiated bundle for its members', () => {
    const a = offerer();
    const b = testSession('wxyz');
    b.setRemote('offer', a.pendingLocal!.sdp);
    const answer = b.createAnswer();
    b.setLocal('answer', answer);
    a.setRemote('answer', answer);
    a.addTransceiver('video', 'sendrecv', false);
    a.setLocal('offer', a.createOffer());
    assert.deepEqual(tags(a, 'max-compat'), ['0', '0', '0', '0']);
    assert.equal(transportTagOf(a, 'max-compat', '4'), '4');
    assert.equal(transportTagOf(a, 'max-bundle', '4'), '0');
  });
});
