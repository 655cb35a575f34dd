// Relays one browser's camera and microphone to any number of other browsers without
// decoding: purertc receives the publisher's encoded frames (receiverFrames) and pushes them
// into EncodedTrackSources that every viewer's connection sends (relay.ts, docs/media.md).
// A viewer's key-frame request is passed on to the publisher.
//
//   node --import tsx examples/media-relay/server.ts [--port=8080] [--host=127.0.0.1]
//
// then open http://127.0.0.1:8080/?role=publish in one Chromium tab (allow the camera) and
// http://127.0.0.1:8080/?role=view in others. A new publisher replaces the one before.
// Loopback by default, as examples/browser-echo (see there for --host).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { listenOptions, onInterrupt, peerConfig, serveExample } from '../media-common/signalling.js';
import { MediaRelay } from './relay.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
  const { port, host } = listenOptions(values);
  const relay = new MediaRelay({ ...peerConfig(host), log: console.log });
  const server = await serveExample({
    port,
    host,
    page: await readFile(new URL('./page.html', import.meta.url)),
    offers: { publish: (offer) => relay.publish(offer), view: (offer) => relay.view(offer) },
  });
  console.log(`media-relay: open ${server.url}?role=publish and ${server.url}?role=view (Ctrl+C stops it)`);
  onInterrupt((signal) => {
    console.log(`${signal}: relayed ${JSON.stringify(relay.counts)}; closing`);
    relay.close();
    void server.close();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
