// What every incoming chunk does to the association (RFC 9260 §6, §8, §9; RFC 3758 §3.6;
// RFC 6525 §5). The public API sits on top in association.ts.
import { ChunkType, CauseCode } from './constants.js';
import type { Chunk, UnknownChunk } from './chunk.js';
import type { DataChunk } from './chunk-data.js';
import { describeCauses, invalidStreamCause, noUserDataCause } from './chunk-error.js';
import type { ReconfigChunk } from './chunk-reconfig.js';
import { ParseError } from './errors.js';
import { AssociationHandshake } from './association-handshake.js';
import { parsePacket, type SctpPacket } from './packet.js';
import { buildPacket } from './packet-builder.js';
import { tsnAdd, tsnLt } from './serial.js';
import { readU32 } from './bytes.js';

/** Input handling shared by SctpAssociation. */
export abstract class AssociationInput extends AssociationHandshake {
  /** Starts the handshake (SctpAssociation.connect). */
  abstract connect(nowMs: number): void;

  /** Parses and dispatches one packet; never throws on bad input. */
  protected receivePacket(bytes: Uint8Array): void {
    if (this.ended) return;
    this.stats.packetsReceived++;
    this.stats.bytesReceived += bytes.length;
    let p: SctpPacket;
    try {
      p = parsePacket(bytes);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      if (e.code === 'SCTP_BAD_CHECKSUM') this.stats.badChecksum++;
      else this.stats.parseErrors++;
      return;
    }
    if (p.destinationPort !== this.opts.localPort || p.sourcePort !== this.opts.remotePort || p.chunks.length === 0) {
      this.stats.badVerificationTag++;
      return;
    }
    const first = p.chunks[0]!;
    if (this.initFallbackAtMs !== undefined) {
      // awaitInit: an INIT means the peer runs the handshake; anything else under our tag
      // but a COOKIE ECHO means it took our a=sctp-init for SNAP (see awaitInit).
      if (first.type === ChunkType.INIT) this.initFallbackAtMs = undefined;
      else if (first.type !== ChunkType.COOKIE_ECHO && p.verificationTag === this.localTag && this.state === 'closed') {
        this.stats.droppedChunks += p.chunks.length;
        this.connect(this.nowMs);
        return;
      }
    }
    if (first.type === ChunkType.INIT) {
      // RFC 9260 §6.10, §8.5.1 A: INIT travels alone, with verification tag 0.
      if (p.chunks.length !== 1 || p.verificationTag !== 0) this.stats.badVerificationTag++;
      else this.onInit(first);
      return;
    }
    let dataSeen = false;
    for (const c of p.chunks) {
      if (this.ended) return;
      if (!this.tagOk(c, p.verificationTag)) {
        this.stats.badVerificationTag++;
        return;
      }
      // The peer speaks in the association SNAP made: it saw our a=sctp-init.
      if (c.type !== ChunkType.COOKIE_ECHO) this.snapUnconfirmed = false;
      if (c.type === ChunkType.DATA) {
        dataSeen = true;
        this.onData(c);
      } else if (!this.onControl(c, p)) return;
    }
    if (dataSeen) this.afterData();
  }

  /** RFC 9260 §8.5, §8.5.1: which verification tag each chunk must carry. */
  private tagOk(c: Chunk, tag: number): boolean {
    if (c.type === ChunkType.COOKIE_ECHO) return true; // checked against the cookie
    if (c.type === ChunkType.ABORT || c.type === ChunkType.SHUTDOWN_COMPLETE) {
      return c.reflected ? tag === this.peerTag && tag !== 0 : tag === this.localTag;
    }
    return tag === this.localTag;
  }

  /** Handles a non-DATA chunk; false stops processing the rest of the packet. */
  private onControl(c: Chunk, p: SctpPacket): boolean {
    switch (c.type) {
      case ChunkType.INIT_ACK:
        this.onInitAck(c);
        return true;
      case ChunkType.COOKIE_ECHO:
        return this.onCookieEcho(c.cookie, p.verificationTag);
      case ChunkType.COOKIE_ACK:
        if (this.state === 'cookie-echoed') this.establish(false);
        return true;
      case ChunkType.SACK:
        if (this.sender?.acksUnsent(c.cumTsnAck)) {
          // As usrsctp does: the peer's state can no longer match ours, and waiting would
          // retransmit for ever (its SACKs and HEARTBEAT ACKs keep resetting the error count).
          this.fail('SACK acknowledges a TSN never sent');
          return false;
        }
        if (this.sender === undefined || !this.sender.onSack(c, this.nowMs)) this.stats.droppedChunks++;
        return true;
      case ChunkType.HEARTBEAT:
        this.control.push({ type: ChunkType.HEARTBEAT_ACK, info: c.info });
        return true;
      case ChunkType.HEARTBEAT_ACK:
        this.onHeartbeatAck(c.info);
        return true;
      case ChunkType.ABORT:
        this.end(`peer-abort: ${describeCauses(c.causes)}`);
        return false;
      case ChunkType.SHUTDOWN:
        this.onShutdown(c.cumTsnAck);
        return true;
      case ChunkType.SHUTDOWN_ACK:
        if (this.state === 'shutdown-sent' || this.state === 'shutdown-ack-sent') {
          // RFC 9260 §9.2: answer with SHUTDOWN COMPLETE and close.
          const done: Chunk = { type: ChunkType.SHUTDOWN_COMPLETE, reflected: false };
          this.rawOut.push(buildPacket(this.opts.localPort, this.opts.remotePort, this.peerTag, [done]));
          this.end('shutdown');
        }
        return false;
      case ChunkType.SHUTDOWN_COMPLETE:
        if (this.state === 'shutdown-ack-sent') this.end('shutdown');
        return false;
      case ChunkType.ERROR:
        this.onError(c.causes);
        return true;
      case ChunkType.FORWARD_TSN:
        this.onForwardTsn(c.newCumTsn, c.streams);
        return true;
      case ChunkType.RE_CONFIG:
        this.onReconfig(c);
        return true;
      case 'unknown':
        return this.onUnknown(c);
      default:
        this.stats.droppedChunks++;
        return true;
    }
  }

