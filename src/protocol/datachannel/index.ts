// Public face of the data channel layer: DCEP (RFC 8832), PPIDs and the channel manager (RFC 8831).
export { ParseError, type DcepErrorCode } from './errors.js';
export { Ppid, encodeMessage, decodeMessage } from './ppid.js';
export {
  ChannelType,
  DcepMessageType,
  parseDcepMessage,
  serializeDcepMessage,
  type DataChannelOpen,
  type DataChannelAck,
  type DcepMessage,
} from './message.js';
export {
  DataChannelManager,
  type DataChannelManagerOptions,
  type DataChannelEvent,
  type ChannelOptions,
  type ChannelState,
  type OpenOptions,
  type SctpTransportLike,
} from './manager.js';
