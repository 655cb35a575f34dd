// Choosing which test files to run: the scope list (wpt/files.txt) and globs.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A file (or glob) the scope list says cannot run in Node, and why. */
export interface SkipEntry {
  pattern: string;
  reason: string;
}

/** A parsed scope list. */
export interface ScopeList {
  /** Paths and globs to run, in order. */
  entries: string[];
  /** Files of the scope that are reported as SKIP, with the reason, instead of run. */
  skips: SkipEntry[];
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
}

/**
 * Reads a scope list: one path or glob per line; `skip PATH-OR-GLOB REASON` lists files
 * that cannot run in Node (the reason is required); `#` starts a comment, blanks ignored.
 */
export function parseFileList(text: string): ScopeList {
  const list: ScopeList = { entries: [], skips: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!line) return;
    const skip = /^skip\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (!skip) {
      list.entries.push(normalize(line));
      return;
    }
    const reason = skip[2]?.trim();
    if (!reason) throw new Error(`line ${index + 1}: "skip ${skip[1]}" needs a reason`);
    list.skips.push({ pattern: normalize(skip[1]!), reason });
  });
  return list;
}

/** The reason a file is skipped, if a skip entry (path or glob) matches it. */
export function skipReason(skips: readonly SkipEntry[], file: string): string | undefined {
  for (const s of skips) if (isGlob(s.pattern) ? globToRegExp(s.pattern).test(file) : s.pattern === file) return s.reason;
  return undefined;
}

/** True if the pattern uses glob syntax (`*`, `?`, `[...]`, `{a,b}`). */
export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/**
 * Compiles a glob to a RegExp over `/`-separated paths: `*` and `?` stay inside one
 * segment, `**` spans segments, `[...]` is a character class, `{a,b}` alternatives.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
      } else {
        const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^$()|\\/\]{}]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** Lists every file under `root/dir`, as `/`-separated paths relative to `root`, sorted. */
export function listFiles(root: string, dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel));
    } catch {
      return;
    }
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(join(root, child)).isDirectory()) walk(child);
      else found.push(child);
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * True for files that are tests: pages (`.html`, `.htm`) and script tests (`.window.js`,
 * `.any.js`), not helpers (`*-helper.js`, other `.js`), headers, or anything under
 * `resources/`, `support/`, `third_party/` or `tools/` (iframes, workers, libraries).
 */
export function isTestFile(path: string): boolean {
  if (/(^|\/)(resources|support|third_party|tools)\//.test(path)) return false;
  if (/\.(window|any)\.js$/.test(path)) return true;
  return /\.html?$/.test(path) && !/-helper\.html?$/.test(path);
}

/**
 * Expands scope entries to test files, keeping the entries' order and dropping
 * duplicates. A plain path is kept as is (a missing file is reported by the run); a glob
 * is matched against the test files of the corpus under its first fixed directory.
 */
export function expandEntries(root: string, entries: string[]): { files: string[]; unmatched: string[] } {
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  const listings = new Map<string, string[]>();
  for (const entry of entries) {
    let matches: string[];
    if (!isGlob(entry)) {
      matches = [entry];
    } else {
      const fixed = entry.split('/');
      const firstGlob = fixed.findIndex(isGlob);
      const base = fixed.slice(0, firstGlob).join('/');
      let listing = listings.get(base);
      if (!listing) {
        listing = listFiles(root, base).filter(isTestFile);
        listings.set(base, listing);
      }
      const re = globToRegExp(entry);
      matches = listing.filter((f) => re.test(f));
      if (matches.length === 0) unmatched.push(entry);
    }
    for (const file of matches) {
      if (!seen.has(file)) {
        seen.add(file);
        files.push(file);
      }
    }
  }
  return { files, unmatched };
}
