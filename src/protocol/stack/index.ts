// Public face of the composed transport engine (ICE -> DTLS -> SCTP -> data channels).
export { TransportStack, type RemoteTransport, type StackEvent, type StackOptions, type StackStats } from './transport-stack.js';
