// a=sctp-init (SNAP, draft-hancke-tsvwg-snap §5): in every offer with a data m-section, in
// an answer only to an offer that carried a valid one, with the same value each time; a
// value that is not base64 or not an INIT chunk is ignored.
import assert from 'node:assert/strict';
import type { JsepSession } from '../../src/jsep/session.js';
import { readDescription, sctpInitOf } from '../../src/jsep/remote.js';
import { decodeInitChunk, newSnapInit } from '../../src/protocol/sctp/index.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { testSession } from './sessions.js';

function session(ufrag: string, sctpInit: string | undefined): JsepSession {
  return testSession(ufrag, sctpInit !== undefined ? { sctpInit } : {});
}

const INIT_A = Buffer.from(newSnapInit(seededRandom(11).uint32)).toString('base64');
const INIT_B = Buffer.from(newSnapInit(seededRandom(12).uint32)).toString('base64');

function sctpInitLines(sdp: string): string[] {
  return sdp.split('\r\n').filter((l) => l.startsWith('a=sctp-init:'));
}

/** Replaces a=sctp-init values in an SDP (as a signalling path or an app might). */
function withSctpInit(sdp: string, value: string | null): string {
  const lines = sdp.split('\r\n').filter((l) => !l.startsWith('a=sctp-init:'));
  if (value === null) return lines.join('\r\n');
  const at = lines.findIndex((l) => l.startsWith('a=max-message-size:'));
  lines.splice(at + 1, 0, `a=sctp-init:${value}`);
  return lines.join('\r\n');
}

describe('JSEP: a=sctp-init', () => {
  it('offers it in the data m-section, reads it back as an INIT chunk, and answers with its own', () => {
    const a = session('aaaa', INIT_A);
    const b = session('bbbb', INIT_B);
    a.dataChannelWanted = true;
    const offer = a.createOffer();
    assert.deepEqual(sctpInitLines(offer), [`a=sctp-init:${INIT_A}`]);
    const parsed = sctpInitOf(readDescription(offer).sections[0]);
    assert.deepEqual(parsed, new Uint8Array(Buffer.from(INIT_A, 'base64')));
    assert.equal(decodeInitChunk(parsed!).initiateTag, decodeInitChunk(Buffer.from(INIT_A, 'base64')).initiateTag);
    a.setLocal('offer', offer);
    b.setRemote('offer', offer);
    const answer = b.createAnswer();
    assert.deepEqual(sctpInitLines(answer), [`a=sctp-init:${INIT_B}`]);
    b.setLocal('answer', answer);
    a.setRemote('answer', answer);
    // Later offers from either side carry the same value.
    assert.deepEqual(sctpInitLines(a.createOffer()), [`a=sctp-init:${INIT_A}`]);
    assert.deepEqual(sctpInitLines(b.createOffer()), [`a=sctp-init:${INIT_B}`]);
  });

  it('answers without it when the offer had none, or one that is not base64 or not an INIT', () => {
    const notInit = Buffer.from(Uint8Array.of(2, 0, 0, 20, ...new Uint8Array(16).fill(1))).toString('base64');
    for (const value of [null, 'not*base64!', 'AQAAHols3R0AUAAA/////+B5ZR3AAAAEgAgABoL', notInit, '']) {
      const a = session('aaaa', INIT_A);
      const b = session('bbbb', INIT_B);
      a.dataChannelWanted = true;
      const offer = withSctpInit(a.createOffer(), value);
      assert.equal(sctpInitOf(readDescription(offer).sections[0]), null, `read ${value}`);
      b.setRemote('offer', offer);
      assert.deepEqual(sctpInitLines(b.createAnswer()), [], `answered ${value}`);
    }
  });

  it('writes none without a local value, and none in a rejected data m-section', () => {
    const a = session('aaaa', undefined);
    a.dataChannelWanted = true;
    assert.deepEqual(sctpInitLines(a.createOffer()), []);
    // An application m-section that is not SCTP is answered rejected, without it.
    const b = session('bbbb', INIT_B);
    const c = session('cccc', INIT_A);
    c.dataChannelWanted = true;
    const offer = c.createOffer().replace('UDP/DTLS/SCTP webrtc-datachannel', 'TCP/MSRP *');
    b.setRemote('offer', offer);
    assert.deepEqual(sctpInitLines(b.createAnswer()), []);
  });
});
