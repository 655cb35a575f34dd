import assert from 'node:assert/strict';
import {
  parseGroup,
  parseMsid,
  parseMsidSemantic,
  parseRid,
  parseSimulcast,
  parseSsrc,
  parseSsrcGroup,
  serializeGroup,
  serializeMsid,
  serializeMsidSemantic,
  serializeRid,
  serializeSimulcast,
  serializeSsrc,
  serializeSsrcGroup,
} from '../../../src/protocol/sdp/index.js';
import { throwsParseError } from './fixtures.js';

function roundTrip<T>(parse: (v: string) => T, serialize: (m: T) => string, value: string, model: T): void {
  assert.deepEqual(parse(value), model);
  assert.equal(serialize(model), value);
}

describe('sdp/stream attributes', () => {
  it('ssrc (RFC 5576 §4.1)', () => {
    roundTrip(parseSsrc, serializeSsrc, '3735928559 cname:4TOk42mSjXCkVIa6', {
      ssrc: 3735928559,
      attribute: 'cname',
      value: '4TOk42mSjXCkVIa6',
    });
    roundTrip(parseSsrc, serializeSsrc, '1 msid:stream track', { ssrc: 1, attribute: 'msid', value: 'stream track' });
    roundTrip(parseSsrc, serializeSsrc, '4294967295 flag', { ssrc: 4294967295, attribute: 'flag' });
    for (const bad of ['', '1', '4294967296 cname:x', '-1 cname:x', '1 :x', 'x cname:y']) {
      throwsParseError(() => parseSsrc(bad), 'SDP_BAD_ATTRIBUTE_VALUE');
    }
  });

  it('ssrc-group (RFC 5576 §4.2)', () => {
    roundTrip(parseSsrcGroup, serializeSsrcGroup, 'FID 1111 2222', { semantics: 'FID', ssrcs: [1111, 2222] });
    roundTrip(parseSsrcGroup, serializeSsrcGroup, 'SIM 1 2 3', { semantics: 'SIM', ssrcs: [1, 2, 3] });
    for (const bad of ['', 'FID x', 'FID 99999999999']) throwsParseError(() => parseSsrcGroup(bad));
  });

  it('msid (RFC 8830 §2) and msid-semantic', () => {
    roundTrip(parseMsid, serializeMsid, 'stream1 track1', { streamId: 'stream1', trackId: 'track1' });
    roundTrip(parseMsid, serializeMsid, '- 5b1ff0b5-1b16-4c3a-b46d-6c0c1f6c6f7e', {
      streamId: '-',
      trackId: '5b1ff0b5-1b16-4c3a-b46d-6c0c1f6c6f7e',
    });
    roundTrip(parseMsid, serializeMsid, '{a}', { streamId: '{a}' });
    for (const bad of ['', 'a b c', 'x'.repeat(65), 'a b"c']) throwsParseError(() => parseMsid(bad));
    assert.deepEqual(parseMsidSemantic(' WMS'), { semantic: 'WMS', identifiers: [] });
    roundTrip(parseMsidSemantic, serializeMsidSemantic, 'WMS *', { semantic: 'WMS', identifiers: ['*'] });
    throwsParseError(() => parseMsidSemantic(' '));
  });

  it('group (RFC 5888 §5)', () => {
    roundTrip(parseGroup, serializeGroup, 'BUNDLE 0 1 2', { semantics: 'BUNDLE', mids: ['0', '1', '2'] });
    roundTrip(parseGroup, serializeGroup, 'BUNDLE', { semantics: 'BUNDLE', mids: [] });
    for (const bad of ['', '  ', 'BUNDLE a:b']) throwsParseError(() => parseGroup(bad));
  });

  it('rid (RFC 8851 §10)', () => {
    roundTrip(parseRid, serializeRid, 'q send', { id: 'q', direction: 'send', params: new Map() });
    roundTrip(parseRid, serializeRid, 'h send max-width=640;max-height=360', {
      id: 'h',
      direction: 'send',
      params: new Map([
        ['max-width', '640'],
        ['max-height', '360'],
      ]),
    });
    roundTrip(parseRid, serializeRid, 'r_1 recv pt=96,97;max-fps=30;depend=a,b', {
      id: 'r_1',
      direction: 'recv',
      payloadTypes: [96, 97],
      params: new Map([
        ['max-fps', '30'],
        ['depend', 'a,b'],
      ]),
    });
    for (const bad of ['', 'q', 'q sideways', 'q! send', 'q send max-width=1;pt=96', 'q send pt=x', 'q send a;;b', 'q send pt']) {
      throwsParseError(() => parseRid(bad), 'SDP_BAD_ATTRIBUTE_VALUE');
    }
  });

  it('simulcast (RFC 8853 §5.1)', () => {
    roundTrip(parseSimulcast, serializeSimulcast, 'send q;h;f', {
      send: [[{ rid: 'q', paused: false }], [{ rid: 'h', paused: false }], [{ rid: 'f', paused: false }]],
    });
    roundTrip(parseSimulcast, serializeSimulcast, 'send 1,~2;3 recv 4', {
      send: [
        [
          { rid: '1', paused: false },
          { rid: '2', paused: true },
        ],
        [{ rid: '3', paused: false }],
      ],
      recv: [[{ rid: '4', paused: false }]],
    });
    // recv first is valid; serialization normalizes to send first.
    assert.equal(serializeSimulcast(parseSimulcast('recv a send b')), 'send b recv a');
    for (const bad of ['', 'send', 'send a recv', 'send a send b', 'both a', 'send a;;b', 'send ~', 'send a,']) {
      throwsParseError(() => parseSimulcast(bad), 'SDP_BAD_ATTRIBUTE_VALUE');
    }
  });
});
