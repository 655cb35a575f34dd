// A browser talks to Node over a WebRTC data channel, and Node echoes every message back.
//
// The server hands one page (page.html) to the browser. The page makes an offer with a data
// channel and POSTs it to /offer; Node answers with a purertc RTCPeerConnection and sends
// each message it receives (text or binary) straight back on the same channel. Every
// visitor gets a peer connection of its own.
//
//   node --import tsx examples/browser-echo/server.ts [--port=8080] [--host=127.0.0.1]
//   node --import tsx examples/browser-echo/server.ts --check   # headless Chromium proves the echo
//
// then open http://127.0.0.1:8080/ in Chromium or Chrome. `--port=0` (or PORT=0 in the
// environment) picks a free port. Ctrl+C closes every peer connection and exits.
//
// Loopback by default: the page is served on 127.0.0.1 and Node's peer binds its UDP socket
// to 127.0.0.1 (purertc's nonstandard `bindAddress`), so nothing leaves the machine: purertc
// pairs a loopback socket only with the browser's loopback candidates (Chromium offers them
// with --allow-loopback-in-peer-connection). Firefox never offers loopback candidates: for
// it, and for a browser on another machine, start with --host=0.0.0.0 (or one interface's
// address); the peer then binds every interface.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
// An application would write `from 'purertc'`; that resolves to dist/, which only exists
// after `npm run build`, so the example runs from the source tree instead.
import { RTCPeerConnection } from '../../src/index.js';

/** Where and how to serve. */
export interface EchoServerOptions {
  /** TCP port for the page and signalling; 0 picks a free one (default 8080). */
  port?: number;
  /** Address to listen on (default 127.0.0.1). Anything but loopback also opens ICE to every interface. */
  host?: string;
  /** Called with a line worth printing: a visitor arriving, a peer going away. */
  log?: (line: string) => void;
}

/** A running echo server. */
export interface EchoServer {
  /** The page's address, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** How many peer connections are open now. */
  readonly peerCount: number;
  /** Stops listening and closes every peer connection. */
  close(): Promise<void>;
}

/** An offer or answer as JSON carries it (RTCSessionDescriptionInit). */
type Description = { type: string; sdp: string };

/** Longest offer accepted, in bytes (a data-channel-only offer is about 1 KiB). */
const MAX_OFFER_BYTES = 64 * 1024;
/** A peer that is not connected this long after answering is given up. */
const CONNECT_TIMEOUT_MS = 30_000;
/** Bound on gathering Node's own candidates before the answer is sent. */
const GATHER_TIMEOUT_MS = 5_000;

const PAGE = await readFile(new URL('./page.html', import.meta.url));

/** Starts the server; resolves once it is listening. */
export async function startEchoServer(options: EchoServerOptions = {}): Promise<EchoServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const loopback = isLoopback(host);
  const peers = new Set<RTCPeerConnection>();
  let visitors = 0;

  /** Answers one offer with a new peer connection that echoes its data channel. */
  async function answer(offer: Description): Promise<Description> {
    const name = `visitor ${++visitors}`;
    // bindAddress is nonstandard (a purertc extension): host candidates on 127.0.0.1 only.
    const pc = new RTCPeerConnection(loopback ? { bindAddress: '127.0.0.1' } : {});
    peers.add(pc);
    let connected = false;
    const drop = (why: string): void => {
      if (!peers.delete(pc)) return;
      pc.close();
      log(`${name}: gone (${why}); ${peers.size} peer(s) open`);
    };
    pc.onconnectionstatechange = () => {
      log(`${name}: ${pc.connectionState}`);
      connected ||= pc.connectionState === 'connected';
      // 'disconnected' may recover; 'failed' follows once the browser has left consent
      // checks unanswered for 30 s (RFC 7675), e.g. after its tab crashed.
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') drop(pc.connectionState);
    };
    pc.ondatachannel = ({ channel }) => {
      channel.binaryType = 'arraybuffer';
      // The echo itself: whatever arrives, text or binary, goes straight back.
      channel.onmessage = ({ data }) => channel.send(data);
      channel.onclose = () => drop('channel closed');
    };
    setTimeout(() => connected || drop('never connected'), CONNECT_TIMEOUT_MS).unref();
    try {
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription();
      // No trickle: the answer goes back in one response, so it waits for all of Node's candidates.
      await gatheringComplete(pc, GATHER_TIMEOUT_MS);
      return { type: 'answer', sdp: pc.localDescription!.sdp };
    } catch (error) {
      drop('negotiation failed');
      throw error;
    }
  }

  /** GET / is the page; POST /offer takes `{type: 'offer', sdp}` as JSON and returns the answer. */
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET' && (request.url === '/' || request.url === '/index.html')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
      return;
    }
    if (request.method !== 'POST' || request.url !== '/offer') return void reply(response, 404, 'not found');
    let offer: unknown;
    try {
      offer = JSON.parse(await readBody(request, MAX_OFFER_BYTES));
    } catch (error) {
      return void reply(response, 400, `bad offer: ${String(error)}`);
    }
    if (!isOffer(offer)) return void reply(response, 400, 'expected {"type":"offer","sdp":"..."}');
    let description: Description;
    try {
      description = await answer(offer);
    } catch (error) {
      return void reply(response, 400, `offer rejected: ${String(error)}`);
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(description));
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
    get peerCount() {
      return peers.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        const open = [...peers];
        peers.clear();
        for (const pc of open) pc.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Resolves once `pc` has gathered all its candidates, or after `limitMs` with what it has. */
function gatheringComplete(pc: RTCPeerConnection, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, limitMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
}

function isOffer(value: unknown): value is Description {
  const v = value as { type?: unknown; sdp?: unknown } | null;
  return typeof v === 'object' && v !== null && v.type === 'offer' && typeof v.sdp === 'string';
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' }, check: { type: 'boolean' } },
  });
  if (values.check) {
    // Imported only here: it needs playwright-core and a Chromium, which serving does not.
    const { checkInChromium } = await import('./check.js');
    process.exitCode = (await checkInChromium(startEchoServer)) ? 0 : 1;
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port: ${values.port ?? process.env.PORT}`);
  const server = await startEchoServer({ port, host: values.host, log: console.log });
  console.log(`echo server: open ${server.url} (Ctrl+C stops it)`);
  const stop = (signal: string): void => {
    console.log(`${signal}: closing ${server.peerCount} peer(s) and the server`);
    void server.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
