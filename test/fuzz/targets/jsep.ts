// The W3C entry points for remote SDP: setRemoteDescription with mutated real offers, and
// RTCIceCandidate / addIceCandidate with mutated candidate strings. A bad description or
// candidate rejects with the error the spec names, never anything else; the peer connection
// still applies a real offer afterwards. The peer connections here never get a local
// description, so no transport exists and nothing is sent anywhere.
import fc from 'fast-check';
import { RTCError } from '../../../src/api/error.js';
import { RTCIceCandidate, RTCPeerConnection } from '../../../src/index.js';
import { textFrom } from '../harness/mutate.js';
import { check, describe, PropertyFailure, type Meter, type Target } from '../harness/target.js';
import { sdpAttributeValues, sdpOffers, utf16 } from './seeds.js';

/** The exceptions a description or candidate from the network may be refused with. */
const SPEC_ERRORS = new Set(['InvalidAccessError', 'OperationError', 'InvalidModificationError']);

function specError(err: unknown, what: string): void {
  if (err instanceof RTCError) {
    check(err.errorDetail === 'sdp-syntax-error', () => `${what}: RTCError with errorDetail ${err.errorDetail}`);
    return;
  }
  if (err instanceof DOMException && SPEC_ERRORS.has(err.name)) return;
  throw new PropertyFailure(`${what} rejected with ${describe(err)}`);
}

let pc: RTCPeerConnection | undefined;
let used = 0;
let offers: string[] = [];

/** A peer connection in state stable with no local description, made afresh now and then. */
function connection(): RTCPeerConnection {
  if (pc === undefined || used++ >= 500) {
    pc?.close();
    pc = new RTCPeerConnection();
    used = 0;
  }
  return pc;
}

async function backToStable(p: RTCPeerConnection): Promise<void> {
  if (p.signalingState !== 'stable') await p.setRemoteDescription({ type: 'rollback', sdp: '' });
  check(p.signalingState === 'stable' && p.localDescription === null, () => `state ${p.signalingState} after rollback`);
}

/** A real offer still applies, and an answer can be made for it. */
async function stillWorks(p: RTCPeerConnection, offer: string): Promise<void> {
  try {
    await p.setRemoteDescription({ type: 'offer', sdp: offer });
    const answer = (await p.createAnswer()) as { sdp: string };
    check(answer.sdp.includes('m='), () => 'answer without m= line');
  } catch (err) {
    if (err instanceof PropertyFailure) throw err;
    throw new PropertyFailure(`a real offer no longer applies after the fuzz input: ${describe(err)}`);
  }
  await backToStable(p);
}

/** setRemoteDescription(offer) with mutated browser offers. */
export const jsepApply: Target<string> = {
  name: 'jsep-apply',
  description: 'RTCPeerConnection.setRemoteDescription with mutated real offers; a real offer applies afterwards',
  shortRuns: 6000,
  async setup() {
    offers = sdpOffers();
  },
  arbitrary: () => textFrom(sdpOffers(), { maxChars: 32 * 1024 }),
  async run(text: string, meter: Meter): Promise<void> {
    const p = connection();
    await meter.inputAsync(async () => {
      try {
        await p.setRemoteDescription({ type: 'offer', sdp: text });
      } catch (err) {
        specError(err, 'setRemoteDescription');
      }
    });
    await backToStable(p);
    if (used % 50 === 0) await stillWorks(p, offers[used % offers.length]!);
  },
  async teardown() {
    pc?.close();
    pc = undefined;
  },
  encode: utf16.encode,
  decode: utf16.decode,
};

/** An addIceCandidate input: the candidate string and where it says it belongs. */
interface CandidateInput {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  usernameFragment: string | null;
}

let candidatePc: RTCPeerConnection | undefined;
let candidateUses = 0;

async function candidateConnection(): Promise<RTCPeerConnection> {
  if (candidatePc === undefined || candidateUses++ >= 300) {
    candidatePc?.close();
    candidatePc = new RTCPeerConnection();
    candidateUses = 0;
    await candidatePc.setRemoteDescription({ type: 'offer', sdp: offers[0]! });
  }
  return candidatePc;
}

/** RTCIceCandidate and addIceCandidate with mutated candidate strings. */
export const iceCandidateApi: Target<CandidateInput> = {
  name: 'ice-candidate-api',
  description: 'new RTCIceCandidate() and addIceCandidate() with mutated candidate strings, mids and indexes; a real candidate is added afterwards',
  shortRuns: 12000,
  async setup() {
    offers = sdpOffers().filter((o) => o.includes('a=mid:0') && o.includes('m=application'));
  },
  arbitrary() {
    const seeds = (sdpAttributeValues().get('candidate') ?? []).flatMap((c) => [`candidate:${c}`, `a=candidate:${c}`, c]);
    return fc.record({
      candidate: textFrom(seeds, { maxChars: 8 * 1024, maxEdits: 4 }),
      sdpMid: fc.oneof(fc.constant('0'), fc.constant(null), fc.string({ maxLength: 4 })),
      sdpMLineIndex: fc.oneof(fc.constant(0), fc.constant(null), fc.nat(70000)),
      usernameFragment: fc.oneof(fc.constant(null), fc.string({ maxLength: 8 })),
    });
  },
  async run(input: CandidateInput, meter: Meter): Promise<void> {
    const p = await candidateConnection();
    await meter.inputAsync(async () => {
      try {
        const c = new RTCIceCandidate(input);
        // Every attribute reads as a value or null; toJSON gives the init back.
        void [c.foundation, c.component, c.priority, c.address, c.protocol, c.port, c.type, c.tcpType, c.relatedAddress, c.relatedPort];
        check(c.toJSON().candidate === input.candidate, () => 'toJSON changed the candidate');
      } catch (err) {
        if (err instanceof PropertyFailure) throw err;
        // W3C §4.8.1.1: both sdpMid and sdpMLineIndex null is a TypeError; so is an index over 65535.
        const nullBoth = input.sdpMid === null && input.sdpMLineIndex === null;
        if (!(err instanceof TypeError && (nullBoth || (input.sdpMLineIndex ?? 0) > 65535))) {
          throw new PropertyFailure(`new RTCIceCandidate threw ${describe(err)}`);
        }
      }
      try {
        await p.addIceCandidate(input);
      } catch (err) {
        if (err instanceof TypeError && ((input.sdpMid === null && input.sdpMLineIndex === null) || (input.sdpMLineIndex ?? 0) > 65535)) return;
        specError(err, 'addIceCandidate');
      }
    });
    if (candidateUses % 50 === 0) {
      const real = `candidate:1 1 udp 2122260223 127.0.0.1 ${40000 + candidateUses} typ host`;
      try {
        await p.addIceCandidate({ candidate: real, sdpMid: '0' });
      } catch (err) {
        throw new PropertyFailure(`a real candidate is refused after the fuzz inputs: ${describe(err)}`);
      }
    }
  },
  async teardown() {
    candidatePc?.close();
    candidatePc = undefined;
  },
  encode: (i) => utf16.encode(JSON.stringify(i)),
  decode: (b) => JSON.parse(utf16.decode(b)) as CandidateInput,
};
