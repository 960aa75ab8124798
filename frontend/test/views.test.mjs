import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { ApiError } from '../src/api/errors.js';
import { ChatSocket } from '../src/chat/socket.js';
import { ChatView } from '../src/ui/chat.js';
import { ConversationsView } from '../src/ui/conversations.js';
import { KnowledgeView } from '../src/ui/knowledge.js';
import { LoginView } from '../src/ui/login.js';
import { FakeWebSocket, ManualTimers, flush } from './fakes.mjs';

const html = await readFile(new URL('../src/index.html', import.meta.url), 'utf8');
const page = () => new JSDOM(html).window.document;

describe('the selector contract of docs/frontend.md (what the browser checklist items drive)', () => {
  it('every element the checklist uses exists, with the tag and type it promises', () => {
    const d = page();
    for (const selector of ['#login-form #email', '#login-form #password', '#login-form button[type=submit]',
      '#signup-form #signup-email', '#signup-form #signup-password', '#signup-form #signup-name', '#login-form [role=alert]',
      '#signup-form [role=alert]', '#app', '#app #logout', '#conversations', '#new-conversation', 'textarea#message-input',
      '#send', '#messages', '#connection-status', 'input#upload-input[type=file]', 'progress#upload-progress', '#documents',
      '#search-input', '#search-button', '#search-results']) {
      assert.ok(d.querySelector(selector), `missing: ${selector}`);
    }
    assert.equal(d.getElementById('app').hidden, true, 'the app shell is hidden until signed in');
    assert.equal(d.getElementById('login-view').hidden, false, 'the login page shows without waiting for the script');
  });

  it('every form control has a label, and the incoming messages are a live region', () => {
    const d = page();
    for (const control of d.querySelectorAll('input, textarea, select')) {
      const labelled = d.querySelector(`label[for="${control.id}"]`) || control.getAttribute('aria-label');
      assert.ok(labelled, `no label for #${control.id}`);
    }
    const messages = d.getElementById('messages');
    assert.equal(messages.getAttribute('role'), 'log');
    assert.equal(messages.getAttribute('aria-live'), 'polite');
    assert.equal(d.getElementById('connection-status').getAttribute('role'), 'status');
  });
});

/** The backend's conversation endpoints, enough for the chat view: what REST would answer. */
function fakeApi(stored) {
  return {
    calls: [],
    async request(method, path, options = {}) {
      this.calls.push(`${method} ${path}`);
      if (method === 'GET' && path.startsWith('/api/conversations/')) return { id: 'c1', title: 'Release', messages: stored };
      if (method === 'POST' && path === '/api/conversations') return { id: 'c1', title: options.json.title };
      if (method === 'GET' && path === '/api/conversations') return { items: [], nextCursor: null };
      throw new Error(`unexpected ${method} ${path}`);
    },
    accessToken: async () => 'token',
    refresh: async () => 'token2',
  };
}

