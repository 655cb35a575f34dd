// Chunk and packet codecs: round trips per chunk type, CRC32c vectors, parse errors.
import assert from 'node:assert/strict';
import {
  ChunkType,
  crc32c,
  ParseError,
  parseChunk,
  parsePacket,
  ReconfigResult,
  serializeChunk,
  serializePacket,
  type Chunk,
} from '../../../src/protocol/sctp/index.js';

/** Parses the standalone bytes of one chunk. */
function reparse(c: Chunk): Chunk {
  const b = serializeChunk(c);
  assert.equal(b.length % 4, 0, 'padded to 4');
  const len = (b[2]! << 8) | b[3]!;
  return parseChunk(b[0]!, b[1]!, b.subarray(4, len));
}

const bytes = (...v: number[]): Uint8Array => Uint8Array.from(v);

const CHUNKS: Chunk[] = [
  {
    type: ChunkType.DATA,
    unordered: true,
    beginning: true,
    ending: false,
    immediate: false,
    tsn: 0xfffffffe,
    streamId: 65534,
    ssn: 0xffff,
    ppid: 53,
    userData: bytes(1, 2, 3),
  },
  {
    type: ChunkType.INIT,
    initiateTag: 0xdeadbeef,
    aRwnd: 1 << 22,
    outboundStreams: 65535,
    inboundStreams: 1024,
    initialTsn: 0x12345678,
    params: [
      { type: 0x8008, value: bytes(130, 192) },
      { type: 0xc000, value: new Uint8Array(0) },
    ],
  },
  {
    type: ChunkType.INIT_ACK,
    initiateTag: 1,
    aRwnd: 0,
    outboundStreams: 1,
    inboundStreams: 1,
    initialTsn: 0,
    params: [{ type: 7, value: bytes(9, 8, 7, 6, 5) }],
  },
  {
    type: ChunkType.SACK,
    cumTsnAck: 100,
    aRwnd: 5000,
    gapBlocks: [
      { start: 2, end: 3 },
      { start: 6, end: 6 },
    ],
    duplicateTsns: [99, 98],
  },
  { type: ChunkType.HEARTBEAT, info: bytes(1, 2, 3, 4, 5, 6) },
  { type: ChunkType.HEARTBEAT_ACK, info: bytes(7) },
  { type: ChunkType.ABORT, reflected: true, causes: [{ type: 12, value: new TextEncoder().encode('bye') }] },
  { type: ChunkType.SHUTDOWN, cumTsnAck: 77 },
  { type: ChunkType.SHUTDOWN_ACK },
  { type: ChunkType.ERROR, causes: [{ type: 1, value: bytes(0, 5, 0, 0) }] },
  { type: ChunkType.COOKIE_ECHO, cookie: bytes(1, 2, 3, 4, 5, 6, 7) },
  { type: ChunkType.COOKIE_ACK },
  { type: ChunkType.SHUTDOWN_COMPLETE, reflected: true },
  {
    type: ChunkType.FORWARD_TSN,
    newCumTsn: 500,
    streams: [
      { streamId: 1, ssn: 2 },
      { streamId: 3, ssn: 65535 },
    ],
  },
  {
    type: ChunkType.RE_CONFIG,
    params: [
      { kind: 'outgoing-reset', requestSeq: 10, responseSeq: 9, senderLastTsn: 1000, streamIds: [1, 3, 5] },
      { kind: 'response', responseSeq: 4, result: ReconfigResult.SUCCESS_PERFORMED },
    ],
  },
  {
    type: ChunkType.RE_CONFIG,
    params: [{ kind: 'response', responseSeq: 4, result: 1, senderNextTsn: 5, receiverNextTsn: 6 }],
  },
  { type: ChunkType.RE_CONFIG, params: [{ kind: 'incoming-reset', requestSeq: 3, streamIds: [] }] },
  { type: 'unknown', chunkType: 0xc1, flags: 3, value: bytes(1, 2) },
];

describe('SCTP codecs', () => {
  it('CRC32c matches the RFC 3720 §B.4 vectors and the standard check value', () => {
    // RFC 9260 Appendix A refers to the CRC32c of RFC 3309 / RFC 3720.
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  });

  for (const c of CHUNKS) {
    const name = c.type === 'unknown' ? 'unknown' : `type ${c.type}`;
    it(`round-trips chunk ${name}${c.type === ChunkType.RE_CONFIG ? ` (${c.params.map((p) => p.kind)})` : ''}`, () => {
      assert.deepEqual(reparse(c), c);
    });
  }

  it('round-trips a packet and verifies its checksum', () => {
    const p = { sourcePort: 5000, destinationPort: 5001, verificationTag: 0xabcdef01, chunks: CHUNKS.slice(3, 8) };
    const b = serializePacket(p);
    assert.deepEqual(parsePacket(b), p);
    // RFC 9260 Appendix A: the CRC sits little-endian in bytes 8..11.
    const copy = b.slice();
    copy.fill(0, 8, 12);
    const crc = crc32c(copy);
    assert.deepEqual([...b.subarray(8, 12)], [crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24]);
    b[b.length - 1] ^= 1;
    assert.throws(() => parsePacket(b), (e: unknown) => e instanceof ParseError && e.code === 'SCTP_BAD_CHECKSUM');
  });

  it('rejects malformed chunks with stable codes', () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof ParseError);
        return e.code;
      }
      return 'none';
    };
    assert.equal(code(() => parseChunk(0, 0, new Uint8Array(11))), 'SCTP_BAD_CHUNK_LENGTH');
    assert.equal(code(() => parseChunk(1, 0, new Uint8Array(16))), 'SCTP_BAD_VALUE'); // zero tag
    assert.equal(code(() => parseChunk(3, 0, bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0))), 'SCTP_BAD_CHUNK_LENGTH');
    assert.equal(code(() => parseChunk(4, 0, bytes(0, 2, 0, 4))), 'SCTP_BAD_VALUE');
    assert.equal(code(() => parseChunk(9, 0, bytes(0, 1, 0, 9, 0, 0))), 'SCTP_BAD_PARAM_LENGTH');
    assert.equal(code(() => parseChunk(7, 0, new Uint8Array(3))), 'SCTP_BAD_CHUNK_LENGTH');
    assert.equal(code(() => parseChunk(130, 0, new Uint8Array(0))), 'SCTP_BAD_VALUE');
    assert.equal(code(() => parsePacket(new Uint8Array(11))), 'SCTP_TRUNCATED');
  });
});
