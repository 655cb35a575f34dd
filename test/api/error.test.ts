import assert from 'node:assert/strict';
import { RTCError, OverconstrainedError } from '../../src/api/error.js';
import { RTCErrorEvent } from '../../src/api/events.js';

describe('RTCError', () => {
  it('is a DOMException named OperationError with code 0', () => {
    const e = new RTCError({ errorDetail: 'data-channel-failure' }, 'message');
    assert.ok(e instanceof DOMException);
    assert.equal(e.name, 'OperationError');
    assert.equal(e.code, 0);
    assert.equal(e.message, 'message');
    assert.equal(e.errorDetail, 'data-channel-failure');
    assert.equal(new RTCError({ errorDetail: 'dtls-failure' }).message, '');
  });

  it('validates RTCErrorInit', () => {
    assert.throws(() => new (RTCError as unknown as new () => unknown)(), TypeError);
    assert.throws(() => new RTCError({} as never), TypeError);
    assert.throws(() => new RTCError({ errorDetail: 'nope' as never }), TypeError);
  });

  it('has nullable detail attributes settable only by the constructor', () => {
    for (const attr of ['sdpLineNumber', 'sctpCauseCode', 'receivedAlert', 'sentAlert'] as const) {
      assert.equal(new RTCError({ errorDetail: 'sctp-failure' })[attr], null);
      assert.equal(new RTCError({ errorDetail: 'sctp-failure', [attr]: 0 })[attr], 0);
      const e = new RTCError({ errorDetail: 'sctp-failure' });
      assert.throws(() => {
        (e as unknown as Record<string, number>)[attr] = 42;
      }, TypeError);
    }
    assert.ok(!('httpRequestStatusCode' in RTCError.prototype));
    assert.equal(RTCError.length, 1);
    assert.equal(Object.prototype.toString.call(new RTCError({ errorDetail: 'sdp-syntax-error' })), '[object RTCError]');
  });

  it('RTCErrorEvent carries the error', () => {
    const error = new RTCError({ errorDetail: 'sctp-failure', sctpCauseCode: 12 });
    const ev = new RTCErrorEvent('error', { error });
    assert.equal(ev.error, error);
    assert.equal(ev.type, 'error');
    assert.throws(() => new RTCErrorEvent('error', {} as never), TypeError);
    assert.throws(() => new RTCErrorEvent('error', { error: new Error('x') as never }), TypeError);
    assert.equal(RTCErrorEvent.length, 2);
  });

  it('OverconstrainedError names the constraint', () => {
    const e = new OverconstrainedError('width', 'too wide');
    assert.equal(e.name, 'OverconstrainedError');
    assert.equal(e.constraint, 'width');
    assert.equal(e.message, 'too wide');
  });
});
