// Opus packets out of an Ogg file (RFC 7845): the logical bitstream that starts with
// OpusHead, its OpusTags, then audio packets with their timing worked out from the page
// granule positions (§4) and each packet's TOC (RFC 6716 §3.1).
import { MediaFileError } from './errors.js';
import { OggReader, type OggPacket, type OggReaderOptions } from './ogg-packets.js';
import { isOpusHead, parseOpusHead, parseOpusTags, type OpusHead, type OpusTags } from './opus-header.js';
import { opusPacketSamples, parseOpusPacket } from './opus-packet.js';

/** One Opus audio packet with its timing, all in 48 kHz samples (RFC 7845 §4). */
export interface OggOpusPacket {
  /** The Opus packet. */
  data: Uint8Array;
  /** Samples it decodes to (RFC 6716 §3.1). */
  duration: number;
  /** Granule position at its end: samples of all packets up to and including it. */
  granule: number;
  /** Playback time of its first sample: its start granule less the pre-skip (negative at first). */
  timestamp: number;
  /** Samples to drop from its end (RFC 7845 §4.4 end trimming; only on the last page). */
  endTrim: number;
  /** It finished on the EOS page of its stream. */
  eos: boolean;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Reads an Ogg Opus file from chunks: `push` bytes, `next` for each audio packet, `end` at the
 * end. `head` and `tags` are set once read. Packets of other multiplexed streams, and of
 * chained Opus streams after the first one ends, are skipped and counted.
 */
export class OggOpusReader {
  /** The identification header, once read. */
  head: OpusHead | undefined;
  /** The comment header, once read. */
  tags: OpusTags | undefined;
  /** Serial number of the Opus stream read. */
  serial: number | undefined;
  /** Packets of other logical bitstreams skipped. */
  skippedPackets = 0;
  private readonly ogg: OggReader;
  private batch: OggPacket[] = [];
  private ready: OggOpusPacket[] = [];
  private readyIndex = 0;
  private prevEnd: number | undefined;
  private ended = false;
  private failed: unknown;

  /** Makes a reader expecting a file from its first page. */
  constructor(options: OggReaderOptions = {}) {
    this.ogg = new OggReader(options);
  }

  /** Appends bytes (kept by reference until read). */
  push(chunk: Uint8Array): void {
    this.ogg.push(chunk);
  }

  /** The next audio packet, or undefined until more bytes arrive; throws MediaFileError. */
  next(): OggOpusPacket | undefined {
    if (this.failed !== undefined) throw this.failed;
    try {
      while (this.readyIndex >= this.ready.length) {
        const p = this.ogg.next();
        if (p === undefined) return undefined;
        this.take(p);
      }
      return this.ready[this.readyIndex++];
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }

  /** Declares the input complete; throws MediaFileError when it was cut short or had no Opus stream. */
  end(): void {
    if (this.failed !== undefined) throw this.failed;
    if (this.readyIndex < this.ready.length || this.next() !== undefined) throw new RangeError('OggOpusReader.end() called with a packet still unread');
    try {
      this.ogg.end();
      if (this.head === undefined) throw new MediaFileError('OPUS_BAD_HEADER', 'no Opus stream (no OpusHead)');
      if (this.tags === undefined) throw new MediaFileError('OPUS_BAD_HEADER', 'no OpusTags');
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }

  private take(p: OggPacket): void {
    if (this.serial === undefined) {
      if (p.bos && isOpusHead(p.data)) {
        // RFC 7845 §3: the first page of the stream holds OpusHead alone.
        if (p.countOnPage !== 1) throw new MediaFileError('OPUS_BAD_HEADER', 'OpusHead shares its page');
        this.head = parseOpusHead(p.data);
        this.serial = p.serial;
        return;
      }
      // RFC 3533 §4: the BOS pages of every stream come first; past them, no Opus stream exists.
      if (!p.bos) throw new MediaFileError('OPUS_BAD_HEADER', 'no Opus stream among the BOS pages');
      this.skippedPackets++;
      return;
    }
    if (p.serial !== this.serial || this.ended) {
      this.skippedPackets++;
      return;
    }
    if (this.tags === undefined) {
      this.tags = parseOpusTags(p.data);
      // RFC 7845 §3: the first audio packet starts a fresh page.
      if (p.indexOnPage !== p.countOnPage - 1) throw new MediaFileError('OPUS_BAD_HEADER', 'an audio packet finishes on the OpusTags page');
      if (p.eos) this.ended = true;
      return;
    }
    this.batch.push(p);
    if (p.indexOnPage === p.countOnPage - 1) {
      this.ready = this.timePage(this.batch);
      this.readyIndex = 0;
      this.batch = [];
    }
  }

  /** Timing of the packets finished on one page (RFC 7845 §4). */
  private timePage(packets: OggPacket[]): OggOpusPacket[] {
    const head = this.head!;
    const last = packets[packets.length - 1]!;
    const eos = last.eos;
    if (last.pageGranule < 0n || last.pageGranule > MAX_SAFE) throw new MediaFileError('OGG_BAD_GRANULE', `granule ${last.pageGranule} on a page that finishes packets`);
    const g = Number(last.pageGranule);
    // A multistream packet holds self-delimited packets before the last stream's; their TOC is
    // the same first byte, so the duration comes from the TOC alone (RFC 7845 §5.1.1).
    const durations = packets.map((p) => (head.streamCount > 1 ? opusPacketSamples(p.data) : parseOpusPacket(p.data).durationSamples));
    const total = durations.reduce((s, d) => s + d, 0);
    let start: number;
    if (this.prevEnd === undefined) {
      // RFC 7845 §4.5: the first audio page may start past 0; a granule below the samples on it is
      // invalid unless it is also the last page, where it trims the end.
      start = g - total;
      if (start < 0) {
        if (!eos) throw new MediaFileError('OGG_BAD_GRANULE', `first audio page granule ${g} below its ${total} samples`);
        start = 0;
      }
    } else {
      start = this.prevEnd;
      // A granule past what the packets account for means samples missing before them.
      if (g > start + total) start = g - total;
      else if (g < start + total && !eos) throw new MediaFileError('OGG_BAD_GRANULE', `granule ${g} below the ${start + total} samples decoded by its page`);
      // RFC 7845 §4.4: end trimming never reaches back before the page's packets.
      if (g < start) throw new MediaFileError('OGG_BAD_GRANULE', `last page granule ${g} before the start of its packets (${start})`);
    }
    let at = start;
    const out = packets.map((p, i): OggOpusPacket => {
      const duration = durations[i]!;
      const from = at;
      at += duration;
      const endTrim = eos ? Math.min(duration, Math.max(0, at - g)) : 0;
      return { data: p.data, duration, granule: at, timestamp: from - head.preSkip, endTrim, eos: p.eos };
    });
    this.prevEnd = Math.min(at, g);
    if (eos) this.ended = true;
    return out;
  }
}

/** Reads a whole Ogg Opus file held in memory. */
export function parseOggOpus(bytes: Uint8Array, options: OggReaderOptions = {}): { head: OpusHead; tags: OpusTags; packets: OggOpusPacket[] } {
  const reader = new OggOpusReader(options);
  reader.push(bytes);
  const packets: OggOpusPacket[] = [];
  for (let p = reader.next(); p; p = reader.next()) packets.push(p);
  reader.end();
  return { head: reader.head!, tags: reader.tags!, packets };
}
