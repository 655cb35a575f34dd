// A local page server: browsers under test load a blank page from 127.0.0.1 so that
// the page is a secure context (http://127.0.0.1 counts as potentially trustworthy)
// and nothing is fetched from anywhere else.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const BLANK_PAGE = '<!doctype html><meta charset="utf-8"><title>purertc interop</title><body></body>\n';

/** A running page server. */
export interface PageServer {
  /** The blank page's address, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 and an ephemeral port that serves the blank page at `/`. */
export async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url !== '/' && request.url !== '/index.html')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(BLANK_PAGE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
