// Records a browser's camera and microphone to files without decoding: the page sends
// getUserMedia's tracks to Node over WebRTC, and purertc's nonstandard receiverFrames
// (docs/media.md) hands the encoded frames to a writer: video to IVF (VP8, VP9 or AV1, from
// the first key frame on), audio to Ogg Opus.
//
//   node --import tsx examples/media-record/server.ts [--out=recordings] [--seconds=10] [--port=8080] [--host=127.0.0.1]
//
// then open http://127.0.0.1:8080/ in Chromium or Chrome and allow the camera. Each visitor
// is recorded for --seconds to <out>/visitor-N.ivf and <out>/visitor-N.ogg, which ffplay or
// any browser plays. Loopback by default, as examples/browser-echo (see there for --host).
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RTCPeerConnection, RTCRtpReceiver } from '../../src/index.js';
import { answerOffer, listenOptions, onInterrupt, peerConfig, serveExample } from '../media-common/signalling.js';
import { TrackRecorder } from './recorder.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, seconds: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  const { port, host } = listenOptions(values);
  const out = resolve(values.out ?? 'recordings');
  const seconds = Number(values.seconds ?? 10);
  if (!(seconds > 0)) throw new Error(`bad --seconds: ${values.seconds}`);
  await mkdir(out, { recursive: true });

  const peers = new Set<RTCPeerConnection>();
  let visitors = 0;
  const server = await serveExample({
    port,
    host,
    page: await readFile(new URL('./page.html', import.meta.url)),
    offers: {
      offer: async (offer) => {
        const name = `visitor-${++visitors}`;
        const pc = new RTCPeerConnection(peerConfig(host));
        peers.add(pc);
        const recorders: TrackRecorder[] = [];
        const finish = async (why: string): Promise<void> => {
          if (!peers.delete(pc)) return;
          await Promise.all(recorders.map((r) => r.stop()));
          pc.close();
          for (const r of recorders) console.log(`${name}: ${why}: ${r.path}: ${r.counts.written} ${r.receiver.track.kind} frames${r.counts.width ? ` at ${r.counts.width}x${r.counts.height}` : ''}`);
        };
        pc.ontrack = ({ receiver, track }) => {
          const path = join(out, `${name}.${track.kind === 'video' ? 'ivf' : 'ogg'}`);
          recorders.push(new TrackRecorder(receiver as RTCRtpReceiver, path));
        };
        pc.onconnectionstatechange = () => {
          console.log(`${name}: ${pc.connectionState}`);
          if (pc.connectionState === 'connected') setTimeout(() => void finish(`${seconds} s recorded`), seconds * 1000);
          if (pc.connectionState === 'failed' || pc.connectionState === 'closed') void finish(pc.connectionState);
        };
        return answerOffer(pc, offer);
      },
    },
  });
  console.log(`media-record: open ${server.url} (recordings go to ${out}; Ctrl+C stops it)`);
  onInterrupt((signal) => {
    console.log(`${signal}: closing ${peers.size} peer(s) and the server`);
    for (const pc of peers) pc.close();
    void server.close();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
