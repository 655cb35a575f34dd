// What an interop scenario is: a named, time-bounded check that may use browser tabs.
import type { BrowserKind, Page } from './browser.js';

/** What the runner hands a scenario while it runs. */
export interface ScenarioContext {
  /** Opens a fresh tab on the blank page in the given browser; it is closed after the scenario. */
  page(kind: BrowserKind): Promise<Page>;
  /** Registers a cleanup (closing a peer connection, say); cleanups run in reverse order, each bounded. */
  defer(cleanup: () => unknown): void;
  /** Aborted when the scenario runs out of time. */
  readonly signal: AbortSignal;
  /** A note printed under the result line when the scenario fails, or always with `--verbose`. */
  log(message: string): void;
}

/** One interop check. A scenario file exports `scenarios: Scenario[]`. */
export interface Scenario {
  /** Unique, human-readable: `signaling/chromium: purertc offers, browser answers`. */
  readonly name: string;
  /** The browsers it needs; it is skipped (or failed under CI) when one is missing. */
  readonly browsers: readonly BrowserKind[];
  /** Its time bound, from start to the end of its cleanups. */
  readonly timeoutMs: number;
  /** Resolves when the check passes; throws to fail it. */
  run(context: ScenarioContext): Promise<void>;
}
