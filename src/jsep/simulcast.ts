// Simulcast receive (RFC 8853, RFC 8851): the layers a peer's m-section says it sends
// (a=simulcast:send naming a=rid:<id> send lines), which our answer takes as a=rid recv and
// a=simulcast:recv, and which the RTP session's receiver maps (RFC 8852 rid extensions).
import { getAttribute, getAttributes, type SdpMedia } from '../protocol/sdp/index.js';

/** RFC 8851 §10: rid-id is alpha-numeric with '-' and '_'; browsers stay within 16 characters. */
const RID_ID = /^[A-Za-z0-9_-]{1,16}$/;
/** Layers taken at most (Chromium sends three; a description may not make us keep more). */
const MAX_LAYERS = 8;

/**
 * The rids of the simulcast streams a section sends, in a=simulcast:send order: per stream
 * the first alternative (RFC 8853 §5.1: ',' separates alternatives, ';' streams), paused
 * ones ('~') included, each only when an a=rid:<id> send line defines it (RFC 8853 §5.2).
 */
export function simulcastSendRids(m: SdpMedia): string[] {
  return simulcastRids(m, 'send');
}

/**
 * The rids of the simulcast streams a section receives (a=simulcast:recv naming a=rid:<id>
 * recv lines), in the same way: the layers of our simulcast offer the peer accepts.
 */
export function simulcastRecvRids(m: SdpMedia): string[] {
  return simulcastRids(m, 'recv');
}

function simulcastRids(m: SdpMedia, direction: 'send' | 'recv'): string[] {
  const defined = new Set<string>();
  for (const v of getAttributes(m.attributes, 'rid')) {
    const [id, dir] = v.trim().split(/\s+/);
    if (id !== undefined && dir === direction && RID_ID.test(id)) defined.add(id);
  }
  const simulcast = getAttribute(m.attributes, 'simulcast');
  if (simulcast === undefined) return [];
  // RFC 8853 §5.1: "send" <streams> [ "recv" <streams> ], in either order.
  const tokens = simulcast.trim().split(/\s+/);
  const at = tokens.indexOf(direction);
  if (at < 0 || tokens[at + 1] === undefined) return [];
  const out: string[] = [];
  for (const stream of tokens[at + 1]!.split(';')) {
    const first = stream.split(',')[0]!.replace(/^~/, '');
    if (defined.has(first) && !out.includes(first) && out.length < MAX_LAYERS) out.push(first);
  }
  return out;
}

/**
 * W3C §4.4.1.6 (applying an answer): the send encodings, by rid and in our order, that the
 * remote section keeps: those its a=simulcast:recv lists (order ignored); only the first when
 * it receives without simulcast or accepts none of them. Undefined when all are kept or the
 * section does not receive (a paused or inactive section does not end simulcast).
 */
export function keptSendRids(rids: readonly string[], remote: SdpMedia, remoteReceives: boolean): string[] | undefined {
  const accepted = simulcastRecvRids(remote);
  if (accepted.length === 0 && !remoteReceives) return undefined;
  const kept = rids.filter((rid) => accepted.includes(rid));
  const out = kept.length > 0 ? kept : rids.slice(0, 1);
  return out.length === rids.length ? undefined : out;
}
