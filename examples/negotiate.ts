// The demo: two purertc peers in one Node process negotiate a data channel, an audio and
// a video transceiver, print the SDP they exchange and every state change, connect over
// loopback (ICE, DTLS, SCTP) and exchange a message on the data channel.
// Run: npm run demo
import { RTCPeerConnection } from '../src/index.js';

type RTCConfiguration = ConstructorParameters<typeof RTCPeerConnection>[0];

function watch(name: string, pc: RTCPeerConnection): void {
  pc.addEventListener('signalingstatechange', () => console.log(`[${name}] signalingState -> ${pc.signalingState}`));
  pc.addEventListener('icegatheringstatechange', () => console.log(`[${name}] iceGatheringState -> ${pc.iceGatheringState}`));
  pc.addEventListener('iceconnectionstatechange', () => console.log(`[${name}] iceConnectionState -> ${pc.iceConnectionState}`));
  pc.addEventListener('connectionstatechange', () => console.log(`[${name}] connectionState -> ${pc.connectionState}`));
  pc.addEventListener('negotiationneeded', () => console.log(`[${name}] negotiationneeded`));
  pc.addEventListener('track', (e) => console.log(`[${name}] track: ${(e as unknown as { track: { kind: string } }).track.kind}`));
}

async function main(): Promise<void> {
  // bindAddress is nonstandard: both peers live in this process, so loopback is enough.
  const config = { bindAddress: '127.0.0.1' } as RTCConfiguration;
  const offerer = new RTCPeerConnection(config);
  const answerer = new RTCPeerConnection(config);
  watch('offerer', offerer);
  watch('answerer', answerer);
  // Trickle ICE: each gathered candidate goes straight to the other peer.
  offerer.onicecandidate = (e) => void (e.candidate && answerer.addIceCandidate(e.candidate));
  answerer.onicecandidate = (e) => void (e.candidate && offerer.addIceCandidate(e.candidate));
  answerer.ondatachannel = (e) => {
    const channel = e.channel;
    channel.onmessage = (m) => {
      console.log(`[answerer] '${channel.label}' got: ${String(m.data)}`);
      channel.send(`echo: ${String(m.data)}`);
    };
  };

  const chat = offerer.createDataChannel('chat');
  const echoed = new Promise<string>((resolve) => {
    chat.onmessage = (m) => resolve(String(m.data));
  });
  chat.onopen = () => {
    console.log(`[offerer] '${chat.label}' open`);
    chat.send('hello from purertc');
  };
  offerer.addTransceiver('audio');
  offerer.addTransceiver('video', { direction: 'sendonly' });

  await offerer.setLocalDescription();
  console.log('\n--- offer ---\n' + offerer.localDescription!.sdp);
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription();
  console.log('--- answer ---\n' + answerer.localDescription!.sdp);
  await offerer.setRemoteDescription(answerer.localDescription!);

  const reply = await Promise.race([
    echoed,
    new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no echo within 10 s')), 10_000).unref()),
  ]);
  console.log(`[offerer] got: ${reply}`);

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
