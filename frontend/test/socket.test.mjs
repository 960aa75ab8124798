import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SessionEndedError } from '../src/api/errors.js';
import { ChatSocket } from '../src/chat/socket.js';
import { FakeWebSocket, ManualTimers, flush } from './fakes.mjs';

function setup({ random = () => 0.5, refresh } = {}) {
  FakeWebSocket.instances = [];
  const timers = new ManualTimers();
  const statuses = [];
  const frames = [];
  let token = 0;
  const tokens = { get: 0, refresh: 0 };
  const socket = new ChatSocket({
    url: 'wss://api.test/api/ws',
    getToken: async () => { tokens.get++; return `t${++token}`; },
    refreshToken: refresh ?? (async () => { tokens.refresh++; return `t${++token}`; }),
    WebSocketImpl: FakeWebSocket, timers, random,
    onStatus: (s) => statuses.push(s), onFrame: (f) => frames.push(f), onFatal: (e) => statuses.push(`fatal:${e.name}`),
  });
  const last = () => FakeWebSocket.instances.at(-1);
  return { socket, timers, statuses, frames, tokens, last };
}

describe('ChatSocket', () => {
  beforeEach(() => { FakeWebSocket.instances = []; });

  it('authenticates with the bearer subprotocols and is connected only after ready', async () => {
    const { socket, statuses, last } = setup();
    socket.start();
    await flush();
    assert.equal(last().url, 'wss://api.test/api/ws');
    assert.deepEqual(last().protocols, ['bearer', 't1']);
    assert.deepEqual(statuses, ['connecting']);
    last().ready();
    assert.deepEqual(statuses, ['connecting', 'connected']);
  });

  it('reconnects with growing, capped, jittered delays and resubscribes every watched conversation', async () => {
    const { socket, timers, statuses, last } = setup();
    socket.start();
    await flush();
    last().ready();
    socket.watch('c-1');
    socket.watch('c-2');
    assert.deepEqual(last().frames('subscribe').map((f) => f.conversationId), ['c-1', 'c-2']);

    last().serverClose(1001); // server shutting down
    assert.equal(statuses.at(-1), 'reconnecting');
    const delays = [];
    for (let i = 0; i < 7; i++) {
      delays.push(timers.delays()[0]);
      await timers.advance(timers.delays()[0]);
      last().serverClose(1006); // still down
    }
    // random() = 0.5 gives 3/4 of the ceiling: 500 * 2^n capped at 15 s
    assert.deepEqual(delays, [375, 750, 1500, 3000, 6000, 11250, 11250]);
    await timers.advance(timers.delays()[0]);
    last().ready();
    assert.equal(statuses.at(-1), 'connected');
    assert.deepEqual(last().frames('subscribe').map((f) => f.conversationId), ['c-1', 'c-2']);
    last().serverClose(1006);
    assert.equal(timers.delays()[0], 375, 'the backoff starts again after a successful connection');
  });

  it('jitter spreads the delay between half and all of the ceiling', () => {
    const low = setup({ random: () => 0 }).socket;
    const high = setup({ random: () => 0.999999 }).socket;
    assert.equal(low.delayFor(3), 2000);
    assert.equal(high.delayFor(3), 4000);
    assert.equal(high.delayFor(20), 15000);
  });

  it('a 1008 before ready refreshes the token before the next attempt', async () => {
    const { socket, timers, tokens, last } = setup();
    socket.start();
    await flush();
    last().serverClose(1008);
    await timers.advance(timers.delays()[0]);
    assert.equal(tokens.refresh, 1);
    assert.deepEqual(last().protocols, ['bearer', 't2']);
  });

  it('a session that cannot be refreshed stops the socket and reports it once', async () => {
    const { socket, timers, statuses, last } = setup({ refresh: async () => { throw new SessionEndedError('ended'); } });
    socket.start();
    await flush();
    last().serverClose(1008);
    await timers.advance(timers.delays()[0]);
    assert.deepEqual(statuses.slice(-2), ['stopped', 'fatal:SessionEndedError']);
    assert.deepEqual(timers.delays(), []);
  });

  it('keeps retrying while the API itself is unreachable', async () => {
    const { socket, timers, statuses } = setup();
    socket.getToken = async () => { throw new TypeError('Failed to fetch'); };
    socket.start();
    await flush();
    assert.equal(statuses.at(-1), 'reconnecting');
    assert.equal(timers.delays().length, 1);
  });

  it('sends the heartbeat every 25 s while connected, and refuses to send when down', async () => {
    const { socket, timers, last } = setup();
    assert.equal(socket.send({ type: 'message' }), false);
    socket.start();
    await flush();
    last().ready();
    await timers.advance(50_000);
    assert.equal(last().frames('ping').length, 2);
    assert.equal(socket.send({ type: 'message', conversationId: 'c', content: 'x' }), true);
    last().serverClose(1006);
    assert.equal(socket.send({ type: 'message' }), false);
  });

  it('ignores events of a socket it has replaced, and stop() cancels a pending reconnect', async () => {
    const { socket, timers, frames, last } = setup();
    socket.start();
    await flush();
    const old = last();
    old.ready();
    old.serverClose(1006);
    await timers.advance(timers.delays()[0]);
    old.push({ type: 'message', conversationId: 'c', message: { id: 1 } });
    assert.equal(frames.filter((f) => f.type === 'message').length, 0);
    last().serverClose(1006);
    socket.stop();
    await timers.advance(60_000);
    assert.equal(FakeWebSocket.instances.length, 2);
  });
});
