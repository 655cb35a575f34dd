// Subtests Chromium passes that Node cannot run as written: they decode media (a video
// decoder, a <video>/<audio> element that plays and reports metadata, time or frames),
// draw or read a canvas (2D or WebGL), or capture the screen (getDisplayMedia). Each entry
// was checked by reading the test. They still count in the coverage figures; the summary
// prints an area's line a second time without them (left out of both what Chromium passes
// and what we pass).

/** Why a subtest is left out of the second figure. */
export type ExclusionReason = string;

const PLAYING_VIDEO = 'waits for a <video> playing the remote stream to fire loadedmetadata (a video decoder)';
const SIMULCAST_VIDEO =
  'negotiateSimulcastAndWaitForVideo (simulcast/simulcast.js) waits for loadedmetadata on a <video> per received layer (a video decoder)';
const DETECT_SIGNAL =
  'detectSignal (RTCPeerConnection-helper.js) draws a playing <video> into a 2D canvas and reads its pixels (a video decoder and canvas)';

/** File (relative to WPT_DIR) -> subtest name -> reason. */
export const NEEDS_MEDIA_ELEMENT: Readonly<Record<string, Readonly<Record<string, ExclusionReason>>>> = {
  'webrtc/RTCPeerConnection-relay-canvas.https.html': {
    'Two PeerConnections relaying a canvas source': 'a WebGL canvas captureStream() source, received into a <video> that must load metadata',
  },
  'webrtc/RTCPeerConnection-remote-track-currentTime.https.html': Object.fromEntries(
    ['audio track of active sender', 'video track of active sender', 'audio track of inactive sender', 'video track of inactive sender'].map((s) => [
      `currentTime advances for receive ${s}`,
      'a playing <audio>/<video> element: currentTime, timeupdate events and readyState HAVE_ENOUGH_DATA',
    ]),
  ),
  'webrtc/RTCPeerConnection-videoDetectorTest.html': {
    'Signal detector detects track change within reasonable time': DETECT_SIGNAL,
  },
  'webrtc/RTCRtpSender-encode-same-track-twice.https.html': {
    'Two RTCRtpSenders encoding the same track': 'its source is a 2D canvas captureStream() drawn with fillRect',
  },
  'webrtc/RTCRtpSender-replaceTrack.https.html': {
    'ReplaceTrack transmits the new track not the old track': DETECT_SIGNAL,
    'ReplaceTrack null -> new track transmits the new track': DETECT_SIGNAL,
  },
  'webrtc/legacy/simplecall_callbacks.optional.https.html': { 'Can set up a basic WebRTC call.': PLAYING_VIDEO },
  'webrtc/simplecall-no-ssrcs.https.html': { 'Can set up a basic WebRTC call without announcing ssrcs.': PLAYING_VIDEO },
  'webrtc/simplecall.https.html': { 'Can set up a basic WebRTC call.': PLAYING_VIDEO },
  'webrtc/protocol/bundle.https.html': {
    'not negotiating BUNDLE creates two separate ice and dtls transports': PLAYING_VIDEO,
    'bundles on the first transport and closes the second': PLAYING_VIDEO,
  },
  'webrtc/protocol/rtp-demuxing.html': {
    'Can demux two video tracks with different payload types on a bundled connection': PLAYING_VIDEO,
    'Can demux two video tracks with the same payload type on an unbundled connection': PLAYING_VIDEO,
  },
  'webrtc/protocol/split.https.html': { 'Connect audio and video to two independent PeerConnections': PLAYING_VIDEO },
  'webrtc/protocol/h264-profile-levels.https.html': Object.fromEntries(
    ['4', '5', '3.1', '3.2', '4.1', '4.2', '5.1', '5.2'].map((level) => [
      `Level ${level} H264 video is appropriately constrained`,
      'reads videoWidth/videoHeight of a <video> playing the received H.264 (an H.264 decoder; and an H.264 encoder to send it)',
    ]),
  ),
  'webrtc/receiver-track-live.https.html': {
    'Setup audio call': 'awaits play() of the page\'s <video id="video"> on the remote audio track',
  },
  'webrtc/simulcast/screenshare.https.html': {
    'Basic simulcast setup with two spatial layers': 'getDisplayMedia (screen capture, with a user activation through test_driver.bless)',
  },
  'webrtc/simulcast/basic.https.html': { 'Basic simulcast setup with two spatial layers': SIMULCAST_VIDEO },
  'webrtc/simulcast/h264.https.html': { 'H264 simulcast setup with two streams': SIMULCAST_VIDEO },
  'webrtc/simulcast/vp8.https.html': { 'VP8 simulcast setup with two streams': SIMULCAST_VIDEO },
  'webrtc/simulcast/vp9-scalability-mode.https.html': { 'VP9 simulcast setup with two streams and L1T2 set': SIMULCAST_VIDEO },
  'webrtc/simulcast/setParameters-active.https.html': Object.fromEntries(
    [
      'Simulcast setParameters active=false on first encoding stops sending frames for that encoding',
      'Simulcast setParameters active=false on second encoding stops sending frames for that encoding',
      'Simulcast setParameters active=false stops sending frames',
    ].map((name) => [name, `${SIMULCAST_VIDEO}, then compares inbound-rtp framesDecoded`]),
  ),
};

/** The subtests of `file` that need a decoder or a playing media element, with the reason. */
export function needsMediaElement(file: string): Readonly<Record<string, ExclusionReason>> {
  return NEEDS_MEDIA_ELEMENT[file] ?? {};
}
