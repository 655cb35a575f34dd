// Public face of the I/O layer: the only code that touches sockets and timers.
export { UdpMux, type UdpMuxOptions, type UdpMuxStats } from './udp-mux.js';
export {
  PeerTransport,
  type GatherConfig,
  type RemoteTransport,
  type StackEvent,
  type TransportEvent,
  type TransportOptions,
  type TransportStats,
  type TurnFailure,
} from './peer-transport.js';
