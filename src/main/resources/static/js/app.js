// Galileo Sync web UI: plain ES modules, no build step. Live data comes from /api/events (server-sent events).
import { api, $, el, num, bytes, duration, ms, when, explain, errorWords, plainError, zoneName, codeFromLink, loginFromLink, sameCode }
  from './api.js';
import { Tracks } from './tracks.js';
import { Charts } from './charts.js';
import { lines, renderEntry, renderRun, supersedes } from './synclog.js';
import { initChrome } from './layout.js';

const state = { status: null, peer: null, log: [], lastRecords: null, lastDevices: null };
// exported for the browser test, which reads the map's view and the charts' axes through them
export const tracks = new Tracks();
export const charts = new Charts($('#chart-ingest'), $('#chart-volume'), $('#volume-table'));

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
  $('#st-zone').textContent = zoneName();
  const pruning = $('#st-pruning');
  pruning.hidden = !s.lastPruning;
  if (s.lastPruning) {
    pruning.textContent = `Retention pruned ${num(s.lastPruning.deleted)} records at ${when(s.lastPruning.at)}`
      + ` (${s.lastPruning.why}).`;
  }
  renderPeerServer(s.peerServer);
  tracks.setNodeHint(s);
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
    const good = r.reachable && r.sameTeam === true && !r.itself;
    const rows = [];
    if (r.name) rows.push(['Device', `${r.name}`]);
    rows.push(['Reachable', r.reachable ? 'yes ✓' : 'no ✗']);
    if (r.reachable) rows.push(['Open to peers', r.peerServer ? 'yes ✓' : 'no ✗']);
    if (r.sameTeam === true) rows.push(['Team secret', 'same team ✓']);
    else if (r.sameTeam === false) rows.push(['Team secret', 'different secret ✗']);
    if (r.recordsWeLack !== undefined && r.recordsWeLack !== null) rows.push(['Records it has that we lack', num(r.recordsWeLack)]);
    const title = good ? 'Peer is ready ✓' : r.sameTeam === false ? 'Different secret ✗' : 'Peer is not ready';
    showResult(box, good ? 'ok' : 'bad', title, rows, r.message ? plainError(r.message) : null);
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
    const { advice, plain } = errorWords(e.message, e.status);
    showResult(box, 'bad', e.title && e.title !== 'Bad Gateway' ? e.title : 'Sync failed', null, advice);
    if (plain) box.append(el('p', { class: 'small', text: `What happened: ${plain}` }));
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
    const d = await api('/api/peer/discovery');
    known = (d && d.known) || [];
    discovered = (d && d.discovered) || [];
  } catch {
    try { known = await api('/api/peer/peers'); } catch { /* shown as empty */ }
  }
  const knownUrls = new Set(known.map((p) => p.url));
  const knownNodes = new Set(known.map((p) => p.nodeId).filter(Boolean));
  const list = $('#peer-list');
  const items = [];
  for (const p of known) {
    const error = p.lastError ? errorWords(p.lastError) : null;
    const toggleId = `auto-${btoa(p.url).replace(/[^a-z0-9]/gi, '')}`;
    items.push(el('div', { class: 'peer', 'data-url': p.url },
      el('div', { class: 'title' }, p.name || p.url, el('span', { class: 'tag', text: 'known' }),
        p.reachable === true ? el('span', { class: 'tag ok', text: p.onLan ? 'on the LAN' : 'reachable' })
          : p.reachable === false ? el('span', { class: 'tag bad', text: 'unreachable' }) : null),
      el('div', { class: 'meta' }, p.name ? `${p.url} · ` : '', `last sync ${when(p.lastSyncAt)}`,
        p.lastSuccessAt && p.lastSuccessAt !== p.lastSyncAt ? ` · last success ${when(p.lastSuccessAt)}` : ''),
      error ? el('div', { class: 'err', text: error.advice }) : (p.lastSyncAt ? el('div', { class: 'meta', text: 'Status: OK' }) : null),
      error && error.plain ? el('div', { class: 'meta', text: error.plain }) : null,
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'small', onclick: () => { $('#peer-url').value = p.url; syncPeer(p.url); } }, 'Sync now'),
        el('label', { class: 'switch', for: toggleId },
          el('input', { type: 'checkbox', id: toggleId, checked: p.enabled, onchange: (ev) => setAutoSync(p.url, ev.target.checked) }),
          'Auto-sync'),
        el('button', { type: 'button', class: 'small danger', onclick: () => forget(p.url) }, 'Forget'))));
  }
  for (const d of discovered) {
    const url = d.apiUrl || d.url;
    if (!url || d.known || knownUrls.has(url) || knownNodes.has(d.nodeId)) continue;
    const how = d.via === 'peer' ? 'told by a peer' : d.via === 'mdns' ? 'found on the LAN (mDNS)'
      : d.via === 'beacon' ? 'found on the LAN (beacon)' : d.via === 'inbound' ? 'seen: it synced with this device' : 'found';
    items.push(el('div', { class: 'peer discovered', 'data-url': url, 'data-via': d.via || '' },
      el('div', { class: 'title' }, d.name || url, el('span', { class: 'tag', text: how })),
      el('div', { class: 'meta', text: `${url}${d.lastSeen ? ` · ${d.via === 'peer' ? 'heard of' : d.via === 'inbound' ? 'synced here' : 'seen'} ${when(d.lastSeen)}` : ''}` }),
      d.via === 'inbound' ? el('div', { class: 'meta', text: 'Not synced from here until you add it.' }) : null,
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'small add-peer', onclick: () => addPeer(url) }, 'Add'),
        el('button', { type: 'button', class: 'small secondary', onclick: () => { $('#peer-url').value = url; syncPeer(url); } }, 'Sync now'),
        el('button', { type: 'button', class: 'small secondary', onclick: () => { $('#peer-url').value = url; checkPeer(); } }, 'Check'))));
  }
  if (!items.length) {
    items.push(el('p', { class: 'empty', text: 'No peers yet: enter another device\'s address under "Connect to a device", or scan its QR code. Devices on the same WiFi show up here by themselves.' }));
  }
  list.replaceChildren(...items);
}

