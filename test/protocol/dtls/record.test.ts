// Record, handshake-header and alert codecs (RFC 6347 §4.1, §4.2.2; RFC 5246 §7.2).
import assert from 'node:assert/strict';
import { isChangeCipherSpec, parseAlert, serializeAlert } from '../../../src/protocol/dtls/alert.js';
import { ParseError } from '../../../src/protocol/dtls/errors.js';
import { parseHandshakeFragments, serializeHandshakeFragment, serializeWholeMessage } from '../../../src/protocol/dtls/handshake.js';
import { parseDatagram, parseRecord, serializeRecord, type DtlsRecord } from '../../../src/protocol/dtls/record.js';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ParseError, `expected ParseError, got ${String(err)}`);
    return err.code;
  }
  assert.fail('expected a ParseError');
};

describe('dtls/record', () => {
  const rec: DtlsRecord = { contentType: 22, version: 0xfefd, epoch: 1, sequenceNumber: 0x123456789abc, payload: Uint8Array.of(1, 2, 3) };

  it('round-trips a record with a 48-bit sequence number', () => {
    const bytes = serializeRecord(rec);
    assert.equal(bytes.length, 16);
    assert.deepEqual([...bytes.subarray(0, 13)], [22, 0xfe, 0xfd, 0, 1, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0, 3]);
    const { record, sizeBytes } = parseRecord(bytes);
    assert.equal(sizeBytes, 16);
    assert.deepEqual({ ...record, payload: [...record.payload] }, { ...rec, payload: [1, 2, 3] });
  });

  it('parses several records from one datagram', () => {
    const a = serializeRecord(rec);
    const b = serializeRecord({ ...rec, contentType: 23, sequenceNumber: 2 ** 48 - 1, payload: new Uint8Array(0) });
    const list = parseDatagram(new Uint8Array([...a, ...b]));
    assert.equal(list.length, 2);
    assert.equal(list[1]!.sequenceNumber, 2 ** 48 - 1);
    assert.equal(list[1]!.payload.length, 0);
  });

  it('rejects truncation, unknown types and versions with stable codes', () => {
    const bytes = serializeRecord(rec);
    assert.equal(code(() => parseRecord(bytes.subarray(0, 15))), 'DTLS_TRUNCATED');
    assert.equal(code(() => parseRecord(bytes.subarray(0, 5))), 'DTLS_TRUNCATED');
    assert.equal(code(() => parseRecord(Uint8Array.of(99, ...bytes.subarray(1)))), 'DTLS_BAD_CONTENT_TYPE');
    assert.equal(code(() => parseRecord(Uint8Array.of(22, 3, 3, ...bytes.subarray(3)))), 'DTLS_BAD_VERSION');
    const long = Uint8Array.from(bytes);
    long[11] = 0xff;
    long[12] = 0xff;
    assert.equal(code(() => parseRecord(long)), 'DTLS_BAD_LENGTH');
  });

  it('round-trips handshake fragments, several per record', () => {
    const f1 = { msgType: 11, length: 10, messageSeq: 3, fragmentOffset: 4, body: Uint8Array.of(1, 2, 3) };
    const f2 = { msgType: 14, length: 0, messageSeq: 4, fragmentOffset: 0, body: new Uint8Array(0) };
    const parsed = parseHandshakeFragments(new Uint8Array([...serializeHandshakeFragment(f1), ...serializeHandshakeFragment(f2)]));
    assert.equal(parsed.length, 2);
    assert.deepEqual({ ...parsed[0]!, body: [...parsed[0]!.body] }, { ...f1, body: [1, 2, 3] });
    assert.deepEqual({ ...parsed[1]!, body: [] }, { ...f2, body: [] });
    assert.equal(serializeWholeMessage(20, 5, new Uint8Array(12)).length, 24);
  });

  it('rejects a fragment that overruns its message', () => {
    const bad = serializeHandshakeFragment({ msgType: 1, length: 2, messageSeq: 0, fragmentOffset: 1, body: Uint8Array.of(1, 2) });
    assert.equal(code(() => parseHandshakeFragments(bad)), 'DTLS_BAD_FRAGMENT');
    assert.equal(code(() => parseHandshakeFragments(bad.subarray(0, 7))), 'DTLS_TRUNCATED');
  });

  it('round-trips alerts and checks ChangeCipherSpec', () => {
    assert.deepEqual(parseAlert(serializeAlert({ level: 2, description: 42 })), { level: 2, description: 42 });
    assert.equal(code(() => parseAlert(Uint8Array.of(3, 0))), 'DTLS_BAD_VALUE');
    assert.equal(code(() => parseAlert(Uint8Array.of(1, 0, 0))), 'DTLS_TRAILING_BYTES');
    assert.ok(isChangeCipherSpec(Uint8Array.of(1)));
    assert.ok(!isChangeCipherSpec(Uint8Array.of(2)));
  });
});
