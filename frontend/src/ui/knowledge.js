import { describeError } from '../api/errors.js';
import { h, renderSnippet } from './dom.js';
import { busy, showError } from './forms.js';

const PAGE = 20;

/** Knowledge base: upload with progress, the paged document list with delete, and search with its passages. */
export class KnowledgeView {
  constructor(doc, api) {
    this.doc = doc;
    this.api = api;
    this.error = doc.getElementById('knowledge-error');
    this.input = doc.getElementById('upload-input');
    this.progress = doc.getElementById('upload-progress');
    this.status = doc.getElementById('upload-status');
    this.documents = doc.getElementById('documents');
    this.more = doc.getElementById('documents-more');
    this.searchForm = doc.getElementById('search-form');
    this.query = doc.getElementById('search-input');
    this.results = doc.getElementById('search-results');
    this.resultsStatus = doc.getElementById('search-status');
    this.cursor = null;
    this.input.addEventListener('change', () => this.uploadSelected());
    this.more.addEventListener('click', () => this.#guard(() => this.loadPage()));
    this.documents.addEventListener('click', (event) => {
      const button = event.target.closest('button.delete');
      if (button) this.#guard(() => this.remove(button.closest('li[data-document-id]')));
    });
    this.searchForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#guard(() => busy(this.searchForm, () => this.search()));
    });
  }

  async reload() {
    this.documents.replaceChildren();
    this.cursor = null;
    await this.loadPage();
  }

  clear() {
    this.documents.replaceChildren();
    this.results.replaceChildren();
    this.cursor = null;
    this.more.hidden = true;
    this.status.textContent = '';
    this.resultsStatus.textContent = '';
    showError(this.error, '');
  }

  async loadPage() {
    const query = { limit: String(PAGE) };
    if (this.cursor) query.cursor = this.cursor;
    const page = await this.api.request('GET', '/api/knowledge/documents', { query });
    for (const document of page.items) {
      if (!this.#itemOf(document.id)) this.documents.append(this.#item(document));
    }
    this.cursor = page.nextCursor;
    this.more.hidden = !this.cursor;
  }

  async uploadSelected() {
    const file = this.input.files?.[0];
    if (!file) return;
    showError(this.error, '');
    this.progress.value = 0;
    this.progress.max = file.size || 1;
    this.status.textContent = `Uploading ${file.name}…`;
    this.input.disabled = true;
    try {
      const document = await this.api.upload(file, {
        onProgress: (loaded, total) => {
          this.progress.max = total;
          this.progress.value = loaded;
        },
      });
      this.progress.value = this.progress.max;
      this.#itemOf(document.id)?.remove();
      this.documents.prepend(this.#item(document));
      this.status.textContent = document.duplicate
        ? `${document.title} was already in your knowledge base.`
        : `Uploaded ${document.title} (${document.chunks} ${document.chunks === 1 ? 'passage' : 'passages'}).`;
    } catch (error) {
      this.progress.value = 0;
      this.status.textContent = '';
      showError(this.error, describeError(error, 'upload'));
    } finally {
      this.input.disabled = false;
      this.input.value = '';
    }
  }

  async remove(li) {
    const button = li.querySelector('button.delete');
    button.disabled = true;
    try {
      await this.api.request('DELETE', `/api/knowledge/documents/${encodeURIComponent(li.dataset.documentId)}`);
      for (const result of [...this.results.children]) if (result.dataset.documentId === li.dataset.documentId) result.remove();
      li.remove();
      this.status.textContent = 'Document deleted.';
    } catch (error) {
      if (error.status === 404) li.remove(); // already gone elsewhere: the list catches up
      else button.disabled = false;
      throw error;
    }
  }

  async search() {
    const query = this.query.value.trim();
    if (!query) {
      this.query.focus();
      throw Object.assign(new Error('Type something to search for.'), { plain: true });
    }
    const answer = await this.api.request('POST', '/api/knowledge/search', { json: { query, limit: 10 } });
    this.results.replaceChildren(...answer.results.map((result) => h(this.doc, 'li', { dataset: { documentId: result.documentId } },
      h(this.doc, 'h3', { class: 'result-title' }, result.title),
      h(this.doc, 'p', { class: 'snippet' }, renderSnippet(this.doc, result.snippet)))));
    this.resultsStatus.textContent = answer.results.length === 0
      ? 'No passage matches.'
      : `${answer.results.length} ${answer.results.length === 1 ? 'passage' : 'passages'} found.`;
  }

  async #guard(action) {
    showError(this.error, '');
    try {
      await action();
    } catch (error) {
      showError(this.error, error.plain ? error.message : describeError(error));
    }
  }

  #itemOf(id) {
    return [...this.documents.children].find((li) => li.dataset.documentId === String(id)) ?? null;
  }

  #item(document) {
    return h(this.doc, 'li', { dataset: { documentId: document.id } },
      h(this.doc, 'span', { class: 'document-title' }, document.title),
      h(this.doc, 'span', { class: 'document-meta' }, `${document.filename} · ${formatSize(document.size)}`),
      h(this.doc, 'button', { type: 'button', class: 'delete', 'aria-label': `Delete ${document.title}` }, 'Delete'));
  }
}

function formatSize(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
