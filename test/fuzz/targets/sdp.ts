// SDP grammar targets: the session parser, every typed attribute view and the candidate
// grammar. On any text each returns or throws the SDP ParseError; what parses serializes
// to text that parses to the same model.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as sdp from '../../../src/protocol/sdp/index.js';
import { parseCandidate, serializeCandidate } from '../../../src/protocol/sdp/candidate.js';
import { textFrom } from '../harness/mutate.js';
import { check, returnsOrThrows, type Meter, type Target } from '../harness/target.js';
import { sdpAttributeValues, sdpFixtures, utf16 } from './seeds.js';

function sameModel(a: unknown, b: unknown, what: string): void {
  try {
    assert.deepEqual(a, b);
  } catch {
    check(false, () => `${what}: serialize then parse gave a different model`);
  }
}

/** parseSdp, and serializeSdp of whatever parses. */
export const sdpSession: Target<string> = {
  name: 'sdp-session',
  description: 'parseSdp on mutated browser and edge-case descriptions; serializeSdp round trip',
  shortRuns: 5000,
  arbitrary: () => textFrom(sdpFixtures()),
  run(text: string, meter: Meter): void {
    meter.input(() => {
      returnsOrThrows(sdp.ParseError, () => {
        const model = sdp.parseSdp(text);
        // a= lines ignored for a name that is not a token are not written back.
        const { ignoredAttributes: _ignored, ...kept } = model;
        sameModel(sdp.parseSdp(sdp.serializeSdp(model)), kept, 'parseSdp');
      }, 'parseSdp');
    });
  },
  encode: utf16.encode,
  decode: utf16.decode,
};

/** Every typed attribute view of src/protocol/sdp, keyed by attribute name. */
const VIEWS: Record<string, { parse: (v: string) => unknown; serialize: (m: never) => string }> = {
  'rtpmap': { parse: sdp.parseRtpmap, serialize: sdp.serializeRtpmap },
  'fmtp': { parse: sdp.parseFmtp, serialize: sdp.serializeFmtp },
  'rtcp-fb': { parse: sdp.parseRtcpFeedback, serialize: sdp.serializeRtcpFeedback },
  'extmap': { parse: sdp.parseExtmap, serialize: sdp.serializeExtmap },
  'rtcp': { parse: sdp.parseRtcp, serialize: sdp.serializeRtcp },
  'ssrc': { parse: sdp.parseSsrc, serialize: sdp.serializeSsrc },
  'ssrc-group': { parse: sdp.parseSsrcGroup, serialize: sdp.serializeSsrcGroup },
  'msid': { parse: sdp.parseMsid, serialize: sdp.serializeMsid },
  'msid-semantic': { parse: sdp.parseMsidSemantic, serialize: sdp.serializeMsidSemantic },
  'group': { parse: sdp.parseGroup, serialize: sdp.serializeGroup },
  'fingerprint': { parse: sdp.parseFingerprint, serialize: sdp.serializeFingerprint },
  'setup': { parse: sdp.parseSetup, serialize: sdp.serializeSetup },
  'rid': { parse: sdp.parseRid, serialize: sdp.serializeRid },
  'simulcast': { parse: sdp.parseSimulcast, serialize: sdp.serializeSimulcast },
  'sctp-port': { parse: sdp.parseSctpPort, serialize: sdp.serializeSctpPort },
  'max-message-size': { parse: sdp.parseMaxMessageSize, serialize: sdp.serializeMaxMessageSize },
  'ice-options': { parse: sdp.parseIceOptions, serialize: sdp.serializeIceOptions },
  'candidate': { parse: parseCandidate, serialize: serializeCandidate },
};
const VIEW_NAMES = Object.keys(VIEWS);

/** Hand-written values for views the fixtures have few or none of. */
const EXTRA_VALUES: Record<string, string[]> = {
  'rid': ['hi send pt=96,97;max-width=1280;max-height=720', 'lo recv', '1 send max-fps=30;depend=0'],
  'simulcast': ['send hi;~mid;lo recv r0,r1', 'recv 1;2;3'],
  'ssrc-group': ['FID 1111 2222', 'SIM 1 2 3'],
  'rtcp': ['9 IN IP4 0.0.0.0', '50000'],
  'setup': ['actpass', 'active', 'passive', 'holdconn'],
  'fingerprint': ['sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB'],
  'candidate': [
    '1 1 udp 1686052607 203.0.113.7 61665 typ srflx raddr 192.0.2.2 rport 61665 generation 0 network-id 1',
    '2 1 UDP 41885695 198.51.100.1 3478 typ relay raddr 0.0.0.0 rport 0',
    '3 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active generation 0 ufrag abcd',
    '4 1 udp 2122262783 2001:db8::1 50000 typ host',
    '5 1 udp 2122260223 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 54400 typ host generation 0',
  ],
};

/** An attribute name and a value. */
type AttributeInput = [name: string, value: string];

/** Each typed attribute view (a=rtpmap ... a=candidate) on mutated values. */
export const sdpAttributes: Target<AttributeInput> = {
  name: 'sdp-attributes',
  description: 'each typed a= view of src/protocol/sdp (and the candidate grammar) on mutated fixture values; parse/serialize round trip',
  shortRuns: 12000,
  arbitrary() {
    const values = sdpAttributeValues();
    const perView = VIEW_NAMES.map((name) => {
      const seeds = [...(values.get(name) ?? []), ...(EXTRA_VALUES[name] ?? [])];
      if (seeds.length === 0) seeds.push('');
      return textFrom(seeds, { maxChars: 16 * 1024, maxEdits: 4 }).map((v): AttributeInput => [name, v]);
    });
    return fc.oneof(...perView);
  },
  run([name, value]: AttributeInput, meter: Meter): void {
    const view = VIEWS[name];
    check(view !== undefined, () => `no view ${name}`);
    meter.input(() => {
      returnsOrThrows(sdp.ParseError, () => {
        const model = view.parse(value);
        sameModel(view.parse(view.serialize(model as never)), model, `a=${name}`);
      }, `a=${name} parser`);
    });
  },
  encode: ([name, value]) => utf16.encode(`${name}\n${value}`),
  decode(bytes) {
    const s = utf16.decode(bytes);
    const at = s.indexOf('\n');
    return [s.slice(0, at), s.slice(at + 1)];
  },
};
