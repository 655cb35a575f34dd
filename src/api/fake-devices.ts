// The synthetic capture devices getUserMedia and enumerateDevices offer, modelled on a
// browser's fake-device mode (Chromium's --use-fake-device-for-media-stream): what each
// device is called, what it can do and the settings it starts with.
import type { MediaTrackCapabilities, MediaTrackSettings } from './constraints.js';

/** MediaDeviceKind */
export type MediaDeviceKind = 'audioinput' | 'audiooutput' | 'videoinput';

/** One fake device. */
export interface FakeDevice {
  /** Device id, stable across calls. */
  deviceId: string;
  /** Device kind. */
  kind: MediaDeviceKind;
  /** Human-readable name. */
  label: string;
  /** Devices of one physical unit share a group id. */
  groupId: string;
  /** Capabilities (inputs only). */
  capabilities: MediaTrackCapabilities;
  /** Settings a track starts with before constraints apply (inputs only). */
  settings: MediaTrackSettings;
}

function audioInput(deviceId: string, label: string, groupId: string): FakeDevice {
  return {
    deviceId,
    kind: 'audioinput',
    label,
    groupId,
    capabilities: {
      deviceId,
      groupId,
      sampleRate: { min: 8000, max: 96000 },
      sampleSize: { min: 16, max: 16 },
      channelCount: { min: 1, max: 2 },
      echoCancellation: [true, false],
      autoGainControl: [true, false],
      noiseSuppression: [true, false],
      latency: { min: 0.01, max: 0.5 },
    },
    settings: {
      deviceId,
      groupId,
      sampleRate: 48000,
      sampleSize: 16,
      channelCount: 1,
      echoCancellation: true,
      autoGainControl: true,
      noiseSuppression: true,
      latency: 0.01,
    },
  };
}

function videoInput(deviceId: string, label: string, groupId: string): FakeDevice {
  return {
    deviceId,
    kind: 'videoinput',
    label,
    groupId,
    capabilities: {
      deviceId,
      groupId,
      width: { min: 1, max: 1920 },
      height: { min: 1, max: 1080 },
      aspectRatio: { min: 1 / 1080, max: 1920 },
      frameRate: { min: 1, max: 60 },
      resizeMode: ['none', 'crop-and-scale'],
    },
    settings: {
      deviceId,
      groupId,
      width: 640,
      height: 480,
      aspectRatio: 640 / 480,
      frameRate: 30,
      resizeMode: 'none',
    },
  };
}

/** Every fake device, in the order enumerateDevices() lists them. */
export const FAKE_DEVICES: readonly FakeDevice[] = [
  audioInput('default', 'Fake Default Audio Input', 'fake-audio-group-default'),
  audioInput('fake-audio-input-1', 'Fake Audio Input 1', 'fake-audio-group-1'),
  audioInput('fake-audio-input-2', 'Fake Audio Input 2', 'fake-audio-group-2'),
  videoInput('fake-video-input-0', 'fake_device_0', 'fake-video-group-0'),
  {
    deviceId: 'default',
    kind: 'audiooutput',
    label: 'Fake Default Audio Output',
    groupId: 'fake-audio-group-default',
    capabilities: {},
    settings: {},
  },
  {
    deviceId: 'fake-audio-output-1',
    kind: 'audiooutput',
    label: 'Fake Audio Output 1',
    groupId: 'fake-audio-group-1',
    capabilities: {},
    settings: {},
  },
];
