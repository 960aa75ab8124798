/**
 * The chat WebSocket (docs/websocket-protocol.md): authenticates with the `bearer, <token>` subprotocols,
 * resubscribes to every watched conversation after each (re)connect, sends the application heartbeat, and
 * reconnects with exponential backoff and jitter while the server is away. A close 1008 before `ready` means the
 * access token was refused: it is refreshed once before the next attempt.
 *
 * Status: 'connecting' (first attempt), 'connected' (after `ready`), 'reconnecting' (down, retrying), 'stopped'.
 */
export class ChatSocket {
  constructor({ url, getToken, refreshToken, WebSocketImpl = globalThis.WebSocket, timers = globalThis,
    random = Math.random, onStatus = () => {}, onFrame = () => {}, onFatal = () => {},
    baseDelayMs = 500, maxDelayMs = 15_000, heartbeatMs = 25_000 }) {
    Object.assign(this, { url, getToken, refreshToken, WebSocketImpl, timers, random, onStatus, onFrame, onFatal,
      baseDelayMs, maxDelayMs, heartbeatMs });
    this.watched = new Set();
    this.ws = null;
    this.status = 'stopped';
    this.attempt = 0;
    this.retryTimer = null;
    this.heartbeat = null;
    this.lastToken = null;
    this.generation = 0; // bumps on every connection, so events of an old socket are ignored
  }

  start() {
    if (this.status !== 'stopped') return;
    this.#setStatus('connecting');
    this.#connect(false);
  }

  stop() {
    this.generation++;
    this.timers.clearTimeout(this.retryTimer);
    this.timers.clearInterval(this.heartbeat);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= 1) ws.close(1000, 'bye');
    this.#setStatus('stopped');
  }

  get connected() {
    return this.status === 'connected';
  }

  watch(conversationId) {
    this.watched.add(conversationId);
    if (this.connected) this.#send({ type: 'subscribe', conversationId });
  }

  unwatch(conversationId) {
    if (this.watched.delete(conversationId) && this.connected) this.#send({ type: 'unsubscribe', conversationId });
  }

  /** Sends a frame when connected; false when not (the caller falls back to REST). */
  send(frame) {
    if (!this.connected) return false;
    return this.#send(frame);
  }

  /** The delay before reconnect attempt `n` (0-based): exponential, capped, with "equal jitter". */
  delayFor(n) {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  async #connect(refreshFirst) {
    const generation = ++this.generation;
    let token;
    try {
      token = refreshFirst ? await this.refreshToken(this.lastToken) : await this.getToken();
    } catch (error) {
      if (generation !== this.generation) return;
      if (error?.name === 'SessionEndedError') {
        this.stop();
        this.onFatal(error);
        return;
      }
      this.#retry(false); // the API is unreachable too: keep trying
      return;
    }
    if (generation !== this.generation) return;
    this.lastToken = token;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url, ['bearer', token]);
    } catch {
      this.#retry(false);
      return;
    }
    this.ws = ws;
    let ready = false;
    ws.addEventListener('message', (event) => {
      if (generation !== this.generation) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame?.type === 'ready') {
        ready = true;
        this.attempt = 0;
        this.#setStatus('connected');
        for (const conversationId of this.watched) this.#send({ type: 'subscribe', conversationId });
        this.timers.clearInterval(this.heartbeat);
        this.heartbeat = this.timers.setInterval(() => this.#send({ type: 'ping' }), this.heartbeatMs);
      }
      this.onFrame(frame);
    });
    ws.addEventListener('close', (event) => {
      if (generation !== this.generation) return;
      this.ws = null;
      this.timers.clearInterval(this.heartbeat);
      // 1008 before `ready`: the token was refused (expired in the meantime); refresh it, then try again.
      this.#retry(!ready && event.code === 1008);
    });
  }

  #retry(refreshFirst) {
    this.#setStatus('reconnecting');
    const delay = this.delayFor(this.attempt++);
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => this.#connect(refreshFirst), delay);
  }

  #send(frame) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  #setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.onStatus(status);
  }
}
