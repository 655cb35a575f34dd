// RTCDataChannel send(), bufferedAmount and close() over a scripted transport: when the
// count goes up and down (W3C webrtc-pc §6.2), the order of Blob and other messages, and a
// close() that waits for messages still queued behind a Blob.
import assert from 'node:assert/strict';
import { RTCDataChannel, type DataChannelControl, type DataChannelTransport } from '../../src/api/data-channel.js';
import * as idl from '../../src/api/webidl.js';

/** A transport that, like the SCTP one, takes every message off the queue inside send(). */
class ScriptedTransport implements DataChannelTransport {
  readonly sent: (string | Uint8Array)[] = [];
  closes = 0;
  /** Messages sent before close() was called on the transport. */
  sentBeforeClose = -1;
  constructor(private readonly control: () => DataChannelControl) {}
  send(_channel: RTCDataChannel, data: string | Uint8Array): void {
    this.sent.push(data);
    this.control().drained(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);
  }
  close(): void {
    this.closes++;
    if (this.sentBeforeClose < 0) this.sentBeforeClose = this.sent.length;
  }
  maxMessageSize(): number {
    return 65536;
  }
}

function openChannel(): { dc: RTCDataChannel; transport: ScriptedTransport; control: DataChannelControl } {
  let control!: DataChannelControl;
  const dc = new RTCDataChannel(
    idl.INTERNAL,
    { label: 't', ordered: true, maxPacketLifeTime: null, maxRetransmits: null, protocol: '', negotiated: false, id: 0 },
    (c) => {
      control = c;
    },
  );
  const transport = new ScriptedTransport(() => control);
  control.setTransport(transport);
  control.markOpen();
  return { dc, transport, control };
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const text = (m: string | Uint8Array): string => (typeof m === 'string' ? m : Buffer.from(m).toString('latin1'));

describe('api/RTCDataChannel send() and bufferedAmount', () => {
  it('counts sent bytes at once and lowers the count only in a later task', async () => {
    const { dc, transport } = openChannel();
    const events: number[] = [];
    dc.onbufferedamountlow = () => events.push(dc.bufferedAmount);
    dc.send('x'.repeat(100));
    assert.equal(transport.sent.length, 1, 'the transport took the message');
    assert.equal(dc.bufferedAmount, 100, 'no decrease inside send()');
    dc.send(new Uint8Array(20));
    dc.send('世界');
    assert.equal(dc.bufferedAmount, 126);
    await Promise.resolve();
    assert.equal(dc.bufferedAmount, 126, 'not in a microtask either');
    assert.deepEqual(events, []);
    await nextTask();
    assert.equal(dc.bufferedAmount, 0);
    assert.deepEqual(events, [0], 'bufferedamountlow once, when the count reached the threshold');
  });

  it('fires bufferedamountlow when the count falls to the threshold, not below it twice', async () => {
    const { dc } = openChannel();
    dc.bufferedAmountLowThreshold = 10;
    let fired = 0;
    dc.addEventListener('bufferedamountlow', () => fired++);
    dc.send('x'.repeat(5));
    await nextTask();
    assert.equal(fired, 0, 'never above the threshold');
    dc.send('x'.repeat(50));
    await nextTask();
    assert.equal(fired, 1);
  });

  it('keeps bufferedAmount when the channel closes', async () => {
    const { dc, control } = openChannel();
    dc.send('hello');
    control.closed();
    assert.equal(dc.readyState, 'closed');
    assert.equal(dc.bufferedAmount, 5, 'W3C §6.2: the slot does not reset to zero on close');
  });

  it('counts a Blob at once and sends everything in send() order', async () => {
    const { dc, transport } = openChannel();
    dc.send(new Blob(['blob']));
    dc.send(new Uint8Array([1, 2, 3]));
    dc.send('after');
    assert.equal(dc.bufferedAmount, 4 + 3 + 5);
    assert.equal(transport.sent.length, 0, 'nothing overtakes the Blob being read');
    for (let i = 0; i < 10 && transport.sent.length < 3; i++) await nextTask();
    assert.deepEqual(transport.sent.map(text), ['blob', '\x01\x02\x03', 'after']);
    await nextTask();
    assert.equal(dc.bufferedAmount, 0);
  });

  it('close() right after sends waits for messages queued behind a Blob', async () => {
    const { dc, transport } = openChannel();
    let closes = 0;
    dc.onclose = () => closes++;
    dc.send('first');
    dc.send(new Blob(['x'.repeat(1000)]));
    dc.send('last');
    dc.close();
    assert.equal(dc.readyState, 'closing');
    assert.throws(() => dc.send('too late'), { name: 'InvalidStateError' });
    assert.equal(transport.closes, 0, 'the stream is not reset while messages wait');
    for (let i = 0; i < 10 && transport.closes === 0; i++) await nextTask();
    assert.equal(transport.closes, 1);
    assert.equal(transport.sentBeforeClose, 3, 'every message went to the transport before the reset');
    assert.deepEqual(transport.sent.map((m) => text(m).length), [5, 1000, 4]);
    assert.equal(closes, 0, 'close fires when the transport reports the reset done');
  });

  it('close() with nothing queued resets the stream at once', () => {
    const { dc, transport } = openChannel();
    dc.send('a');
    dc.close();
    assert.equal(transport.closes, 1);
    assert.equal(transport.sentBeforeClose, 1);
  });

  it('drops the queue if the remote closes the channel while a Blob is read', async () => {
    const { dc, transport, control } = openChannel();
    dc.send(new Blob(['abc']));
    dc.send('b');
    control.remoteClosing();
    for (let i = 0; i < 5; i++) await nextTask();
    assert.deepEqual(transport.sent, []);
    assert.equal(transport.closes, 0, 'the remote side runs its own closing procedure');
  });
});