describe('ChatView with the socket', () => {
  beforeEach(() => { FakeWebSocket.instances = []; });

  it('shows the user message once, streams the reply live, and shows nothing twice after a reconnect', async () => {
    const d = page();
    const stored = [];
    const api = fakeApi(stored);
    const timers = new ManualTimers();
    let chat;
    const socket = new ChatSocket({ url: 'wss://x/api/ws', getToken: api.accessToken, refreshToken: api.refresh,
      WebSocketImpl: FakeWebSocket, timers, random: () => 0.5, onFrame: (f) => chat.onFrame(f) });
    const conversations = new ConversationsView(d, api, { onOpen() {}, onError() {} });
    chat = new ChatView(d, api, socket, conversations, { newClientId: () => 'k1' });
    socket.start();
    await flush();
    const ws = FakeWebSocket.instances.at(-1);
    ws.ready();
    await chat.open('c1');
    assert.deepEqual(ws.frames('subscribe'), [{ type: 'subscribe', conversationId: 'c1' }]);

    d.getElementById('message-input').value = 'When is the release?';
    await chat.send();
    assert.deepEqual(ws.frames('message'), [{ type: 'message', conversationId: 'c1', content: 'When is the release?', clientId: 'k1' }]);
    const roles = () => [...d.querySelectorAll('#messages [data-role]')].map((li) => `${li.dataset.role}:${li.querySelector('.content').textContent}`);
    assert.deepEqual(roles(), ['user:When is the release?'], 'shown at once, before the server confirms');

    const userMessage = { id: 41, conversationId: 'c1', role: 'user', content: 'When is the release?', createdAt: 't' };
    ws.push({ type: 'message', conversationId: 'c1', message: userMessage, clientId: 'k1' });
    ws.push({ type: 'assistant.delta', conversationId: 'c1', messageId: 42, delta: 'Friday ' });
    assert.deepEqual(roles(), ['user:When is the release?', 'assistant:Friday ']);
    ws.push({ type: 'assistant.delta', conversationId: 'c1', messageId: 42, delta: 'at 10' });
    assert.deepEqual(roles(), ['user:When is the release?', 'assistant:Friday at 10'], 'each delta appended as it comes');
    assert.equal(d.querySelector('[data-role=assistant]').getAttribute('aria-busy'), 'true');

    // the connection drops mid-reply; the reply is completed and stored meanwhile
    ws.serverClose(1006);
    const reply = { id: 42, conversationId: 'c1', role: 'assistant', content: 'Friday at 10:00 UTC.', createdAt: 't' };
    stored.push(userMessage, reply);
    await timers.advance(timers.delays()[0]);
    const ws2 = FakeWebSocket.instances.at(-1);
    assert.notEqual(ws2, ws);
    ws2.ready();
    assert.deepEqual(ws2.frames('subscribe'), [{ type: 'subscribe', conversationId: 'c1' }], 'resubscribed');
    ws2.push({ type: 'subscribed', conversationId: 'c1' });
    await flush();
    assert.equal(api.calls.filter((c) => c === 'GET /api/conversations/c1').length, 2, 'at open, and again after the reconnect');
    // and the server repeats events the client may already have had
    ws2.push({ type: 'message', conversationId: 'c1', message: reply });
    ws2.push({ type: 'assistant.done', conversationId: 'c1', message: reply });
    assert.deepEqual(roles(), ['user:When is the release?', 'assistant:Friday at 10:00 UTC.']);
    assert.equal(d.querySelector('[data-role=assistant]').hasAttribute('aria-busy'), false);
  });

  it('falls back to REST while the socket is down, and marks a message not sent when that fails too', async () => {
    const d = page();
    const api = fakeApi([]);
    const socket = { watch() {}, unwatch() {}, send: () => false };
    const conversations = new ConversationsView(d, api, { onOpen() {}, onError() {} });
    let answer = null;
    api.request = async function request(method, path, options) {
      if (method === 'POST' && path === '/api/conversations/c1/messages') {
        if (!answer) throw new ApiError(503, 'database_unavailable', 'x', { retryAfter: 2 });
        return answer;
      }
      return fakeApi([]).request(method, path, options);
    };
    const chat = new ChatView(d, api, socket, conversations, { newClientId: () => `k${Math.random()}` });
    await chat.open('c1');
    d.getElementById('message-input').value = 'first';
    await chat.send();
    assert.equal(d.querySelector('[data-role=user]').dataset.state, 'failed');
    assert.match(d.getElementById('chat-error').textContent, /busy or restarting.*in 2 seconds/);
    answer = { conversationId: 'c1', userMessage: { id: 5, role: 'user', content: 'second' }, assistantMessage: { id: 6, role: 'assistant', content: 'ok' } };
    d.getElementById('message-input').value = 'second';
    await chat.send();
    assert.deepEqual([...d.querySelectorAll('#messages [data-role]')].map((li) => `${li.dataset.role}:${li.dataset.state}`),
      ['user:stored', 'assistant:stored', 'user:failed']);
  });
});

describe('ConversationsView', () => {
  it('titles a conversation by its first message, without the control characters the backend refuses', async () => {
    const d = page();
    const sent = [];
    const api = { request: async (method, path, { json }) => { sent.push(json.title); return { id: `c${sent.length}`, title: json.title }; } };
    const view = new ConversationsView(d, api, { onOpen() {}, onError() {} });
    await view.create('Release plan:\n\t- Friday\r\n');
    await view.create(' \n ');
    assert.equal(sent[0], 'Release plan: - Friday');
    assert.match(sent[1], /^Conversation of /);
    assert.deepEqual([...d.querySelectorAll('#conversations li')].map((li) => li.dataset.conversationId), ['c2', 'c1']);
  });
});

