// Public face of multicast DNS (RFC 6762) as ICE uses it: one-shot queries for the host
// names browsers put in their candidates, and the answers to them. Sans-IO.
export { candidateWithAddress, mdnsCandidateName } from './candidate.js';
export {
  DnsParseError,
  DnsType,
  buildMdnsQuery,
  buildMdnsResponse,
  mdnsAddresses,
  parseDnsMessage,
  sameDnsName,
  type DnsMessage,
  type DnsQuestion,
  type DnsRecord,
} from './message.js';
