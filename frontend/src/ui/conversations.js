import { describeError } from '../api/errors.js';
import { h } from './dom.js';
import { busy } from './forms.js';

const PAGE = 20;

/** The conversation list (newest first, paged with the backend's cursor) and the "new conversation" form. */
export class ConversationsView {
  constructor(doc, api, { onOpen, onError }) {
    this.doc = doc;
    this.api = api;
    this.onOpen = onOpen;
    this.onError = onError;
    this.list = doc.getElementById('conversations');
    this.more = doc.getElementById('conversations-more');
    this.form = doc.getElementById('new-conversation-form');
    this.title = doc.getElementById('new-conversation-title');
    this.cursor = null;
    this.current = null;
    this.more.addEventListener('click', () => this.loadPage());
    this.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const conversation = await busy(this.form, () => this.create(this.title.value.trim()));
        this.title.value = '';
        this.onOpen(conversation.id);
      } catch (error) {
        this.onError(describeError(error));
      }
    });
    this.list.addEventListener('click', (event) => {
      const li = event.target.closest('li[data-conversation-id]');
      if (li) this.onOpen(li.dataset.conversationId);
    });
  }

  async reload() {
    this.list.replaceChildren();
    this.cursor = null;
    await this.loadPage();
  }

  async loadPage() {
    const query = { limit: String(PAGE) };
    if (this.cursor) query.cursor = this.cursor;
    const page = await this.api.request('GET', '/api/conversations', { query });
    for (const conversation of page.items) {
      if (!this.list.querySelector(`li[data-conversation-id="${CSS_escape(conversation.id)}"]`)) this.list.append(this.#item(conversation));
    }
    this.cursor = page.nextCursor;
    this.more.hidden = !this.cursor;
    this.markCurrent(this.current);
  }

  /** Creates a conversation (titled by the user, or by the date) and puts it at the top of the list. */
  async create(title) {
    // The backend refuses control characters in a title: a first message's line breaks become spaces.
    const printable = title.replace(/\p{Cc}+/gu, ' ').replace(/\s+/g, ' ').trim();
    const conversation = await this.api.request('POST', '/api/conversations', {
      json: { title: (printable || `Conversation of ${new Date().toLocaleString()}`).slice(0, 200) },
    });
    this.list.prepend(this.#item(conversation));
    return conversation;
  }

  titleOf(id) {
    return this.list.querySelector(`li[data-conversation-id="${CSS_escape(id)}"] button`)?.textContent ?? null;
  }

  markCurrent(id) {
    this.current = id;
    for (const li of this.list.children) {
      const button = li.querySelector('button');
      if (li.dataset.conversationId === id) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  clear() {
    this.list.replaceChildren();
    this.cursor = null;
    this.current = null;
    this.more.hidden = true;
  }

  #item(conversation) {
    return h(this.doc, 'li', { dataset: { conversationId: conversation.id } },
      h(this.doc, 'button', { type: 'button', class: 'link' }, conversation.title));
  }
}

/** Ids are UUIDs from the backend, but a selector is built from them: escape anything unexpected. */
function CSS_escape(value) {
  return String(value).replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c.codePointAt(0).toString(16)} `);
}

