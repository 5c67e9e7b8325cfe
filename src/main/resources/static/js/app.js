// Galileo Sync web UI: plain ES modules, no build step. Live data comes from /api/events (server-sent events).
import { api, $, el, num, bytes, duration, ms, when, explain } from './api.js';
import { Tracks } from './tracks.js';
import { Charts } from './charts.js';

const state = { status: null, peer: null, log: [], lastRecords: null, lastDevices: null };
const tracks = new Tracks();
const charts = new Charts($('#chart-ingest'), $('#chart-volume'));

// ---------- status ----------
function renderStatus(s) {
  state.status = s;
  $('#hdr-name').textContent = s.name;
  $('#st-name').textContent = s.name;
  $('#st-id').textContent = s.nodeId;
  $('#st-records').textContent = num(s.records);
  $('#st-devices').textContent = num(s.devices);
  $('#st-connected').textContent = num(s.trackersConnected);
  $('#st-uptime').textContent = duration(s.uptimeSeconds);
  $('#st-db').textContent = bytes(s.databaseBytes);
  $('#st-tcp').textContent = s.tcpPort;
  $('#st-version').textContent = s.version;
  renderPeerServer(s.peerServer);
  tracks.setNodeHint(s);
  if (s.autoSyncIntervalSeconds) {
    $('#autosync-note').textContent = `Auto-sync runs every ${duration(s.autoSyncIntervalSeconds)} with every peer whose auto-sync is on (setting galileo.sync.interval).`;
  }
  if (state.lastRecords !== s.records || state.lastDevices !== s.devices) {
    const first = state.lastRecords === null;
    state.lastRecords = s.records;
    state.lastDevices = s.devices;
    if (!first) tracks.refresh();
  }
}

function renderPeerServer(on) {
  const badge = $('#ps-state');
  badge.textContent = on ? 'on' : 'off';
  badge.className = `pill ${on ? 'on' : 'off'}`;
  $('#ps-start').disabled = on;
  $('#ps-stop').disabled = !on;
}

async function loadPeerStatus() {
  const p = await api('/api/peer/status');
  state.peer = p;
  renderPeerServer(p.peerServer);
  $('#ps-code').textContent = p.pairingCode || '–';
  const urls = (state.status && state.status.urls) || [];
  const list = $('#ps-urls');
  list.replaceChildren(...urls.map((u) => el('li', {}, el('code', { text: u }))));
  if (urls.length && p.pairingCode) {
    const text = `${urls[0]}/#code=${p.pairingCode}`;
    const src = `/api/node/qr.svg?text=${encodeURIComponent(text)}`;
    if ($('#ps-qr').getAttribute('src') !== src) $('#ps-qr').src = src;
  }
}

// ---------- peer server ----------
async function setPeerServer(on) {
  try {
    const r = await api(`/api/peer/${on ? 'start' : 'stop'}`, { method: 'POST' });
    renderPeerServer(r.peerServer);
  } catch (e) {
    alert(explain(e.message, e.status));
  }
}

