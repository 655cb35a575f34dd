// werift: WebRTC in TypeScript. Its sockets are bound to the bench's address
// (`iceInterfaceAddresses`), which is also added as a host address (loopback is skipped by
// default); IPv6 is off.
import { localAddress } from '../lib/net.js';
import { installedVersion } from '../lib/paths.js';
import type { PeerConnectionLike, Stack } from './types.js';

type Ctor = new (config?: object) => PeerConnectionLike;

let Ctor_: Ctor | undefined;

/** The werift adapter. */
export const werift: Stack = {
  id: 'werift',
  packageName: 'werift',
  description: 'TypeScript, no native code',
  async load() {
    const mod = (await import('werift')) as unknown as { RTCPeerConnection: Ctor };
    Ctor_ = mod.RTCPeerConnection;
  },
  version() {
    return installedVersion('werift');
  },
  createPeerConnection() {
    if (!Ctor_) throw new Error('werift not loaded');
    return new Ctor_({
      iceServers: [],
      iceUseIpv6: false,
      iceInterfaceAddresses: { udp4: localAddress() },
      iceAdditionalHostAddresses: [localAddress()],
    });
  },
  async closePeerConnection(pc) {
    await pc.close();
  },
  async shutdown() {},
};
