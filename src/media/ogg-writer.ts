// Pages out of packets for one logical bitstream (RFC 3533 §5, §6): each packet laced into
// 255-byte segments and a final shorter one, a page closed when asked or at 255 segments,
// a packet that does not fit carried on in the next page with the continued flag.
import { concatBytes } from '../protocol/bytes.js';
import { OGG_NO_GRANULE, serializeOggPage } from './ogg-page.js';

/** The bytes of some arrays one after another (shared with the protocol layer). */
export { concatBytes };

/** Writes the pages of one logical bitstream; each method returns the bytes of the pages it closed. */
export class OggStreamWriter {
  /** The next page's sequence number. */
  sequence = 0;
  private lacing: number[] = [];
  private body: Uint8Array[] = [];
  private granule = OGG_NO_GRANULE;
  private continued = false;
  private ended = false;

  /** A writer for the bitstream with this serial number. */
  constructor(readonly serial: number) {
    if (!Number.isInteger(serial) || serial < 0 || serial > 0xffffffff) throw new RangeError(`serial must be a 32-bit unsigned integer: ${serial}`);
  }

  /** Packets finished on the open page so far. */
  get packetsOnPage(): number {
    return this.lacing.filter((v) => v < 255).length;
  }

  /** Adds a packet ending at `granule` (RFC 3533 §6); closes pages as they fill up. */
  packet(data: Uint8Array, granule: bigint): Uint8Array {
    if (this.ended) throw new RangeError('packet after end()');
    const out: Uint8Array[] = [];
    let offset = 0;
    let started = false;
    // RFC 3533 §5: lacing values of 255 for each full segment, then one below 255 (maybe 0).
    for (;;) {
      if (this.lacing.length === 255) {
        out.push(this.close(false));
        // The next page goes on with this packet if part of it is already on the closed page.
        this.continued = started;
      }
      const size = Math.min(255, data.length - offset);
      this.lacing.push(size);
      this.body.push(data.subarray(offset, offset + size));
      offset += size;
      started = true;
      if (size < 255) break;
    }
    this.granule = granule;
    return concatBytes(out);
  }

  /** Closes the open page if it holds anything. */
  flush(): Uint8Array {
    return this.lacing.length > 0 ? this.close(false) : new Uint8Array(0);
  }

  /** Closes the last page with the EOS flag (an empty page if nothing is open). */
  end(granule?: bigint): Uint8Array {
    if (this.ended) throw new RangeError('end() called twice');
    if (granule !== undefined) this.granule = granule;
    const page = this.close(true);
    this.ended = true;
    return page;
  }

  private close(eos: boolean): Uint8Array {
    const finished = this.lacing.some((v) => v < 255);
    const page = serializeOggPage({
      continued: this.continued,
      bos: this.sequence === 0,
      eos,
      // RFC 3533 §6: -1 on a page where no packet finishes.
      granule: finished ? this.granule : OGG_NO_GRANULE,
      serial: this.serial,
      sequence: this.sequence,
      lacing: Uint8Array.from(this.lacing),
      body: concatBytes(this.body),
    });
    this.sequence = (this.sequence + 1) >>> 0;
    this.lacing = [];
    this.body = [];
    this.continued = false;
    return page;
  }
}