// ---------- connect / check / sync ----------
function peerUrlInput() {
  let raw = $('#peer-url').value.trim();
  const hash = raw.indexOf('#');
  if (hash >= 0) raw = raw.slice(0, hash);
  if (raw && !/^https?:\/\//i.test(raw)) raw = `http://${raw}`;
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}`;
  } catch {
    return raw;
  }
}

function showResult(box, kind, title, rows, text) {
  box.className = `result ${kind}`;
  box.replaceChildren(el('h4', { text: title }));
  if (text) box.append(el('p', { text }));
  if (rows) box.append(el('dl', {}, rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])));
}

async function checkPeer() {
  const url = peerUrlInput();
  const box = $('#connect-result');
  if (!url) { $('#peer-url').focus(); return; }
  showResult(box, 'info', 'Checking…', null, url);
  try {
    const r = await api('/api/node/check-peer', { method: 'POST', json: { url } });
    const good = r.reachable && r.galileoNode && r.peerServer && !r.itself;
    const rows = [];
    if (r.name) rows.push(['Device', `${r.name}`]);
    if (r.reachable !== undefined) rows.push(['Reachable', r.reachable ? 'yes' : 'no']);
    if (r.peerServer !== undefined) rows.push(['Open to peers', r.peerServer ? 'yes' : 'no']);
    if (r.recordsWeLack !== undefined && r.recordsWeLack !== null) rows.push(['Records it has that we lack', `about ${num(r.recordsWeLack)}`]);
    showResult(box, good ? 'ok' : 'bad', good ? 'Peer is ready' : 'Peer is not ready', rows, r.message);
  } catch (e) {
    showResult(box, 'bad', 'Check failed', null, explain(e.message, e.status));
  }
}

async function syncPeer(url) {
  const box = $('#connect-result');
  const progress = $('#sync-progress');
  const buttons = [$('#sync-peer'), $('#check-peer')];
  buttons.forEach((b) => { b.disabled = true; });
  progress.hidden = false;
  box.replaceChildren();
  box.className = 'result';
  const started = Date.now();
  const timer = setInterval(() => {
    $('#sync-elapsed').textContent = `Syncing with ${url}… ${Math.round((Date.now() - started) / 1000)} s`;
  }, 500);
  $('#sync-elapsed').textContent = `Syncing with ${url}…`;
  try {
    const r = await api('/api/peer/connect', { method: 'POST', json: { url } });
    const s = r.syncResult;
    showResult(box, 'ok', 'Sync finished', [
      ['New records here', num(s.newRecords)],
      ['Records sent', num(s.sentRecords)],
      ['Conflicts', num(s.conflicts)],
      ['Data', `${bytes(s.bytesIn)} in, ${bytes(s.bytesOut)} out`],
      ['Took', ms(s.durationMs)],
    ]);
    loadPeers();
  } catch (e) {
    showResult(box, 'bad', e.title && e.title !== 'Bad Gateway' ? e.title : 'Sync failed', null, explain(e.message, e.status));
    if (e.detail) box.append(el('p', { class: 'small muted', text: `Details: ${e.detail}` }));
    loadPeers();
  } finally {
    clearInterval(timer);
    progress.hidden = true;
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---------- peers ----------
async function loadPeers() {
  let known = [];
  let discovered = [];
  try {
    known = await api('/api/peer/peers');
  } catch { /* shown as empty */ }
  try {
    const d = await api('/api/peer/discovery');
    discovered = (d && d.discovered) || [];
  } catch { /* discovery optional */ }
  const knownUrls = new Set(known.map((p) => p.url));
  const list = $('#peer-list');
  const items = [];
  for (const p of known) {
    const toggleId = `auto-${btoa(p.url).replace(/[^a-z0-9]/gi, '')}`;
    items.push(el('div', { class: 'peer', 'data-url': p.url },
      el('div', { class: 'title' }, p.name || p.url, p.name ? el('span', { class: 'tag', text: 'known' }) : null),
      el('div', { class: 'meta' }, p.name ? `${p.url} · ` : '', `last sync ${when(p.lastSyncAt)}`,
        p.lastSuccessAt && p.lastSuccessAt !== p.lastSyncAt ? ` · last success ${when(p.lastSuccessAt)}` : ''),
      p.lastError ? el('div', { class: 'err', text: explain(p.lastError) }) : (p.lastSyncAt ? el('div', { class: 'meta', text: 'Status: OK' }) : null),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'small', onclick: () => { $('#peer-url').value = p.url; syncPeer(p.url); } }, 'Sync now'),
        el('label', { class: 'switch', for: toggleId },
          el('input', { type: 'checkbox', id: toggleId, checked: p.enabled, onchange: (ev) => setAutoSync(p.url, ev.target.checked) }),
          'Auto-sync'),
        el('button', { type: 'button', class: 'small danger', onclick: () => forget(p.url) }, 'Forget'))));
  }
  for (const d of discovered) {
    const url = d.apiUrl || d.url;
    if (!url || knownUrls.has(url)) continue;
    items.push(el('div', { class: 'peer' },
      el('div', { class: 'title' }, d.name || url, el('span', { class: 'tag', text: `found${d.via ? ` by ${d.via}` : ''}` })),
      el('div', { class: 'meta', text: `${url}${d.lastSeen ? ` · seen ${when(d.lastSeen)}` : ''}` }),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'small', onclick: () => { $('#peer-url').value = url; syncPeer(url); } }, 'Sync now'),
        el('button', { type: 'button', class: 'small secondary', onclick: () => { $('#peer-url').value = url; checkPeer(); } }, 'Check'))));
  }
  if (!items.length) {
    items.push(el('p', { class: 'empty', text: 'No peers yet: enter another device\'s address under "Connect to a device", or scan its QR code. Devices on the same WiFi show up here by themselves.' }));
  }
  list.replaceChildren(...items);
}

async function setAutoSync(url, enabled) {
  try {
    await api(`/api/peer/peers/enabled?url=${encodeURIComponent(url)}&enabled=${enabled}`, { method: 'PUT' });
  } catch (e) {
    alert(explain(e.message, e.status));
  }
  loadPeers();
}

async function forget(url) {
  if (!confirm(`Forget ${url}? Its records stay here; it is no longer synced automatically.`)) return;
  try {
    await api(`/api/peer/peers?url=${encodeURIComponent(url)}`, { method: 'DELETE' });
  } catch (e) {
    alert(explain(e.message, e.status));
  }
  loadPeers();
}

// ---------- sync log ----------
function addLog(entries) {
  const seen = new Set(state.log.map((e) => e.id));
  for (const e of entries) if (!seen.has(e.id)) state.log.push(e);
  state.log.sort((a, b) => b.id - a.id);
  state.log = state.log.slice(0, 500);
  renderLog();
}

function renderLog() {
  const q = $('#log-filter').value.trim().toLowerCase();
  const outcome = $('#log-outcome').value;
  const shown = state.log.filter((e) => (!outcome || e.outcome === outcome)
    && (!q || [e.peerUrl, e.peerNode, e.triggerKind, e.error, e.outcome].some((v) => v && String(v).toLowerCase().includes(q))));
  const items = shown.map((e) => el('li', { class: e.outcome },
    el('div', { class: 'when', text: `${when(e.startedAt)} · ${e.triggerKind || 'sync'} · ${ms(e.durationMs)}` }),
    el('div', { class: 'what' }, e.outcome === 'success' ? '✔ ' : '✖ ', `${e.peerUrl}: `,
      `${num(e.newRecords)} new, ${num(e.sentRecords)} sent, ${num(e.conflicts)} conflicts, ${bytes(e.bytesIn + e.bytesOut)}`),
    e.error ? el('div', { class: 'why', text: explain(e.error) }) : null,
    e.error ? el('div', { class: 'raw', text: e.error }) : null));
  if (!items.length) {
    items.push(el('li', { class: 'empty', text: state.log.length ? 'No log entry matches the filter.' : 'No syncs yet. Syncs (manual and automatic) show up here as they happen.' }));
  }
  $('#log-list').replaceChildren(...items);
}

// ---------- data ----------
async function importFile(ev) {
  ev.preventDefault();
  const file = $('#import-file').files[0];
  const box = $('#import-result');
  if (!file) return;
  const buffer = await file.arrayBuffer();
  const head = new Uint8Array(buffer.slice(0, 2));
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const headers = { 'Content-Type': 'application/json' };
  if (gz) headers['Content-Encoding'] = 'gzip';
  $('#import-btn').disabled = true;
  showResult(box, 'info', 'Importing…', null, `${file.name} (${bytes(file.size)})`);
  try {
    const r = await api('/api/peer/import', { method: 'POST', body: buffer, headers });
    const m = r.importResult || r;
    const rows = Object.entries(m).filter(([, v]) => typeof v !== 'object').map(([k, v]) => [k.replace(/([A-Z])/g, ' $1').toLowerCase(), num(v)]);
    showResult(box, 'ok', 'Import finished', rows, file.name);
  } catch (e) {
    showResult(box, 'bad', 'Import failed: nothing was changed', null, explain(e.message, e.status));
  } finally {
    $('#import-btn').disabled = false;
  }
}

// ---------- live events ----------
function connectEvents() {
  const live = $('#live');
  const source = new EventSource('/api/events');
  source.onopen = () => { live.textContent = 'Live'; live.className = 'live on'; };
  source.onerror = () => { live.textContent = 'Reconnecting…'; live.className = 'live off'; };
  source.addEventListener('status', (ev) => {
    live.textContent = 'Live';
    live.className = 'live on';
    const s = JSON.parse(ev.data);
    const peerServerChanged = state.status && state.status.peerServer !== s.peerServer;
    renderStatus(s);
    if (peerServerChanged) loadPeerStatus().catch(() => {});
  });
  source.addEventListener('log', (ev) => {
    addLog(JSON.parse(ev.data));
    loadPeers();
  });
  source.addEventListener('charts', (ev) => charts.update(JSON.parse(ev.data)));
}

// ---------- start ----------
async function start() {
  $('#ps-start').addEventListener('click', () => setPeerServer(true));
  $('#ps-stop').addEventListener('click', () => setPeerServer(false));
  $('#check-peer').addEventListener('click', checkPeer);
  $('#connect-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const url = peerUrlInput();
    if (!url) { $('#peer-url').focus(); return; }
    syncPeer(url);
  });
  $('#log-filter').addEventListener('input', renderLog);
  $('#log-outcome').addEventListener('change', renderLog);
  $('#import-form').addEventListener('submit', importFile);
  renderLog();
  try {
    renderStatus(await api('/api/node/status'));
  } catch (e) {
    $('#live').textContent = 'Offline';
  }
  await Promise.allSettled([
    loadPeerStatus(),
    loadPeers(),
    api('/api/peer/log?limit=200').then(addLog),
    api('/api/node/charts').then((c) => charts.update(c)),
    tracks.refresh(),
  ]);
  connectEvents();
  setInterval(() => { if (!document.hidden) loadPeers(); }, 15000);
  document.body.dataset.ready = 'true';
}

start();
