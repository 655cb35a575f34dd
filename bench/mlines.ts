// Time to take a remote offer of audio, video, data and N more audio m-sections:
// setRemoteDescription, createAnswer and setLocalDescription, per m-section. JSEP is meant
// to be linear, so the time per m-section should stay roughly constant as N grows
// (docs/limits.md). N above MAX_MEDIA_SECTIONS is refused, so the default sizes stay below
// it; pass sizes to measure others:
//
//   node --import tsx bench/mlines.ts [1000,2000,4000]
import { RTCPeerConnection } from '../src/index.js';

const sizes = (process.argv[2] ?? '1000,2000,4000').split(',').map(Number);

async function offerWith(extra: number): Promise<string> {
  const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
  a.addTransceiver('audio');
  a.addTransceiver('video');
  a.createDataChannel('dc');
  const offer = ((await a.createOffer()) as { sdp: string }).sdp;
  a.close();
  const lines = offer.split('\r\n');
  lines.pop();
  const start = lines.findIndex((l) => l.startsWith('m=audio'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('m='));
  const body = lines.slice(start, end).filter((l) => !/^a=(msid|ssrc|ssrc-group):/.test(l));
  const mids: string[] = [];
  for (let i = 0; i < extra; i++) {
    mids.push(`h${i}`);
    for (const l of body) lines.push(l.startsWith('a=mid:') ? `a=mid:h${i}` : l);
  }
  const g = lines.findIndex((l) => l.startsWith('a=group:BUNDLE'));
  lines[g] += ` ${mids.join(' ')}`;
  return `${lines.join('\r\n')}\r\n`;
}

for (const n of sizes) {
  const sdp = await offerWith(n);
  const b = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
  const t0 = performance.now();
  await b.setRemoteDescription({ type: 'offer', sdp });
  const t1 = performance.now();
  const answer = (await b.createAnswer()) as { type: 'answer'; sdp: string };
  const t2 = performance.now();
  await b.setLocalDescription(answer);
  const t3 = performance.now();
  b.close();
  const total = t3 - t0;
  console.log(`${n} more m-sections: SRD ${(t1 - t0).toFixed(0)} ms, createAnswer ${(t2 - t1).toFixed(0)} ms, SLD ${(t3 - t2).toFixed(0)} ms; ${((total * 1000) / n).toFixed(0)} µs per m-section`);
}
process.exit(0);
