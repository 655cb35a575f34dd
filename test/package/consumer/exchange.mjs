// Two peers in one process open a data channel over loopback and echo 1 MiB (64 messages of
// 16 KiB) byte for byte, then close both peers. The process must then exit on its own: no
// timer or socket of the library may keep it alive. Prints one line, `ok <bytes> <sha256> <ms>`.
import { RTCPeerConnection } from 'purertc';
import { createHash, randomBytes } from 'node:crypto';

const MESSAGES = 64;
const MESSAGE_BYTES = 16 * 1024;
const TOTAL = MESSAGES * MESSAGE_BYTES;

const started = performance.now();
const config = { bindAddress: '127.0.0.1' };
const a = new RTCPeerConnection(config);
const b = new RTCPeerConnection(config);
a.onicecandidate = (e) => void b.addIceCandidate(e.candidate ?? undefined).catch(fail);
b.onicecandidate = (e) => void a.addIceCandidate(e.candidate ?? undefined).catch(fail);

// The answerer echoes every message on the channel it is offered.
b.ondatachannel = ({ channel }) => {
  channel.binaryType = 'arraybuffer';
  channel.onmessage = (e) => channel.send(e.data);
};

const channel = a.createDataChannel('echo');
channel.binaryType = 'arraybuffer';
const sentHash = createHash('sha256');
const gotHash = createHash('sha256');
let received = 0;
channel.onopen = () => {
  for (let i = 0; i < MESSAGES; i++) {
    const chunk = randomBytes(MESSAGE_BYTES);
    sentHash.update(chunk);
    channel.send(chunk);
  }
};
channel.onmessage = (e) => {
  if (!(e.data instanceof ArrayBuffer)) return fail(new Error(`message of type ${typeof e.data}`));
  gotHash.update(new Uint8Array(e.data));
  received += e.data.byteLength;
  if (received < TOTAL) return;
  const sent = sentHash.digest('hex');
  const got = gotHash.digest('hex');
  a.close();
  b.close();
  if (received !== TOTAL || got !== sent) return fail(new Error(`echoed ${received} bytes, sha256 ${got}, sent ${sent}`));
  console.log(`ok ${received} ${got} ${(performance.now() - started).toFixed(0)}`);
};

function fail(err) {
  console.error(`FAIL ${err && err.stack ? err.stack : err}`);
  process.exitCode = 1;
  a.close();
  b.close();
}

try {
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
} catch (e) {
  fail(e);
}
