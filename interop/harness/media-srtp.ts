// The SRTP profile of a media flow (media-flows.ts): purertc's nonstandard
// RTCConfiguration.srtpProfiles names the one profile it offers (as DTLS client) or accepts
// (as DTLS server), and after the flow both sides' transport stats must name it (W3C
// webrtc-stats srtpCipher), with the DTLS roles opposite.
// The DTLS role follows a=setup (RFC 5763 §5): the offerer says actpass and both browsers
// answer active, so purertc is the server when it offers and the client when it answers.
import assert from 'node:assert/strict';
import type { BrowserKind } from './browser.js';
import type { FlowOptions, MediaFlow } from './media-flows.js';
import type { MediaSession } from './media-session.js';
import type { ScenarioContext } from './scenario.js';

/** The DTLS-SRTP profiles each browser accepts (Chromium leaves AES128_CM_HMAC_SHA1_32 off by default). */
export const BROWSER_SRTP_PROFILES: Record<BrowserKind, readonly string[]> = {
  chromium: ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AEAD_AES_128_GCM', 'SRTP_AEAD_AES_256_GCM'],
  firefox: ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AES128_CM_HMAC_SHA1_32', 'SRTP_AEAD_AES_128_GCM', 'SRTP_AEAD_AES_256_GCM'],
};

/** purertc's DTLS role when `offerer` offers. */
export function dtlsRoleOf(offerer: 'node' | 'browser'): 'client' | 'server' {
  return offerer === 'node' ? 'server' : 'client';
}

/** A scenario-name suffix: the profile forced (or the default) and purertc's DTLS role. */
export function srtpLabel(offerer: 'node' | 'browser', profile: string | undefined): string {
  return `${profile ?? 'default SRTP profiles'}, purertc DTLS ${dtlsRoleOf(offerer)}`;
}

function transportOf(stats: Iterable<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const s of stats) if (s.type === 'transport') return s;
  return undefined;
}

/** Both sides' transport stats name `profile` (or the same profile, when none was forced) and the DTLS roles. */
export async function checkSrtp(context: ScenarioContext, session: MediaSession, kind: BrowserKind, offerer: 'node' | 'browser', profile: string | undefined): Promise<void> {
  const role = dtlsRoleOf(offerer);
  const ours = transportOf(((await session.pc.getStats()) as Map<string, Record<string, unknown>>).values());
  const theirs = transportOf((await session.pageStats()).stats);
  context.log(`purertc transport: ${JSON.stringify(ours)}\n${kind} transport: ${JSON.stringify(theirs)}`);
  assert.ok(ours, 'purertc has no transport stats');
  assert.equal(ours.dtlsRole, role, 'purertc DTLS role');
  assert.equal(typeof ours.srtpCipher, 'string', 'purertc srtpCipher');
  if (profile !== undefined) assert.equal(ours.srtpCipher, profile, 'purertc srtpCipher');
  assert.ok(theirs, `${kind} has no transport stats`);
  assert.equal(theirs.dtlsRole, role === 'client' ? 'server' : 'client', `${kind} DTLS role`);
  assert.equal(theirs.srtpCipher, ours.srtpCipher, `${kind} srtpCipher`);
}

/** Runs `flow` with purertc restricted to `profile` (all profiles when undefined), then checks the profile in use. */
export async function runFlowWithProfile(flow: MediaFlow, context: ScenarioContext, kind: BrowserKind, offerer: 'node' | 'browser', profile: string | undefined): Promise<void> {
  const options: FlowOptions = profile === undefined ? { offerer } : { offerer, nodeConfig: { srtpProfiles: [profile] } };
  const session = await flow(context, kind, options);
  await checkSrtp(context, session, kind, offerer, profile);
}
