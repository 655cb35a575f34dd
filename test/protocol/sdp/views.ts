// Test registry: every typed attribute view, keyed by attribute name.
import * as sdp from '../../../src/protocol/sdp/index.js';

/** A typed view with its model type erased, for table-driven tests. */
export interface View {
  parse: (value: string) => unknown;
  serialize: (model: unknown) => string;
  /** True when serialize(parse(v)) gives v back for well-formed browser output. */
  exact: boolean;
}

function view<T>(parse: (v: string) => T, serialize: (m: T) => string, exact = true): View {
  return { parse, serialize: serialize as (m: unknown) => string, exact };
}

/** Attribute name -> its typed view. */
export const VIEWS: Readonly<Record<string, View>> = {
  'rtpmap': view(sdp.parseRtpmap, sdp.serializeRtpmap),
  'fmtp': view(sdp.parseFmtp, sdp.serializeFmtp),
  'rtcp-fb': view(sdp.parseRtcpFeedback, sdp.serializeRtcpFeedback),
  'extmap': view(sdp.parseExtmap, sdp.serializeExtmap),
  'rtcp': view(sdp.parseRtcp, sdp.serializeRtcp),
  'ssrc': view(sdp.parseSsrc, sdp.serializeSsrc),
  'ssrc-group': view(sdp.parseSsrcGroup, sdp.serializeSsrcGroup),
  'msid': view(sdp.parseMsid, sdp.serializeMsid),
  // Chromium writes "a=msid-semantic: WMS"; the serializer drops that leading space.
  'msid-semantic': view(sdp.parseMsidSemantic, sdp.serializeMsidSemantic, false),
  'group': view(sdp.parseGroup, sdp.serializeGroup),
  'fingerprint': view(sdp.parseFingerprint, sdp.serializeFingerprint),
  'setup': view(sdp.parseSetup, sdp.serializeSetup),
  'rid': view(sdp.parseRid, sdp.serializeRid),
  'simulcast': view(sdp.parseSimulcast, sdp.serializeSimulcast),
  'sctp-port': view(sdp.parseSctpPort, sdp.serializeSctpPort),
  'max-message-size': view(sdp.parseMaxMessageSize, sdp.serializeMaxMessageSize),
  'ice-options': view(sdp.parseIceOptions, sdp.serializeIceOptions),
};

/** Every a= line of a session (session level first), as [key, value] pairs. */
export function allAttributes(s: sdp.SdpSession): sdp.SdpAttribute[] {
  return [...s.attributes, ...s.media.flatMap((m) => m.attributes)];
}
