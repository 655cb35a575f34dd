// Areas of the webrtc/ corpus, by file name, for the per-area lines of the summary. The
// first rule whose pattern matches the file's name (without the directory) wins.

/** An area of the corpus. */
export interface Area {
  name: string;
  /** Matched against the file name (the part after the last `/`), and for some the path. */
  pattern: RegExp;
}

/** The areas, in matching order (see wpt/README.md). */
export const AREAS: readonly Area[] = [
  { name: 'data channels', pattern: /^(RTCDataChannel-|RTCSctpTransport-)/ },
  { name: 'IDL', pattern: /^(idlharness|historical|toJSON)\b/ },
  { name: 'stats', pattern: /[Ss]tats|^getstats\./ },
  { name: 'DTLS/certificates', pattern: /Certificate|Dtls|^dtls-|^crypto-suite|^sdes-/ },
  {
    name: 'ICE',
    pattern: /Ice|^RTCConfiguration-ice|[Cc]andidate|-iceConnectionState|-iceGatheringState|^ice-|restartIce|handover/,
  },
  {
    name: 'RTP/media',
    pattern:
      /RTCRtp|DTMF|[Tt]rack|simulcast|^simplecall|^promises-call|^rtp-|^rtx-|codec|[Cc]apture|canvas|video|av1|h26[45]|vp[89]|payloadTypes|^msid-|^bundle|^split|^pt-no-bundle|recvonly|receiver|outbound|onaddstream|[Ss]ender|Transceiver|^direction|RTCTrackEvent/,
  },
  {
    name: 'signaling/JSEP',
    pattern:
      /^RTCPeerConnection-|^RTCConfiguration-|^RTCSessionDescription|Rollback|^jsep-|^missing-fields|^unknown-mediatypes|^sctp-format|^munge|createOffer|perfect-negotiation|^no-media-call|mline-recycling/,
  },
];

/** The area for anything no rule matches. */
export const OTHER_AREA = 'other';

/** The area of a corpus file (`webrtc/...`). */
export function areaOf(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const inSimulcast = /(^|\/)simulcast\//.test(file);
  if (inSimulcast) return 'RTP/media';
  for (const area of AREAS) if (area.pattern.test(name)) return area.name;
  return OTHER_AREA;
}

/** Every area name, in report order. */
export function areaNames(): string[] {
  return [...AREAS.map((a) => a.name), OTHER_AREA];
}