async function addPeer(url) {
  try {
    await api('/api/peer/peers', { method: 'POST', json: { url } });
  } catch (e) {
    alert(explain(e.message, e.status));
  }
  loadPeers();
}

// ---------- auto-sync interval ----------
async function loadSettings() {
  const s = await api('/api/peer/settings');
  renderSettings(s);
}

function renderSettings(s) {
  if (document.activeElement !== $('#autosync-interval')) $('#autosync-interval').value = s.autoSyncIntervalSeconds;
  if (s.secretConfigured) {
    $('#pair-btn').disabled = true;
    $('#pair-code').disabled = true;
    $('#pair-code').placeholder = 'Set in the configuration';
  }
  $('#autosync-note').textContent = `Auto-sync runs every ${duration(s.autoSyncIntervalSeconds)} with every known peer whose auto-sync is on (10 s to 24 h).`;
}

async function saveInterval(ev) {
  ev.preventDefault();
  const seconds = Number($('#autosync-interval').value);
  try {
    renderSettings(await api('/api/peer/settings', { method: 'PUT', json: { autoSyncInterval: seconds } }));
  } catch (e) {
    $('#autosync-note').textContent = e.detail || e.message;
  }
}

// ---------- pairing ----------
// A code is checked before anything changes: its check character (a typo), then whether a reachable node uses it.
async function joinTeam(ev) {
  ev.preventDefault();
  const code = $('#pair-code').value.trim();
  if (!code) { $('#pair-code').focus(); return; }
  await confirmAndPair(code);
}

// A link (QR code) with another team's code, opened where no login was needed: offered, never joined silently.
function offerToJoin(code) {
  const box = $('#pair-result');
  $('#pair-code').value = $('#pair-code').disabled ? '' : code;
  if ($('#pair-btn').disabled) {
    showResult(box, 'bad', 'The link is for another team', null, 'The link you opened carries another team\'s'
      + ' pairing code, and this device\'s team secret is set in its configuration: it cannot join from here.');
  } else {
    showResult(box, 'info', 'Join the link\'s team?', null, 'The link you opened carries another team\'s pairing'
      + ' code. This device stays in its own team unless you join.');
    box.append(el('button', { type: 'button', id: 'pair-link', class: 'small', onclick: () => confirmAndPair(code) },
      'Join its team'));
  }
  box.scrollIntoView({ block: 'center' });
}

