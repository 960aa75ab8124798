/**
 * Errors of the backend's one shape ({"error","message","requestId","field"?}) and the words a user reads for them.
 * Messages never echo what the user typed: the backend's own messages do not, and the fixed ones here cannot.
 */
export class ApiError extends Error {
  constructor(status, code, message, { field = null, requestId = null, retryAfter = null } = {}) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

/** The refresh token is gone (reused, expired, revoked): the user has to sign in again. */
export class SessionEndedError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SessionEndedError';
  }
}

/** The server could not be reached at all (offline, DNS, TLS, CORS refused). */
export class NetworkError extends Error {
  constructor(cause) {
    super('cannot reach the server');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const when = Date.parse(value);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - now) / 1000));
}

/** Builds an ApiError from a fetch-like Response whose status is not 2xx. */
export async function errorFromResponse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const headers = response.headers;
  return new ApiError(response.status, body?.error ?? null, typeof body?.message === 'string' ? body.message : null, {
    field: body?.field ?? null,
    requestId: body?.requestId ?? headers?.get?.('X-Request-Id') ?? null,
    retryAfter: parseRetryAfter(headers?.get?.('Retry-After')),
  });
}

const KIB = 1024;
function bytes(n) {
  if (n >= KIB * KIB) return `${Math.round((n / KIB / KIB) * 10) / 10} MB`;
  if (n >= KIB) return `${Math.round(n / KIB)} KB`;
  return `${n} bytes`;
}

function inSeconds(seconds) {
  if (seconds == null) return 'in a moment';
  if (seconds < 2) return 'in a second';
  if (seconds < 120) return `in ${seconds} seconds`;
  return `in ${Math.ceil(seconds / 60)} minutes`;
}

/**
 * What the user reads for an error. `context` names the action ('upload', 'login', ...) where the same status
 * means different things.
 */
export function describeError(error, context = '') {
  if (error instanceof SessionEndedError) return error.message;
  if (error instanceof NetworkError) return 'Cannot reach the server. Check your connection and try again.';
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  const { status, code, message } = error;
  if (status === 413) {
    const limit = /limit of (\d+) bytes/.exec(message ?? '');
    return limit
      ? `That file is too large: the limit is ${bytes(Number(limit[1]))}.`
      : 'That file is too large to upload.';
  }
  if (status === 415) {
    return context === 'upload'
      ? 'That file type is not supported: upload a text (.txt), Markdown (.md) or PDF file.'
      : 'The server did not accept the format of this request.';
  }
  if (status === 429) {
    if (context === 'login' && /lock/i.test(message ?? '')) {
      return `Too many failed sign-ins: this account is locked for now. Try again ${inSeconds(error.retryAfter)}.`;
    }
    return `Too many requests. Please wait and try again ${inSeconds(error.retryAfter)}.`;
  }
  if (status === 401 && context === 'login') return 'Invalid email or password.';
  if (status === 409 && code === 'email_taken') return 'An account with this email already exists. Sign in instead.';
  if (status === 422 && code === 'no_text') return 'No text could be read from that PDF.';
  if (status === 400 && message) return capitalise(message) + (message.endsWith('.') ? '' : '.');
  if (status === 404) return 'Not found: it may have been deleted.';
  if (status === 503 && code?.startsWith('assistant_') && message) return message;
  if (status === 503) return `The service is busy or restarting. Try again ${inSeconds(error.retryAfter)}.`;
  if (status >= 500) {
    return `The server had a problem${error.requestId ? ` (request ${error.requestId})` : ''}. Please try again.`;
  }
  return message ? capitalise(message) : `The request failed (HTTP ${status}).`;
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
