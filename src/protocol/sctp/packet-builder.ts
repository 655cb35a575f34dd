// Assembles outgoing packets: control chunks first, then DATA, up to the path MTU
// (RFC 9260 §6.10 bundling), with one allocation per packet.
import { chunkPaddedLength, writeChunk, type Chunk } from './chunk.js';
import { writeDataChunk } from './chunk-data.js';
import { COMMON_HEADER_BYTES, DATA_HEADER_BYTES } from './constants.js';
import { sealPacket, serializePacket, writeCommonHeader } from './packet.js';
import type { SentChunk } from './sender.js';

/** Collects the chunks of one packet, then writes them. */
export class PacketBuilder {
  private readonly controls: Chunk[] = [];
  private readonly data: SentChunk[] = [];
  private size = COMMON_HEADER_BYTES;
  /** The largest packet to build (the path MTU as PLPMTUD knows it). */
  mtu: number;

  /** A builder for packets of at most `mtu` bytes. */
  constructor(mtu: number) {
    this.mtu = mtu;
  }

  /** Bytes still free in the packet. */
  get room(): number {
    return this.mtu - this.size;
  }

  /** Whether nothing has been added. */
  get empty(): boolean {
    return this.controls.length === 0 && this.data.length === 0;
  }

  /** Whether a DATA chunk has been added. */
  get hasData(): boolean {
    return this.data.length > 0;
  }

  /** Whether a control chunk fits (the first chunk always fits). */
  fits(c: Chunk): boolean {
    return this.empty || chunkPaddedLength(c) <= this.room;
  }

  /** Adds a control chunk; they go before any DATA (RFC 9260 §6.10). */
  addControl(c: Chunk): void {
    this.controls.push(c);
    this.size += chunkPaddedLength(c);
  }

  /** Payload bytes a DATA chunk may carry in the room left. */
  get dataRoom(): number {
    return this.room - DATA_HEADER_BYTES;
  }

  /** Adds a DATA chunk. */
  addData(c: SentChunk): void {
    this.data.push(c);
    this.size += (DATA_HEADER_BYTES + c.payload.length + 3) & ~3;
  }

  /** Writes the packet and resets the builder; undefined when empty. */
  finish(sourcePort: number, destinationPort: number, tag: number): Uint8Array | undefined {
    if (this.empty) return undefined;
    const b = new Uint8Array(this.size);
    writeCommonHeader(b, sourcePort, destinationPort, tag);
    let o = COMMON_HEADER_BYTES;
    for (const c of this.controls) o = writeChunk(c, b, o);
    for (const d of this.data) o = writeDataChunk(b, o, d.flags, d.tsn, d.streamId, d.ssn, d.ppid, d.payload);
    this.controls.length = 0;
    this.data.length = 0;
    this.size = COMMON_HEADER_BYTES;
    return sealPacket(b);
  }
}

/** Builds a standalone packet from chunk objects (handshake and teardown packets). */
export function buildPacket(sourcePort: number, destinationPort: number, tag: number, chunks: Chunk[]): Uint8Array {
  return serializePacket({ sourcePort, destinationPort, verificationTag: tag, chunks });
}
