// Two peers in one process open a data channel over loopback and echo a message.
// The README shows this file; `npm run test:package` runs it against the packed package.
import { RTCPeerConnection } from 'purertc';

const config = { bindAddress: '127.0.0.1' }; // nonstandard: both peers are on this machine
const alice = new RTCPeerConnection(config);
const bob = new RTCPeerConnection(config);

// Trickle ICE: hand each candidate to the other peer (your signalling channel does this).
alice.onicecandidate = ({ candidate }) => candidate && bob.addIceCandidate(candidate);
bob.onicecandidate = ({ candidate }) => candidate && alice.addIceCandidate(candidate);

bob.ondatachannel = ({ channel }) => {
  channel.onmessage = ({ data }) => channel.send(`echo: ${data}`);
};

const channel = alice.createDataChannel('chat');
channel.onopen = () => channel.send('hello');
channel.onmessage = ({ data }) => {
  console.log(data); // "echo: hello"
  alice.close();
  bob.close();
};

await alice.setLocalDescription();
await bob.setRemoteDescription(alice.localDescription);
await bob.setLocalDescription();
await alice.setRemoteDescription(bob.localDescription);
