import assert from 'node:assert/strict';
import {
  MediaStream,
  addTrackToStream,
  createMediaStream,
  removeTrackFromStream,
} from '../../src/api/media-stream.js';
import {
  MediaStreamTrack,
  createMediaStreamTrack,
  endTrack,
  getTrackSource,
  setTrackMuted,
} from '../../src/api/media-stream-track.js';
import { MediaStreamTrackEvent } from '../../src/api/events.js';
import { OverconstrainedError } from '../../src/api/error.js';
import { InputDeviceInfo, MediaDeviceInfo, MediaDevices, mediaDevices } from '../../src/api/media-devices.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function record(target: EventTarget, types: string[]): string[] {
  const log: string[] = [];
  for (const t of types) target.addEventListener(t, (e) => log.push(e.type));
  return log;
}

describe('MediaStreamTrack', () => {
  it('cannot be constructed by script', () => {
    assert.throws(() => new (MediaStreamTrack as unknown as new () => unknown)(), TypeError);
  });

  it('has kind, id, label, enabled, muted and readyState', () => {
    const t = createMediaStreamTrack({ kind: 'audio', label: 'mic' });
    assert.equal(t.kind, 'audio');
    assert.match(t.id, UUID);
    assert.equal(t.label, 'mic');
    assert.equal(t.enabled, true);
    assert.equal(t.muted, false);
    assert.equal(t.readyState, 'live');
    t.enabled = 0 as unknown as boolean;
    assert.equal(t.enabled, false);
    const remote = createMediaStreamTrack({ kind: 'video', remote: true, muted: true, id: 'abc' });
    assert.equal(remote.id, 'abc');
    assert.equal(remote.muted, true);
    assert.equal(getTrackSource(remote).remote, true);
  });

  it('accepts only content hints valid for its kind', () => {
    const a = createMediaStreamTrack({ kind: 'audio' });
    a.contentHint = 'speech';
    assert.equal(a.contentHint, 'speech');
    a.contentHint = 'motion';
    assert.equal(a.contentHint, 'speech');
    const v = createMediaStreamTrack({ kind: 'video' });
    v.contentHint = 'detail';
    assert.equal(v.contentHint, 'detail');
  });

  it('stop() ends the track without an ended event, and stops the source after the last clone', () => {
    const t = createMediaStreamTrack({ kind: 'audio' });
    const c = t.clone();
    const log = record(t, ['ended']);
    let stopped = 0;
    getTrackSource(t).onStop(() => stopped++);
    t.stop();
    t.stop();
    assert.equal(t.readyState, 'ended');
    assert.deepEqual(log, []);
    assert.equal(stopped, 0);
    c.stop();
    assert.equal(stopped, 1);
  });

  it('clone() shares the source and copies state under a new id', () => {
    const t = createMediaStreamTrack({ kind: 'video', label: 'cam' });
    t.enabled = false;
    t.contentHint = 'text';
    const c = t.clone();
    assert.notEqual(c.id, t.id);
    assert.equal(c.kind, 'video');
    assert.equal(c.label, 'cam');
    assert.equal(c.enabled, false);
    assert.equal(c.contentHint, 'text');
    assert.equal(getTrackSource(c), getTrackSource(t));
    t.stop();
    assert.equal(t.clone().readyState, 'ended');
  });

  it('setTrackMuted fires mute/unmute on every live track of the source', () => {
    const t = createMediaStreamTrack({ kind: 'audio', remote: true, muted: true });
    const c = t.clone();
    const stopped = t.clone();
    stopped.stop();
    const log = record(t, ['mute', 'unmute']);
    const logC = record(c, ['mute', 'unmute']);
    const logS = record(stopped, ['mute', 'unmute']);
    let viaHandler = 0;
    t.onunmute = () => viaHandler++;
    setTrackMuted(t, false);
    setTrackMuted(t, false);
    setTrackMuted(c, true);
    assert.deepEqual(log, ['unmute', 'mute']);
    assert.deepEqual(logC, ['unmute', 'mute']);
    assert.deepEqual(logS, []);
    assert.equal(viaHandler, 1);
    assert.equal(t.muted, true);
  });

  it('endTrack ends every live track of the source with an ended event', () => {
    const t = createMediaStreamTrack({ kind: 'audio' });
    const c = t.clone();
    const log = record(t, ['ended']);
    let onended = 0;
    c.onended = () => onended++;
    endTrack(t);
    endTrack(t);
    assert.deepEqual(log, ['ended']);
    assert.equal(onended, 1);
    assert.equal(c.readyState, 'ended');
  });

  it('applyConstraints selects settings or rejects with OverconstrainedError', async () => {
    const stream = await mediaDevices.getUserMedia({ video: true });
    const [t] = stream.getVideoTracks();
    await t!.applyConstraints({ width: 320, height: { ideal: 240 } });
    assert.equal(t!.getSettings().width, 320);
    assert.equal(t!.getSettings().height, 240);
    assert.deepEqual(t!.getConstraints(), { width: 320, height: { ideal: 240 } });
    await assert.rejects(t!.applyConstraints({ width: { exact: 10000 } }), (e: unknown) => {
      assert.ok(e instanceof OverconstrainedError);
      assert.equal(e.constraint, 'width');
      return true;
    });
    assert.equal(t!.getSettings().width, 320, 'failed constraints change nothing');
    await assert.rejects(t!.applyConstraints({ advanced: 5 as never }), TypeError);
    await t!.applyConstraints();
    assert.equal(t!.getSettings().width, 640);
    const get = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'applyConstraints')!.value;
    await assert.rejects(get.call({}), TypeError);
  });
});

