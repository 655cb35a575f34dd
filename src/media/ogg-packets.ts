// Packets out of Ogg pages (RFC 3533 §5, §6): lacing values split a page body into
// segments, a value below 255 ends a packet, and a packet whose last segment on a page is
// 255 bytes goes on in the next page of its logical bitstream, which says so with the
// continued flag. Each logical bitstream (serial number) is assembled apart.
import { MediaFileError } from './errors.js';
import { OggPageReader, type OggPage } from './ogg-page.js';

/** The default bound on one packet's size (an OpusTags with cover art can be large). */
export const OGG_DEFAULT_MAX_PACKET_BYTES = 8 * 1024 * 1024;

/** One packet of a logical bitstream, with the page it finished on. */
export interface OggPacket {
  /** The logical bitstream. */
  serial: number;
  /** The packet. */
  data: Uint8Array;
  /** The first packet of its bitstream (it finished on the BOS page). */
  bos: boolean;
  /** Finished on the EOS page, as its last packet. */
  eos: boolean;
  /** Granule position of the page it finished on. */
  pageGranule: bigint;
  /** Sequence number of that page. */
  pageSequence: number;
  /** Its index among the packets finished on that page, and how many finished there. */
  indexOnPage: number;
  /** How many packets finished on that page. */
  countOnPage: number;
}

/** Options of the Ogg readers. */
export interface OggReaderOptions {
  /** A packet growing past this many bytes fails with OGG_PACKET_TOO_LARGE. */
  maxPacketBytes?: number;
}

interface StreamState {
  nextSequence: number;
  parts: Uint8Array[];
  partBytes: number;
  /** A packet is begun and not finished. */
  open: boolean;
  ended: boolean;
}

/** Assembles packets from pages of any number of multiplexed logical bitstreams. */
export class OggPacketAssembler {
  private readonly streams = new Map<number, StreamState>();
  private readonly maxPacketBytes: number;

  /** Makes an assembler with a bound on packet size. */
  constructor(options: OggReaderOptions = {}) {
    this.maxPacketBytes = options.maxPacketBytes ?? OGG_DEFAULT_MAX_PACKET_BYTES;
  }

  /** The packets a page finishes, in order; throws MediaFileError on a page out of place. */
  pushPage(page: OggPage): OggPacket[] {
    let s = this.streams.get(page.serial);
    if (page.bos) {
      // RFC 3533 §4: a BOS page starts a bitstream; its serial must be new (or its old stream done).
      if (s !== undefined && !s.ended) throw new MediaFileError('OGG_BAD_SEQUENCE', `second BOS page for serial ${page.serial}`);
      if (page.continued) throw new MediaFileError('OGG_BAD_SEQUENCE', 'a BOS page marked as continued');
      s = { nextSequence: page.sequence, parts: [], partBytes: 0, open: false, ended: false };
      this.streams.set(page.serial, s);
    }
    if (s === undefined) throw new MediaFileError('OGG_BAD_SEQUENCE', `page of serial ${page.serial} before its BOS page`);
    if (s.ended) throw new MediaFileError('OGG_BAD_SEQUENCE', `page of serial ${page.serial} after its EOS page`);
    // Strict reading of a whole file: a gap in page sequence numbers means lost pages.
    if (page.sequence !== s.nextSequence) throw new MediaFileError('OGG_BAD_SEQUENCE', `page ${page.sequence} of serial ${page.serial}, expected ${s.nextSequence}`);
    s.nextSequence = (page.sequence + 1) >>> 0;
    if (page.continued !== s.open) {
      if (page.continued) throw new MediaFileError('OGG_BAD_SEQUENCE', `page ${page.sequence} continues a packet that was never begun`);
      throw new MediaFileError('OGG_BAD_SEQUENCE', `page ${page.sequence} does not continue the unfinished packet`);
    }
    const done: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < page.lacing.length; i++) {
      const size = page.lacing[i]!;
      s.open = true;
      if (size > 0) s.parts.push(page.body.subarray(offset, offset + size));
      offset += size;
      s.partBytes += size;
      if (s.partBytes > this.maxPacketBytes) throw new MediaFileError('OGG_PACKET_TOO_LARGE', `packet past ${this.maxPacketBytes} bytes on serial ${page.serial}`);
      if (size < 255) {
        done.push(join(s.parts, s.partBytes));
        s.parts = [];
        s.partBytes = 0;
        s.open = false;
      }
    }
    if (page.eos) {
      if (s.open) throw new MediaFileError('OGG_TRUNCATED', `EOS page ${page.sequence} leaves a packet unfinished`);
      s.ended = true;
    }
    return done.map((data, i) => ({
      serial: page.serial,
      data,
      bos: page.bos && i === 0,
      eos: page.eos && i === done.length - 1,
      pageGranule: page.granule,
      pageSequence: page.sequence,
      indexOnPage: i,
      countOnPage: done.length,
    }));
  }

  /** Declares the input complete: OGG_TRUNCATED when a packet was left unfinished. */
  end(): void {
    for (const [serial, s] of this.streams) if (s.open) throw new MediaFileError('OGG_TRUNCATED', `input ends within a packet of serial ${serial}`);
  }
}

function join(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Reads Ogg packets from chunks: `push` bytes, `next` for each packet, `end` at the end. */
export class OggReader {
  private readonly pages = new OggPageReader();
  private readonly assembler: OggPacketAssembler;
  private ready: OggPacket[] = [];
  private readyIndex = 0;
  private failed: unknown;

  /** Makes a reader expecting a file from its first page. */
  constructor(options: OggReaderOptions = {}) {
    this.assembler = new OggPacketAssembler(options);
  }

  /** Appends bytes (kept by reference until read). */
  push(chunk: Uint8Array): void {
    this.pages.push(chunk);
  }

  /** The next packet, or undefined until more bytes arrive; throws MediaFileError. */
  next(): OggPacket | undefined {
    if (this.failed !== undefined) throw this.failed;
    try {
      while (this.readyIndex >= this.ready.length) {
        const page = this.pages.next();
        if (page === undefined) return undefined;
        this.ready = this.assembler.pushPage(page);
        this.readyIndex = 0;
      }
      return this.ready[this.readyIndex++];
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }

  /** Declares the input complete; throws OGG_TRUNCATED when it stopped inside a page or packet. */
  end(): void {
    if (this.failed !== undefined) throw this.failed;
    if (this.readyIndex < this.ready.length || this.next() !== undefined) throw new RangeError('OggReader.end() called with a packet still unread');
    try {
      this.pages.end();
      this.assembler.end();
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }
}
