import './styles.css';
import { ApiClient } from './api/client.js';
import { describeError } from './api/errors.js';
import { ChatSocket } from './chat/socket.js';
import { ChatView } from './ui/chat.js';
import { ConversationsView } from './ui/conversations.js';
import { showError } from './ui/forms.js';
import { KnowledgeView } from './ui/knowledge.js';
import { LoginView } from './ui/login.js';

/**
 * Start-up: read where the API is (/config.json, written per deployment), then show the login page or, with a
 * session to restore, the app. Routes live in the hash: #/login, #/ (the app), #/c/<conversationId>.
 */
async function loadConfig() {
  try {
    const response = await fetch('/config.json', { cache: 'no-cache' });
    if (response.ok) {
      const config = await response.json();
      if (typeof config.apiOrigin === 'string') return config;
    }
  } catch {
    // no config: the API is on this origin
  }
  return { apiOrigin: location.origin };
}

function wsUrlOf(apiOrigin) {
  return `${apiOrigin.replace(/^http/, 'ws')}/api/ws`;
}

class App {
  constructor(doc, config) {
    this.doc = doc;
    this.shell = doc.getElementById('app');
    this.appError = doc.getElementById('app-error');
    this.statusEl = doc.getElementById('connection-status');
    this.api = new ApiClient({ baseUrl: config.apiOrigin, storage: sessionStorage, onSessionEnded: (m) => this.signedOut(m) });
    this.socket = new ChatSocket({
      url: wsUrlOf(config.apiOrigin),
      getToken: () => this.api.accessToken(),
      refreshToken: (stale) => this.api.refresh(stale),
      onStatus: (status) => this.#status(status),
      onFrame: (frame) => this.chat.onFrame(frame),
      onFatal: () => {}, // the ApiClient has already sent the user to the login page
    });
    this.login = new LoginView(doc, this.api, (user) => this.signedIn(user));
    this.conversations = new ConversationsView(doc, this.api, {
      onOpen: (id) => this.#go(`#/c/${encodeURIComponent(id)}`),
      onError: (message) => showError(this.appError, message),
    });
    this.chat = new ChatView(doc, this.api, this.socket, this.conversations, {
      onOpened: (id) => history.replaceState(null, '', `#/c/${encodeURIComponent(id)}`),
    });
    this.knowledge = new KnowledgeView(doc, this.api);
    doc.getElementById('logout').addEventListener('click', () => this.logout());
    window.addEventListener('hashchange', () => this.route());
  }

  async start() {
    try {
      const user = await this.api.restore();
      if (user) return this.signedIn(user);
    } catch (error) {
      // A session that could not be restored: SessionEndedError has shown the login page with its message;
      // anything else (the API is down) is said there too.
      if (error.name !== 'SessionEndedError') return this.signedOut(describeError(error));
      return undefined;
    }
    return this.signedOut('');
  }

  async signedIn(user) {
    this.login.hide();
    this.shell.hidden = false;
    this.doc.getElementById('user-email').textContent = user?.email ?? '';
    this.socket.start();
    if (!/^#\/c\//.test(location.hash)) this.#go('#/');
    await this.route();
    this.doc.getElementById('message-input').focus();
    await Promise.all([this.conversations.reload(), this.knowledge.reload()].map((p) => p.catch((error) => {
      showError(this.appError, describeError(error));
    })));
  }

  signedOut(message) {
    this.socket.stop();
    this.chat.close();
    this.conversations.clear();
    this.knowledge.clear();
    this.shell.hidden = true;
    this.#go('#/login');
    this.login.show(message);
  }

  async logout() {
    await this.api.logout();
    this.signedOut('You are signed out.');
  }

  async route() {
    if (!this.api.signedIn) return;
    const match = /^#\/c\/([^/]+)$/.exec(location.hash);
    if (match && decodeURIComponent(match[1]) !== this.chat.conversationId) await this.chat.open(decodeURIComponent(match[1]));
    else if (location.hash === '#/login') this.#go('#/');
  }

  /** A conversation is a history entry (Back returns to the previous one); the other routes replace. */
  #go(hash) {
    if (location.hash === hash) return;
    if (hash.startsWith('#/c/')) location.hash = hash;
    else history.replaceState(null, '', hash);
  }

  #status(status) {
    this.statusEl.textContent = status === 'stopped' ? 'offline' : status;
    this.statusEl.dataset.state = status;
    if (status === 'reconnecting') this.chat.onDisconnected();
  }
}

const config = await loadConfig();
new App(document, config).start();
