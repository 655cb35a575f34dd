// When pc.sctp appears and goes (W3C webrtc-pc §4.4.1.6, §6.1), and what it links to.
import assert from 'node:assert/strict';
import { RTCDtlsTransport, RTCIceTransport, RTCPeerConnection, RTCSctpTransport } from '../../src/index.js';

/** Read through a function, so a check on one read does not narrow the next. */
const sctpOf = (pc: RTCPeerConnection): RTCSctpTransport | null => pc.sctp;

describe('api/RTCSctpTransport lifetime', () => {
  const pcs: RTCPeerConnection[] = [];
  const make = (): RTCPeerConnection => {
    const pc = new RTCPeerConnection();
    pcs.push(pc);
    return pc;
  };
  afterEach(() => {
    for (const pc of pcs.splice(0)) pc.close();
  });

  it('is set by an offer with a data m-section, applied locally or remotely', async () => {
    const pc1 = make();
    const pc2 = make();
    pc1.createDataChannel('');
    assert.equal(sctpOf(pc1), null);
    const offer = await pc1.createOffer();
    assert.equal(sctpOf(pc1), null, 'creating an offer applies nothing');
    await pc1.setLocalDescription(offer);
    const sctp = sctpOf(pc1);
    assert.ok(sctp instanceof RTCSctpTransport);
    assert.equal(sctp.state, 'connecting');
    assert.equal(sctp.maxChannels, null, 'maxChannels only once connected');
    assert.ok(sctp.transport instanceof RTCDtlsTransport);
    assert.ok(sctp.transport.iceTransport instanceof RTCIceTransport);
    await pc2.setRemoteDescription(offer);
    assert.ok(sctpOf(pc2) instanceof RTCSctpTransport);
    await pc2.setLocalDescription(await pc2.createAnswer());
    await pc1.setRemoteDescription(pc2.localDescription!);
    assert.equal(sctpOf(pc1), sctp, 'the same object once the answer is applied');
    assert.equal(sctp.state, 'connecting');
    assert.equal(sctp.maxMessageSize, sctpOf(pc2)!.maxMessageSize);
  });

  it('is null again after the offer is rolled back', async () => {
    const pc = make();
    pc.createDataChannel('');
    await pc.setLocalDescription(await pc.createOffer());
    assert.notEqual(sctpOf(pc), null);
    await pc.setLocalDescription({ type: 'rollback' });
    assert.equal(sctpOf(pc), null);
  });

  it('is null after an answer that rejects the data m-section', async () => {
    const pc1 = make();
    const pc2 = make();
    pc1.createDataChannel('');
    await pc1.setLocalDescription(await pc1.createOffer());
    await pc2.setRemoteDescription(pc1.localDescription!);
    const answer = (await pc2.createAnswer()) as { sdp?: string };
    const rejected = answer.sdp!.replace(/^m=application \d+/m, 'm=application 0');
    await pc1.setRemoteDescription({ type: 'answer', sdp: rejected });
    assert.equal(sctpOf(pc1), null);
  });

  it('stays null without a data m-section', async () => {
    const pc = make();
    pc.addTransceiver('audio');
    await pc.setLocalDescription(await pc.createOffer());
    assert.equal(sctpOf(pc), null);
  });
});
