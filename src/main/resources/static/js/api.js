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

/** POST /api/session with a pairing code: the HTTP status (200 logged in, 401 wrong code, 429 too many), 0 offline. */
export async function openSession(code) {
  try {
    const r = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ code }),
      credentials: 'same-origin',
    });
    return r.status;
  } catch {
    return 0;
  }
}

function loginError(status) {
  if (status === 401) return 'That is not this team\'s pairing code. Look it up under "Peer server" on the device itself.';
  if (status === 0) return 'This page cannot reach its node. Is the service still running?';
  return status === 429 ? 'Too many wrong codes from this device: wait a little, then try again.' : `Login failed (HTTP ${status}).`;
}

/**
 * The pairing code a link carries ("…/#code=CODE", as the QR code has it), or null. The code is taken out of
 * the address bar and the history at once, so that it stays on no screen and in no history.
 */
export function codeFromLink() {
  const m = /(?:^#|&)code=([^&]*)/.exec(window.location.hash);
  if (!m) return null;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  try { return decodeURIComponent(m[1].replace(/\+/g, ' ')).trim() || null; } catch { return m[1] || null; }
}

// Codes compared as the node reads them (PairingCode): a generated code without regard to case, spaces,
// dashes or I/1 for L; anything else (a passphrase) exactly.
const codeLetters = (c) => c.toUpperCase().replace(/[\s\-\u2010-\u2014_.]/g, '').replace(/[I1]/g, 'L');
const generatedShape = (l) => /^[A-HJ-NP-Z2-9]+$/.test(l) && (l.length === 24 || l.length === 20);

export function sameCode(a, b) {
  const la = codeLetters(String(a));
  const lb = codeLetters(String(b));
  return generatedShape(la) && generatedShape(lb) ? la === lb : String(a).trim() === String(b).trim();
}

/**
 * Opened from a link with a pairing code: a browser that needs a login (another device) logs in with it at
 * once, as the login form would. Resolves {state: 'logged-in'}; {state: 'refused'} (the login overlay shows
 * why); {state: 'in', own} when no login was needed (this device itself, or a session), with this node's own
 * code (and the link's), so that a different team's code can be offered for joining; null without a code.
 */
export async function loginFromLink(code) {
  if (!code) return null;
  let response = null;
  try {
    response = await fetch('/api/peer/status', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  } catch { /* offline: the login below says so */ }
  if (response && response.ok) return { state: 'in', code, own: (await response.json()).pairingCode };
  const status = await openSession(code);
  if (status === 200) return { state: 'logged-in' };
  login(loginError(status));
  return { state: 'refused' };
}

/** Shows the login overlay (pairing code → POST /api/session) and resolves once logged in. */
export function login(why = '') {
  if (pendingLogin) return pendingLogin;
  pendingLogin = new Promise((resolve) => {
    const overlay = document.getElementById('login');
    const form = document.getElementById('login-form');
    const input = document.getElementById('login-code');
    const error = document.getElementById('login-error');
    overlay.hidden = false;
    error.textContent = why;
    input.value = '';
    input.focus();
    const submit = async (ev) => {
      ev.preventDefault();
      const code = input.value.trim();
      if (!code) { input.focus(); return; }
      error.textContent = '';
      form.querySelector('button').disabled = true;
      const status = await openSession(code);
      form.querySelector('button').disabled = false;
      if (status === 200) {
        form.removeEventListener('submit', submit);
        overlay.hidden = true;
        pendingLogin = null;
        resolve();
        return;
      }
      error.textContent = loginError(status);
      input.select();
    };
    form.addEventListener('submit', submit);
  });
  return pendingLogin;
}

export async function api(path, options = {}) {
  return (await withLogin(path, options)).data;
}

/** A paged list: the items and the X-Total-Count header (the number of all matches). */
export async function apiPage(path, options = {}) {
  const { data, response } = await withLogin(path, options);
  const total = Number(response.headers.get('X-Total-Count'));
  return { items: data || [], total: Number.isFinite(total) ? total : (data || []).length };
}

async function withLogin(path, options) {
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
    const error = new ApiError(response.status, title, plainError(detail));
    error.type = data && data.type;
    throw error;
  }
  return { data, response };
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
  if (m) return s ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

export function ms(n) {
  if (n === null || n === undefined) return '–';
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
}

// One time rule for the whole page: local time of this browser, as YYYY-MM-DD HH:MM:SS, with the zone
// (zoneLabel) shown next to it: in column headers, popups, chart captions and the status panel.
const pad = (n) => String(n).padStart(2, '0');

function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The local zone as an offset from UTC: "UTC+7", "UTC-3:30", "UTC". */
export function zoneLabel(date = new Date()) {
  const offset = -date.getTimezoneOffset();
  if (!offset) return 'UTC';
  const abs = Math.abs(offset);
  return `UTC${offset > 0 ? '+' : '-'}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

/** The zone's name as well, for the one place that explains the rule. */
export function zoneName() {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return name && name !== 'UTC' ? `${zoneLabel()}, ${name}` : zoneLabel();
}

export function localDay(value) {
  const d = toDate(value);
  return d ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : '–';
}

export function localClock(value, seconds = true) {
  const d = toDate(value);
  if (!d) return '–';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

/** Local date and time, YYYY-MM-DD HH:MM:SS. */
export function localTime(value) {
  const d = toDate(value);
  return d ? `${localDay(d)} ${localClock(d)}` : '–';
}

/** Like localTime, without the date when it is today. */
export function shortTime(value, seconds = true) {
  const d = toDate(value);
  if (!d) return '–';
  return localDay(d) === localDay(new Date()) ? localClock(d, seconds) : `${localDay(d)} ${localClock(d, seconds)}`;
}

export function ago(value) {
  const d = toDate(value);
  if (!d) return 'never';
  const seconds = (Date.now() - d.getTime()) / 1000;
  if (seconds < -60) return 'in the future';
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function when(value) {
  const d = toDate(value);
  if (!d) return value === null || value === undefined || value === '' ? 'never' : String(value);
  return `${localTime(d)} (${ago(d)})`;
}

// Java exception names that reach the page inside sync errors, in words.
const EXCEPTION_WORDS = [
  [/java\.net\.ConnectException(: [^,;]*)?/g, 'connection refused'],
  [/java\.net\.http\.HttpConnectTimeoutException(: [^,;]*)?/g, 'no answer to the connection (timed out)'],
  [/java\.net\.http\.HttpTimeoutException(: [^,;]*)?/g, 'no answer in time (timed out)'],
  [/java\.net\.UnknownHostException(: [^,;]*)?/g, 'unknown host name'],
  [/java\.net\.NoRouteToHostException(: [^,;]*)?/g, 'no route to that address'],
  [/java\.(io|net)\.[A-Za-z.]*Exception: /g, ''],
];

function jsonString(text, field) {
  const m = new RegExp(`"${field}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
  if (!m) return null;
  try { return JSON.parse(`"${m[1]}"`); } catch { return m[1]; }
}

/**
 * An error message as a sentence: an RFC 9457 problem detail quoted in it (a peer's refusal arrives as
 * "... with 503: {"type":...,"title":...,"detail":...}", maybe cut short) becomes its title and detail.
 */
export function plainError(message) {
  let m = String(message || '').trim();
  const brace = m.indexOf('{');
  if (brace >= 0 && /"(title|detail|status)"\s*:/.test(m.slice(brace))) {
    const json = m.slice(brace);
    const title = jsonString(json, 'title');
    const detail = jsonString(json, 'detail');
    const before = m.slice(0, brace).trim().replace(/:$/, '');
    if (before) m = `${before}${title ? ` ${title}` : ''}${detail ? `: ${detail}` : ''}`;
    else m = [title, detail].filter(Boolean).join(': ') || 'the answer was not understood';
  }
  for (const [pattern, words] of EXCEPTION_WORDS) m = m.replace(pattern, words);
  m = m.replace(/\s+/g, ' ').trim();
  if (!m) return '';
  return `${m[0].toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}`;
}

/** What to do about an error (advice), and what happened in a sentence when that says more (else ''). */
export function errorWords(message, status) {
  const advice = explain(message, status);
  const plain = plainError(message);
  return { advice, plain: plain !== advice ? plain : '' };
}

/** Turns what the sync engine reports into words a field operator can act on. */
export function explain(message, status) {
  const m = String(message || '');
  const plain = plainError(m);
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
  if (/not a valid URL|peer URL|not a port|not a host|no host name/i.test(m)) tips.push('Type the address as http://192.168.1.20:3001 (the other device shows it under "Peer server").');
  if (/corrupt|unreadable/i.test(m)) tips.push('The other device answered something unexpected: is it running the same Galileo Sync version?');
  return tips.length ? tips.join(' ') : plain || 'Something went wrong.';
}
