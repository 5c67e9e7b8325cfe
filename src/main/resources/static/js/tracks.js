// Trackers: the device list, a device's track on a Leaflet map (tiles optional) and its records.
import { api, $, el, num, when } from './api.js';

const PAGE = 200;

function toLocalInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function fromLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

const fixed = (v, digits) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));

export class Tracks {
  constructor() {
    this.devices = [];
    this.selected = null;
    this.selectedCount = null;
    this.map = null;
    this.layer = null;
    this.hint = null;
    $('#range-form').addEventListener('submit', (ev) => { ev.preventDefault(); this.showTrack(); });
    for (const button of document.querySelectorAll('[data-range]')) {
      button.addEventListener('click', () => this.quickRange(Number(button.dataset.range)));
    }
  }

  /** Where trackers should send to, for the empty state. */
  setNodeHint(status) {
    const first = (status.urls && status.urls[0]) || '';
    let host = '<this device\'s IP>';
    try { host = new URL(first).hostname; } catch { /* keep the placeholder */ }
    const changed = !this.hint || this.hint.host !== host || this.hint.port !== status.tcpPort;
    this.hint = { host, port: status.tcpPort, tileUrl: status.tileUrl, tileAttribution: status.tileAttribution };
    if (changed && !this.devices.length) this.renderDevices();
  }

  async refresh() {
    try {
      this.devices = await api('/api/devices');
    } catch {
      return;
    }
    this.renderDevices();
    if (this.selected) {
      const device = this.devices.find((d) => d.imei === this.selected);
      if (device && device.recordCount !== this.selectedCount) {
        this.selectedCount = device.recordCount;
        this.showTrack();
      }
    }
  }

  renderDevices() {
    const box = $('#device-list');
    if (!this.devices.length) {
      const host = this.hint ? this.hint.host : '<this device\'s IP>';
      const port = this.hint ? this.hint.port : 3003;
      box.replaceChildren(el('p', { class: 'empty' }, 'No trackers yet: point a tracker at ',
        el('strong', { text: `${host}:${port}` }), ' (its server setting; TCP, Galileosky protocol).'));
      return;
    }
    const head = el('tr', {}, ['IMEI', 'Last seen', 'Last position', 'Supply / battery', 'Records']
      .map((h) => el('th', { scope: 'col', text: h })));
    const rows = this.devices.map((d) => {
      const p = d.lastPosition;
      return el('tr', { class: d.imei === this.selected ? 'selected' : null, 'data-imei': d.imei },
        el('td', {}, el('button', { type: 'button', class: 'link', 'aria-label': `Show the track of ${d.imei}`, onclick: () => this.select(d.imei) }, d.imei)),
        el('td', { 'data-label': 'Last seen', text: when(d.lastSeen) }),
        el('td', { 'data-label': 'Last position', text: p ? `${fixed(p.latitude, 5)}, ${fixed(p.longitude, 5)}` : 'no fix yet' }),
        el('td', { 'data-label': 'Supply / battery', text: `${d.supplyVoltage != null ? (d.supplyVoltage / 1000).toFixed(2) + ' V' : '–'} / ${d.batteryVoltage != null ? (d.batteryVoltage / 1000).toFixed(2) + ' V' : '–'}` }),
        el('td', { class: 'num', 'data-label': 'Records', text: num(d.recordCount) }));
    });
    box.replaceChildren(el('div', { class: 'scroll' }, el('table', { class: 'grid devices' },
      el('caption', { class: 'sr-only', text: 'Trackers' }), el('thead', {}, head), el('tbody', {}, rows))));
  }

  select(imei) {
    this.selected = imei;
    const device = this.devices.find((d) => d.imei === imei);
    this.selectedCount = device ? device.recordCount : null;
    $('#device-detail').hidden = false;
    $('#dev-imei').textContent = imei;
    this.renderDevices();
    this.showTrack();
  }

  quickRange(hours) {
    if (!hours) {
      $('#range-from').value = '';
      $('#range-to').value = '';
    } else {
      const to = new Date();
      $('#range-to').value = toLocalInput(to);
      $('#range-from').value = toLocalInput(new Date(to.getTime() - hours * 3600_000));
    }
    this.showTrack();
  }

