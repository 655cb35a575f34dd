// Sends a video file (VP8 in IVF) and an audio file (Opus in Ogg) to a browser page over
// WebRTC, as they are: the frames are read from the files and pushed, at their own pace and
// looping, into purertc's nonstandard EncodedTrackSource (docs/media.md); nothing is decoded.
// A browser's key-frame request is answered with the file's next key frame.
//
//   node --import tsx examples/media-send/server.ts [--video=clip.ivf] [--audio=clip.ogg] [--port=8080] [--host=127.0.0.1]
//
// then open http://127.0.0.1:8080/ in Chromium or Chrome. Without --video and --audio the
// server makes 10 s samples with ffmpeg (test pattern at 320x240 and a 440 Hz tone) in a
// temporary directory. Each visitor gets its own peer connection and plays from the start.
// Loopback by default, as examples/browser-echo (see there for Firefox and --host).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RTCPeerConnection } from '../../src/index.js';
import { answerOffer, listenOptions, onInterrupt, peerConfig, serveExample } from '../media-common/signalling.js';
import { FilePlayer, readMediaFiles } from './player.js';
import { makeSampleFiles } from './samples.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { video: { type: 'string' }, audio: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  const { port, host } = listenOptions(values);
  let scratch: string | undefined;
  let paths: { video?: string; audio?: string } = { video: values.video, audio: values.audio };
  if (paths.video === undefined && paths.audio === undefined) {
    scratch = await mkdtemp(join(tmpdir(), 'purertc-media-send-'));
    console.log(`no --video or --audio: making 10 s samples with ffmpeg in ${scratch}`);
    paths = await makeSampleFiles(scratch);
  }
  const files = await readMediaFiles(paths);
  console.log(`sending ${files.video ? `${files.video.frames.length} VP8 frames` : 'no video'} and ${files.audio ? `${files.audio.packets.length} Opus packets` : 'no audio'}, looping`);

  const peers = new Set<{ pc: RTCPeerConnection; player: FilePlayer }>();
  let visitors = 0;
  const server = await serveExample({
    port,
    host,
    page: await readFile(new URL('./page.html', import.meta.url)),
    offers: {
      offer: async (offer) => {
        const name = `visitor ${++visitors}`;
        const pc = new RTCPeerConnection(peerConfig(host));
        const player = new FilePlayer(files);
        const peer = { pc, player };
        peers.add(peer);
        // Added before the offer is applied, the tracks take its recvonly m-sections.
        if (player.video) pc.addTrack(player.video.track);
        if (player.audio) pc.addTrack(player.audio.track);
        pc.onconnectionstatechange = () => {
          console.log(`${name}: ${pc.connectionState}`);
          if (pc.connectionState === 'connected') player.start();
          if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
            player.close();
            pc.close();
            if (peers.delete(peer)) console.log(`${name}: sent ${JSON.stringify(player.counts)}`);
          }
        };
        return answerOffer(pc, offer);
      },
    },
  });
  console.log(`media-send: open ${server.url} (Ctrl+C stops it)`);
  onInterrupt((signal) => {
    console.log(`${signal}: closing ${peers.size} peer(s) and the server`);
    for (const { pc, player } of peers) {
      player.close();
      pc.close();
    }
    void server.close().then(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