describe('KnowledgeView', () => {
  it('shows the backend\'s limits as clear messages in the alert region', async () => {
    const d = page();
    const errors = {
      413: [new ApiError(413, 'payload_too_large', 'the file is larger than the limit of 10485760 bytes'), /too large: the limit is 10 MB/],
      415: [new ApiError(415, 'unsupported_media_type', 'x'), /text \(\.txt\), Markdown \(\.md\) or PDF/],
      429: [new ApiError(429, 'rate_limited', 'x', { retryAfter: 30 }), /Too many requests.*in 30 seconds/],
    };
    for (const [status, [error, expected]] of Object.entries(errors)) {
      const view = new KnowledgeView(d, { upload: async () => { throw error; }, request: async () => ({}) });
      Object.defineProperty(view.input, 'files', { value: [{ name: 'a.bin', size: 5 }], configurable: true });
      await view.uploadSelected();
      const alert = d.getElementById('knowledge-error');
      assert.equal(alert.getAttribute('role'), 'alert');
      assert.equal(alert.hidden, false, String(status));
      assert.match(alert.textContent, expected);
    }
  });

  it('reports upload progress, lists the document with a delete button, and deletes it', async () => {
    const d = page();
    const calls = [];
    const api = {
      upload: async (file, { onProgress }) => {
        onProgress(50, 100);
        assert.equal(d.getElementById('upload-progress').value, 50);
        return { id: 'd1', title: 'runbook.md', filename: 'runbook.md', size: 100, chunks: 1, duplicate: false };
      },
      request: async (method, path) => { calls.push(`${method} ${path}`); return null; },
    };
    const view = new KnowledgeView(d, api);
    Object.defineProperty(view.input, 'files', { value: [{ name: 'runbook.md', size: 100 }], configurable: true });
    await view.uploadSelected();
    const li = d.querySelector('#documents li[data-document-id="d1"]');
    assert.ok(li.querySelector('button.delete'));
    assert.match(d.getElementById('upload-status').textContent, /Uploaded runbook\.md/);
    await view.remove(li);
    assert.deepEqual(calls, ['DELETE /api/knowledge/documents/d1']);
    assert.equal(d.querySelectorAll('#documents li').length, 0);
  });

  it('renders search results with the highlighted passage, safely', async () => {
    const d = page();
    const api = { request: async () => ({ results: [{ documentId: 'd1', title: '<b>t</b>', snippet: 'the <mark>release</mark> &lt;img src=x onerror=alert(1)&gt;' }], tookMs: 1 }) };
    const view = new KnowledgeView(d, api);
    d.getElementById('search-input').value = 'release';
    await view.search();
    const result = d.querySelector('#search-results li[data-document-id="d1"]');
    assert.equal(result.querySelector('mark').textContent, 'release');
    assert.equal(result.querySelector('.snippet').textContent, 'the release <img src=x onerror=alert(1)>');
    assert.equal(result.querySelector('.result-title').textContent, '<b>t</b>');
    assert.equal(d.querySelectorAll('#search-results img, #search-results b').length, 0);
  });
});

describe('LoginView', () => {
  it('says why sign-in failed in the form\'s alert region and marks the fields', async () => {
    const d = page();
    const api = { login: async () => { throw new ApiError(401, 'unauthorized', 'invalid email or password'); } };
    new LoginView(d, api, () => assert.fail('not signed in'));
    d.getElementById('email').value = 'not-an-email';
    d.getElementById('login-form').dispatchEvent(new d.defaultView.Event('submit', { cancelable: true }));
    await flush();
    assert.match(d.getElementById('login-error').textContent, /Enter your email address/);
    assert.equal(d.getElementById('email').getAttribute('aria-invalid'), 'true');
    d.getElementById('email').value = 'a@b.test';
    d.getElementById('password').value = 'wrong-password-1';
    d.getElementById('login-form').dispatchEvent(new d.defaultView.Event('submit', { cancelable: true }));
    await flush();
    assert.equal(d.getElementById('login-error').textContent, 'Invalid email or password.');
    assert.equal(d.getElementById('email').hasAttribute('aria-invalid'), false);
  });

  it('shows why the session ended above the forms', () => {
    const d = page();
    const view = new LoginView(d, {}, () => {});
    view.show('Your session has expired. Please sign in again.');
    const message = d.getElementById('session-message');
    assert.equal(message.getAttribute('role'), 'alert');
    assert.equal(message.hidden, false);
    assert.equal(message.textContent, 'Your session has expired. Please sign in again.');
  });
});