  ensureMap() {
    if (this.map || typeof L === 'undefined') return;
    this.map = L.map('map', { preferCanvas: false, worldCopyJump: true, attributionControl: true }).setView([20, 0], 2);
    L.control.scale({ metric: true, imperial: false }).addTo(this.map);
    const tileUrl = this.hint && this.hint.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: (this.hint && this.hint.tileAttribution) || '' }).addTo(this.map);
    } else {
      this.map.getContainer().classList.add('no-tiles');
      this.map.attributionControl.addAttribution('No map tiles (offline): track on a plain grid');
    }
  }

  async showTrack() {
    const imei = this.selected;
    if (!imei) return;
    const from = fromLocalInput($('#range-from').value);
    const to = fromLocalInput($('#range-to').value);
    const query = new URLSearchParams();
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    const qs = query.toString() ? `?${query}` : '';
    const base = `/api/devices/${encodeURIComponent(imei)}`;
    $('#dl-csv').href = `${base}/records.csv${qs}`;
    $('#dl-csv').setAttribute('download', `${imei}.csv`);
    $('#dl-geojson').href = `${base}/track${qs}`;
    $('#dl-geojson').setAttribute('download', `${imei}.geojson`);
    this.ensureMap();
    const summary = $('#track-summary');
    try {
      const [track, records] = await Promise.all([
        api(`${base}/track${qs}`),
        api(`/api/records?imei=${encodeURIComponent(imei)}&limit=${PAGE}${from ? `&from=${encodeURIComponent(from)}` : ''}${to ? `&to=${encodeURIComponent(to)}` : ''}`),
      ]);
      this.drawTrack(track);
      this.renderRecords(records);
      const points = (track.features || []).filter((f) => f.geometry && f.geometry.type === 'Point').length;
      summary.textContent = points ? `${num(points)} positions with a valid fix${records.length >= PAGE ? `; the table shows the first ${PAGE} records` : ''}.`
        : 'No positions with a valid fix in this time range.';
    } catch (e) {
      summary.textContent = `Could not load the track: ${e.message}`;
    }
  }

  drawTrack(geojson) {
    if (!this.map) return;
    if (this.layer) this.layer.remove();
    this.layer = L.featureGroup().addTo(this.map);
    const features = geojson.features || [];
    const line = features.find((f) => f.geometry && f.geometry.type === 'LineString');
    const points = features.filter((f) => f.geometry && f.geometry.type === 'Point');
    const latlngs = line ? line.geometry.coordinates.map(([lon, lat]) => [lat, lon])
      : points.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    if (!latlngs.length) return;
    if (latlngs.length > 1) {
      L.polyline(latlngs, { color: '#0038a8', weight: 5, opacity: 0.95, className: 'track-line' }).addTo(this.layer);
    }
    L.circleMarker(latlngs[0], { radius: 7, color: '#0a0a0a', weight: 2, fillColor: '#0b6b2b', fillOpacity: 1 })
      .bindTooltip('start').addTo(this.layer);
    L.circleMarker(latlngs[latlngs.length - 1], { radius: 8, color: '#0a0a0a', weight: 2, fillColor: '#b00020', fillOpacity: 1 })
      .bindTooltip('last position').addTo(this.layer);
    this.map.invalidateSize();
    this.map.fitBounds(this.layer.getBounds(), { padding: [24, 24], maxZoom: 17 });
  }

  renderRecords(records) {
    const table = $('#record-table');
    const caption = el('caption', { class: 'sr-only', text: 'Records of the track' });
    if (!records.length) {
      table.replaceChildren(caption, el('tbody', {}, el('tr', {}, el('td', { text: 'No records in this time range.' }))));
      return;
    }
    const cols = [
      ['Time (UTC)', (r) => r.timestamp.replace('T', ' ').replace('Z', '')],
      ['Lat', (r) => fixed(r.latitude, 6)], ['Lon', (r) => fixed(r.longitude, 6)],
      ['Sats', (r) => r.satellites ?? '–'], ['km/h', (r) => fixed(r.speed, 1)], ['Course', (r) => fixed(r.course, 0)],
      ['Alt m', (r) => r.altitude ?? '–'], ['Supply mV', (r) => r.supplyVoltage ?? '–'],
      ['Battery mV', (r) => r.batteryVoltage ?? '–'], ['°C', (r) => r.temperature ?? '–'], ['No.', (r) => r.recordNumber],
    ];
    table.replaceChildren(caption,
      el('thead', {}, el('tr', {}, cols.map(([h]) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, records.map((r) => el('tr', {}, cols.map(([, f], i) => el('td', { class: i ? 'num' : null, text: String(f(r)) }))))));
  }
}
