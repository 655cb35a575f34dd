// The exchange of exchange.mjs, typed: checked with `strict` against the published
// declarations (skipLibCheck off), emitted by tsc and run.
import { createHash, randomBytes } from 'node:crypto';
import { RTCPeerConnection, type RTCDataChannel, type RTCPeerConnectionIceEvent } from 'purertc';

const MESSAGES = 64;
const MESSAGE_BYTES = 16 * 1024;
const TOTAL = MESSAGES * MESSAGE_BYTES;

const started = performance.now();
const config = { bindAddress: '127.0.0.1' };
const a = new RTCPeerConnection(config);
const b = new RTCPeerConnection(config);

function fail(err: unknown): void {
  console.error(`FAIL ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
  a.close();
  b.close();
}

function trickle(to: RTCPeerConnection): (e: RTCPeerConnectionIceEvent) => void {
  return (e) => void to.addIceCandidate(e.candidate ?? undefined).catch(fail);
}
a.onicecandidate = trickle(b);
b.onicecandidate = trickle(a);

function echo(channel: RTCDataChannel): void {
  channel.binaryType = 'arraybuffer';
  channel.onmessage = (e: MessageEvent) => channel.send(e.data);
}
b.ondatachannel = (e) => echo(e.channel);

const channel: RTCDataChannel = a.createDataChannel('echo');
channel.binaryType = 'arraybuffer';
const sentHash = createHash('sha256');
const gotHash = createHash('sha256');
let received = 0;
channel.onopen = () => {
  for (let i = 0; i < MESSAGES; i++) {
    const chunk: Uint8Array = randomBytes(MESSAGE_BYTES);
    sentHash.update(chunk);
    channel.send(chunk);
  }
};
channel.onmessage = (e: MessageEvent) => {
  const data: unknown = e.data;
  if (!(data instanceof ArrayBuffer)) return fail(new Error(`message of type ${typeof data}`));
  gotHash.update(new Uint8Array(data));
  received += data.byteLength;
  if (received < TOTAL) return;
  const sent = sentHash.digest('hex');
  const got = gotHash.digest('hex');
  a.close();
  b.close();
  if (received !== TOTAL || got !== sent) return fail(new Error(`echoed ${received} bytes, sha256 ${got}, sent ${sent}`));
  console.log(`ok ${received} ${got} ${(performance.now() - started).toFixed(0)}`);
};

try {
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
} catch (e) {
  fail(e);
}
