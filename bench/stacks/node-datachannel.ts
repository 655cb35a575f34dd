// node-datachannel: libdatachannel (C++, libjuice + usrsctp + OpenSSL) through its W3C
// polyfill, bound to the bench's address with libdatachannel's `bindAddress`.
import { localAddress } from '../lib/net.js';
import { installedVersion } from '../lib/paths.js';
import type { PeerConnectionLike, Stack } from './types.js';

type Ctor = new (config?: object) => PeerConnectionLike;

let Ctor_: Ctor | undefined;
let cleanup: (() => void) | undefined;

/** The node-datachannel adapter. */
export const nodeDatachannel: Stack = {
  id: 'node-datachannel',
  packageName: 'node-datachannel',
  description: 'libdatachannel (C++) via node-datachannel/polyfill',
  async load() {
    const polyfill = (await import('node-datachannel/polyfill')) as unknown as { RTCPeerConnection: Ctor };
    const main = (await import('node-datachannel')) as unknown as { cleanup?: () => void; default?: { cleanup?: () => void } };
    Ctor_ = polyfill.RTCPeerConnection;
    cleanup = main.cleanup ?? main.default?.cleanup;
  },
  version() {
    return installedVersion('node-datachannel');
  },
  createPeerConnection() {
    if (!Ctor_) throw new Error('node-datachannel not loaded');
    // `bindAddress` is passed through the polyfill to libdatachannel's Configuration.
    return new Ctor_({ iceServers: [], bindAddress: localAddress() });
  },
  async closePeerConnection(pc) {
    pc.close();
  },
  async shutdown() {
    // node-datachannel documents cleanup() as the way to release its threads before exit.
    cleanup?.();
  },
};
