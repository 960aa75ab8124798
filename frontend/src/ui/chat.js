import { describeError } from '../api/errors.js';
import { MessageList } from '../chat/messages.js';
import { reconcile, renderMessage, updateMessage } from './dom.js';
import { showError } from './forms.js';

/**
 * The open conversation: messages from REST and the WebSocket merged by MessageList, sent over the socket when
 * it is up (REST otherwise), the assistant's reply streamed in as its deltas arrive.
 */
export class ChatView {
  constructor(doc, api, socket, conversations, { newClientId = () => globalThis.crypto.randomUUID(), onOpened = () => {} } = {}) {
    this.onOpened = onOpened;
    this.doc = doc;
    this.api = api;
    this.socket = socket;
    this.conversations = conversations;
    this.newClientId = newClientId;
    this.list = doc.getElementById('messages');
    this.title = doc.getElementById('chat-title');
    this.error = doc.getElementById('chat-error');
    this.form = doc.getElementById('message-form');
    this.input = doc.getElementById('message-input');
    this.conversationId = null;
    this.messages = new MessageList();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    // Enter sends, Shift+Enter starts a new line (as in most chat apps); the Send button works too.
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
  }

  async open(conversationId) {
    if (this.conversationId && this.conversationId !== conversationId) this.socket.unwatch(this.conversationId);
    this.conversationId = conversationId;
    this.messages = new MessageList();
    this.#render();
    showError(this.error, '');
    this.conversations.markCurrent(conversationId);
    this.socket.watch(conversationId);
    await this.#resync(conversationId);
  }

  close() {
    if (this.conversationId) this.socket.unwatch(this.conversationId);
    this.conversationId = null;
    this.messages = new MessageList();
    this.title.textContent = 'Chat';
    this.#render();
  }

  /** Every frame of the socket; only the open conversation's matter here. */
  onFrame(frame) {
    if (frame.conversationId !== undefined && frame.conversationId !== this.conversationId) return;
    switch (frame.type) {
      case 'subscribed': // after every (re)connect: fetch what was stored while the socket was down
        this.#resync(frame.conversationId);
        return;
      case 'message':
        this.messages.onMessage(frame.message, frame.clientId ?? null);
        break;
      case 'assistant.delta':
        this.messages.onDelta(frame.messageId, frame.delta);
        break;
      case 'assistant.done':
        this.messages.onDone(frame.message);
        break;
      case 'error':
        if (frame.clientId) this.messages.fail(frame.clientId);
        showError(this.error, frame.message || describeError(null));
        break;
      default:
        return;
    }
    this.#render();
  }

  /** The socket went down: what it had not confirmed is marked not sent (a resync confirms what did arrive). */
  onDisconnected() {
    for (const item of this.messages.list()) if (item.state === 'pending') this.messages.fail(item.clientId);
    this.#render();
  }

  async send() {
    const content = this.input.value.trim();
    if (!content) {
      showError(this.error, 'Type a message first.');
      this.input.focus();
      return;
    }
    showError(this.error, '');
    try {
      if (!this.conversationId) {
        const conversation = await this.conversations.create(content.slice(0, 60));
        await this.open(conversation.id);
        this.onOpened(conversation.id);
      }
      const conversationId = this.conversationId;
      const clientId = this.newClientId();
      this.messages.addPending(clientId, content);
      this.input.value = '';
      this.#render();
      if (this.socket.send({ type: 'message', conversationId, content, clientId })) return;
      try {
        const answer = await this.api.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/messages`, { json: { content } });
        if (conversationId !== this.conversationId) return;
        this.messages.onMessage(answer.userMessage, clientId);
        this.messages.onMessage(answer.assistantMessage);
      } catch (error) {
        this.messages.fail(clientId);
        throw error;
      }
      this.#render();
    } catch (error) {
      this.#render();
      showError(this.error, describeError(error));
    }
  }

  async #resync(conversationId) {
    try {
      const conversation = await this.api.request('GET', `/api/conversations/${encodeURIComponent(conversationId)}`);
      if (conversationId !== this.conversationId) return;
      this.title.textContent = conversation.title;
      this.messages.load(conversation.messages);
      this.#render();
    } catch (error) {
      if (conversationId === this.conversationId) showError(this.error, describeError(error));
    }
  }

  #render() {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    reconcile(this.list, this.messages.list(), (item) => renderMessage(this.doc, item), updateMessage);
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}
