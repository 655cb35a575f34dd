// The transport's events reach the W3C objects in order, with received messages one per
// task, so microtasks run between two messages (W3C webrtc-pc §6.2 "receiving messages").
import assert from 'node:assert/strict';
import { BACKLOG_MESSAGES, DeliveryQueue } from '../../src/api/delivery-queue.js';

type Ev = { kind: 'message' | 'other'; n: number };

function setup(): { q: DeliveryQueue<Ev>; log: string[] } {
  const log: string[] = [];
  const q = new DeliveryQueue<Ev>(
    (e) => {
      log.push(`${e.kind} ${e.n}`);
      // What a promise continuation after this event would do.
      queueMicrotask(() => log.push(`after ${e.n}`));
    },
    (e) => e.kind === 'message',
  );
  return { q, log };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('api/DeliveryQueue', () => {
  it('delivers a lone message at once', () => {
    const { q, log } = setup();
    q.push({ kind: 'message', n: 1 });
    assert.deepEqual(log, ['message 1']);
  });

  it('runs microtasks between two messages of one turn, keeping every event in order', async () => {
    const { q, log } = setup();
    q.push({ kind: 'message', n: 1 });
    q.push({ kind: 'message', n: 2 });
    q.push({ kind: 'other', n: 3 });
    q.push({ kind: 'message', n: 4 });
    assert.deepEqual(log, ['message 1'], 'the second message waits for a later task');
    for (let i = 0; i < 5; i++) await turn();
    assert.deepEqual(log, ['message 1', 'after 1', 'message 2', 'after 2', 'other 3', 'message 4', 'after 3', 'after 4']);
  });

  it('lets other events through at once while no message waits', async () => {
    const { q, log } = setup();
    q.push({ kind: 'other', n: 1 });
    q.push({ kind: 'other', n: 2 });
    q.push({ kind: 'message', n: 3 });
    q.push({ kind: 'other', n: 4 });
    assert.deepEqual(log, ['other 1', 'other 2', 'message 3', 'other 4']);
    await turn();
    q.push({ kind: 'message', n: 5 });
    assert.equal(log.at(-1), 'message 5', 'a message in a new turn goes at once');
  });

  it('drops what waits on clear()', async () => {
    const { q, log } = setup();
    q.push({ kind: 'message', n: 1 });
    q.push({ kind: 'message', n: 2 });
    q.clear();
    for (let i = 0; i < 3; i++) await turn();
    assert.deepEqual(log, ['message 1', 'after 1']);
    q.push({ kind: 'message', n: 3 });
    assert.equal(log.at(-1), 'message 3');
  });
});

describe('api/DeliveryQueue under a backlog', () => {
  it('never keeps more than BACKLOG_MESSAGES waiting after a turn, and keeps the order', async () => {
    const delivered: number[] = [];
    const q = new DeliveryQueue<Ev>((e) => delivered.push(e.n), (e) => e.kind === 'message');
    // A fast peer: far more small messages per turn than one per task could drain.
    let n = 0;
    for (let t = 0; t < 50; t++) {
      for (let i = 0; i < 500; i++) q.push({ kind: 'message', n: n++ });
      await turn();
      assert.ok(n - delivered.length <= BACKLOG_MESSAGES + 500, `backlog ${n - delivered.length} after turn ${t}`);
    }
    for (let t = 0; t < BACKLOG_MESSAGES + 2; t++) await turn();
    assert.equal(delivered.length, n);
    assert.ok(delivered.every((v, i) => v === i), 'in arrival order');
  });
});