  /** RFC 9260 §3.2: the two high bits of an unknown chunk type say what to do. */
  private onUnknown(c: UnknownChunk): boolean {
    this.stats.droppedChunks++;
    const action = c.chunkType >>> 6;
    if ((action === 1 || action === 3) && this.peerTag !== 0) {
      const v = new Uint8Array(4 + c.value.length);
      v[0] = c.chunkType;
      v[1] = c.flags;
      v[2] = v.length >>> 8;
      v[3] = v.length;
      v.set(c.value, 4);
      this.control.push({ type: ChunkType.ERROR, causes: [{ type: CauseCode.UNRECOGNIZED_CHUNK_TYPE, value: v }] });
    }
    return action >= 2;
  }

  private onData(c: DataChunk): void {
    const t = this.tracker;
    if (t === undefined || !(this.canSendData() || this.state === 'shutdown-sent')) {
      this.stats.droppedChunks++;
      return;
    }
    this.stats.dataChunksReceived++;
    if (c.userData.length === 0) {
      // RFC 9260 §6.2: DATA without user data MUST be answered with ABORT.
      const abort: Chunk = { type: ChunkType.ABORT, reflected: false, causes: [noUserDataCause(c.tsn)] };
      this.rawOut.push(buildPacket(this.opts.localPort, this.opts.remotePort, this.peerTag, [abort]));
      this.end('peer sent DATA without user data');
      return;
    }
    const verdict = t.check(c.tsn);
    if (verdict === 'duplicate') {
      t.addDuplicate(c.tsn);
      this.stats.duplicateTsnsReceived++;
      this.sackNow = true; // RFC 9260 §6.2: duplicates are reported at once.
      return;
    }
    if (verdict === 'out-of-window') {
      this.stats.droppedChunks++;
      return;
    }
    // RFC 9260 §6.2: drop new data that does not fit the window, unless it is the next
    // in-sequence TSN (which can only help reassembly finish). The hard cap bounds memory.
    const held = this.reassembly.bufferedBytes + c.userData.length;
    const inSequence = c.tsn === tsnAdd(t.cumTsn, 1);
    if ((held > this.opts.receiveWindowBytes && !inSequence) || held > 2 * this.opts.receiveWindowBytes) {
      this.stats.droppedChunks++;
      return;
    }
    t.add(c.tsn);
    if (c.streamId >= this.maxStreamsIn) {
      // RFC 9260 §6.5: acknowledge the TSN, drop the data and report the stream.
      this.control.push({ type: ChunkType.ERROR, causes: [invalidStreamCause(c.streamId)] });
      return;
    }
    if (c.immediate) this.sackNow = true;
    this.reassembly.add(c);
  }

  private afterData(): void {
    // DATA before there is a TCB (a SNAP peer's, under our tag) was dropped in onData.
    const t = this.tracker;
    if (t === undefined) return;
    this.deliver();
    this.checkDeferredReset();
    // RFC 9260 §6.2: SACK at least every second packet, at once when there are gaps, and
    // otherwise within the delayed-ack time.
    if (++this.packetsSinceSack >= 2 || t.hasGaps || this.state === 'shutdown-sent') this.sackNow = true;
    else if (this.sackAtMs === undefined) this.sackAtMs = this.nowMs + this.opts.delayedAckMs;
    if (this.state === 'shutdown-sent') {
      this.control.push({ type: ChunkType.SHUTDOWN, cumTsnAck: t.cumTsn });
    }
  }

