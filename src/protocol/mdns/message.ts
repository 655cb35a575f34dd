// DNS messages as multicast DNS uses them (RFC 1035 §4, RFC 6762): a one-shot query for a
// host name's A and AAAA records, the answer a responder gives, and a parser for both with
// name compression (RFC 1035 §4.1.4). Sans-IO: bytes in, bytes out.
import { formatIp, parseIp } from '../stun/index.js';

/** Record types used here (RFC 1035 §3.2.2, RFC 3596 §2.1). */
export const DnsType = { A: 1, AAAA: 28 } as const;

/** RFC 1035 §3.2.4: the Internet class. */
const CLASS_IN = 1;
/** RFC 6762 §5.4 (questions) and §10.2 (answers): the top bit of the class. */
const CLASS_TOP_BIT = 0x8000;
/** RFC 1035 §4.1.1: QR, set in responses; AA, set in mDNS responses (RFC 6762 §18.4). */
const FLAG_RESPONSE = 0x8000;
const FLAG_AUTHORITATIVE = 0x0400;
/** RFC 1035 §2.3.4: at most 63 bytes a label, 255 a name. */
const MAX_LABEL = 63;
const MAX_NAME = 255;
/** Records read from one message at most: a datagram holds no more than this many anyway. */
const MAX_RECORDS = 256;

/** Why a DNS message was refused; thrown by parseDnsMessage and nothing else. */
export class DnsParseError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = 'DnsParseError';
  }
}

/** A question: a name, a type and whether a unicast answer is asked for (RFC 6762 §5.4). */
export interface DnsQuestion {
  name: string;
  type: number;
  unicastResponse: boolean;
}

/** A resource record; `address` is set for A and AAAA records. */
export interface DnsRecord {
  name: string;
  type: number;
  /** The class without the cache-flush bit (RFC 6762 §10.2). */
  cls: number;
  ttl: number;
  data: Uint8Array;
  address?: string;
}

/** A parsed message. */
export interface DnsMessage {
  id: number;
  response: boolean;
  questions: DnsQuestion[];
  /** Answers, authority and additional records, in that order. */
  records: DnsRecord[];
}

function encodeName(name: string, out: number[]): void {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  let total = 1;
  for (const label of trimmed.split('.')) {
    const bytes = new TextEncoder().encode(label);
    if (bytes.length === 0 || bytes.length > MAX_LABEL) throw new RangeError(`bad DNS label in ${name}`);
    total += bytes.length + 1;
    if (total > MAX_NAME) throw new RangeError(`DNS name too long: ${name}`);
    out.push(bytes.length, ...bytes);
  }
  out.push(0);
}

const u16 = (out: number[], v: number): void => void out.push((v >> 8) & 0xff, v & 0xff);

/**
 * RFC 6762 §5.1 one-shot query for a host name's addresses (A and AAAA by default), ID 0
 * unless given; `unicastResponse` sets the QU bit (§5.4). Throws RangeError for a bad name.
 */
export function buildMdnsQuery(name: string, options: { types?: number[]; id?: number; unicastResponse?: boolean } = {}): Uint8Array {
  const types = options.types ?? [DnsType.A, DnsType.AAAA];
  const out: number[] = [];
  u16(out, options.id ?? 0);
  u16(out, 0);
  u16(out, types.length);
  u16(out, 0);
  u16(out, 0);
  u16(out, 0);
  for (const type of types) {
    encodeName(name, out);
    u16(out, type);
    u16(out, CLASS_IN | (options.unicastResponse ? CLASS_TOP_BIT : 0));
  }
  return Uint8Array.from(out);
}

/**
 * A response giving a name's addresses (RFC 6762 §6): A or AAAA records by each address's
 * family, with the cache-flush bit (§10.2). `id` and `questions` are echoed for a legacy
 * unicast querier (§6.7). Throws RangeError for a bad name or address.
 */
