import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiClient, sessionEndedMessage } from '../src/api/client.js';
import { ApiError, NetworkError, SessionEndedError } from '../src/api/errors.js';
import { Clock, FakeAuthServer, MemoryStorage, jsonResponse } from './fakes.mjs';

function setup() {
  const clock = new Clock();
  const server = new FakeAuthServer({ clock });
  const storage = new MemoryStorage();
  const ended = [];
  const api = new ApiClient({ baseUrl: 'https://api.test/', fetch: server.fetch, storage, now: () => clock.now(), onSessionEnded: (m) => ended.push(m) });
  return { clock, server, storage, ended, api };
}

describe('ApiClient tokens', () => {
  it('sends the access token as a Bearer header and keeps only the refresh token in storage', async () => {
    const { api, server, storage } = setup();
    await api.login('a@b.test', 'right');
    await api.request('GET', '/api/conversations', { query: { limit: '20' } });
    const call = server.calls.at(-1);
    assert.equal(call.path, '/api/conversations');
    assert.match(call.auth, /^Bearer a\d+$/);
    assert.deepEqual([...storage.map.keys()], ['deploycheck.refreshToken']);
    assert.match(storage.getItem('deploycheck.refreshToken'), /^r\d+$/);
  });

  it('refreshes before a request when the access token is about to expire, and rotates the refresh token', async () => {
    const { api, server, storage, clock } = setup();
    await api.login('a@b.test', 'right');
    const first = storage.getItem('deploycheck.refreshToken');
    clock.advance(880_000); // 20 s before expiry: inside the margin
    await api.request('GET', '/api/auth/me');
    assert.equal(server.count('/api/auth/refresh'), 1);
    assert.notEqual(storage.getItem('deploycheck.refreshToken'), first);
    assert.equal(server.calls.at(-1).path, '/api/auth/me');
  });

  it('retries once after a 401 with a fresh token', async () => {
    const { api, server } = setup();
    await api.login('a@b.test', 'right');
    server.accessTokens.clear(); // the server forgot the token (restart with a new secret)
    const me = await api.request('GET', '/api/auth/me');
    assert.equal(me.email, 'a@b.test');
    assert.deepEqual(server.calls.slice(-3).map((c) => c.path), ['/api/auth/me', '/api/auth/refresh', '/api/auth/me']);
  });

  it('sends one refresh for many concurrent requests (a second would revoke the login as reuse)', async () => {
    const { api, server, clock, ended } = setup();
    await api.login('a@b.test', 'right');
    clock.advance(900_000);
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.request('GET', '/api/auth/me')));
    assert.equal(answers.length, 5);
    assert.equal(server.count('/api/auth/refresh'), 1);
    assert.deepEqual(ended, []);
  });

  it('does not refresh again when a 401 answers a token another request has already replaced', async () => {
    const { api, server } = setup();
    await api.login('a@b.test', 'right');
    const stale = api.access.token;
    await api.refresh(stale);
    assert.equal(await api.refresh(stale), api.access.token);
    assert.equal(server.count('/api/auth/refresh'), 1);
  });

  it('a reused refresh token ends the session with a message naming what happened', async () => {
    const { api, server, storage, ended } = setup();
    await api.login('a@b.test', 'right');
    const token = storage.getItem('deploycheck.refreshToken');
    // another tab (a duplicated one) used the same refresh token first
    await server.fetch('https://api.test/api/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken: token }) });
    await assert.rejects(api.refresh(null), SessionEndedError);
    assert.equal(ended.length, 1);
    assert.match(ended[0], /used from somewhere else.*sign in again/);
    assert.equal(storage.getItem('deploycheck.refreshToken'), null);
    assert.equal(api.signedIn, false);
  });

  it('an expired refresh token at start-up sends the user to the login page with a message', async () => {
    const { api, server, storage, ended } = setup();
    storage.setItem('deploycheck.refreshToken', 'r-from-last-month');
    server.fetch = async () => jsonResponse(401, { error: 'unauthorized', message: 'refresh token expired' });
    api.fetch = server.fetch;
    await assert.rejects(api.restore(), SessionEndedError);
    assert.deepEqual(ended, ['Your session has expired. Please sign in again.']);
  });

  it('restore() turns a stored refresh token into the signed-in user', async () => {
    const { server, storage, clock } = setup();
    const session = server.issue();
    storage.setItem('deploycheck.refreshToken', session.refreshToken);
    const api = new ApiClient({ baseUrl: 'https://api.test', fetch: server.fetch, storage, now: () => clock.now() });
    const user = await api.restore();
    assert.equal(user.email, 'a@b.test');
    assert.equal(server.count('/api/auth/refresh'), 1);
  });

  it('keeps the refresh token when the refresh fails for a transient reason (429, 5xx, network)', async () => {
    for (const failure of [jsonResponse(429, { error: 'rate_limited', message: 'too many' }, { 'Retry-After': '7' }),
      jsonResponse(503, { error: 'database_unavailable', message: 'x' }), 'network']) {
      const { api, storage, ended } = setup();
      await api.login('a@b.test', 'right');
      const token = storage.getItem('deploycheck.refreshToken');
      api.fetch = async () => {
        if (failure === 'network') throw new TypeError('Failed to fetch');
        return failure.clone();
      };
      const error = await api.refresh(null).catch((e) => e);
      assert.ok(error instanceof (failure === 'network' ? NetworkError : ApiError), String(error));
      if (failure !== 'network' && failure.status === 429) assert.equal(error.retryAfter, 7);
      assert.equal(storage.getItem('deploycheck.refreshToken'), token);
      assert.deepEqual(ended, []);
    }
  });

  it('a 401 after the retry ends the session instead of looping', async () => {
    const { api, server, ended } = setup();
    await api.login('a@b.test', 'right');
    const real = server.fetch;
    api.fetch = async (url, init) => (new URL(url).pathname === '/api/auth/me' ? jsonResponse(401, { error: 'unauthorized', message: 'no' }) : real(url, init));
    await assert.rejects(api.request('GET', '/api/auth/me'), SessionEndedError);
    assert.equal(server.count('/api/auth/refresh'), 1);
    assert.equal(ended.length, 1);
  });

  it('login failure is an ApiError 401 and stores nothing', async () => {
    const { api, storage } = setup();
    const error = await api.login('a@b.test', 'wrong').catch((e) => e);
    assert.equal(error.status, 401);
    assert.equal(storage.getItem('deploycheck.refreshToken'), null);
  });

  it('logout revokes this login on the server and forgets the tokens even when the server is unreachable', async () => {
    const { api, server, storage } = setup();
    await api.login('a@b.test', 'right');
    const token = storage.getItem('deploycheck.refreshToken');
    await api.logout();
    assert.deepEqual(server.calls.at(-1).body, { refreshToken: token });
    assert.equal(api.signedIn, false);
    await api.login('a@b.test', 'right');
    api.fetch = async () => { throw new TypeError('offline'); };
    await api.logout();
    assert.equal(api.signedIn, false);
  });

  it('sessionEndedMessage distinguishes reuse, expiry and the rest', () => {
    assert.match(sessionEndedMessage('refresh token already used; every session of this login was revoked'), /somewhere else/);
    assert.match(sessionEndedMessage('refresh token expired'), /expired/);
    assert.equal(sessionEndedMessage('invalid refresh token'), 'Your session has ended. Please sign in again.');
  });
});
