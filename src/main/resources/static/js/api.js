// Small helpers shared by the UI modules: HTTP with problem-detail errors, formatting, plain-word errors.

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

export const LOGIN_REQUIRED = 'urn:galileo-sync:login-required';

// One login at a time: every request that meets "login required" waits for the same overlay.
let pendingLogin = null;

/** Shows the login overlay (pairing code → POST /api/session) and resolves once logged in. */
export function login() {
  if (pendingLogin) return pendingLogin;
  pendingLogin = new Promise((resolve) => {
    const overlay = document.getElementById('login');
    const form = document.getElementById('login-form');
    const input = document.getElementById('login-code');
    const error = document.getElementById('login-error');
    overlay.hidden = false;
    error.textContent = '';
    input.value = '';
    input.focus();
    const submit = async (ev) => {
      ev.preventDefault();
      const code = input.value.trim();
      if (!code) { input.focus(); return; }
      error.textContent = '';
      form.querySelector('button').disabled = true;
      try {
        const r = await fetch('/api/session', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
          body: JSON.stringify({ code }),
          credentials: 'same-origin',
        });
        if (r.ok) {
          form.removeEventListener('submit', submit);
          overlay.hidden = true;
          pendingLogin = null;
          resolve();
          return;
        }
        error.textContent = r.status === 401 ? 'That is not this team\'s pairing code. Look it up under "Peer server" on the device itself.'
          : `Login failed (HTTP ${r.status}).`;
      } catch {
        error.textContent = 'This page cannot reach its node. Is the service still running?';
      } finally {
        form.querySelector('button').disabled = false;
      }
      input.select();
    };
    form.addEventListener('submit', submit);
  });
  return pendingLogin;
}

export async function api(path, options = {}) {
  for (;;) {
    try {
      return await request(path, options);
    } catch (e) {
      if (!(e instanceof ApiError) || e.type !== LOGIN_REQUIRED) throw e;
      await login();
    }
  }
}

async function request(path, { method = 'GET', json, body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'Offline', 'This page cannot reach its node. Is the service still running?');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!response.ok) {
    const title = data && data.title ? data.title : response.statusText;
    const detail = data && data.detail ? data.detail : (typeof data === 'string' ? data : '');
    const error = new ApiError(response.status, title, detail);
    error.type = data && data.type;
    throw error;
  }
  return data;
}

export const $ = (selector, root = document) => root.querySelector(selector);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const numberFormat = new Intl.NumberFormat();
export const num = (n) => (n === null || n === undefined ? '–' : numberFormat.format(n));

export function bytes(n) {
  if (n === null || n === undefined || n < 0) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

export function ms(n) {
  if (n === null || n === undefined) return '–';
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
}

export function when(value) {
  if (value === null || value === undefined || value === '') return 'never';
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const ago = (Date.now() - date.getTime()) / 1000;
  let relative;
  if (ago < -60) relative = 'in the future';
  else if (ago < 60) relative = 'just now';
  else if (ago < 3600) relative = `${Math.floor(ago / 60)} min ago`;
  else if (ago < 86400) relative = `${Math.floor(ago / 3600)} h ago`;
  else relative = `${Math.floor(ago / 86400)} d ago`;
  return `${date.toLocaleString()} (${relative})`;
}

/** Turns what the sync engine reports into words a field operator can act on. */
export function explain(message, status) {
  const m = String(message || '');
  const tips = [];
  if (/401|signature|unauthori[sz]ed/i.test(m) || status === 401) {
    tips.push('The other device belongs to another team: both must use the same pairing code (team secret).');
  }
  if (/503|closed to peers/i.test(m)) tips.push('Its peer server is stopped: press Start under "Peer server" on that device.');
  if (/unreachable|connect|timed? ?out|refused|no route|ConnectException|HttpTimeout/i.test(m) && !/with 4\d\d|with 5\d\d/.test(m)) {
    tips.push('The device could not be reached: check that both are on the same WiFi, that Galileo Sync is running there, and the address and port.');
  }
  if (/itself/i.test(m)) tips.push('That address is this device itself: enter the other device\'s address.');
  if (/already running/i.test(m)) tips.push('A sync with that device is already running: wait for it to finish.');
  if (/413|too large|larger than/i.test(m)) tips.push('The data is larger than the other device accepts (galileo.sync.max-body-bytes).');
  if (/not a valid URL|valid peer URL/i.test(m)) tips.push('Type the address as http://192.168.1.20:3001 (the other device shows it under "Peer server").');
  if (/corrupt|unreadable/i.test(m)) tips.push('The other device answered something unexpected: is it running the same Galileo Sync version?');
  return tips.length ? tips.join(' ') : m || 'Something went wrong.';
}