export function buildMdnsResponse(name: string, addresses: string[], options: { id?: number; ttl?: number; questions?: DnsQuestion[] } = {}): Uint8Array {
  const questions = options.questions ?? [];
  const out: number[] = [];
  u16(out, options.id ?? 0);
  u16(out, FLAG_RESPONSE | FLAG_AUTHORITATIVE);
  u16(out, questions.length);
  u16(out, addresses.length);
  u16(out, 0);
  u16(out, 0);
  for (const q of questions) {
    encodeName(q.name, out);
    u16(out, q.type);
    u16(out, CLASS_IN);
  }
  for (const address of addresses) {
    const bytes = parseIp(address);
    if (!bytes) throw new RangeError(`not an IP address: ${address}`);
    encodeName(name, out);
    u16(out, bytes.length === 4 ? DnsType.A : DnsType.AAAA);
    u16(out, CLASS_IN | CLASS_TOP_BIT);
    const ttl = options.ttl ?? 120;
    out.push((ttl >>> 24) & 0xff, (ttl >>> 16) & 0xff, (ttl >>> 8) & 0xff, ttl & 0xff);
    u16(out, bytes.length);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

class Reader {
  constructor(
    private readonly b: Uint8Array,
    public at: number,
  ) {}

  need(n: number): void {
    if (this.at + n > this.b.length) throw new DnsParseError('message truncated');
  }

  u16(): number {
    this.need(2);
    const v = (this.b[this.at]! << 8) | this.b[this.at + 1]!;
    this.at += 2;
    return v;
  }

  u32(): number {
    return this.u16() * 0x10000 + this.u16();
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }

  /** RFC 1035 §4.1.4: labels, ending in a zero byte or a pointer to an earlier name. */
  name(): string {
    const labels: string[] = [];
    let at = this.at;
    let jumped = false;
    let length = 1;
    // Each pointer must go backwards, so a name cannot loop; the count bounds the work too.
    let limit = at;
    for (let steps = 0; ; steps++) {
      if (steps > MAX_NAME) throw new DnsParseError('name too long');
      if (at >= this.b.length) throw new DnsParseError('name truncated');
      const len = this.b[at]!;
      if (len === 0) {
        if (!jumped) this.at = at + 1;
        break;
      }
      if ((len & 0xc0) === 0xc0) {
        if (at + 1 >= this.b.length) throw new DnsParseError('pointer truncated');
        const target = ((len & 0x3f) << 8) | this.b[at + 1]!;
        if (target >= limit) throw new DnsParseError('pointer does not point back');
        if (!jumped) this.at = at + 2;
        jumped = true;
        limit = target;
        at = target;
        continue;
      }
      if ((len & 0xc0) !== 0) throw new DnsParseError('reserved label type');
      if (at + 1 + len > this.b.length) throw new DnsParseError('label truncated');
      length += len + 1;
      if (length > MAX_NAME) throw new DnsParseError('name too long');
      labels.push(new TextDecoder().decode(this.b.subarray(at + 1, at + 1 + len)));
      at += 1 + len;
    }
    return labels.join('.');
  }
}

/** Parses a DNS message (RFC 1035 §4.1); throws DnsParseError when malformed. */
export function parseDnsMessage(data: Uint8Array): DnsMessage {
  const r = new Reader(data, 0);
  const id = r.u16();
  const flags = r.u16();
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()];
  if (counts[0]! + counts[1]! + counts[2]! + counts[3]! > MAX_RECORDS) throw new DnsParseError('too many records');
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]!; i++) {
    const name = r.name();
    const type = r.u16();
    const cls = r.u16();
    questions.push({ name, type, unicastResponse: (cls & CLASS_TOP_BIT) !== 0 });
  }
  const records: DnsRecord[] = [];
  const total = counts[1]! + counts[2]! + counts[3]!;
  for (let i = 0; i < total; i++) {
    const name = r.name();
    const type = r.u16();
    const cls = r.u16() & ~CLASS_TOP_BIT;
    const ttl = r.u32();
    const data = r.bytes(r.u16());
    const record: DnsRecord = { name, type, cls, ttl, data };
    if (cls === CLASS_IN && ((type === DnsType.A && data.length === 4) || (type === DnsType.AAAA && data.length === 16))) record.address = formatIp(data);
    records.push(record);
  }
  return { id, response: (flags & FLAG_RESPONSE) !== 0, questions, records };
}

/** DNS names compare without regard to ASCII case (RFC 4343 §3), and a final dot is optional. */
export function sameDnsName(a: string, b: string): boolean {
  const norm = (s: string): string => (s.endsWith('.') ? s.slice(0, -1) : s).toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The addresses a response gives for `name` (A and AAAA records with a non-zero TTL, RFC
 * 6762 §10.1: TTL 0 withdraws), or [] for a query or a malformed message (never throws).
 */
export function mdnsAddresses(data: Uint8Array, name: string): string[] {
  let msg: DnsMessage;
  try {
    msg = parseDnsMessage(data);
  } catch {
    return [];
  }
  if (!msg.response) return [];
  const out: string[] = [];
  for (const r of msg.records) if (r.address !== undefined && r.ttl > 0 && sameDnsName(r.name, name) && !out.includes(r.address)) out.push(r.address);
  return out;
}
