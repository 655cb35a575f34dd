// Which receiver an incoming RTP packet belongs to on a bundle (RFC 8843 §9.2, RFC 8829 §5.11):
// the MID header extension first, then an SSRC already known, then a payload type only one
// receiver lists. SSRCs learned from the MID (or payload type) fill "slots": one per signalled
// SSRC, one per simulcast rid (RFC 8853), one for an unsignalled stream. RTX streams (RFC 4588)
// are tied to their media slot by a=ssrc-group:FID, by repaired-rid, or by the apt payload
// type when the receiver has one media stream. Slots bound the state a peer can make us keep.
import { ParseError } from '../errors.js';
import { midExtension, repairedRidExtension, ridExtension } from '../extension-values.js';
import type { Extmap } from '../extmap.js';
import type { RtpPacket } from '../packet.js';
import type { CodecDescription, ReceiverDescription } from './config.js';

/** Why a packet found no receiver (counted per reason in the session's stats). */
export type DemuxDropReason =
  | 'bad-extension'
  | 'unknown-mid'
  | 'unknown-ssrc'
  | 'ambiguous-payload-type'
  | 'unknown-payload-type'
  | 'unknown-rid'
  | 'rtx-unassociated'
  | 'ssrc-cooldown'
  | 'ssrc-mid-mismatch'
  | 'stream-limit';

/** A receiver with its lookup tables. */
export interface ReceiverEntry {
  desc: ReceiverDescription;
  codecByPt: Map<number, CodecDescription>;
  /** RTX payload type -> the codec its apt names. */
  aptByRtxPt: Map<number, CodecDescription>;
  slots: Map<string, Slot>;
}

/** One media stream place of a receiver and the SSRCs bound to it. */
export interface Slot {
  receiver: ReceiverEntry;
  key: string;
  rid: string | undefined;
  signalled: boolean;
  ssrc: number | undefined;
  rtxSsrc: number | undefined;
  /** When the current media SSRC was bound. */
  boundMs: number;
}

/** Where a packet goes. */
export interface Route {
  slot: Slot;
  /** The media codec (for RTX, the one its apt names). */
  codec: CodecDescription;
  rtx: boolean;
  /** A media SSRC this packet's SSRC replaced in its slot. */
  replacedSsrc?: number;
}

/** Tunables of the demux. */
export interface DemuxOptions {
  /** Media SSRCs bound at most (signalled ones included). */
  maxStreams: number;
  /** An unsignalled SSRC takes an occupied slot only when its SSRC was bound at least this long ago. */
  cooldownMs: number;
}

/** The RTP demultiplexer of one bundle. */
export class RtpDemux {
  private readonly receivers: ReceiverEntry[] = [];
  private readonly byMid = new Map<string, ReceiverEntry>();
  private readonly ptOwners = new Map<number, ReceiverEntry[]>();
  private readonly bySsrc = new Map<number, { slot: Slot; rtx: boolean }>();
  private boundStreams = 0;

  /** Builds the tables from the receivers' descriptions. */
  constructor(
    descriptions: readonly ReceiverDescription[],
    private readonly extmap: Extmap,
    private readonly options: DemuxOptions,
  ) {
    for (const desc of descriptions) {
      const entry: ReceiverEntry = { desc, codecByPt: new Map(), aptByRtxPt: new Map(), slots: new Map() };
      for (const c of desc.codecs) {
        entry.codecByPt.set(c.payloadType, c);
        if (c.rtxPayloadType !== undefined) entry.aptByRtxPt.set(c.rtxPayloadType, c);
      }
      this.receivers.push(entry);
      if (desc.mid !== undefined) this.byMid.set(desc.mid, entry);
      for (const pt of new Set([...entry.codecByPt.keys(), ...entry.aptByRtxPt.keys()])) {
        const owners = this.ptOwners.get(pt) ?? [];
        owners.push(entry);
        this.ptOwners.set(pt, owners);
      }
      for (const s of desc.ssrcs ?? []) {
        if (this.bySsrc.has(s.ssrc) || this.boundStreams >= options.maxStreams) continue;
        const slot: Slot = { receiver: entry, key: `ssrc:${s.ssrc}`, rid: undefined, signalled: true, ssrc: s.ssrc, rtxSsrc: undefined, boundMs: -Infinity };
        entry.slots.set(slot.key, slot);
        this.bySsrc.set(s.ssrc, { slot, rtx: false });
        this.boundStreams++;
        if (s.rtxSsrc !== undefined && !this.bySsrc.has(s.rtxSsrc)) {
          slot.rtxSsrc = s.rtxSsrc;
          this.bySsrc.set(s.rtxSsrc, { slot, rtx: true });
        }
      }
    }
  }

