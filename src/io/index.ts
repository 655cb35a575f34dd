// Public face of the I/O layer: the only code that touches sockets and timers.
export { UdpMux, type UdpMuxOptions, type UdpMuxStats } from './udp-mux.js';
export { PeerTransport, type RemoteTransport, type StackEvent, type TransportOptions, type TransportStats } from './peer-transport.js';
