// What an interop scenario is: a named, time-bounded check that may use browser tabs.
import type { BrowserKind, Page } from './browser.js';
import type { InteropNetwork } from './network.js';

/** What the runner hands a scenario while it runs. */
export interface ScenarioContext {
  /**
   * Opens a fresh tab on the blank page in the given browser; it is closed after the
   * scenario. With `hideHostAddresses` the tab is in a browser that hides its host
   * addresses behind mDNS `.local` names, as browsers do by default on the web. With
   * `chromiumArgs` it is in a Chromium launched with those switches too (a field trial).
   */
  page(kind: BrowserKind, options?: { hideHostAddresses?: boolean; chromiumArgs?: readonly string[] }): Promise<Page>;
  /** Registers a cleanup (closing a peer connection, say); cleanups run in reverse order, each bounded. */
  defer(cleanup: () => unknown): void;
  /** Aborted when the scenario runs out of time. */
  readonly signal: AbortSignal;
  /** A note printed under the result line when the scenario fails, or always with `--verbose`. */
  log(message: string): void;
  /** Where purertc binds and which browser candidates it may be handed (see network.ts). */
  readonly network: InteropNetwork;
}

/** One interop check. A scenario file exports `scenarios: Scenario[]`. */
export interface Scenario {
  /** Unique, human-readable: `signaling/chromium: purertc offers, browser answers`. */
  readonly name: string;
  /** The browsers it needs; it is skipped (or failed under CI) when one is missing. */
  readonly browsers: readonly BrowserKind[];
  /**
   * Run it inside the suite's private network namespace (see netns.ts) even though it
   * needs no Firefox: e.g. for a browser that announces mDNS names on the network.
   * Every scenario with Firefox runs there anyway.
   */
  readonly isolated?: boolean;
  /** Its time bound, from start to the end of its cleanups. */
  readonly timeoutMs: number;
  /** Resolves when the check passes; throws to fail it. */
  run(context: ScenarioContext): Promise<void>;
}

/**
 * Thrown by a scenario that cannot run here for want of a test tool (ffmpeg, say): the
 * runner reports it SKIP with the message, or FAIL under CI=true.
 */
export class ScenarioSkip extends Error {
  override name = 'ScenarioSkip';
}
