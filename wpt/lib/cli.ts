// Command-line options of `wpt/run.ts`.

/** Parsed options. */
export interface RunOptions {
  /** Files or globs named on the command line; empty = the scope list. */
  patterns: string[];
  /** Child processes run at once. */
  jobs: number;
  /** Harness timeout of a file without a recorded time, in ms (`timeout=long` files get 6x). */
  timeoutMs: number;
  /** Ignore the times recorded in the expectations: every file gets the default limits. */
  defaultLimits: boolean;
  /** Load dist/polyfill.mjs instead of src/polyfill.ts. */
  dist: boolean;
  /** Load this module as the polyfill instead (overrides --dist). */
  polyfill?: string;
  /** Install navigator.mediaDevices with the polyfill's fake devices (default true). */
  fakeMedia: boolean;
  /** Rewrite the expectations from this run. */
  update: boolean;
  /** Write all results here. */
  json?: string;
  /** Print every non-passing subtest and child output. */
  verbose: boolean;
  /** Scope list to use instead of wpt/files.txt. */
  filesList?: string;
  /** Expectations file to use instead of wpt/expectations.json. */
  expectations?: string;
  help: boolean;
}

/** Usage text. */
export const USAGE = `usage: node --import tsx wpt/run.ts [options] [file|glob ...]

Runs WPT webrtc/ tests in Node with the purertc polyfill, one child process per file.
Files and globs are relative to WPT_DIR (default ../shared/wpt from the repo root);
without any, the scope list wpt/files.txt is run (every test file of webrtc/).

  -j, --jobs N          child processes at once (default 3)
  -t, --timeout SEC     harness timeout of a file with no recorded time (default 10;
                        "timeout=long" files get 6x); the hard limit is 5 s later;
                        recorded files get limits from their recorded time, never
                        above these
      --default-limits  ignore recorded times: every file gets the -t limits
                        (to re-measure files that time out, with --update)
      --dist            load dist/polyfill.mjs instead of src/polyfill.ts
      --polyfill FILE   load FILE as the polyfill instead (overrides --dist)
      --no-fake-media   do not install navigator.mediaDevices with fake devices
                        (by default the polyfill's installGlobals({ mediaDevices: true }))
  -u, --update          rewrite wpt/expectations.json from this run
      --json FILE       write all results to FILE
  -v, --verbose         list non-passing subtests with messages, and child output
      --files FILE      scope list to use instead of wpt/files.txt
      --expectations F  expectations file to use instead of wpt/expectations.json
  -h, --help            this text`;

/** Parses argv (without node and the script). Throws on bad usage. */
export function parseArgs(argv: string[]): RunOptions {
  const options: RunOptions = { patterns: [], jobs: 3, timeoutMs: 10_000, defaultLimits: false, dist: false, fakeMedia: true, update: false, verbose: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    const positive = (text: string): number => {
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: expected a positive number, got ${JSON.stringify(text)}`);
      return n;
    };
    switch (flag) {
      case '-j': case '--jobs': options.jobs = Math.max(1, Math.floor(positive(value()))); break;
      case '-t': case '--timeout': options.timeoutMs = Math.round(positive(value()) * 1000); break;
      case '--default-limits': options.defaultLimits = true; break;
      case '--dist': options.dist = true; break;
      case '--polyfill': options.polyfill = value(); break;
      case '--no-fake-media': options.fakeMedia = false; break;
      case '-u': case '--update': options.update = true; break;
      case '--json': options.json = value(); break;
      case '-v': case '--verbose': options.verbose = true; break;
      case '--files': options.filesList = value(); break;
      case '--expectations': options.expectations = value(); break;
      case '-h': case '--help': options.help = true; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new Error(`unknown option ${arg}`);
        options.patterns.push(arg);
    }
  }
  return options;
}