describe('MediaStream', () => {
  it('constructs from nothing, a stream or tracks', () => {
    const a = createMediaStreamTrack({ kind: 'audio' });
    const v = createMediaStreamTrack({ kind: 'video' });
    const empty = new MediaStream();
    assert.match(empty.id, UUID);
    assert.deepEqual(empty.getTracks(), []);
    assert.equal(empty.active, false);
    const s = new MediaStream([a, v, a]);
    assert.deepEqual(s.getTracks(), [a, v]);
    const copy = new MediaStream(s);
    assert.notEqual(copy.id, s.id);
    assert.deepEqual(copy.getTracks(), [a, v]);
    assert.throws(() => new MediaStream([{}] as never), TypeError);
    assert.throws(() => new MediaStream(42 as never), TypeError);
    assert.equal(MediaStream.length, 0);
  });

  it('adds, removes and finds tracks without firing events', () => {
    const a = createMediaStreamTrack({ kind: 'audio' });
    const v = createMediaStreamTrack({ kind: 'video' });
    const s = new MediaStream();
    const log = record(s, ['addtrack', 'removetrack']);
    s.addTrack(a);
    s.addTrack(v);
    s.addTrack(a);
    assert.deepEqual(s.getAudioTracks(), [a]);
    assert.deepEqual(s.getVideoTracks(), [v]);
    assert.equal(s.getTrackById(v.id), v);
    assert.equal(s.getTrackById('nope'), null);
    s.removeTrack(a);
    assert.deepEqual(s.getTracks(), [v]);
    assert.deepEqual(log, []);
    assert.throws(() => s.addTrack({} as never), TypeError);
    assert.throws(() => (s.addTrack as () => void)(), TypeError);
  });

  it('is active while a track is live', () => {
    const a = createMediaStreamTrack({ kind: 'audio' });
    const s = new MediaStream([a]);
    assert.equal(s.active, true);
    a.stop();
    assert.equal(s.active, false);
  });

  it('clone() clones every track', () => {
    const a = createMediaStreamTrack({ kind: 'audio' });
    const s = new MediaStream([a]);
    const c = s.clone();
    assert.notEqual(c.id, s.id);
    assert.equal(c.getTracks().length, 1);
    assert.notEqual(c.getTracks()[0], a);
    assert.equal(getTrackSource(c.getTracks()[0]!), getTrackSource(a));
  });

  it('internal hooks fire addtrack/removetrack', () => {
    const s = createMediaStream({ id: 'remote-msid' });
    assert.equal(s.id, 'remote-msid');
    const t = createMediaStreamTrack({ kind: 'audio', remote: true });
    const events: MediaStreamTrackEvent[] = [];
    s.onaddtrack = (e) => events.push(e);
    s.addEventListener('removetrack', (e) => events.push(e as MediaStreamTrackEvent));
    assert.equal(addTrackToStream(s, t), true);
    assert.equal(addTrackToStream(s, t), false);
    assert.equal(removeTrackFromStream(s, t), true);
    assert.equal(removeTrackFromStream(s, t), false);
    assert.deepEqual(events.map((e) => [e.type, e.track, e instanceof MediaStreamTrackEvent]), [
      ['addtrack', t, true],
      ['removetrack', t, true],
    ]);
  });
});

