// The demo: two purertc peers in one Node process negotiate a data channel, an audio and
// a video transceiver, printing the SDP they exchange and every state change.
// Run: npm run demo
import { RTCPeerConnection } from '../src/index.js';

function watch(name: string, pc: RTCPeerConnection): void {
  pc.addEventListener('signalingstatechange', () => console.log(`[${name}] signalingState -> ${pc.signalingState}`));
  pc.addEventListener('icegatheringstatechange', () => console.log(`[${name}] iceGatheringState -> ${pc.iceGatheringState}`));
  pc.addEventListener('iceconnectionstatechange', () => console.log(`[${name}] iceConnectionState -> ${pc.iceConnectionState}`));
  pc.addEventListener('connectionstatechange', () => console.log(`[${name}] connectionState -> ${pc.connectionState}`));
  pc.addEventListener('negotiationneeded', () => console.log(`[${name}] negotiationneeded`));
  pc.addEventListener('track', (e) => console.log(`[${name}] track: ${(e as unknown as { track: { kind: string } }).track.kind}`));
}

async function main(): Promise<void> {
  const offerer = new RTCPeerConnection();
  const answerer = new RTCPeerConnection();
  watch('offerer', offerer);
  watch('answerer', answerer);

  offerer.createDataChannel('chat');
  offerer.addTransceiver('audio');
  offerer.addTransceiver('video', { direction: 'sendonly' });

  await offerer.setLocalDescription();
  console.log('\n--- offer ---\n' + offerer.localDescription!.sdp);
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription();
  console.log('--- answer ---\n' + answerer.localDescription!.sdp);
  await offerer.setRemoteDescription(answerer.localDescription!);

  for (const [name, pc] of [['offerer', offerer], ['answerer', answerer]] as const) {
    const mids = pc.getTransceivers().map((t) => `${t.mid}:${t.receiver.track.kind}:${t.currentDirection}`);
    console.log(`[${name}] transceivers ${mids.join(' ')}  sctp=${pc.sctp ? 'yes' : 'no'}`);
  }
  offerer.close();
  answerer.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
