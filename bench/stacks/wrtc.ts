// @roamhq/wrtc: Google's libwebrtc (C++) with node-webrtc's bindings. It has no bind
// address knob: it gathers on every interface, and the signalling layer passes on only
// its UDP candidates on the bench's addresses (lib/net.ts), so every check targets those.
import { createRequire } from 'node:module';
import { installedVersion } from '../lib/paths.js';
import type { PeerConnectionLike, Stack } from './types.js';

type Ctor = new (config?: object) => PeerConnectionLike;

let Ctor_: Ctor | undefined;

/** The @roamhq/wrtc adapter. */
export const wrtc: Stack = {
  id: 'wrtc',
  packageName: '@roamhq/wrtc',
  description: 'libwebrtc (C++)',
  async load() {
    const require = createRequire(import.meta.url);
    const mod = require('@roamhq/wrtc') as { RTCPeerConnection: Ctor };
    Ctor_ = mod.RTCPeerConnection;
  },
  version() {
    return installedVersion('@roamhq/wrtc');
  },
  createPeerConnection() {
    if (!Ctor_) throw new Error('@roamhq/wrtc not loaded');
    return new Ctor_({ iceServers: [] });
  },
  async closePeerConnection(pc) {
    pc.close();
  },
  async shutdown() {},
};