async function confirmAndPair(code) {
  if (!confirm('Join the team of the device with this code? This device stops syncing with devices that keep its old code.')) return;
  await pair(code, false);
}

async function pair(code, force) {
  const box = $('#pair-result');
  const peerUrl = peerUrlInput() || undefined;
  showResult(box, 'info', 'Asking the devices in reach…', null, null);
  try {
    const r = await api('/api/peer/pairing', { method: 'POST', json: { code, peerUrl, force } });
    $('#pair-code').value = '';
    showResult(box, 'ok', r.nodesUsingCode && r.nodesUsingCode.length ? `${r.message.replace(/\.$/, '')} ✓` : r.message,
      null, `This device's pairing code is now ${r.pairingCode}.`);
    loadPeerStatus().catch(() => {});
    loadPeers();
  } catch (e) {
    if (e.status === 422) {
      showResult(box, 'bad', 'No reachable node uses this code', null, e.detail || e.message);
      box.append(el('button', { type: 'button', id: 'pair-anyway', class: 'small danger', onclick: () => pair(code, true) },
        'Join anyway'));
    } else {
      const title = e.status === 409 ? 'Cannot join: secret is configured'
        : e.type === 'urn:galileo-sync:mistyped-code' ? 'Check the code' : 'Could not join';
      showResult(box, 'bad', title, null, e.detail || e.message);
    }
  }
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
  for (const e of entries) {
    if (seen.has(e.id)) continue;
    // the node replaces a streak of idle syncs by one entry that counts them: the older version goes
    state.log = state.log.filter((old) => !supersedes(e, old));
    state.log.push(e);
  }
  state.log.sort((a, b) => b.id - a.id);
  state.log = state.log.slice(0, 500);
  renderLog();
}

function renderLog() {
  const q = $('#log-filter').value.trim().toLowerCase();
  const outcome = $('#log-outcome').value;
  const shown = state.log.filter((e) => (!outcome || e.outcome === outcome)
    && (!q || [e.peerUrl, e.peerNode, e.triggerKind, e.error, e.outcome].some((v) => v && String(v).toLowerCase().includes(q))));
  const items = lines(shown).map((line) => (line.run ? renderRun(line.run) : renderEntry(line.entry)));
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
  source.onerror = () => {
    live.textContent = 'Reconnecting…';
    live.className = 'live off';
    if (source.readyState === EventSource.CLOSED) {
      // the server refused the stream (e.g. 401: login required): log in through api(), then reconnect
      setTimeout(() => {
        api('/api/node/status').then(renderStatus).catch(() => {}).finally(() => {
          connectEvents();
          loadPeerStatus().catch(() => {});
          loadPeers();
          loadSettings().catch(() => {});
        });
      }, 1000);
    }
  };
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
  initChrome();
  // opened from the QR code: logged in at once, the code out of the address bar
  const link = await loginFromLink(codeFromLink());
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
  $('#interval-form').addEventListener('submit', saveInterval);
  $('#pair-form').addEventListener('submit', joinTeam);
  renderLog();
  try {
    renderStatus(await api('/api/node/status')); // on another device, this first call may show the login
  } catch (e) {
    $('#live').textContent = 'Offline';
  }
  await Promise.allSettled([
    loadPeerStatus(),
    loadPeers(),
    loadSettings(),
    api('/api/peer/log?limit=200').then(addLog),
    api('/api/node/charts').then((c) => charts.update(c)),
    tracks.refresh(),
  ]);
  if (link && link.state === 'in' && link.own && !sameCode(link.code, link.own)) offerToJoin(link.code);
  // a link with a code opened while this page shows (the same page, only the #code differs): read afresh
  window.addEventListener('hashchange', () => { if (/(?:^#|&)code=/.test(window.location.hash)) window.location.reload(); });
  connectEvents();
  setInterval(() => { if (!document.hidden) loadPeers(); }, 15000);
  document.body.dataset.ready = 'true';
}

start();