  private deliver(): void {
    const d = this.reassembly.delivered;
    for (let i = 0; i < d.length; i++) {
      const m = d[i]!;
      this.stats.messagesReceived++;
      this.events.push({ type: 'message', streamId: m.streamId, ppid: m.ppid, data: m.data, unordered: m.unordered });
    }
    d.length = 0;
    const big = this.reassembly.oversized;
    for (const streamId of big) this.events.push({ type: 'message-too-large', streamId });
    big.length = 0;
  }

  private onForwardTsn(newCum: number, streams: { streamId: number; ssn: number }[]): void {
    const t = this.tracker;
    if (t === undefined) return;
    this.stats.forwardTsnsReceived++;
    // RFC 3758 §3.6: a FORWARD TSN at or behind the cumulative TSN is out of date; it
    // changes nothing (not even a stream's sequence number), and a SACK answers it.
    if (!tsnLt(t.cumTsn, newCum)) {
      this.sackNow = true;
      return;
    }
    // One beyond the window DATA may use (data-tracker's MAX_TSN_AHEAD) cannot skip anything
    // the peer sent: drop it, as DATA that far ahead is dropped.
    if (!t.canForwardTo(newCum)) {
      this.stats.droppedChunks++;
      return;
    }
    t.forward(newCum);
    this.reassembly.forward(newCum, streams);
    this.deliver();
    this.checkDeferredReset();
    this.sackNow = true; // RFC 3758 §3.6: answer a FORWARD TSN with a SACK.
  }

  private onShutdown(cumTsnAck: number): void {
    const s = this.sender;
    if (s === undefined) return;
    // RFC 9260 §9.2: the SHUTDOWN's cumulative ack acknowledges like a SACK without gaps.
    s.onSack({ type: ChunkType.SACK, cumTsnAck, aRwnd: s.peerRwnd + s.flightSize, gapBlocks: [], duplicateTsns: [] }, this.nowMs);
    if (this.state === 'established' || this.state === 'shutdown-pending') this.state = 'shutdown-received';
    else if (this.state === 'shutdown-sent') {
      // RFC 9260 §9.2: SHUTDOWN crossing ours: answer with SHUTDOWN ACK.
      this.state = 'shutdown-ack-sent';
      this.control.push({ type: ChunkType.SHUTDOWN_ACK });
    }
  }

  private onError(causes: { type: number; value: Uint8Array }[]): void {
    if (this.state === 'cookie-echoed' && causes.some((c) => c.type === CauseCode.STALE_COOKIE)) {
      // RFC 9260 §5.2.6: a stale cookie: start over with a new INIT.
      this.state = 'cookie-wait';
      this.peerTag = 0;
      this.rawOut.push(buildPacket(this.opts.localPort, this.opts.remotePort, 0, [this.initChunk!]));
      this.t1AtMs = this.nowMs + this.rto.rtoMs;
      return;
    }
    this.events.push({ type: 'error', code: 'peer-error', message: describeCauses(causes) });
  }

  private onHeartbeatAck(info: Uint8Array): void {
    const search = this.pmtu;
    if (search !== undefined && search.onHeartbeatAck(info, this.nowMs)) {
      if (search.mtu !== this.mtu) this.setMtu(search.mtu);
      return;
    }
    if (info.length < 4 || this.hbNonce === undefined || readU32(info, 0) !== this.hbNonce) return;
    this.hbNonce = undefined;
    this.clearErrors();
    // RFC 9260 §8.3: a HEARTBEAT ACK yields an RTT measurement.
    this.rto.measure(this.nowMs - this.hbSentAtMs);
  }

  private onReconfig(c: ReconfigChunk): void {
    const r = this.reset;
    const t = this.tracker;
    if (r === undefined || t === undefined) return;
    const responses: Chunk[] = [];
    for (const p of c.params) {
      if (p.kind === 'response') {
        const out = r.onResponse(p);
        // RFC 9260 §8.1: an answer to our request shows the peer is there.
        if (out.kind !== 'ignored') this.clearErrors();
        if (out.kind === 'done') {
          this.queue.resume(out.streamIds, out.ok);
          this.events.push({ type: 'stream-reset-done', streamIds: out.streamIds, ok: out.ok });
          if (!out.ok) this.events.push({ type: 'error', code: 'reset-refused', message: `result ${p.result}` });
        } else if (out.kind === 'retry') r.retryAtMs = this.nowMs + this.rto.rtoMs;
        continue;
      }
      const out = r.onRequest(p, t.cumTsn);
      if (out === undefined) continue;
      if (out.performed !== undefined) this.performReset(out.performed);
      responses.push({ type: ChunkType.RE_CONFIG, params: [out.response] });
    }
    this.control.push(...responses);
  }

  private checkDeferredReset(): void {
    const ids = this.reset?.checkDeferred(this.tracker!.cumTsn);
    if (ids !== undefined) this.performReset(ids);
  }

  private performReset(streamIds: number[]): void {
    if (streamIds.length === 0) this.reassembly.resetAllStreams();
    else this.reassembly.resetStreams(streamIds);
    this.events.push({ type: 'stream-reset', streamIds });
  }
}
