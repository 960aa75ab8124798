/** Test doubles that behave like the real things they replace: a backend's auth endpoints, storage, timers. */

export class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

export function jsonResponse(status, body, headers = {}) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status, headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/**
 * The backend's token rules in miniature: refresh tokens rotate, a reused one revokes its family (401 "refresh
 * token already used ..."), access tokens expire; /api/auth/me and /api/conversations need a live access token.
 */
export class FakeAuthServer {
  constructor({ clock }) {
    this.clock = clock;
    this.n = 0;
    this.refreshTokens = new Map(); // token -> {family, used}
    this.accessTokens = new Map(); // token -> expiresAt
    this.revokedFamilies = new Set();
    this.calls = [];
    this.expiresIn = 900;
    this.fetch = this.fetch.bind(this);
  }

  issue(family = `f${++this.n}`) {
    const refreshToken = `r${++this.n}`;
    const accessToken = `a${++this.n}`;
    this.refreshTokens.set(refreshToken, { family, used: false });
    this.accessTokens.set(accessToken, this.clock.now() + this.expiresIn * 1000);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.expiresIn, user: { id: 'u1', email: 'a@b.test' } };
  }

  async fetch(url, init = {}) {
    const path = new URL(url).pathname;
    const body = init.body ? JSON.parse(init.body) : null;
    this.calls.push({ method: init.method, path, body, auth: init.headers?.Authorization ?? null });
    if (path === '/api/auth/login') return body.password === 'right' ? jsonResponse(200, this.issue()) : jsonResponse(401, { error: 'unauthorized', message: 'invalid email or password' });
    if (path === '/api/auth/refresh') {
      const entry = this.refreshTokens.get(body.refreshToken);
      if (!entry || this.revokedFamilies.has(entry.family)) return jsonResponse(401, { error: 'unauthorized', message: 'invalid refresh token' });
      if (entry.used) {
        this.revokedFamilies.add(entry.family);
        return jsonResponse(401, { error: 'unauthorized', message: 'refresh token already used; every session of this login was revoked' });
      }
      entry.used = true;
      return jsonResponse(200, this.issue(entry.family));
    }
    const token = (init.headers?.Authorization ?? '').replace(/^Bearer /, '');
    const expiresAt = this.accessTokens.get(token);
    if (!expiresAt || this.clock.now() >= expiresAt) return jsonResponse(401, { error: 'unauthorized', message: 'invalid or expired access token' });
    if (path === '/api/auth/me') return jsonResponse(200, { id: 'u1', email: 'a@b.test' });
    if (path === '/api/auth/logout') return new Response(null, { status: 204 });
    if (path === '/api/conversations') return jsonResponse(200, { items: [], limit: 20, nextCursor: null });
    return jsonResponse(404, { error: 'not_found', message: 'not found' });
  }

  count(path) {
    return this.calls.filter((c) => c.path === path).length;
  }
}

export class Clock {
  constructor(t = 1_700_000_000_000) { this.t = t; }
  now() { return this.t; }
  advance(ms) { this.t += ms; }
}

/** Timers run by hand: advance(ms) fires what is due, in order. */
export class ManualTimers {
  constructor() { this.now = 0; this.seq = 0; this.pending = new Map(); }
  setTimeout(fn, ms) { const id = ++this.seq; this.pending.set(id, { fn, at: this.now + ms, every: null }); return id; }
  setInterval(fn, ms) { const id = ++this.seq; this.pending.set(id, { fn, at: this.now + ms, every: ms }); return id; }
  clearTimeout(id) { this.pending.delete(id); }
  clearInterval(id) { this.pending.delete(id); }
  delays() { return [...this.pending.values()].filter((t) => t.every === null).map((t) => t.at - this.now); }
  async advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, t] = due;
      this.now = t.at;
      if (t.every) t.at += t.every; else this.pending.delete(id);
      t.fn();
      await flush();
    }
    this.now = end;
  }
}

export async function flush() {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

/** A WebSocket stand-in that the test drives: what the client sent, and the server's side of the conversation. */
export class FakeWebSocket {
  static instances = [];
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0;
    this.sent = [];
    this.listeners = { message: [], close: [], open: [] };
    FakeWebSocket.instances.push(this);
  }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  send(data) { this.sent.push(JSON.parse(data)); }
  close(code = 1000) { this.serverClose(code); }
  frames(type) { return this.sent.filter((f) => f.type === type); }
  // the server's side
  open() { this.readyState = 1; this.listeners.open.forEach((fn) => fn({})); }
  ready() { this.open(); this.push({ type: 'ready', userId: 'u1', connectionId: 'c1' }); }
  push(frame) { this.listeners.message.forEach((fn) => fn({ data: JSON.stringify(frame) })); }
  serverClose(code) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.listeners.close.forEach((fn) => fn({ code }));
  }
}