describe('MediaDevices (fake devices)', () => {
  it('cannot be constructed by script', () => {
    assert.throws(() => new (MediaDevices as unknown as new () => unknown)(), TypeError);
    assert.throws(() => new (MediaDeviceInfo as unknown as new () => unknown)(), TypeError);
  });

  it('getUserMedia gives synthetic tracks with default settings', async () => {
    const s = await mediaDevices.getUserMedia({ audio: true, video: true });
    const [a] = s.getAudioTracks();
    const [v] = s.getVideoTracks();
    assert.equal(s.getTracks()[0], a);
    assert.equal(a!.label, 'Fake Default Audio Input');
    assert.equal(a!.getSettings().sampleRate, 48000);
    assert.equal(a!.getSettings().deviceId, 'default');
    const vs = v!.getSettings();
    assert.deepEqual([vs.width, vs.height, vs.frameRate], [640, 480, 30]);
    assert.ok(Math.abs(vs.aspectRatio! - 4 / 3) < 1e-9);
    assert.equal(v!.getCapabilities().width?.max, 1920);
    assert.equal(s.active, true);
  });

  it('getUserMedia honours constraints', async () => {
    const s = await mediaDevices.getUserMedia({
      audio: { channelCount: { exact: 2 }, echoCancellation: false, sampleRate: 16000 },
      video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { max: 15 } },
    });
    const a = s.getAudioTracks()[0]!.getSettings();
    assert.deepEqual([a.channelCount, a.echoCancellation, a.sampleRate], [2, false, 16000]);
    const v = s.getVideoTracks()[0]!.getSettings();
    assert.deepEqual([v.width, v.height, v.frameRate], [1280, 720, 15]);
    const byId = await mediaDevices.getUserMedia({ audio: { deviceId: { exact: 'fake-audio-input-1' } } });
    assert.equal(byId.getTracks()[0]!.label, 'Fake Audio Input 1');
    const ideal = await mediaDevices.getUserMedia({ audio: { deviceId: 'fake-audio-input-2' } });
    assert.equal(ideal.getTracks()[0]!.label, 'Fake Audio Input 2');
    const idealDict = await mediaDevices.getUserMedia({ audio: { deviceId: { ideal: ['x', 'fake-audio-input-1'] } } });
    assert.equal(idealDict.getTracks()[0]!.label, 'Fake Audio Input 1');
  });

  it('getUserMedia rejects bad requests', async () => {
    await assert.rejects(mediaDevices.getUserMedia(), TypeError);
    await assert.rejects(mediaDevices.getUserMedia({ audio: false, video: false }), TypeError);
    await assert.rejects(mediaDevices.getUserMedia({ video: { width: { min: 4000 } } }), (e: unknown) =>
      e instanceof OverconstrainedError && e.constraint === 'width');
    await assert.rejects(mediaDevices.getUserMedia({ audio: { deviceId: { exact: 'nope' } } }), (e: unknown) =>
      e instanceof OverconstrainedError && e.constraint === 'deviceId');
    await assert.rejects(mediaDevices.getUserMedia({ audio: { width: { exact: 640 } } }), OverconstrainedError);
  });

  it('enumerateDevices lists fake devices; inputs report capabilities', async () => {
    const devices = await mediaDevices.enumerateDevices();
    const kinds = devices.map((d) => d.kind);
    assert.ok(kinds.includes('audioinput') && kinds.includes('videoinput') && kinds.includes('audiooutput'));
    const mic = devices.find((d) => d.kind === 'audioinput')!;
    assert.ok(mic instanceof InputDeviceInfo);
    assert.deepEqual(Object.keys(mic.toJSON()), ['deviceId', 'kind', 'label', 'groupId']);
    assert.equal((mic as InputDeviceInfo).getCapabilities().channelCount?.max, 2);
    const out = devices.find((d) => d.kind === 'audiooutput')!;
    assert.ok(!(out instanceof InputDeviceInfo));
  });

  it('getSupportedConstraints lists the constrainable properties', () => {
    const s = mediaDevices.getSupportedConstraints();
    assert.equal(s.width, true);
    assert.equal(s.deviceId, true);
    assert.equal(s.channelCount, true);
  });

  it('has an ondevicechange handler', () => {
    let n = 0;
    mediaDevices.ondevicechange = () => n++;
    mediaDevices.dispatchEvent(new Event('devicechange'));
    mediaDevices.ondevicechange = null;
    assert.equal(n, 1);
  });
});
