// Multicast DNS (RFC 6762) as candidate resolution uses it: the DNS message parser and the
// address reader on mutated queries and responses (compression pointers included). A bad
// message throws DnsParseError only; mdnsAddresses never throws; what parses re-parses the
// same after a rebuild of its addresses.
import { DnsParseError, DnsType, buildMdnsQuery, buildMdnsResponse, mdnsAddresses, parseDnsMessage } from '../../../src/protocol/mdns/index.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, returnsOrThrows, type Meter, type Target } from '../harness/target.js';

const NAME = '1f4712db-ea17-4bcf-a596-105139dfd8bf.local';

/** Queries and answers as browsers and responders send them, one with a compressed name. */
function mdnsSeeds(): Uint8Array[] {
  const questions = [{ name: NAME, type: DnsType.A, unicastResponse: false }];
  const compressed = Uint8Array.from(Buffer.from('000084000001000100000000036162630' + '56c6f63616c0000010001c00c000180010000007800040a010203', 'hex'));
  return [
    buildMdnsQuery(NAME),
    buildMdnsQuery(NAME, { types: [DnsType.AAAA], unicastResponse: true }),
    buildMdnsResponse(NAME, ['192.0.2.7']),
    buildMdnsResponse(NAME, ['192.0.2.7', 'fd00::7'], { id: 9, questions }),
    compressed,
  ];
}

/** parseDnsMessage and mdnsAddresses. */
export const mdnsMessage: Target<Uint8Array> = {
  name: 'mdns-message',
  description: 'parseDnsMessage and mdnsAddresses on mutated mDNS queries and responses (name compression included); the addresses found rebuild into a response that gives them back',
  shortRuns: 12000,
  arbitrary: () => bytesFrom(mdnsSeeds(), { maxBytes: 1024 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      returnsOrThrows(DnsParseError, () => {
        const msg = parseDnsMessage(input);
        check(msg.questions.length + msg.records.length <= 256, () => 'more records than the bound');
      }, 'parseDnsMessage');
      let found: string[] = [];
      try {
        found = mdnsAddresses(input, NAME);
      } catch (err) {
        check(false, () => `mdnsAddresses threw ${String(err)}`);
      }
      if (found.length > 0) {
        const again = mdnsAddresses(buildMdnsResponse(NAME, found), NAME);
        check(again.join() === found.join(), () => `rebuilt ${found.join()} as ${again.join()}`);
      }
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};
