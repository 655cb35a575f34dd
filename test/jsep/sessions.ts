// JsepSessions for the JSEP tests: fixed transport parameters, deterministic randomness.
import { JsepSession, type LocalTransport } from '../../src/jsep/session.js';

let seed = 1;

/** A session with ICE ufrag `ufrag` and `extra` transport parameters (e.g. an a=sctp-init). */
export function testSession(ufrag = 'abcd', extra: Partial<LocalTransport> = {}): JsepSession {
  return new JsepSession(
    {
      iceUfrag: ufrag,
      icePwd: 'p'.repeat(24),
      fingerprints: ['sha-256 ' + Array(32).fill('AB').join(':')],
      cname: 'cname',
      sctpPort: 5000,
      maxMessageSize: 262144,
      ...extra,
    },
    { uint32: () => (seed = (seed * 1103515245 + 12345) >>> 0), id: () => `id${seed++}` },
  );
}
