// Charts with uPlot (bundled from a webjar): records stored per minute, and sync volume per peer.
// The legend shows the newest minute's values until a pointer picks another (touch screens never hover);
// the y axis is as wide as its longest label; x labels keep their distance on a phone.
import { el, num, localClock, zoneLabel } from './api.js';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

function width(box) {
  return Math.max(260, Math.floor(box.getBoundingClientRect().width));
}

/** The axis' width: its longest label, the ticks, the gap, and a margin so that nothing touches the edge. */
function axisSize(u, values, axisIdx, cycleNum) {
  const axis = u.axes[axisIdx];
  if (cycleNum > 1) return axis._size;
  let size = axis.ticks.size + axis.gap + 8;
  const longest = (values || []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), '');
  if (longest) {
    u.ctx.font = axis.font[0];
    size += u.ctx.measureText(longest).width / (window.devicePixelRatio || 1);
  }
  return Math.ceil(size);
}

const count = (u, splits) => splits.map((v) => (Number.isInteger(v) ? num(v) : ''));

/** Keeps the legend on the newest values whenever the pointer is not over the chart. */
const newestInLegend = {
  setLegend: [(u) => {
    const last = u.data[0].length - 1;
    if (u.legend.idx == null && last >= 0) u.setLegend({ idx: last }, false);
  }],
};

export class Charts {
  constructor(ingestBox, volumeBox, volumeTable) {
    this.ingestBox = ingestBox;
    this.volumeBox = volumeBox;
    this.volumeTable = volumeTable;
    this.ingest = null;
    this.volume = null;
    this.volumeKey = '';
    window.addEventListener('resize', () => {
      if (this.ingest) this.ingest.setSize({ width: width(this.ingestBox), height: 220 });
      if (this.volume) this.volume.setSize({ width: width(this.volumeBox), height: 220 });
    });
  }

  update(data) {
    if (typeof uPlot === 'undefined' || !data) return;
    document.querySelectorAll('.chart-zone').forEach((z) => { z.textContent = zoneLabel(); });
    this.updateIngest(data.perMinute || []);
    this.updateVolume(data.syncVolume || []);
  }

  updateIngest(minutes) {
    const x = minutes.map((m) => m.minute);
    const local = minutes.map((m) => m.local);
    const peers = minutes.map((m) => m.fromPeers);
    if (this.ingest) {
      this.ingest.setData([x, local, peers]);
      return;
    }
    const bars = (align) => uPlot.paths.bars({ size: [0.45, 40, 3], align });
    this.ingest = new uPlot({
      width: width(this.ingestBox), height: 220,
      scales: { x: { time: true, range: (u, min, max) => [min - 60, max + 60] }, y: { range: (u, min, max) => [0, Math.max(5, max * 1.1)] } },
      axes: [
        // local clock times, 64 px apart at least: every 30 min on a phone, 10 or 15 min on a laptop
        { stroke: css('--ink'), font: FONT, grid: { stroke: '#c8ccd2' }, space: 64, values: (u, splits) => splits.map((s) => localClock(s * 1000, false)) },
        { stroke: css('--ink'), font: FONT, grid: { stroke: '#c8ccd2' }, size: axisSize, values: count },
      ],
      series: [
        { label: 'Minute', value: (u, v) => (v == null ? '' : localClock(v * 1000, false)) },
        { label: 'From trackers', stroke: '#0038a8', fill: 'rgba(0,56,168,.85)', width: 1, points: { show: false }, paths: bars(-1), value: (u, v) => num(v ?? 0) },
        { label: 'From peers', stroke: '#b35c00', fill: 'rgba(179,92,0,.85)', width: 1, points: { show: false }, paths: bars(1), value: (u, v) => num(v ?? 0) },
      ],
      hooks: newestInLegend,
    }, [x, local, peers], this.ingestBox);
    this.ingest.setLegend({ idx: x.length - 1 }, false);
  }

  /**
   * Records exchanged per peer. A peer with nothing exchanged (say, one that only ever failed) has no bar
   * to show: it is left out of the chart, and the table under it lists it with its syncs and failures.
   */
  updateVolume(peers) {
    const key = JSON.stringify(peers);
    if (key === this.volumeKey) return;
    this.volumeKey = key;
    if (this.volume) { this.volume.destroy(); this.volume = null; }
    this.volumeBox.replaceChildren();
    this.renderVolumeTable(peers);
    const shown = peers.filter((p) => p.newRecords || p.sentRecords);
    if (!shown.length) {
      this.volumeBox.append(el('p', { class: 'empty', text: peers.length
        ? 'No records exchanged with any peer yet.' : 'No syncs yet: the records received from and sent to each peer show up here.' }));
      return;
    }
    const x = shown.map((_, i) => i);
    const names = shown.map((p) => p.peer.replace(/^https?:\/\//, ''));
    const bars = (align) => uPlot.paths.bars({ size: [0.35, 60], align });
    this.volume = new uPlot({
      width: width(this.volumeBox), height: 220,
      legend: { show: false }, // the table under the chart has every number
      scales: { x: { time: false, range: [-0.5, shown.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(5, max * 1.15)] } },
      axes: [
        { stroke: css('--ink'), font: FONT, grid: { show: false }, splits: () => x, values: (u, splits) => splits.map((i) => names[i] || ''), gap: 6 },
        { stroke: css('--ink'), font: FONT, grid: { stroke: '#c8ccd2' }, size: axisSize, values: count },
      ],
      series: [{ label: 'Peer' },
        { label: 'Received', stroke: '#0b6b2b', fill: 'rgba(11,107,43,.75)', points: { show: false }, paths: bars(-1) },
        { label: 'Sent', stroke: '#0038a8', fill: 'rgba(0,56,168,.75)', points: { show: false }, paths: bars(1) }],
    }, [x, shown.map((p) => p.newRecords), shown.map((p) => p.sentRecords)], this.volumeBox);
  }

  renderVolumeTable(peers) {
    const table = this.volumeTable;
    if (!peers.length) {
      table.replaceChildren();
      return;
    }
    const head = el('tr', {}, ['Peer', 'Received', 'Sent'].map((h) => el('th', { scope: 'col', text: h })));
    const rows = peers.map((p) => {
      const none = !p.newRecords && !p.sentRecords;
      const syncs = `${num(p.syncs)} ${p.syncs === 1 ? 'sync' : 'syncs'}${p.failures ? `, ${num(p.failures)} failed` : ''}`;
      return el('tr', { class: none ? 'left-out' : null, 'data-peer': p.peer },
        el('td', { class: 'peer-name' }, p.peer.replace(/^https?:\/\//, ''),
          el('span', { class: 'note', text: none ? `${syncs}; not in the chart: nothing exchanged` : syncs })),
        el('td', { class: 'num', text: num(p.newRecords) }),
        el('td', { class: 'num', text: num(p.sentRecords) }));
    });
    table.replaceChildren(el('caption', { class: 'sr-only', text: 'Records exchanged per peer' }),
      el('thead', {}, head), el('tbody', {}, rows));
  }
}
