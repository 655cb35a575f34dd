// The header extension ids negotiated in SDP (RFC 8285 §5, §8: a=extmap), looked up both ways,
// with typed reads from and elements for RTP packets.
import type { ExtensionCodec } from './extension-values.js';
import { findHeaderExtension, type HeaderExtension } from './header-extensions.js';

/** One negotiated mapping: a local id and the extension's URI. */
export interface ExtmapEntry {
  id: number;
  uri: string;
}

/** Options of an Extmap. */
export interface ExtmapOptions {
  /** a=extmap-allow-mixed was negotiated (RFC 8285 §6): elements may use the two-byte form. */
  allowMixed?: boolean;
}

/** The negotiated extension ids of one RTP session direction. */
export class Extmap {
  /** Whether the two-byte form may be mixed in (pass it on to serializeRtpPacket). */
  readonly allowMixed: boolean;
  private readonly idsByUri = new Map<string, number>();
  private readonly urisById = new Map<number, string>();

  /** Builds the map; throws RangeError for an id outside 1-255 or an id or URI mapped twice. */
  constructor(entries: Iterable<ExtmapEntry> = [], options?: ExtmapOptions) {
    this.allowMixed = options?.allowMixed === true;
    for (const { id, uri } of entries) {
      // RFC 8285 §5: ids 1-14 for the one-byte form, up to 255 for the two-byte form;
      // 4096-4351 appear only in offers and never on the wire.
      if (!Number.isInteger(id) || id < 1 || id > 255) throw new RangeError(`extmap id ${id} is not in [1, 255]`);
      if (this.urisById.has(id)) throw new RangeError(`extmap id ${id} is mapped twice`);
      if (this.idsByUri.has(uri)) throw new RangeError(`extmap URI ${uri} is mapped twice`);
      this.idsByUri.set(uri, id);
      this.urisById.set(id, uri);
    }
  }

  /** The id negotiated for `uri`, or undefined. */
  id(uri: string): number | undefined {
    return this.idsByUri.get(uri);
  }

  /** The URI negotiated for `id`, or undefined. */
  uri(id: number): string | undefined {
    return this.urisById.get(id);
  }

  /** Every mapping, ids ascending. */
  entries(): ExtmapEntry[] {
    return [...this.urisById].map(([id, uri]) => ({ id, uri })).sort((a, b) => a.id - b.id);
  }

  /**
   * The value of `codec`'s extension in a parsed packet, or undefined when it was not
   * negotiated or is absent. Throws ParseError when the value is malformed.
   */
  read<T>(packet: { extensionProfile: number | undefined; extension: Uint8Array }, codec: ExtensionCodec<T>): T | undefined {
    const id = this.idsByUri.get(codec.uri);
    if (id === undefined) return undefined;
    const data = findHeaderExtension(packet.extensionProfile, packet.extension, id);
    return data === undefined ? undefined : codec.parse(data);
  }

  /** An element carrying `value` under its negotiated id, or undefined when `codec`'s URI was not negotiated. */
  element<T>(codec: ExtensionCodec<T>, value: T): HeaderExtension | undefined {
    const id = this.idsByUri.get(codec.uri);
    return id === undefined ? undefined : { id, data: codec.serialize(value) };
  }
}
