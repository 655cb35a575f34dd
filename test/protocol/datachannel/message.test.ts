// DCEP codec (RFC 8832 §5) and PPID mapping (RFC 8831 §6.6, §8).
import assert from 'node:assert/strict';
import {
  ChannelType,
  decodeMessage,
  encodeMessage,
  ParseError,
  parseDcepMessage,
  Ppid,
  serializeDcepMessage,
  type DataChannelOpen,
} from '../../../src/protocol/datachannel/index.js';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ParseError, String(e));
    return e.code;
  }
  return 'none';
};

describe('DCEP messages', () => {
  it('serializes DATA_CHANNEL_OPEN byte for byte (RFC 8832 §5.1)', () => {
    const open: DataChannelOpen = {
      type: 0x03,
      channelType: ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED,
      priority: 256,
      reliabilityParameter: 3,
      label: 'ab',
      protocol: 'c',
    };
    assert.deepEqual(
      [...serializeDcepMessage(open)],
      [0x03, 0x81, 0x01, 0x00, 0, 0, 0, 3, 0, 2, 0, 1, 0x61, 0x62, 0x63],
    );
    assert.deepEqual(parseDcepMessage(serializeDcepMessage(open)), open);
  });

  it('round-trips every channel type and non-ASCII label and protocol', () => {
    for (const channelType of Object.values(ChannelType)) {
      const open: DataChannelOpen = {
        type: 0x03,
        channelType,
        priority: 512,
        reliabilityParameter: 0xfffffffe,
        label: 'chät 💬 канал',
        protocol: 'プロトコル',
      };
      assert.deepEqual(parseDcepMessage(serializeDcepMessage(open)), open);
    }
  });

  it('round-trips DATA_CHANNEL_ACK (RFC 8832 §5.2)', () => {
    assert.deepEqual([...serializeDcepMessage({ type: 0x02 })], [0x02]);
    assert.deepEqual(parseDcepMessage(Uint8Array.of(2)), { type: 0x02 });
  });

  it('rejects malformed messages with stable codes', () => {
    const ok = serializeDcepMessage({ type: 3, channelType: 0, priority: 0, reliabilityParameter: 0, label: 'x', protocol: '' });
    assert.equal(code(() => parseDcepMessage(new Uint8Array(0))), 'DCEP_TRUNCATED');
    assert.equal(code(() => parseDcepMessage(Uint8Array.of(2, 0))), 'DCEP_TRAILING_BYTES');
    assert.equal(code(() => parseDcepMessage(Uint8Array.of(9))), 'DCEP_UNKNOWN_MESSAGE_TYPE');
    assert.equal(code(() => parseDcepMessage(ok.subarray(0, 12))), 'DCEP_TRUNCATED');
    assert.equal(code(() => parseDcepMessage(Uint8Array.of(...ok, 0))), 'DCEP_TRAILING_BYTES');
    const badType = ok.slice();
    badType[1] = 0x05;
    assert.equal(code(() => parseDcepMessage(badType)), 'DCEP_BAD_CHANNEL_TYPE');
    const badUtf8 = ok.slice();
    badUtf8[12] = 0xff;
    assert.equal(code(() => parseDcepMessage(badUtf8)), 'DCEP_BAD_UTF8');
  });

  it('fuzz: any bytes parse or throw ParseError', () => {
    let s = 7;
    const rnd = (): number => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 5000; i++) {
      const b = new Uint8Array(Math.floor(rnd() * 24));
      for (let k = 0; k < b.length; k++) b[k] = rnd() < 0.5 ? Math.floor(rnd() * 4) : Math.floor(rnd() * 256);
      if (b.length > 0 && rnd() < 0.5) b[0] = 3;
      code(() => parseDcepMessage(b));
    }
  });

  it('maps messages to PPIDs, empty ones as one 0 byte (RFC 8831 §6.6)', () => {
    assert.deepEqual(encodeMessage('hi'), { ppid: Ppid.STRING, bytes: new TextEncoder().encode('hi') });
    assert.deepEqual(encodeMessage(''), { ppid: 56, bytes: new Uint8Array(1) });
    assert.deepEqual(encodeMessage(Uint8Array.of(1)), { ppid: 53, bytes: Uint8Array.of(1) });
    assert.deepEqual(encodeMessage(new Uint8Array(0)), { ppid: 57, bytes: new Uint8Array(1) });
    assert.equal(decodeMessage(51, new TextEncoder().encode('é')), 'é');
    assert.equal(decodeMessage(52, new TextEncoder().encode('legacy')), 'legacy');
    assert.deepEqual(decodeMessage(54, Uint8Array.of(5)), Uint8Array.of(5));
    assert.equal(decodeMessage(56, new Uint8Array(1)), '');
    assert.deepEqual(decodeMessage(57, new Uint8Array(1)), new Uint8Array(0));
    assert.equal(decodeMessage(50, new Uint8Array(1)), undefined);
  });
});
