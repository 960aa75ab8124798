import { ApiError, NetworkError, SessionEndedError, errorFromResponse } from './errors.js';

const REFRESH_KEY = 'deploycheck.refreshToken';
/** Refresh this long before the access token expires, so a request never leaves with a token about to die. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * The backend's auth as it expects it: `Authorization: Bearer <accessToken>` on every call, the access token kept
 * in memory only, the refresh token (rotated on every use) in per-tab session storage, so a reload keeps the
 * session and two tabs never present the same refresh token (which the backend would take for a stolen one).
 *
 * Refreshes are single-flight: however many requests see a 401 or an expiring token at once, one refresh is
 * sent and all of them wait for it; sending the same refresh token twice would revoke the whole login.
 */
export class ApiClient {
  constructor({ baseUrl, fetch = globalThis.fetch.bind(globalThis), storage, now = () => Date.now(), onSessionEnded = () => {},
    xhr = () => new XMLHttpRequest() }) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetch = fetch;
    this.storage = storage;
    this.now = now;
    this.onSessionEnded = onSessionEnded;
    this.xhr = xhr;
    this.access = null; // {token, expiresAt}
    this.user = null;
    this.refreshing = null;
  }

  get signedIn() {
    return this.access !== null || this.storage.getItem(REFRESH_KEY) !== null;
  }

  async login(email, password) {
    return this.#startSession(await this.#call('POST', '/api/auth/login', { json: { email, password } }));
  }

  async register(email, password, displayName) {
    const json = { email, password };
    if (displayName) json.displayName = displayName;
    return this.#startSession(await this.#call('POST', '/api/auth/register', { json }));
  }

  /** At start-up: turns a stored refresh token into a session; null when there is none. */
  async restore() {
    if (this.storage.getItem(REFRESH_KEY) === null) return null;
    await this.accessToken();
    if (!this.user) this.user = await this.request('GET', '/api/auth/me');
    return this.user;
  }

  /** Revokes this login's refresh tokens on the server (best effort) and forgets them here in any case. */
  async logout() {
    const refreshToken = this.storage.getItem(REFRESH_KEY);
    const token = this.access?.token;
    this.#clear();
    if (!token) return;
    try {
      await this.#call('POST', '/api/auth/logout', { token, json: refreshToken ? { refreshToken } : {} });
    } catch {
      // the tokens are forgotten here; an unreachable server cannot undo that
    }
  }

  /** A valid access token, refreshed first when it is missing or about to expire. */
  async accessToken() {
    if (this.access && this.now() < this.access.expiresAt - EXPIRY_MARGIN_MS) return this.access.token;
    return this.refresh(this.access?.token ?? null);
  }

  /**
   * Rotates the refresh token. `staleToken` is the access token the caller found wanting: when another refresh
   * has replaced it meanwhile, the new one is returned without a second refresh.
   */
  async refresh(staleToken = null) {
    if (this.access && staleToken !== null && this.access.token !== staleToken) return this.access.token;
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.#rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** An authenticated JSON request; one refresh and retry on a 401. Answers the parsed body (null for 204). */
  async request(method, path, { json, query } = {}) {
    const url = query ? `${path}?${new URLSearchParams(query)}` : path;
    return this.#withToken((token) => this.#send(method, url, { token, json }));
  }

  /** Multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). */
  async upload(file, { title, onProgress = () => {} } = {}) {
    return this.#withToken((token) => new Promise((resolve, reject) => {
      const form = new FormData();
      form.append('file', file, file.name);
      if (title) form.append('title', title);
      const req = this.xhr();
      req.open('POST', `${this.baseUrl}/api/knowledge/documents`);
      req.setRequestHeader('Authorization', `Bearer ${token}`);
      req.responseType = 'text';
      req.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) onProgress(e.loaded, e.total);
      });
      req.addEventListener('load', () => resolve(xhrResponse(req)));
      req.addEventListener('error', () => reject(new NetworkError(null)));
      req.addEventListener('abort', () => reject(new NetworkError(null)));
      req.send(form);
    }));
  }

  async #withToken(send) {
    const token = await this.accessToken();
    let response = await send(token);
    if (response.status === 401) {
      response = await send(await this.refresh(token));
      if (response.status === 401) this.#end('Your session has ended. Please sign in again.');
    }
    return bodyOf(response);
  }

  async #rotate() {
    const refreshToken = this.storage.getItem(REFRESH_KEY);
    if (refreshToken === null) this.#end('Please sign in.');
    let session;
    try {
      session = await this.#call('POST', '/api/auth/refresh', { json: { refreshToken } });
    } catch (error) {
      // 401: reused (the family is revoked), expired or unknown; 400: not a token at all. Both are final.
      // A 429, a 5xx or no network is not: the refresh token stays for the next attempt.
      if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
        this.#end(sessionEndedMessage(error.message));
      }
      throw error;
    }
    this.#startSession(session);
    return this.access.token;
  }

  #startSession(session) {
    this.access = { token: session.accessToken, expiresAt: this.now() + session.expiresIn * 1000 };
    this.storage.setItem(REFRESH_KEY, session.refreshToken);
    if (session.user) this.user = session.user;
    return this.user;
  }

  #clear() {
    this.access = null;
    this.user = null;
    this.storage.removeItem(REFRESH_KEY);
  }

  #end(message) {
    this.#clear();
    this.onSessionEnded(message);
    throw new SessionEndedError(message);
  }

  async #call(method, path, options) {
    return bodyOf(await this.#send(method, path, options));
  }

  async #send(method, path, { token = null, json } = {}) {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await this.fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (cause) {
      throw new NetworkError(cause);
    }
  }
}

/** What the login page says after the backend refused a refresh. */
export function sessionEndedMessage(backendMessage = '') {
  if (/already used|revoked/i.test(backendMessage)) {
    return 'Your session was ended for your safety: its sign-in was used from somewhere else. Please sign in again.';
  }
  if (/expired/i.test(backendMessage)) return 'Your session has expired. Please sign in again.';
  return 'Your session has ended. Please sign in again.';
}

/** The parsed JSON body; null for a 204, whose (empty) body is still read to the end so the request completes. */
async function bodyOf(response) {
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) {
    await response.text();
    return null;
  }
  return response.json();
}

function xhrResponse(req) {
  return {
    status: req.status,
    ok: req.status >= 200 && req.status < 300,
    headers: { get: (name) => req.getResponseHeader(name) },
    json: async () => JSON.parse(req.responseText),
    text: async () => req.responseText,
  };
}