  /** The receiver entries, in description order. */
  get entries(): readonly ReceiverEntry[] {
    return this.receivers;
  }

  /** The slot and role an SSRC is bound to, if any. */
  lookup(ssrc: number): { slot: Slot; rtx: boolean } | undefined {
    return this.bySsrc.get(ssrc);
  }

  /** Media SSRCs bound now. */
  get streamCount(): number {
    return this.boundStreams;
  }

  /** Routes a packet, learning its SSRC when the MID or payload type placed it; a string says why not. */
  route(p: RtpPacket, nowMs: number): Route | DemuxDropReason {
    let mid: string | undefined;
    let rid: string | undefined;
    let repairedRid: string | undefined;
    try {
      mid = this.extmap.read(p, midExtension);
      rid = this.extmap.read(p, ridExtension);
      repairedRid = this.extmap.read(p, repairedRidExtension);
    } catch (err) {
      if (err instanceof ParseError) return 'bad-extension';
      throw err;
    }
    let known = this.bySsrc.get(p.ssrc);
    let receiver: ReceiverEntry | undefined;
    if (mid !== undefined) {
      // RFC 8843 §9.2: the MID names the m= section; an SSRC seen elsewhere before moves.
      receiver = this.byMid.get(mid);
      if (receiver === undefined) return 'unknown-mid';
      if (known !== undefined && known.slot.receiver !== receiver) {
        // A signalled SSRC stays where the description put it.
        if (known.slot.signalled) return 'ssrc-mid-mismatch';
        this.unbind(p.ssrc);
        known = undefined;
      }
    } else if (known !== undefined) {
      receiver = known.slot.receiver;
    } else {
      // RFC 8829 §5.11: a payload type that appears in only one m= section names it.
      const owners = this.ptOwners.get(p.payloadType);
      if (owners === undefined) return 'unknown-payload-type';
      if (owners.length > 1) return 'ambiguous-payload-type';
      receiver = owners[0]!;
    }
    const media = receiver.codecByPt.get(p.payloadType);
    const apt = media === undefined ? receiver.aptByRtxPt.get(p.payloadType) : undefined;
    if (media === undefined && apt === undefined) return 'unknown-payload-type';
    const rtx = media === undefined;
    const codec = (media ?? apt)!;
    if (known !== undefined) return known.rtx === rtx ? { slot: known.slot, codec, rtx } : 'unknown-payload-type';
    return rtx ? this.bindRtx(receiver, p.ssrc, repairedRid, codec) : this.bindMedia(receiver, p.ssrc, rid, codec, nowMs);
  }

