// A tracker's records, newest first, a page at a time, grouped by local day. On a phone the table keeps the
// columns one reads in the field (time, position, speed, supply); the others show from 640 px up.
import { $, el, apiPage, num, localDay, localClock, zoneLabel } from './api.js';

const PAGE_SIZE = 50;

const fixed = (v, digits) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
const volts = (mv) => (mv === null || mv === undefined ? '–' : (mv / 1000).toFixed(2));

// [header, value of a record, class]: "wide" columns are left out on narrow screens
const COLUMNS = [
  [() => `Time (${zoneLabel()})`, (r) => localClock(r.timestamp), 'time'],
  [() => 'Position', (r) => (r.latitude == null ? 'no fix' : [el('span', { text: fixed(r.latitude, 5) }), el('span', { text: fixed(r.longitude, 5) })]), 'pos'],
  [() => 'km/h', (r) => fixed(r.speed, 1), 'num'],
  [() => 'Supply V', (r) => volts(r.supplyVoltage), 'num'],
  [() => 'Sats', (r) => r.satellites ?? '–', 'num wide'],
  [() => 'Course', (r) => fixed(r.course, 0), 'num wide'],
  [() => 'Alt m', (r) => r.altitude ?? '–', 'num wide'],
  [() => 'Battery V', (r) => volts(r.batteryVoltage), 'num wide'],
  [() => '°C', (r) => r.temperature ?? '–', 'num wide'],
  [() => 'No.', (r) => r.recordNumber, 'num wide'],
];

export class RecordTable {
  constructor() {
    this.query = null;
    this.offset = 0;
    this.total = 0;
    this.loads = 0; // only the latest request's answer is shown (a double tap answers out of order)
    $('#rec-newer').addEventListener('click', () => this.page(this.offset - PAGE_SIZE));
    $('#rec-older').addEventListener('click', () => this.page(this.offset + PAGE_SIZE));
  }

  /** Shows the newest page of a tracker's records in a time range ({@code from}/{@code to}: ISO or empty). */
  show(imei, from, to) {
    const query = new URLSearchParams({ imei, order: 'desc', limit: String(PAGE_SIZE) });
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    this.query = query;
    return this.page(0);
  }

  /** New records arrived: the first page shows them; a later page stays as it is (its rows would shift). */
  refresh() {
    return this.offset === 0 && this.query ? this.page(0) : Promise.resolve();
  }

  async page(offset) {
    if (!this.query) return;
    this.offset = Math.max(0, offset);
    const load = ++this.loads;
    const query = new URLSearchParams(this.query);
    query.set('offset', String(this.offset));
    const { items, total } = await apiPage(`/api/records?${query}`);
    if (load !== this.loads) return;
    this.total = total;
    this.render(items);
  }

  render(records) {
    const table = $('#record-table');
    const caption = el('caption', { class: 'sr-only', text: 'Records of the track, newest first' });
    const last = Math.min(this.offset + records.length, this.total);
    $('#rec-range').textContent = records.length
      ? `${num(this.offset + 1)}–${num(last)} of ${num(this.total)}` : '';
    $('#rec-newer').disabled = this.offset === 0;
    $('#rec-older').disabled = last >= this.total;
    $('#rec-pager').hidden = this.total <= PAGE_SIZE && this.offset === 0;
    if (!records.length) {
      table.replaceChildren(caption, el('tbody', {}, el('tr', {}, el('td', { text: 'No records in this time range.' }))));
      return;
    }
    const rows = [];
    let day = null;
    for (const r of records) {
      const d = localDay(r.timestamp);
      if (d !== day) {
        day = d;
        rows.push(el('tr', { class: 'day' }, el('th', { colspan: COLUMNS.length, scope: 'colgroup', text: d })));
      }
      rows.push(el('tr', { class: 'rec' }, COLUMNS.map(([, value, cls]) => el('td', { class: cls }, value(r)))));
    }
    table.replaceChildren(caption,
      el('thead', {}, el('tr', {}, COLUMNS.map(([head, , cls]) => el('th', { scope: 'col', class: cls, text: head() })))),
      el('tbody', {}, rows));
  }
}
