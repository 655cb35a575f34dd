// Edited (munged) descriptions between two purertc peers over real UDP on 127.0.0.1: what
// setLocalDescription accepted is what the connection then does. Non-trickle operation
// (the offer without a=ice-options:trickle, each description sent once gathering is
// complete) with a changed a=max-message-size in the answer; and edited ICE credentials,
// SCTP ports and DTLS roles.
import assert from 'node:assert/strict';
import { RTCPeerConnection, type RTCDataChannel } from '../../src/index.js';
import { once as onceWithin } from '../helpers/events.js';
import { withTimeout } from '../helpers/probe.js';

process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';

type Pc = InstanceType<typeof RTCPeerConnection>;
type Description = { type: 'offer' | 'answer'; sdp: string };

const WAIT_MS = 5000;

/** The next `type` event of `target`, within WAIT_MS. */
const once = <T = Event>(target: EventTarget, type: string): Promise<T> => onceWithin<T>(target, type, WAIT_MS);

/** The text without the candidate lines gathering added to it. */
function withoutGathered(sdp: string): string {
  return sdp.replace(/^a=(candidate:.*|end-of-candidates)\r?\n/gm, '');
}

/** Resolves once the peer's ICE gathering is complete. */
async function gathered(pc: Pc): Promise<void> {
  while (pc.iceGatheringState !== 'complete') await once(pc, 'icegatheringstatechange');
}

/** Sends `text` on `from` and resolves with what `to` received. */
function echo(from: RTCDataChannel, to: RTCDataChannel, text: string): Promise<unknown> {
  const got = withTimeout(new Promise((resolve) => (to.onmessage = (e) => resolve((e as MessageEvent).data))), WAIT_MS, `message of ${text.length} chars`);
  from.send(text);
  return got;
}

/** Both ends of `ca` (made on the offerer before the offer) once open. */
async function opened(ca: RTCDataChannel, b: Pc): Promise<RTCDataChannel> {
  const cb = (await once<{ channel: RTCDataChannel }>(b, 'datachannel')).channel;
  if (ca.readyState !== 'open') await once(ca, 'open');
  return cb;
}

describe('purertc <-> purertc with edited descriptions, over loopback', function () {
  this.timeout(20000);
  const open: Pc[] = [];
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
  });

  it('non-trickle: the offer loses a=ice-options:trickle, the answer changes a=max-message-size; the channel opens and echoes within that size', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    open.push(a, b);
    const ca = a.createDataChannel('munged');
    const offer = (await a.createOffer()) as Description;
    const editedOffer = offer.sdp.replace(/^a=ice-options:trickle\r\n/gm, '');
    assert.notEqual(editedOffer, offer.sdp);
    await a.setLocalDescription({ type: 'offer', sdp: editedOffer });
    assert.equal(a.localDescription!.sdp, editedOffer, 'localDescription is the edited text');
    // No trickle: the offer goes once gathering is done, with its candidates in it.
    await gathered(a);
    const sentOffer = a.localDescription!.sdp;
    assert.equal(withoutGathered(sentOffer), editedOffer, 'gathering only added candidate lines');
    assert.match(sentOffer, /^a=candidate:/m);
    await b.setRemoteDescription({ type: 'offer', sdp: sentOffer });
    assert.equal(b.canTrickleIceCandidates, false, 'the offer says no trickle');

    const answer = (await b.createAnswer()) as Description;
    const editedAnswer = answer.sdp.replace(/^a=max-message-size:\d+$/m, 'a=max-message-size:16384');
    assert.notEqual(editedAnswer, answer.sdp);
    await b.setLocalDescription({ type: 'answer', sdp: editedAnswer });
    assert.equal(b.localDescription!.sdp, editedAnswer);
    await gathered(b);
    assert.equal(withoutGathered(b.localDescription!.sdp), editedAnswer);
    await a.setRemoteDescription({ type: 'answer', sdp: b.localDescription!.sdp });

    const cb = await opened(ca, b);
    // RFC 8841 §6: the offerer sends no more than the answer's a=max-message-size.
    assert.equal(a.sctp!.maxMessageSize, 16384);
    assert.equal(b.sctp!.maxMessageSize, 262144, "the answerer's own limit is the offer's");
    assert.equal(await echo(ca, cb, 'x'.repeat(16384)), 'x'.repeat(16384));
    assert.throws(() => ca.send('x'.repeat(16385)), TypeError);
    assert.equal(await echo(cb, ca, 'y'.repeat(65536)), 'y'.repeat(65536));
    assert.equal(withoutGathered(a.localDescription!.sdp), editedOffer, 'still the edited text once connected');
  });

  it('edited ICE credentials and SCTP ports, and an answer that takes the passive DTLS role: connected with them', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    open.push(a, b);
    a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate).catch(() => undefined);
    b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate).catch(() => undefined);
    const ca = a.createDataChannel('edited');
    const offer = ((await a.createOffer()) as Description).sdp
      .replace(/^a=ice-ufrag:.*$/gm, 'a=ice-ufrag:editedUfrag')
      .replace(/^a=ice-pwd:.*$/gm, 'a=ice-pwd:editedPassword0123456789')
      .replace(/^a=sctp-port:5000$/m, 'a=sctp-port:5001');
    await a.setLocalDescription({ type: 'offer', sdp: offer });
    await b.setRemoteDescription({ type: 'offer', sdp: offer });
    const answer = ((await b.createAnswer()) as Description).sdp.replace(/^a=setup:active$/gm, 'a=setup:passive').replace(/^a=sctp-port:5000$/m, 'a=sctp-port:5002');
    await b.setLocalDescription({ type: 'answer', sdp: answer });
    await a.setRemoteDescription({ type: 'answer', sdp: answer });
    const cb = await opened(ca, b);
    // The answerer is passive: the offerer is the DTLS client and picks even stream ids (RFC 8832 §6).
    assert.equal(ca.id! % 2, 0);
    assert.equal(await echo(ca, cb, 'over 5001 -> 5002'), 'over 5001 -> 5002');
    const params = (pc: Pc, which: 'getLocalParameters' | 'getRemoteParameters'): { usernameFragment: string; password: string } =>
      pc.sctp!.transport.iceTransport[which]() as { usernameFragment: string; password: string };
    assert.equal(params(a, 'getLocalParameters').usernameFragment, 'editedUfrag', "the offerer's agent runs with the edited ufrag");
    assert.equal(params(b, 'getRemoteParameters').password, 'editedPassword0123456789');
  });
});
