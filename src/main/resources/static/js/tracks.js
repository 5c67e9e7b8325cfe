// Trackers and tracks: the tracker list, the map (all trackers, or one tracker's track), the records
// table and the commands to it. Picking a tracker brings its track into view; live updates keep the map where
// the user left it.
import { api, $, num, plainError } from './api.js';
import { DeviceList } from './devices.js';
import { TrackMap } from './trackmap.js';
import { RecordTable } from './records.js';
import { CommandPanel } from './commands.js';

function toLocalInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function fromLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

export class Tracks {
  constructor() {
    this.list = new DeviceList((imei) => this.select(imei));
    this.list.onOnlineChange = () => this.map && this.map.mode === 'all' && this.showTrackers(false);
    this.table = new RecordTable();
    this.commands = new CommandPanel();
    this.selected = null;
    this.selectedCount = null;
    this.map = null;
    this.hint = null;
    $('#range-form').addEventListener('submit', (ev) => { ev.preventDefault(); this.showTrack(true); });
    for (const button of document.querySelectorAll('[data-range]')) {
      button.addEventListener('click', () => this.quickRange(Number(button.dataset.range)));
    }
    $('#show-all').addEventListener('click', () => this.showAll());
    $('#fit-view').addEventListener('click', () => this.map && this.map.fitAll());
    $('#follow').addEventListener('change', (ev) => this.map && this.map.setFollow(ev.target.checked));
  }

  /** Where trackers should send to (for the empty list), and the map tiles, from the node's status. */
  setNodeHint(status) {
    let host = '<this device\'s IP>';
    try { host = new URL((status.urls && status.urls[0]) || '').hostname; } catch { /* keep the placeholder */ }
    const changed = !this.hint || this.hint.host !== host || this.hint.port !== status.tcpPort;
    this.hint = { host, port: status.tcpPort, tileUrl: status.tileUrl, tileAttribution: status.tileAttribution };
    this.list.hint = this.hint;
    this.commands.setNode(status.nodeId);
    if (changed && !this.list.devices.length) this.list.render(true);
  }

  ensureMap() {
    if (this.map || typeof L === 'undefined') return this.map;
    this.map = new TrackMap($('#map'), {
      tileUrl: this.hint && this.hint.tileUrl,
      tileAttribution: this.hint && this.hint.tileAttribution,
      onSelect: (imei) => this.select(imei),
      onFollowChange: (on) => { $('#follow').checked = on; },
    });
    return this.map;
  }

  /** Live: new records or trackers. The selected track is redrawn without moving the view. */
  async refresh() {
    const first = !this.list.devices.length;
    try {
      this.list.set(await api('/api/devices'));
    } catch {
      return;
    }
    if (!this.selected) {
      this.showTrackers(first);
      return;
    }
    const device = this.list.devices.find((d) => d.imei === this.selected);
    if (device && device.recordCount !== this.selectedCount) {
      this.selectedCount = device.recordCount;
      await this.showTrack(false);
    }
  }

  showTrackers(fit) {
    const map = this.ensureMap();
    if (!map) return;
    map.showTrackers(this.list.devices, (d) => this.list.isOnline(d), fit);
    const placed = this.list.devices.filter((d) => d.lastPosition).length;
    $('#track-summary').textContent = this.list.devices.length
      ? `${num(placed)} of ${num(this.list.devices.length)} trackers on the map at their last fix (green: online). Pick one for its track.`
      : '';
  }

  /** Back to the view of all trackers. */
  showAll() {
    this.selected = null;
    this.selectedCount = null;
    this.list.select(null);
    $('#track-h').textContent = 'All trackers';
    $('#device-detail').hidden = true;
    this.commands.hide();
    $('#show-all').hidden = true;
    $('#follow-box').hidden = true;
    $('#fit-view').textContent = 'Show all';
    this.showTrackers(true);
  }

  select(imei) {
    this.selected = imei;
    const device = this.list.devices.find((d) => d.imei === imei);
    this.selectedCount = device ? device.recordCount : null;
    this.list.select(imei);
    $('#track-h').textContent = `Track of ${imei}`;
    $('#device-detail').hidden = false;
    $('#show-all').hidden = false;
    $('#follow-box').hidden = false;
    $('#fit-view').textContent = 'Whole track';
    this.ensureMap()?.map.closePopup();
    // the track is where the eye goes next: bring it into view (below the list on a phone)
    const map = $('#map').getBoundingClientRect();
    if (map.top < $('#chrome').getBoundingClientRect().bottom || map.bottom > window.innerHeight) {
      $('#track-view').scrollIntoView({ block: 'start' });
    }
    this.commands.show(imei);
    this.showTrack(true);
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
    this.showTrack(true);
  }

  /** {@code fit}: a new tracker or time range, so the view shows the whole track; else the view stays. */
  async showTrack(fit) {
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
    const summary = $('#track-summary');
    try {
      const [track] = await Promise.all([api(`${base}/track${qs}`), fit ? this.table.show(imei, from, to) : this.table.refresh()]);
      if (imei !== this.selected) return; // another tracker was picked meanwhile
      this.ensureMap()?.showTrack(track, fit);
      const points = (track.features || []).filter((f) => f.geometry && f.geometry.type === 'Point').length;
      summary.textContent = points ? `${num(points)} positions with a valid fix. Tap the track for a fix's values.`
        : 'No positions with a valid fix in this time range.';
    } catch (e) {
      summary.textContent = `Could not load the track: ${plainError(e.message)}`;
    }
  }
}
