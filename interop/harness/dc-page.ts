// Node's handle on the page kit: the kit's methods, each one `evaluate` away.
import type { Page } from './browser.js';
import { callDcKit, installDcKit, type DcKit } from './page-kit.js';
import { makePayload } from './payload.js';

/** The page kit as Node calls it: the same methods, each returning a promise. */
export type RemoteDcKit = { [M in keyof DcKit]: (arg: Parameters<DcKit[M]>[0]) => Promise<Awaited<ReturnType<DcKit[M]>>> };

/** Every kit method, so the handle below lists them all (a missing one fails to typecheck). */
const METHODS: Record<keyof DcKit, true> = {
  createPeer: true,
  createChannel: true,
  createChannels: true,
  takeCandidates: true,
  addCandidate: true,
  waitConnectionState: true,
  report: true,
  waitChannels: true,
  setEcho: true,
  takeReceived: true,
  exchange: true,
  closeChannel: true,
  events: true,
  closePeer: true,
};

/** Installs the kit in `page` (once per tab) and returns Node's handle on it. */
export async function installKit(page: Page): Promise<RemoteDcKit> {
  await page.evaluate(installDcKit, { payloadSource: makePayload.toString() });
  const remote: Record<string, (arg: unknown) => Promise<unknown>> = {};
  for (const method of Object.keys(METHODS)) remote[method] = (arg) => page.evaluate(callDcKit, { method, arg });
  return remote as unknown as RemoteDcKit;
}
