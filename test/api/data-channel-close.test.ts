// pc.close() and the data channels it holds: closed at once, close event in a later task.
import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';

describe('api/RTCDataChannel and pc.close()', () => {
  it('closes every channel at once and fires close once, in a later task', async () => {
    const pc = new RTCPeerConnection();
    const channels = [pc.createDataChannel('a'), pc.createDataChannel('b', { negotiated: true, id: 4 })];
    const log: string[] = [];
    for (const dc of channels) {
      dc.onclose = () => log.push(`close ${dc.label}`);
      dc.onerror = () => log.push(`error ${dc.label}`);
    }
    pc.close();
    assert.deepEqual(channels.map((dc) => dc.readyState), ['closed', 'closed']);
    assert.deepEqual(log, [], 'no event from inside close()');
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(log, ['close a', 'close b']);
    pc.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(log, ['close a', 'close b'], 'a second close() fires nothing');
  });
});
