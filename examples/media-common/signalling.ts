// What the three media examples share: a loopback HTTP server that hands out one page and
// takes offers as JSON POSTs (no trickle: the answer carries every candidate), and a
// purertc peer connection answering such an offer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// An application would write `from 'purertc'`; that resolves to dist/, which only exists
// after `npm run build`, so the examples run from the source tree instead.
import { RTCPeerConnection } from '../../src/index.js';

/** An offer or answer as JSON carries it (RTCSessionDescriptionInit). */
export interface Description {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A POST route: the offer in, the answer out. */
export type OfferHandler = (offer: Description) => Promise<Description>;

/** A running example server. */
export interface ExampleServer {
  /** The page's address, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** Stops listening (the example closes its own peer connections). */
  close(): Promise<void>;
}

/** Longest offer accepted, in bytes (an audio+video offer is about 6 KiB). */
const MAX_OFFER_BYTES = 64 * 1024;
/** Bound on gathering purertc's own candidates before the answer goes back. */
const GATHER_TIMEOUT_MS = 5_000;

/** Serves `page` at `/` and each route of `offers` as `POST /<name>`; resolves once listening. */
export async function serveExample(options: { page: Uint8Array; offers: Record<string, OfferHandler>; port?: number; host?: string }): Promise<ExampleServer> {
  const host = options.host ?? '127.0.0.1';
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0]!;
    if (request.method === 'GET' && (path === '/' || path === '/index.html')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(options.page);
      return;
    }
    const handler = request.method === 'POST' ? options.offers[path.slice(1)] : undefined;
    if (handler === undefined) return reply(response, 404, 'not found');
    let offer: unknown;
    try {
      offer = JSON.parse(await readBody(request, MAX_OFFER_BYTES));
    } catch (error) {
      return reply(response, 400, `bad offer: ${String(error)}`);
    }
    const o = offer as Partial<Description> | null;
    if (typeof o !== 'object' || o === null || o.type !== 'offer' || typeof o.sdp !== 'string') return reply(response, 400, 'expected {"type":"offer","sdp":"..."}');
    try {
      const answer = await handler({ type: 'offer', sdp: o.sdp });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (error) {
      reply(response, 400, `offer rejected: ${String(error)}`);
    }
  }
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => reply(response, 500, String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The purertc configuration for a server listening on `host`: loopback stays on loopback. */
export function peerConfig(host: string | undefined): { bindAddress?: string } {
  const h = host ?? '127.0.0.1';
  // bindAddress is nonstandard (a purertc extension): host candidates on that address only.
  return h === 'localhost' || h === '::1' || h.startsWith('127.') ? { bindAddress: '127.0.0.1' } : {};
}

/** Applies `offer` to `pc` and returns its answer once every local candidate is in it. */
export async function answerOffer(pc: RTCPeerConnection, offer: Description): Promise<Description> {
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription();
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
  return { type: 'answer', sdp: pc.localDescription!.sdp };
}

/** The `--port` and `--host` every example takes (PORT in the environment works too). */
export function listenOptions(values: { port?: string; host?: string }): { port: number; host: string } {
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port: ${values.port ?? process.env.PORT}`);
  return { port, host: values.host ?? '127.0.0.1' };
}

/** Runs `stop` once on Ctrl+C or SIGTERM. */
export function onInterrupt(stop: (signal: string) => void): void {
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function reply(response: ServerResponse, status: number, text: string): void {
  if (!response.headersSent) response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

async function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new Error(`longer than ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
