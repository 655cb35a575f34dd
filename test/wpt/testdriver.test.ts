import assert from 'node:assert/strict';
import { installTestDriverVendor } from '../../wpt/child/testdriver.js';

type Internal = Record<string, (...args: never[]) => Promise<unknown>> & { in_automation?: boolean };

function page(): { g: Record<string, unknown>; internal: Internal; asked: unknown[] } {
  const asked: unknown[] = [];
  const mediaDevices = { getUserMedia: (c: unknown) => { asked.push(c); return Promise.resolve('stream'); } };
  const internal = {
    set_permission: () => Promise.reject(new Error('set_permission() is not implemented by testdriver-vendor.js')),
  } as unknown as Internal;
  const g: Record<string, unknown> = { test_driver_internal: internal, navigator: { mediaDevices } };
  installTestDriverVendor(g);
  return { g, internal, asked };
}

function gum(g: Record<string, unknown>, constraints: object): Promise<unknown> {
  const devices = (g.navigator as { mediaDevices: { getUserMedia(c: object): Promise<unknown> } }).mediaDevices;
  return devices.getUserMedia(constraints);
}

describe('wpt/child/testdriver', () => {
  it('grants camera and microphone, and getUserMedia reaches the fake devices', async () => {
    const { g, internal, asked } = page();
    assert.equal(internal.in_automation, true);
    await internal.set_permission!({ descriptor: { name: 'camera' }, state: 'granted' } as never);
    await internal.set_permission!({ descriptor: { name: 'microphone' }, state: 'granted' } as never);
    assert.equal(await gum(g, { audio: true, video: true }), 'stream');
    assert.deepEqual(asked, [{ audio: true, video: true }]);
  });

  it('rejects unknown permission names and states as a WebDriver invalid argument', async () => {
    const { internal } = page();
    await assert.rejects(internal.set_permission!({ descriptor: { name: 'telepathy' }, state: 'granted' } as never), /Unknown permission name/);
    await assert.rejects(internal.set_permission!({ descriptor: { name: 'camera' }, state: 'maybe' } as never), /invalid permission state/);
  });

  it('a denied permission makes getUserMedia of that kind reject with NotAllowedError', async () => {
    const { g, internal, asked } = page();
    await internal.set_permission!({ descriptor: { name: 'camera' }, state: 'denied' } as never);
    await assert.rejects(gum(g, { video: true }), (e: unknown) => e instanceof DOMException && e.name === 'NotAllowedError');
    assert.equal(await gum(g, { audio: true }), 'stream');
    assert.equal(asked.length, 1);
  });

  it('click dispatches a click event at the element', async () => {
    const { internal } = page();
    const target = new EventTarget();
    let clicks = 0;
    target.addEventListener('click', () => { clicks += 1; });
    await internal.click!(target as never);
    assert.equal(clicks, 1);
    await assert.rejects(internal.click!(null as never));
  });
});
