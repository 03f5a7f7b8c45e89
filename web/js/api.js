// The one way the front end talks to the server: fetch under /api/v1 with the session cookie,
// the CSRF token on every write, and the server's {"error","code"} turned into an ApiError.

let csrfToken = null;
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function setCsrf(token) {
  csrfToken = token;
}

// Called when the server answers 401 (no session or an expired one).
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function request(method, path, { body, accept = 'application/json', quiet401 = false } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (WRITES.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch('/api/v1' + path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let payload = {};
    try {
      payload = await res.json();
    } catch {
      // Not JSON (a proxy's page, say): the status text stands in.
    }
    const err = new ApiError(res.status, payload.code || `http_${res.status}`,
                             payload.error || `${res.status} ${res.statusText}`);
    if (res.status === 401 && !quiet401) onUnauthorized(err);
    throw err;
  }
  if (res.status === 204) return null;
  if (accept !== 'application/json') return res.text();
  return res.json();
}

export const get = (path, opts) => request('GET', path, opts);
export const post = (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} });
export const patch = (path, body, opts) => request('PATCH', path, { ...opts, body });
export const del = (path, opts) => request('DELETE', path, opts);

// Builds a query string from the non-empty values of an object.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// A fresh idempotency key for one user action, so a retried request never counts twice.
export function newKey(prefix) {
  const id = globalThis.crypto?.randomUUID ? crypto.randomUUID()
                                            : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  return `web:${prefix}:${id}`;
}
