// The page's one error banner: every failed request ends up here with the server's message.
import { t } from './i18n.js';

const banner = () => document.getElementById('error');

// What each status means, in the user's language; the server's own words follow in brackets.
const STATUS_TEXT = {
  400: 'error.bad_request',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.not_found',
  409: 'error.conflict',
  413: 'error.too_large',
  429: 'error.too_many',
};

export function showError(err) {
  const el = banner();
  const detail = err && err.message ? err.message : String(err);
  const meaning = err && STATUS_TEXT[err.status];
  const message = meaning ? `${t(meaning)} (${detail})` : detail;
  el.textContent = err && err.status ? t('error.server', { status: err.status, message }) : detail;
  el.hidden = false;
}

export function clearError() {
  banner().hidden = true;
  banner().textContent = '';
}

// Runs an async action, showing any error instead of letting it vanish.
export async function attempt(action) {
  try {
    clearError();
    return await action();
  } catch (err) {
    showError(err);
    return undefined;
  }
}
