// fetch() for the page: same-origin URLs are served from the corpus (as wptserve would
// serve them, `.sub.` files substituted); anything else fails like a network error, so
// no test reaches the network.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { substitute } from '../lib/meta.js';
import { corpusPath, ORIGIN } from '../lib/urls.js';

const MIME: Record<string, string> = {
  '.idl': 'text/plain', '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html',
  '.txt': 'text/plain', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.wav': 'audio/wav', '.webm': 'video/webm', '.mp4': 'video/mp4',
};

function mimeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return MIME[dot >= 0 ? path.slice(dot) : ''] ?? 'application/octet-stream';
}

function requestUrl(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  if (input instanceof Request) return input.url;
  return String(input);
}

/** Replaces globalThis.fetch with one that serves the corpus at the page's origin. */
export function installFetch(wptDir: string, pageUrl: string): void {
  const fetchFromCorpus = async function fetch(input: unknown, init?: { method?: string }): Promise<Response> {
    let url: URL;
    try {
      url = new URL(requestUrl(input), pageUrl);
    } catch {
      throw new TypeError(`Failed to fetch: invalid URL ${String(input)}`);
    }
    if (url.origin !== ORIGIN) throw new TypeError(`Failed to fetch: ${url.href} (the WPT runner serves only ${ORIGIN})`);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return new Response(null, { status: 405, statusText: 'Method Not Allowed' });
    const rel = corpusPath(url.pathname);
    if (rel === undefined) return new Response(null, { status: 404, statusText: 'Not Found' });
    let body: Buffer;
    try {
      body = await readFile(join(wptDir, rel));
    } catch {
      return new Response('Not Found', { status: 404, statusText: 'Not Found' });
    }
    const payload = /\.sub\.[^/]*$/.test(rel) ? substitute(body.toString('utf8'), url) : body;
    return new Response(method === 'HEAD' ? null : payload, { status: 200, headers: { 'content-type': mimeOf(rel) } });
  };
  Object.defineProperty(globalThis, 'fetch', { value: fetchFromCorpus, writable: true, configurable: true, enumerable: true });
}
