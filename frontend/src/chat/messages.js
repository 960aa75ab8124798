/**
 * The messages of the open conversation, merged from every source they can arrive by — the REST conversation,
 * the WebSocket's `message`, `assistant.delta` and `assistant.done` frames, a REST send's answer — so that each
 * message appears once however often it arrives (after a reconnect the conversation is fetched again and the
 * same events may come twice).
 *
 * Items: {key, id, role, content, clientId, state}; state is 'stored', 'streaming' (deltas so far), 'pending'
 * (sent, not yet confirmed) or 'failed'. `key` never changes, so a view can keep one element per item.
 */
export class MessageList {
  constructor() {
    this.items = [];
    this.byId = new Map();
    this.byClientId = new Map();
  }

  /** Messages as GET /api/conversations/{id} gives them (the stored state wins over anything streamed). */
  load(messages) {
    for (const message of messages) this.#store(message, null);
    return this.list();
  }

  /** A message the user just sent, shown at once; confirmed by the `message` event that echoes its clientId. */
  addPending(clientId, content) {
    const item = { key: `c:${clientId}`, id: null, role: 'user', content, clientId, state: 'pending' };
    this.items.push(item);
    this.byClientId.set(clientId, item);
    return item;
  }

  /** A `message` event (or a REST answer): a stored message, possibly confirming a pending one. */
  onMessage(message, clientId = null) {
    this.#store(message, clientId);
    return this.list();
  }

  /** An `assistant.delta`: appended to the reply being streamed under `messageId`. */
  onDelta(messageId, delta) {
    let item = this.byId.get(String(messageId));
    if (!item) {
      item = { key: `m:${messageId}`, id: String(messageId), role: 'assistant', content: '', clientId: null, state: 'streaming' };
      this.#index(item);
    }
    if (item.state === 'streaming') item.content += delta;
    return this.list();
  }

  /** `assistant.done`: the reply is stored; its content replaces the streamed parts. */
  onDone(message) {
    return this.onMessage(message);
  }

  /** The send failed: the message stays visible, marked failed, so the user can see what did not go through. */
  fail(clientId) {
    const item = this.byClientId.get(clientId);
    if (item && item.state === 'pending') item.state = 'failed';
    return this.list();
  }

  /** The items in conversation order: stored and streaming by id, then pending or failed ones as sent. */
  list() {
    const withId = this.items.filter((i) => i.id !== null).sort((a, b) => compareIds(a.id, b.id));
    const withoutId = this.items.filter((i) => i.id === null);
    return [...withId, ...withoutId];
  }

  #store(message, clientId) {
    const id = String(message.id);
    const known = this.byId.get(id);
    if (known) {
      Object.assign(known, { role: message.role, content: message.content, state: 'stored' });
      return;
    }
    const pending = (clientId !== null && this.byClientId.get(clientId)) || this.#unconfirmed(message);
    if (pending && pending.id === null) {
      Object.assign(pending, { id, role: message.role, content: message.content, state: 'stored' });
      this.byId.set(id, pending);
      return;
    }
    this.#index({ key: `m:${id}`, id, role: message.role, content: message.content, clientId, state: 'stored' });
  }

  // After a reconnect, a message sent just before the drop comes back from REST without its clientId: the
  // oldest unconfirmed message with the same text is taken to be it, rather than showing it twice.
  #unconfirmed(message) {
    if (message.role !== 'user') return null;
    return this.items.find((i) => i.id === null && (i.state === 'pending' || i.state === 'failed') && i.content === message.content) ?? null;
  }

  #index(item) {
    this.items.push(item);
    this.byId.set(item.id, item);
  }
}

/** Ids are numbers (as JSON numbers or strings); anything else sorts as text. */
export function compareIds(a, b) {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
