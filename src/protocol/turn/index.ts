// Public face of TURN (RFC 8656): the sans-IO client, its attributes, ChannelData and the
// framing of TURN messages on a TCP or TLS stream.
export { TurnClient } from './client.js';
export { CHANNEL_REFRESH_MS, PERMISSION_REFRESH_MS } from './peers.js';
export { LongTermCredentials } from './auth.js';
export {
  MAX_CHANNEL,
  MIN_CHANNEL,
  TurnAttr,
  TurnErrorCodes,
  channelNumberAttr,
  dataAttr,
  getChannelNumber,
  getData,
  getLifetime,
  getXorPeerAddress,
  getXorRelayedAddress,
  lifetimeAttr,
  requestedTransportAttr,
  xorPeerAddressAttr,
} from './attributes.js';
export {
  CHANNEL_DATA_HEADER,
  TurnStreamFramer,
  isChannelData,
  parseChannelData,
  serializeChannelData,
  type ChannelData,
} from './channel-data.js';
export type { TurnClientOptions, TurnClientStats, TurnEvent, TurnState, TurnTransport } from './types.js';
