// The tracker list: search, show online/offline only, sort, and a badge per tracker. "Online" means heard
// from within a number of minutes the user picks (kept in this browser).
import { $, el, num, localTime, zoneLabel, ago } from './api.js';

const ONLINE_KEY = 'galileo.onlineMinutes';
const SORTS = {
  seen: (a, b) => Date.parse(b.lastSeen || 0) - Date.parse(a.lastSeen || 0) || a.imei.localeCompare(b.imei),
  imei: (a, b) => a.imei.localeCompare(b.imei, undefined, { numeric: true }),
  records: (a, b) => b.recordCount - a.recordCount || a.imei.localeCompare(b.imei),
};

const volts = (mv) => (mv === null || mv === undefined ? null : `${(mv / 1000).toFixed(2)}\u00a0V`);

export class DeviceList {
  /** @param onSelect called with a tracker's IMEI when it is picked */
  constructor(onSelect) {
    this.onSelect = onSelect;
    this.devices = [];
    this.selected = null;
    this.hint = null;
    this.key = '';
    const saved = Number(localStorage.getItem(ONLINE_KEY));
    if (saved > 0) $('#dev-online').value = String(saved);
    $('#dev-search').addEventListener('input', () => this.render());
    $('#dev-show').addEventListener('change', () => this.render());
    $('#dev-sort').addEventListener('change', () => this.render());
    $('#dev-online').addEventListener('change', () => {
      localStorage.setItem(ONLINE_KEY, $('#dev-online').value);
      this.render(true);
      this.onOnlineChange?.();
    });
    // "3 min ago" grows old by itself; so do online badges
    setInterval(() => { if (!document.hidden) this.render(true); }, 30_000);
  }

  onlineMinutes() {
    return Number($('#dev-online').value) || 5;
  }

  isOnline(device) {
    const seen = Date.parse(device.lastSeen || '');
    return Number.isFinite(seen) && Date.now() - seen <= this.onlineMinutes() * 60_000;
  }

  set(devices) {
    this.devices = devices;
    this.render();
  }

  select(imei) {
    this.selected = imei;
    this.render(true);
    this.reveal();
  }

  /** Scrolls the list (only the list, not the page) so that the selected tracker shows. */
  reveal() {
    const box = $('#device-list');
    const item = this.selected && box.querySelector(`li[data-imei="${this.selected}"]`);
    // the list is the items' offset parent (position: relative)
    if (item && !this.selectedInView()) box.scrollTop = item.offsetTop - (box.clientHeight - item.offsetHeight) / 2;
  }

  /** The trackers the search and filter let through, in the chosen order. */
  visible() {
    const q = $('#dev-search').value.trim().toLowerCase();
    const show = $('#dev-show').value;
    return this.devices
      .filter((d) => !q || d.imei.toLowerCase().includes(q) || (d.remoteAddress || '').toLowerCase().includes(q))
      .filter((d) => !show || (show === 'online') === this.isOnline(d))
      .sort(SORTS[$('#dev-sort').value] || SORTS.seen);
  }

  render(force = false) {
    const box = $('#device-list');
    if (!this.devices.length) {
      const host = this.hint ? this.hint.host : '<this device\'s IP>';
      const port = this.hint ? this.hint.port : 3003;
      $('#dev-count').textContent = '';
      box.replaceChildren(el('p', { class: 'empty' }, 'No trackers yet: point a tracker at ',
        el('strong', { text: `${host}:${port}` }), ' (its server setting; TCP, Galileosky protocol).'));
      this.key = '';
      return;
    }
    const shown = this.visible();
    // unchanged list, unchanged DOM: keeps the keyboard focus and the list's scroll position
    const key = JSON.stringify([shown, this.selected]);
    if (!force && key === this.key) return;
    this.key = key;
    const online = this.devices.filter((d) => this.isOnline(d)).length;
    $('#dev-count').textContent = `${shown.length === this.devices.length ? `${num(this.devices.length)} trackers`
      : `${num(shown.length)} of ${num(this.devices.length)} trackers`} · ${num(online)} online`;
    if (!shown.length) {
      box.replaceChildren(el('p', { class: 'empty', text: 'No tracker matches the search.' }));
      return;
    }
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.imei : null;
    const seen = this.selectedInView();
    box.replaceChildren(el('ul', { class: 'devices' }, shown.map((d) => this.item(d))));
    if (focused) box.querySelector(`button[data-imei="${focused}"]`)?.focus({ preventScroll: true });
    if (seen) this.reveal(); // a new sort position (say, it just reported) does not hide it
  }

  selectedInView() {
    const box = $('#device-list');
    const item = this.selected && box.querySelector(`li[data-imei="${this.selected}"]`);
    return !!item && item.offsetTop >= box.scrollTop && item.offsetTop + item.offsetHeight <= box.scrollTop + box.clientHeight;
  }

  item(d) {
    const on = this.isOnline(d);
    const p = d.lastPosition;
    const facts = [`seen ${ago(d.lastSeen)}`, `${num(d.recordCount)}\u00a0records`, volts(d.supplyVoltage)].filter(Boolean);
    return el('li', { class: d.imei === this.selected ? 'selected' : null, 'data-imei': d.imei },
      el('button', { type: 'button', class: 'device', 'data-imei': d.imei, 'aria-label': `Show the track of ${d.imei}`,
        'aria-current': d.imei === this.selected ? 'true' : null, title: `Last seen ${localTime(d.lastSeen)} ${zoneLabel()}`,
        onclick: () => this.onSelect(d.imei) },
      el('span', { class: 'line1' }, el('span', { class: 'imei', text: d.imei }),
        el('span', { class: `badge ${on ? 'online' : 'offline'}`, text: on ? 'online' : 'offline' })),
      el('span', { class: 'line2', text: facts.join(' · ') }),
      el('span', { class: 'line2', text: p ? `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}` : 'no fix yet' })));
  }
}
