// What script sees when the SCTP association ends under a connected peer connection
// (W3C webrtc-pc §6.2 "announcing a data channel as closed", §6.1.1 RTCSctpTransport, §4.4.3
// connection state): the transport below is a stand-in that reports what the stack would,
// so no socket is bound and no timer waits.
import assert from 'node:assert/strict';
import { RTCPeerConnection, type RTCDataChannel } from '../../src/index.js';
import { PeerTransport, type StackEvent } from '../../src/io/index.js';

type Emit = (e: StackEvent) => void;

/** Replaces PeerTransport's I/O with nothing; each started transport's event sink is kept. */
function stubTransports(): { sinks: Emit[]; restore(): void } {
  const proto = PeerTransport.prototype as unknown as Record<string, unknown>;
  const names = ['start', 'setRemote', 'addRemoteCandidate', 'setRoles', 'openChannel', 'send', 'closeChannel', 'restartIce', 'close'];
  const saved = new Map(names.map((n) => [n, proto[n]]));
  const sinks: Emit[] = [];
  for (const n of names) proto[n] = n === 'closeChannel' ? () => false : () => undefined;
  proto.start = function (this: { onEvent: Emit }) {
    sinks.push(this.onEvent);
  };
  return {
    sinks,
    restore: () => {
      for (const [n, f] of saved) proto[n] = f;
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('api: the SCTP association ends under a connected RTCPeerConnection', () => {
  let stub: ReturnType<typeof stubTransports>;
  const pcs: RTCPeerConnection[] = [];
  beforeEach(() => {
    stub = stubTransports();
  });
  afterEach(() => {
    for (const pc of pcs.splice(0)) pc.close();
    stub.restore();
  });

  /** pc1 offers a channel, pc2 answers; pc1's transport then reports ICE, DTLS and SCTP up and the channel open. */
  async function connected(): Promise<{ pc: RTCPeerConnection; dc: RTCDataChannel; emit: Emit; log: string[] }> {
    const pc = new RTCPeerConnection();
    const pc2 = new RTCPeerConnection();
    pcs.push(pc, pc2);
    const dc = pc.createDataChannel('chat');
    await pc.setLocalDescription();
    await pc2.setRemoteDescription(pc.localDescription!);
    await pc2.setLocalDescription();
    await pc.setRemoteDescription(pc2.localDescription!);
    const emit = stub.sinks[0]!;
    emit({ type: 'ice-state', state: 'connected' });
    emit({ type: 'dtls-state', state: 'connecting' });
    emit({ type: 'dtls-state', state: 'connected' });
    emit({ type: 'sctp-state', state: 'connected', maxChannels: 1024 });
    emit({ type: 'channel-open', id: dc.id! });
    await tick();
    assert.equal(pc.connectionState, 'connected');
    assert.equal(pc.sctp?.state, 'connected');
    assert.equal(dc.readyState, 'open');
    const log: string[] = [];
    dc.onerror = (e) => {
      const error = (e as Event & { error: { name: string; errorDetail: string } }).error;
      log.push(`dc error ${error.name} ${error.errorDetail}`);
    };
    dc.onclose = () => log.push(`dc close (${dc.readyState})`);
    pc.sctp!.onstatechange = () => log.push(`sctp ${pc.sctp!.state}`);
    pc.onconnectionstatechange = () => log.push(`pc ${pc.connectionState}`);
    return { pc, dc, emit, log };
  }

  it('a failure (too many retransmissions): the channel fires error "sctp-failure" then close, pc.sctp goes closed, connectionState stays connected', async () => {
    const { pc, dc, emit, log } = await connected();
    emit({ type: 'sctp-state', state: 'closed', reason: 'too many retransmissions' });
    emit({ type: 'channel-closed', id: dc.id! });
    await tick();
    assert.deepEqual(log, ['sctp closed', 'dc error OperationError sctp-failure', 'dc close (closed)']);
    assert.equal(pc.sctp!.state, 'closed');
    // W3C §4.4.3: the connection state follows the ICE and DTLS transports only, and both
    // are still connected (Chromium too keeps "connected" when only SCTP ends).
    assert.equal(pc.connectionState, 'connected');
    assert.throws(() => dc.send('x'), { name: 'InvalidStateError' });
  });

  it('a graceful SHUTDOWN from the peer: close without error', async () => {
    const { dc, emit, log } = await connected();
    emit({ type: 'sctp-state', state: 'closed', reason: 'shutdown' });
    await tick();
    assert.deepEqual(log, ['sctp closed', 'dc close (closed)']);
    assert.equal(dc.readyState, 'closed');
  });

  it('DTLS failing under SCTP: error "dtls-failure" on the DTLS transport, connectionState failed, the channel errors and closes', async () => {
    const { pc, dc, emit, log } = await connected();
    const dtlsErrors: string[] = [];
    pc.sctp!.transport.onerror = (e) => dtlsErrors.push((e as Event & { error: { errorDetail: string } }).error.errorDetail);
    emit({ type: 'dtls-state', state: 'failed' });
    await tick();
    assert.deepEqual(dtlsErrors, ['dtls-failure']);
    assert.equal(pc.connectionState, 'failed');
    assert.ok(log.includes('pc failed') && log.includes('dc error OperationError sctp-failure') && log.includes('dc close (closed)'), log.join(', '));
    assert.equal(dc.readyState, 'closed');
  });
});