  private bindMedia(receiver: ReceiverEntry, ssrc: number, rid: string | undefined, codec: CodecDescription, nowMs: number): Route | DemuxDropReason {
    let key = '';
    const rids = receiver.desc.rids;
    if (rid !== undefined && rids !== undefined && rids.length > 0) {
      // RFC 8853 §5.4: a rid the receiver did not offer to receive is not one of its streams.
      if (!rids.includes(rid)) return 'unknown-rid';
      key = `rid:${rid}`;
    }
    let slot = receiver.slots.get(key);
    let replacedSsrc: number | undefined;
    if (slot !== undefined && slot.ssrc !== undefined) {
      if (nowMs - slot.boundMs < this.options.cooldownMs) return 'ssrc-cooldown';
      replacedSsrc = slot.ssrc;
      this.unbind(slot.ssrc);
    }
    if (this.boundStreams >= this.options.maxStreams) return 'stream-limit';
    if (slot === undefined) {
      slot = { receiver, key, rid: key === '' ? undefined : rid, signalled: false, ssrc: undefined, rtxSsrc: undefined, boundMs: nowMs };
      receiver.slots.set(key, slot);
    }
    slot.ssrc = ssrc;
    slot.boundMs = nowMs;
    this.bySsrc.set(ssrc, { slot, rtx: false });
    this.boundStreams++;
    return replacedSsrc === undefined ? { slot, codec, rtx: false } : { slot, codec, rtx: false, replacedSsrc };
  }

  private bindRtx(receiver: ReceiverEntry, ssrc: number, repairedRid: string | undefined, codec: CodecDescription): Route | DemuxDropReason {
    let slot: Slot | undefined;
    if (repairedRid !== undefined) {
      // RFC 8852 §3.2: the repaired rid names the stream this one repairs.
      slot = receiver.slots.get(`rid:${repairedRid}`);
    } else {
      // RFC 4588 §5.3 lets the receiver associate by apt; it is unambiguous only with one media stream.
      for (const s of receiver.slots.values()) {
        if (s.ssrc === undefined) continue;
        if (slot !== undefined) return 'rtx-unassociated';
        slot = s;
      }
    }
    if (slot === undefined || slot.ssrc === undefined) return 'rtx-unassociated';
    if (slot.rtxSsrc !== undefined) {
      // A signalled FID pair keeps its RTX SSRC.
      if (slot.signalled) return 'rtx-unassociated';
      this.bySsrc.delete(slot.rtxSsrc);
    }
    slot.rtxSsrc = ssrc;
    this.bySsrc.set(ssrc, { slot, rtx: true });
    return { slot, codec, rtx: true };
  }

  /**
   * Binds a learned SSRC again after a renegotiation (its receiver kept its id): into the slot
   * of the same key when the new description still has it and the SSRC is free.
   */
  rebind(receiver: ReceiverEntry, key: string, rid: string | undefined, ssrc: number, rtxSsrc: number | undefined, boundMs: number): void {
    if (this.bySsrc.has(ssrc) || this.boundStreams >= this.options.maxStreams) return;
    if (rid !== undefined && !(receiver.desc.rids ?? []).includes(rid)) return;
    let slot = receiver.slots.get(key);
    if (slot !== undefined && slot.ssrc !== undefined) return;
    if (slot === undefined) {
      slot = { receiver, key, rid, signalled: false, ssrc: undefined, rtxSsrc: undefined, boundMs };
      receiver.slots.set(key, slot);
    }
    slot.ssrc = ssrc;
    slot.boundMs = boundMs;
    this.bySsrc.set(ssrc, { slot, rtx: false });
    this.boundStreams++;
    if (rtxSsrc !== undefined && !this.bySsrc.has(rtxSsrc)) {
      slot.rtxSsrc = rtxSsrc;
      this.bySsrc.set(rtxSsrc, { slot, rtx: true });
    }
  }

  /** Frees a learned SSRC (a BYE, a replacement); signalled ones stay bound for the SSRC to come back. */
  unbind(ssrc: number): void {
    const known = this.bySsrc.get(ssrc);
    if (known === undefined || known.slot.signalled) return;
    this.bySsrc.delete(ssrc);
    const slot = known.slot;
    if (known.rtx) {
      slot.rtxSsrc = undefined;
      return;
    }
    this.boundStreams--;
    slot.ssrc = undefined;
    if (slot.rtxSsrc !== undefined) {
      this.bySsrc.delete(slot.rtxSsrc);
      slot.rtxSsrc = undefined;
    }
  }
}
