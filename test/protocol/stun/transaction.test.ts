// The client transaction's retransmission schedule (RFC 8489 §6.2.1) in simulated time.
import assert from 'node:assert/strict';
import { StunTransaction, type StunTransactionOptions } from '../../../src/protocol/stun/index.js';
import type { Address } from '../../../src/protocol/types.js';

const SERVER: Address = { family: 4, address: '192.0.2.1', port: 3478 };
const REQUEST = new Uint8Array(20);
const TID = new Uint8Array(12).fill(7);

/** Runs a transaction that never gets an answer; returns send times and the timeout time. */
function run(options: StunTransactionOptions): { sends: number[]; timeoutMs: number } {
  const tx = new StunTransaction(REQUEST, TID, SERVER, 0, options);
  const sends: number[] = [];
  let now = 0;
  for (let guard = 0; guard < 100; guard++) {
    while (tx.pollTransmit()) sends.push(now);
    if (tx.pollEvent()?.type === 'timeout') return { sends, timeoutMs: now };
    const next = tx.pollTimeout();
    assert.ok(next !== undefined && next >= now);
    now = next;
    tx.handleTimeout(now);
  }
  assert.fail('transaction never ended');
}

describe('stun/transaction', () => {
  it('sends at 0, 500, 1500, ..., 31500 ms and times out at 39500 ms (RFC 8489 §6.2.1)', () => {
    const { sends, timeoutMs } = run({});
    assert.deepEqual(sends, [0, 500, 1500, 3500, 7500, 15500, 31500]);
    assert.equal(timeoutMs, 39500);
  });

  it('takes a smaller RTO, a cap, Rc and Rm', () => {
    const { sends, timeoutMs } = run({ rtoMs: 100, maxRtoMs: 400, maxRequests: 5, lastWaitFactor: 4 });
    assert.deepEqual(sends, [0, 100, 300, 700, 1100]);
    assert.equal(timeoutMs, 1500);
  });

  it('stops on a response and stays silent', () => {
    const tx = new StunTransaction(REQUEST, TID, SERVER, 0, {}, { family: 4, address: '10.0.0.1', port: 5000 });
    const first = tx.pollTransmit();
    assert.deepEqual(first?.from, { family: 4, address: '10.0.0.1', port: 5000 });
    assert.equal(tx.key, '070707070707070707070707');
    tx.handleResponse();
    assert.equal(tx.state, 'succeeded');
    assert.equal(tx.pollTimeout(), undefined);
    tx.handleTimeout(100000);
    assert.equal(tx.pollTransmit(), undefined);
    assert.equal(tx.pollEvent(), undefined);
  });

  it('a cancelled transaction stops retransmitting but waits out its full timeout', () => {
    const tx = new StunTransaction(REQUEST, TID, SERVER, 0, { rtoMs: 100 });
    tx.pollTransmit();
    tx.cancel();
    assert.equal(tx.state, 'cancelled');
    assert.equal(tx.pollTimeout(), 100 * 63 + 1600);
    tx.handleTimeout(1000);
    assert.equal(tx.pollTransmit(), undefined);
    tx.handleTimeout(100 * 63 + 1600);
    assert.deepEqual(tx.pollEvent(), { type: 'timeout' });
    assert.equal(tx.state, 'timed-out');
  });
});
