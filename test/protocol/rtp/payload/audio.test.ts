// Audio payload formats: Opus durations from the TOC byte (RFC 6716 §3.1, RFC 7587), G.711
// packet sizes (RFC 3551 §4.5.14), telephone events (RFC 4733 §2.3, §2.5) and RED (RFC 2198 §3).
import assert from 'node:assert/strict';
import {
  depacketizeOpus,
  dtmfEvent,
  opusPacketSamples,
  packetizeG711,
  packetizeOpus,
  ParseError,
  parseRed,
  parseTelephoneEvent,
  serializeRed,
  serializeTelephoneEvent,
  telephoneEventPackets,
} from '../../../../src/protocol/rtp/payload/index.js';
import { hex, unhex } from './media.js';

describe('Opus (RFC 7587)', () => {
  it('counts 48 kHz samples from the TOC byte and frame count code', () => {
    const cases: Array<[string, number]> = [
      ['fc ff', 960], // CELT FB 20 ms, one frame
      ['78 00', 960], // Hybrid FB 20 ms
      ['01 00', 960], // SILK NB 10 ms, two frames (code 1)
      ['e2 00', 240], // CELT 5 ms, two frames (code 2)
      ['4b 03', 2880], // SILK WB 20 ms, code 3 with 3 frames
      ['1b 02', 5760], // SILK NB 60 ms x 2 = 120 ms, the longest allowed
    ];
    for (const [h, n] of cases) assert.equal(opusPacketSamples(unhex(h)), n, h);
    assert.deepEqual(depacketizeOpus(unhex('fc ff')).samples, 960);
    for (const h of ['', '03', '03 00', '1b 03']) assert.throws(() => opusPacketSamples(unhex(h)), ParseError, h);
  });

  it('sends one Opus packet as the whole payload', () => {
    const packet = unhex('fc 01 02');
    assert.deepEqual(packetizeOpus(packet, 1200), { payload: packet, marker: false });
    assert.throws(() => packetizeOpus(packet, 2), RangeError);
  });
});

describe('G.711 (RFC 3551 §4.5.14)', () => {
  it('cuts 8 samples per millisecond: 20 ms = 160 bytes', () => {
    const out = packetizeG711(new Uint8Array(400).fill(0xff));
    assert.deepEqual(out.map((p) => p.length), [160, 160, 80]);
    assert.deepEqual(packetizeG711(new Uint8Array(240), 30).map((p) => p.length), [240]);
    assert.throws(() => packetizeG711(new Uint8Array(1), 0), RangeError);
  });
});

describe('telephone-event (RFC 4733)', () => {
  it('reads and writes the 4-byte event (§2.3)', () => {
    const e = parseTelephoneEvent(unhex('05 8a 03 20'));
    assert.deepEqual(e, { event: 5, end: true, volume: 10, duration: 800 });
    assert.equal(hex(serializeTelephoneEvent(e)), '058a0320');
    // R is ignored on receive.
    assert.deepEqual(parseTelephoneEvent(unhex('0b 4a 00 a0 ff')), { event: 11, end: false, volume: 10, duration: 160 });
    assert.throws(() => parseTelephoneEvent(unhex('05 8a 03')), ParseError);
    assert.deepEqual(['1', '*', '#', 'a', 'D'].map(dtmfEvent), [1, 10, 11, 12, 15]);
    assert.throws(() => dtmfEvent('E'), ParseError);
  });

  it('emits marker, updates and three final packets with E (§2.5.1)', () => {
    const out = telephoneEventPackets(5, 10, 800, 160);
    assert.deepEqual(out.map((p) => [hex(p.payload), p.marker, p.timestampOffset, p.sendOffset]), [
      ['050a00a0', true, 0, 160],
      ['050a0140', false, 0, 320],
      ['050a01e0', false, 0, 480],
      ['050a0280', false, 0, 640],
      ['058a0320', false, 0, 800],
      ['058a0320', false, 0, 800],
      ['058a0320', false, 0, 800],
    ]);
  });

  it('splits an event longer than 0xFFFF units into segments (§2.5.1.3)', () => {
    const out = telephoneEventPackets(1, 0, 70000, 16000);
    assert.deepEqual(out.map((p) => [parseTelephoneEvent(p.payload).duration, parseTelephoneEvent(p.payload).end, p.marker, p.timestampOffset]), [
      [16000, false, true, 0],
      [32000, false, false, 0],
      [48000, false, false, 0],
      [64000, false, false, 0],
      [0xffff, false, false, 0],
      [70000 - 0xffff, true, false, 0xffff],
      [70000 - 0xffff, true, false, 0xffff],
      [70000 - 0xffff, true, false, 0xffff],
    ]);
  });
});

describe('RED (RFC 2198 §3)', () => {
  it('reads the redundant blocks and the primary encoding as Chromium sends Opus', () => {
    // One redundant Opus block 960 samples back (PT 111, 3 bytes), then the primary (PT 111).
    const b = unhex('ef 0f 00 03  6f  a1 a2 a3  b1 b2');
    const red = parseRed(b);
    assert.equal(red.redundant.length, 1);
    assert.deepEqual([red.redundant[0]!.payloadType, red.redundant[0]!.timestampOffset, hex(red.redundant[0]!.data)], [111, 960, 'a1a2a3']);
    assert.deepEqual([red.primary.payloadType, hex(red.primary.data)], [111, 'b1b2']);
    assert.equal(hex(serializeRed(red)), hex(b));
  });

  it('reads a payload with only the primary, and two blocks with 14-bit offsets and 10-bit lengths', () => {
    assert.deepEqual(parseRed(unhex('6f c0')).redundant, []);
    const red = { redundant: [{ payloadType: 0, timestampOffset: 0x3fff, data: new Uint8Array(0x3ff) }, { payloadType: 127, timestampOffset: 1, data: unhex('01') }], primary: { payloadType: 8, data: new Uint8Array(0) } };
    assert.deepEqual(parseRed(serializeRed(red)), red);
    assert.throws(() => serializeRed({ ...red, redundant: [{ payloadType: 0, timestampOffset: 0x4000, data: unhex('00') }] }), RangeError);
  });

  it('throws ParseError when headers or lengths run past the payload', () => {
    for (const h of ['', 'ef 0f', 'ef 0f 00 03 6f a1', 'ef 0f 00 03 ef 0f 00 01']) assert.throws(() => parseRed(unhex(h)), ParseError, h);
  });
});
