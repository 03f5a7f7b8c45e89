// The page's one error banner: every failed request ends up here with the server's message.
import { t } from './i18n.js';

const banner = () => document.getElementById('error');

export function showError(err) {
  const el = banner();
  const detail = err && err.message ? err.message : String(err);
  el.textContent = err && err.status ? t('error.server', { status: err.status, message: detail }) : detail;
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
