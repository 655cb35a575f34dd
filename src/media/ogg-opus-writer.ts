// An Ogg Opus file out of Opus packets (RFC 7845): OpusHead alone on the BOS page, OpusTags
// on the next, then audio pages whose granule position counts 48 kHz samples including the
// pre-skip (§4), the last page marked EOS and, when asked, trimming the end (§4.4).
import { MediaFileError } from './errors.js';
import { OggStreamWriter, concatBytes } from './ogg-writer.js';
import { serializeOpusHead, serializeOpusTags, type OpusHead } from './opus-header.js';
import { opusPacketSamples, parseOpusPacket } from './opus-packet.js';

/** Options of OggOpusWriter. */
export interface OggOpusWriterOptions {
  /** The logical bitstream's serial number (RFC 3533 §4 asks for a random one). */
  serial: number;
  /** Channels, 1 or 2 with mapping family 0; more need `mapping`. */
  channels: number;
  /** Samples to drop from the start of the decoded output; 3840 (80 ms) is RFC 7845 §4.2's advice, libopus uses 312. */
  preSkip: number;
  /** The original input sample rate, informational (default 48000). */
  inputSampleRate?: number;
  /** Output gain in Q7.8 dB (default 0). */
  outputGain?: number;
  /** Channel mapping for family 1 or 255 (RFC 7845 §5.1.1); absent means family 0. */
  mapping?: Pick<OpusHead, 'mappingFamily' | 'streamCount' | 'coupledCount' | 'mapping'>;
  /** Vendor string of OpusTags (default "purertc"). */
  vendor?: string;
  /** "NAME=value" comments of OpusTags. */
  comments?: string[];
  /** Granule position before the first packet (default 0; more when the stream starts late). */
  startGranule?: number;
  /** A page is closed once it holds this many samples (default 48000, one second, as ffmpeg). */
  maxPageSamples?: number;
}

/**
 * Writes Ogg Opus as bytes: `start()` once, `packet()` per Opus packet, `end()` at the end.
 * Each returns the bytes of the pages it closed; the last page is held until `end()` so that
 * it can carry the EOS flag.
 */
export class OggOpusWriter {
  /** The OpusHead written. */
  readonly head: OpusHead;
  private readonly stream: OggStreamWriter;
  private readonly options: OggOpusWriterOptions;
  private granule: number;
  private pageSamples = 0;
  private lastDuration = 0;
  private state: 'new' | 'started' | 'ended' = 'new';

  /** Validates the options (RangeError) and makes a writer. */
  constructor(options: OggOpusWriterOptions) {
    this.options = options;
    const channels = options.channels;
    this.head = {
      version: 1,
      channels,
      preSkip: options.preSkip,
      inputSampleRate: options.inputSampleRate ?? 48000,
      outputGain: options.outputGain ?? 0,
      mappingFamily: options.mapping?.mappingFamily ?? 0,
      streamCount: options.mapping?.streamCount ?? 1,
      coupledCount: options.mapping?.coupledCount ?? (channels === 2 ? 1 : 0),
      mapping: options.mapping?.mapping ?? (channels === 2 ? [0, 1] : [0]),
    };
    for (const [name, value, max] of [
      ['channels', channels, 255],
      ['preSkip', this.head.preSkip, 0xffff],
      ['inputSampleRate', this.head.inputSampleRate, 0xffffffff],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be an integer in [0, ${max}]: ${value}`);
    }
    if (!Number.isInteger(this.head.outputGain) || this.head.outputGain < -32768 || this.head.outputGain > 32767) throw new RangeError(`outputGain must be a 16-bit integer: ${this.head.outputGain}`);
    serializeOpusHead(this.head);
    this.granule = options.startGranule ?? 0;
    if (!Number.isSafeInteger(this.granule) || this.granule < 0) throw new RangeError(`startGranule must be a non-negative safe integer: ${this.granule}`);
    this.stream = new OggStreamWriter(options.serial);
  }

  /** The two header pages: OpusHead (BOS) and OpusTags, each alone on its page (RFC 7845 §3). */
  start(): Uint8Array {
    if (this.state !== 'new') throw new RangeError('OggOpusWriter.start() called twice');
    this.state = 'started';
    // RFC 7845 §3: the header pages have granule position 0.
    const head = concatBytes([this.stream.packet(serializeOpusHead(this.head), 0n), this.stream.flush()]);
    const tags = serializeOpusTags({ vendor: this.options.vendor ?? 'purertc', comments: this.options.comments ?? [] });
    return concatBytes([head, this.stream.packet(tags, 0n), this.stream.flush()]);
  }

  /** Adds one Opus packet (RangeError when it is not a well-formed one); returns pages closed. */
  packet(data: Uint8Array): Uint8Array {
    if (this.state !== 'started') throw new RangeError(`OggOpusWriter.packet() ${this.state === 'new' ? 'before start()' : 'after end()'}`);
    let duration: number;
    try {
      duration = this.head.streamCount > 1 ? opusPacketSamples(data) : parseOpusPacket(data).durationSamples;
    } catch (err) {
      if (err instanceof MediaFileError) throw new RangeError(`not an Opus packet: ${err.message}`);
      throw err;
    }
    const out: Uint8Array[] = [];
    if (this.pageSamples >= (this.options.maxPageSamples ?? 48000)) {
      out.push(this.stream.flush());
      this.pageSamples = 0;
    }
    // RFC 7845 §4: the granule position counts every sample decoded, pre-skip included.
    this.granule += duration;
    this.pageSamples += duration;
    this.lastDuration = duration;
    out.push(this.stream.packet(data, BigInt(this.granule)));
    return concatBytes(out);
  }

  /** Closes the stream with the EOS page; `endTrim` samples of the last packet are not played (RFC 7845 §4.4). */
  end(endTrim = 0): Uint8Array {
    if (this.state !== 'started') throw new RangeError(`OggOpusWriter.end() ${this.state === 'new' ? 'before start()' : 'called twice'}`);
    if (!Number.isInteger(endTrim) || endTrim < 0 || endTrim > this.lastDuration) throw new RangeError(`endTrim must be an integer in [0, ${this.lastDuration}]: ${endTrim}`);
    this.state = 'ended';
    return this.stream.end(BigInt(this.granule - endTrim));
  }
}

/** Serializes a whole Ogg Opus file in memory. */
export function serializeOggOpus(options: OggOpusWriterOptions, packets: readonly Uint8Array[], endTrim = 0): Uint8Array {
  const w = new OggOpusWriter(options);
  return concatBytes([w.start(), ...packets.map((p) => w.packet(p)), w.end(endTrim)]);
}
