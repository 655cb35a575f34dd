// Each DTLS-SRTP protection profile with each browser, purertc as DTLS client and as DTLS
// server. purertc's nonstandard RTCConfiguration.srtpProfiles names the one profile it
// offers (as client) or accepts (as server); the DTLS role follows a=setup (RFC 5763 §5):
// the answerer takes active, so purertc is the client when the browser offers and the
// server when it offers. A 2 s Opus exchange must play in the page (harness/media-flows.ts),
// and both sides' transport stats must name the profile (W3C webrtc-stats srtpCipher)
// where the browser reports one (Firefox has no transport stats object).
import assert from 'node:assert/strict';
import type { BrowserKind, Scenario, ScenarioContext } from '../harness/index.js';
import { audioToBrowser } from '../harness/media-flows.js';
import type { MediaSession } from '../harness/media-session.js';

const TIMEOUT_MS = 25_000;

/** The profiles each browser accepts (Chromium leaves AES128_CM_HMAC_SHA1_32 off by default). */
const PROFILES: Record<BrowserKind, readonly string[]> = {
  chromium: ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AEAD_AES_128_GCM', 'SRTP_AEAD_AES_256_GCM'],
  firefox: ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AES128_CM_HMAC_SHA1_32', 'SRTP_AEAD_AES_128_GCM', 'SRTP_AEAD_AES_256_GCM'],
};

function transportOf(stats: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  return stats.find((s) => s.type === 'transport');
}

async function checkProfile(context: ScenarioContext, session: MediaSession, kind: BrowserKind, profile: string, role: 'client' | 'server'): Promise<void> {
  const ours = transportOf([...((await session.pc.getStats()) as Map<string, Record<string, unknown>>).values()]);
  const theirs = transportOf((await session.pageStats()).stats);
  context.log(`purertc transport: ${JSON.stringify(ours)}\n${kind} transport: ${JSON.stringify(theirs)}`);
  assert.ok(ours, 'purertc has no transport stats');
  assert.equal(ours.dtlsRole, role, 'purertc DTLS role');
  assert.equal(ours.srtpCipher, profile, 'purertc srtpCipher');
  if (kind === 'chromium') {
    assert.ok(theirs, 'Chromium has no transport stats');
    assert.equal(theirs.dtlsRole, role === 'client' ? 'server' : 'client', 'Chromium DTLS role');
    assert.equal(theirs.srtpCipher, profile, 'Chromium srtpCipher');
  } else if (theirs?.srtpCipher !== undefined) {
    assert.equal(theirs.srtpCipher, profile, `${kind} srtpCipher`);
  }
}

function scenario(kind: BrowserKind, profile: string, role: 'client' | 'server'): Scenario {
  // purertc answers (a=setup:active) to be the client; offers (actpass, the browser answers active) to be the server.
  const offerer = role === 'client' ? 'browser' : 'node';
  return {
    name: `srtp/${kind}: ${profile}, purertc as DTLS ${role} (${offerer === 'node' ? 'purertc offers' : 'browser offers'}): Opus plays, both sides name the profile`,
    browsers: [kind],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const session = await audioToBrowser(context, kind, { offerer, nodeConfig: { srtpProfiles: [profile] } }, 2);
      await checkProfile(context, session, kind, profile, role);
    },
  };
}

/** Every profile each browser accepts, with purertc as DTLS client and as server. */
export const scenarios: Scenario[] = (['chromium', 'firefox'] as const).flatMap((kind) =>
  PROFILES[kind].flatMap((profile) => (['client', 'server'] as const).map((role) => scenario(kind, profile, role))),
);
