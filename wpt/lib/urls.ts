// Where a test file appears to be served from, and which corpus file a URL maps to.
import { SERVER } from './meta.js';

/** The origin every test pretends to be loaded from (secure, so `.https` tests work). */
export const ORIGIN = `https://${SERVER.host}:${SERVER.httpsPorts[0]}`;

/** True for tests written as scripts (`.window.js`, `.any.js`) rather than pages. */
export function isScriptTest(file: string): boolean {
  return /\.(window|any)\.js$/.test(file);
}

/**
 * The URL path (no leading slash) at which wptserve serves a test file: a script test
 * `x.window.js` / `x.any.js` runs as the generated page `x.window.html` / `x.any.html`.
 * This is also the key the Chromium baseline uses.
 */
export function testUrlPath(file: string): string {
  const path = file.replace(/\\/g, '/').replace(/^\/+/, '');
  return path.replace(/\.(window|any)\.js$/, '.$1.html');
}

/** The full URL a test file runs at. */
export function testUrl(file: string): string {
  return `${ORIGIN}/${testUrlPath(file)}`;
}

/** What a script URL resolves to for the runner. */
export type ScriptTarget =
  | { kind: 'testharness' }
  | { kind: 'report' }
  | { kind: 'testdriver-vendor' }
  | { kind: 'file'; path: string }
  | { kind: 'remote'; url: string };

/**
 * Resolves a script `src` (relative to the page URL) to the corpus path it is served
 * from, with wptserve's aliases: `/resources/WebIDLParser.js` is webidl2.js. The
 * harness and the report script are special so the runner can hook in after them, and
 * testdriver-vendor.js is the runner's own (wpt/child/testdriver.ts).
 */
export function resolveScript(src: string, pageUrl: string): ScriptTarget {
  const url = new URL(src, pageUrl);
  if (url.origin !== ORIGIN) return { kind: 'remote', url: url.href };
  const path = decodeURIComponent(url.pathname);
  if (path === '/resources/testharness.js') return { kind: 'testharness' };
  if (path === '/resources/testharnessreport.js') return { kind: 'report' };
  if (path === '/resources/testdriver-vendor.js') return { kind: 'testdriver-vendor' };
  if (path === '/resources/WebIDLParser.js') return { kind: 'file', path: 'resources/webidl2/lib/webidl2.js' };
  return { kind: 'file', path: path.replace(/^\/+/, '') };
}

/** Maps a same-origin URL path to a corpus-relative file path, or undefined if it escapes. */
export function corpusPath(urlPath: string): string | undefined {
  const segments: string[] = [];
  for (const segment of decodeURIComponent(urlPath).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments.join('/');
}
