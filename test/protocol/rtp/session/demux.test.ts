// Bundle demux (RFC 8843 §9.2, RFC 8829 §5.11): MID, then known SSRC, then a payload type
// unique to a receiver; RTX association (RFC 4588) by FID group, repaired-rid and apt;
// simulcast rids (RFC 8853); slots, cool-down and the stream cap.
import assert from 'node:assert/strict';
import { Extmap, midExtension, parseRtpPacket, repairedRidExtension, ridExtension, serializeRtpPacket, type HeaderExtension } from '../../../../src/protocol/rtp/index.js';
import { RtpDemux, type ReceiverDescription, type Route } from '../../../../src/protocol/rtp/session/index.js';
import { EXTENSIONS } from './sim.js';

const extmap = new Extmap(EXTENSIONS);
const receivers: ReceiverDescription[] = [
  { id: 'v', mid: 'v', kind: 'video', codecs: [{ payloadType: 96, clockRate: 90000, rtxPayloadType: 97 }, { payloadType: 98, clockRate: 90000 }] },
  { id: 'a', mid: 'a', kind: 'audio', codecs: [{ payloadType: 111, clockRate: 48000 }, { payloadType: 98, clockRate: 90000 }] },
  { id: 'sig', mid: 's', kind: 'video', codecs: [{ payloadType: 100, clockRate: 90000, rtxPayloadType: 101 }], ssrcs: [{ ssrc: 5000, rtxSsrc: 5001 }] },
  { id: 'sim', mid: 'm', kind: 'video', codecs: [{ payloadType: 102, clockRate: 90000, rtxPayloadType: 103 }], rids: ['hi', 'lo'] },
];

function packet(ssrc: number, payloadType: number, ext: { mid?: string; rid?: string; rrid?: string } = {}) {
  const extensions: HeaderExtension[] = [];
  if (ext.mid !== undefined) extensions.push(extmap.element(midExtension, ext.mid)!);
  if (ext.rid !== undefined) extensions.push(extmap.element(ridExtension, ext.rid)!);
  if (ext.rrid !== undefined) extensions.push(extmap.element(repairedRidExtension, ext.rrid)!);
  return parseRtpPacket(serializeRtpPacket({ ssrc, payloadType, sequenceNumber: 1, timestamp: 1, payload: Uint8Array.of(0, 1, 2), extensions }));
}

const demux = (maxStreams = 16, cooldownMs = 500) => new RtpDemux(receivers, extmap, { maxStreams, cooldownMs });
const receiverOf = (r: Route | string) => (typeof r === 'string' ? r : `${r.slot.receiver.desc.id}${r.rtx ? '/rtx' : ''}${r.slot.rid ? `/${r.slot.rid}` : ''}`);

describe('rtp session: bundle demux', () => {
  it('routes by MID, then learns the SSRC so packets without MID follow', () => {
    const d = demux();
    assert.equal(receiverOf(d.route(packet(1, 98, { mid: 'a' }), 0)), 'a');
    assert.equal(receiverOf(d.route(packet(1, 98), 0)), 'a');
    assert.equal(d.route(packet(2, 96, { mid: 'nope' }), 0), 'unknown-mid');
  });

  it('without MID or a known SSRC, routes by a payload type only one receiver lists', () => {
    const d = demux();
    assert.equal(receiverOf(d.route(packet(3, 111), 0)), 'a');
    assert.equal(d.route(packet(4, 98), 0), 'ambiguous-payload-type');
    assert.equal(d.route(packet(4, 55), 0), 'unknown-payload-type');
    // A payload type the MID's receiver does not list is refused.
    assert.equal(d.route(packet(5, 111, { mid: 'v' }), 0), 'unknown-payload-type');
  });

  it('signalled SSRCs and their FID RTX SSRCs route without any extension', () => {
    const d = demux();
    assert.equal(receiverOf(d.route(packet(5000, 100), 0)), 'sig');
    assert.equal(receiverOf(d.route(packet(5001, 101), 0)), 'sig/rtx');
    assert.equal(d.lookup(5001)!.slot.ssrc, 5000);
  });

  it('an unsignalled RTX stream is tied by apt when its receiver has one media stream', () => {
    const d = demux();
    assert.equal(d.route(packet(11, 97, { mid: 'v' }), 0), 'rtx-unassociated');
    assert.equal(receiverOf(d.route(packet(10, 96, { mid: 'v' }), 0)), 'v');
    const r = d.route(packet(11, 97, { mid: 'v' }), 0) as Route;
    assert.equal(receiverOf(r), 'v/rtx');
    assert.equal(r.codec.payloadType, 96);
    assert.equal(r.slot.ssrc, 10);
  });

  it('simulcast: one stream per rid; RTX follows its repaired-rid; unknown rids are refused', () => {
    const d = demux();
    assert.equal(receiverOf(d.route(packet(20, 102, { mid: 'm', rid: 'hi' }), 0)), 'sim/hi');
    assert.equal(receiverOf(d.route(packet(21, 102, { mid: 'm', rid: 'lo' }), 0)), 'sim/lo');
    assert.equal(d.route(packet(22, 102, { mid: 'm', rid: 'mid' }), 0), 'unknown-rid');
    const rtx = d.route(packet(31, 103, { mid: 'm', rrid: 'lo' }), 0) as Route;
    assert.equal(receiverOf(rtx), 'sim/rtx/lo');
    assert.equal(rtx.slot.ssrc, 21);
    // Without repaired-rid two media streams make apt ambiguous.
    assert.equal(d.route(packet(32, 103, { mid: 'm' }), 0), 'rtx-unassociated');
    assert.equal(d.streamCount, 3); // hi, lo and the signalled 5000
  });

  it('a new SSRC takes an occupied slot only after the cool-down, and the old one is named', () => {
    const d = demux();
    d.route(packet(40, 96, { mid: 'v' }), 0);
    assert.equal(d.route(packet(41, 96, { mid: 'v' }), 499), 'ssrc-cooldown');
    const r = d.route(packet(41, 96, { mid: 'v' }), 500) as Route;
    assert.equal(r.replacedSsrc, 40);
    assert.equal(d.lookup(40), undefined);
    // After a BYE (unbind) the slot is free at once.
    d.unbind(41);
    assert.equal((d.route(packet(42, 96, { mid: 'v' }), 501) as Route).replacedSsrc, undefined);
  });

  it('an SSRC moves to the receiver its MID names, unless signalled elsewhere', () => {
    const d = demux();
    d.route(packet(50, 98, { mid: 'a' }), 0);
    assert.equal(receiverOf(d.route(packet(50, 98, { mid: 'v' }), 0)), 'v');
    assert.equal(d.route(packet(5000, 98, { mid: 'v' }), 0), 'ssrc-mid-mismatch');
  });

  it('the stream cap holds whatever the peer sends; malformed MIDs are refused', () => {
    const d = demux(2);
    assert.equal(receiverOf(d.route(packet(60, 96, { mid: 'v' }), 0)), 'v');
    assert.equal(d.route(packet(61, 111, { mid: 'a' }), 0), 'stream-limit');
    const bad = parseRtpPacket(serializeRtpPacket({ ssrc: 1, payloadType: 96, sequenceNumber: 1, timestamp: 1, payload: new Uint8Array(1), extensions: [{ id: 1, data: Uint8Array.of(0x20) }] }));
    assert.equal(d.route(bad, 0), 'bad-extension');
  });
});
