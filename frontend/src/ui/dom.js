/**
 * DOM building without HTML strings: every text goes in as a text node, so nothing a user, a document or the
 * assistant wrote can become markup. (The CSP also requires Trusted Types, so an innerHTML slipping in would
 * throw in Chromium instead of rendering.)
 */

/** h('li', {class: 'x', dataset: {role: 'user'}}, 'text', child) */
export function h(doc, tag, attrs = {}, ...children) {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`event handler attributes are not allowed: ${name}`);
    if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
  return el;
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", '#x27': "'", apos: "'" };

/**
 * The backend's search snippet is HTML-escaped text in which only `<mark>`/`</mark>` are markup. It is parsed
 * here rather than trusted: the result is a list of {text, mark} parts; anything that is not one of those two
 * tags or a known entity stays literal text.
 */
export function snippetParts(snippet) {
  const parts = [];
  let mark = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text, mark });
    text = '';
  };
  const token = /<mark>|<\/mark>|&(lt|gt|amp|quot|#39|#x27|apos);|[^<&]+|[<&]/g;
  for (const [match, entity] of String(snippet ?? '').matchAll(token)) {
    if (match === '<mark>' || match === '</mark>') {
      flush();
      mark = match === '<mark>';
    } else {
      text += entity ? ENTITIES[entity] : match;
    }
  }
  flush();
  return parts;
}

/** The snippet as nodes: text nodes and <mark> elements only. */
export function renderSnippet(doc, snippet) {
  const fragment = doc.createDocumentFragment();
  for (const part of snippetParts(snippet)) {
    fragment.append(part.mark ? h(doc, 'mark', {}, part.text) : doc.createTextNode(part.text));
  }
  return fragment;
}

const AUTHORS = { user: 'You', assistant: 'Assistant' };

/** One chat message: <li data-role=… data-message-id=…> with its author and its text (never parsed). */
export function renderMessage(doc, item) {
  const li = h(doc, 'li', { class: 'message', dataset: { role: item.role, key: item.key } },
    h(doc, 'span', { class: 'author' }, AUTHORS[item.role] ?? item.role),
    h(doc, 'p', { class: 'content' }));
  updateMessage(li, item);
  return li;
}

/** Brings an element made by renderMessage up to date with its item. */
export function updateMessage(li, item) {
  const content = li.querySelector('.content');
  if (content.textContent !== item.content) content.textContent = item.content;
  li.dataset.state = item.state;
  if (item.id !== null) li.dataset.messageId = item.id;
  // A streaming reply is busy: screen readers announce it once, complete, instead of every delta.
  if (item.state === 'streaming') li.setAttribute('aria-busy', 'true');
  else li.removeAttribute('aria-busy');
}

/**
 * Makes `list`'s children match `items` in order, one element per item key, creating and updating elements
 * through the two callbacks and removing the rest. Existing elements are kept (focus and selection survive).
 */
export function reconcile(list, items, create, update) {
  const existing = new Map();
  for (const child of [...list.children]) existing.set(child.dataset.key, child);
  let previous = null;
  for (const item of items) {
    let el = existing.get(item.key);
    if (el) {
      existing.delete(item.key);
      update(el, item);
    } else {
      el = create(item);
    }
    const expectedNext = previous ? previous.nextElementSibling : list.firstElementChild;
    if (expectedNext !== el) list.insertBefore(el, expectedNext);
    previous = el;
  }
  for (const stale of existing.values()) stale.remove();
}
