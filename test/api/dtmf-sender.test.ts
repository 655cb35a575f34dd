import assert from 'node:assert/strict';
import { RTCDTMFSender, createDTMFSender, type DTMFSenderOptions } from '../../src/api/dtmf-sender.js';
import { RTCDTMFToneChangeEvent } from '../../src/api/events.js';

// A simulated clock: the sender's Playout task runs on it, so no test waits in real time.
class Clock {
  nowMs = 0;
  #queue: Array<{ at: number; seq: number; fn: () => void }> = [];
  #seq = 0;
  schedule = (fn: () => void, delayMs: number): void => {
    this.#queue.push({ at: this.nowMs + delayMs, seq: this.#seq++, fn });
  };
  /** Runs every task due up to `untilMs`. */
  run(untilMs = Infinity): void {
    for (;;) {
      this.#queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#queue[0];
      if (!next || next.at > untilMs) break;
      this.#queue.shift();
      this.nowMs = next.at;
      next.fn();
    }
    if (untilMs !== Infinity) this.nowMs = untilMs;
  }
}

function setup(opts: Partial<DTMFSenderOptions> = {}) {
  const clock = new Clock();
  const played: Array<[string, number]> = [];
  const sender = createDTMFSender({
    canInsertDTMF: () => true,
    playTone: (tone, ms) => played.push([tone, ms]),
    schedule: clock.schedule,
    ...opts,
  });
  const events: Array<[string, string, number]> = [];
  sender.addEventListener('tonechange', (e) => {
    assert.ok(e instanceof RTCDTMFToneChangeEvent);
    events.push([e.tone, sender.toneBuffer, clock.nowMs]);
  });
  return { clock, sender, events, played };
}

describe('RTCDTMFSender', () => {
  it('cannot be constructed by script', () => {
    assert.throws(() => new (RTCDTMFSender as unknown as new () => unknown)(), TypeError);
    assert.equal(RTCDTMFSender.prototype.insertDTMF.length, 1);
  });

  it('accepts valid tones and normalizes a-d to uppercase', () => {
    const { sender } = setup();
    sender.insertDTMF('0123456789ABCDabcd#*,');
    assert.equal(sender.toneBuffer, '0123456789ABCDABCD#*,');
    sender.insertDTMF('bcd');
    assert.equal(sender.toneBuffer, 'BCD');
  });

  it('throws InvalidCharacterError for unrecognized characters', () => {
    const { sender } = setup();
    for (const bad of ['123FFABC', 'E', '# *']) {
      assert.throws(() => sender.insertDTMF(bad), (e: unknown) => e instanceof DOMException && e.name === 'InvalidCharacterError');
    }
    assert.throws(() => (sender.insertDTMF as () => void)(), TypeError);
  });

  it('throws InvalidStateError when it cannot send', () => {
    const { sender } = setup({ canInsertDTMF: () => false });
    assert.equal(sender.canInsertDTMF, false);
    assert.throws(() => sender.insertDTMF(''), (e: unknown) => e instanceof DOMException && e.name === 'InvalidStateError');
    const other = setup({ canInsertDTMF: () => false, canSend: () => true }).sender;
    other.insertDTMF('1');
  });

  it('fires tonechange at duration + interToneGap intervals, then an empty tone', () => {
    const { sender, clock, events, played } = setup();
    sender.insertDTMF('123');
    clock.run();
    assert.deepEqual(events, [['1', '23', 0], ['2', '3', 170], ['3', '', 340], ['', '', 510]]);
    assert.deepEqual(played, [['1', 100], ['2', 100], ['3', 100]]);
  });

  it('clamps duration to 40..6000 and interToneGap to >= 30', () => {
    const a = setup();
    a.sender.insertDTMF('AB', 10, 70);
    a.clock.run();
    assert.deepEqual(a.events.map((e) => e[2]), [0, 110, 220]);
    const b = setup();
    b.sender.insertDTMF('AB', 100, 10);
    b.clock.run();
    assert.deepEqual(b.events.map((e) => e[2]), [0, 130, 260]);
    const c = setup();
    c.sender.insertDTMF('A', 99999, 70);
    c.clock.run();
    assert.deepEqual(c.played, [['A', 6000]]);
    assert.deepEqual(c.events.map((e) => e[2]), [0, 6070]);
  });

  it("delays 2000 ms for ','", () => {
    const { sender, clock, events, played } = setup();
    sender.insertDTMF('A,B');
    clock.run();
    assert.deepEqual(events, [['A', ',B', 0], [',', 'B', 170], ['B', '', 2170], ['', '', 2340]]);
    assert.deepEqual(played.map((p) => p[0]), ['A', 'B']);
  });

  it("insertDTMF('') fires nothing", () => {
    const { sender, clock, events } = setup();
    sender.insertDTMF('');
    clock.run();
    assert.deepEqual(events, []);
  });

  it('replaces the buffer mid-playout without a second Playout task', () => {
    const { sender, clock, events } = setup();
    sender.addEventListener('tonechange', (e) => {
      if ((e as RTCDTMFToneChangeEvent).tone === 'B') {
        sender.insertDTMF('12');
        sender.insertDTMF('34');
      }
    });
    sender.insertDTMF('ABC');
    clock.run();
    assert.deepEqual(events, [['A', 'BC', 0], ['B', 'C', 170], ['3', '4', 340], ['4', '', 510], ['', '', 680]]);
  });

  it("insertDTMF('') mid-playout ends with an empty tone", () => {
    const { sender, clock, events } = setup();
    sender.addEventListener('tonechange', (e) => {
      if ((e as RTCDTMFToneChangeEvent).tone === 'B') sender.insertDTMF('');
    });
    sender.insertDTMF('ABC');
    clock.run();
    assert.deepEqual(events.map((e) => e[0]), ['A', 'B', '']);
  });

  it('stops playout when it can no longer send', () => {
    let ok = true;
    const { sender, clock, events } = setup({ canInsertDTMF: () => ok });
    sender.addEventListener('tonechange', (e) => {
      if ((e as RTCDTMFToneChangeEvent).tone === 'B') ok = false;
    });
    sender.insertDTMF('ABC');
    clock.run();
    assert.deepEqual(events.map((e) => e[0]), ['A', 'B']);
  });

  it('calls ontonechange', () => {
    const { sender, clock } = setup();
    const tones: string[] = [];
    sender.ontonechange = (e) => tones.push(e.tone);
    sender.insertDTMF('1');
    clock.run();
    assert.deepEqual(tones, ['1', '']);
  });

  it('uses real (unref’d) timers by default', async () => {
    const sender = createDTMFSender({ canInsertDTMF: () => true });
    const first = new Promise<string>((resolve) => {
      sender.addEventListener('tonechange', (e) => resolve((e as RTCDTMFToneChangeEvent).tone), { once: true });
    });
    sender.insertDTMF('5', 40, 30);
    assert.equal(await first, '5');
  });
});
