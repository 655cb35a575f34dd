// Messages between the runner (parent) and the child process running one test file.

/** What the parent tells a child, as its single argv argument (JSON). */
export interface ChildConfig {
  /** Absolute path of the corpus root. */
  wptDir: string;
  /** Test file, relative to wptDir. */
  file: string;
  /** URL (file:) of the polyfill module to import before the harness. */
  polyfillUrl: string;
  /** The parent's hard limit for this file (SIGKILL). */
  limitMs: number;
  /** testharness.js's harness timeout for this file (below the hard limit). */
  harnessMs: number;
  /** Ask the polyfill for navigator.mediaDevices with fake devices, as browsers run WPT. */
  fakeMedia: boolean;
  /** The runner's pid: the child kills itself if it is re-parented (the runner died). */
  parentPid: number;
}

/** What a child tells the parent. Statuses are testharness.js numeric codes. */
export type ChildMessage =
  /** A subtest was created (phase 0) or started (phase 1). */
  | { type: 'state'; index: number; name: string; phase: number }
  /** A subtest finished. */
  | { type: 'result'; index: number; name: string; status: number; message?: string }
  /** The harness finished; `tests` is every subtest, in creation order. */
  | {
    type: 'complete';
    harness: number;
    message?: string;
    stack?: string;
    tests: { name: string; status: number; message?: string }[];
  }
  /** The runner itself could not run the file (polyfill import failed, no testharness.js...). */
  | { type: 'fatal'; message: string }
  /** Something the runner noticed that a browser would only show in its console. */
  | { type: 'note'; message: string }
  /** An uncaught exception or unhandled rejection reached the page (its time matters). */
  | { type: 'uncaught' };
