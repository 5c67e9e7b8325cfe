// Charts with uPlot (bundled from a webjar): records stored per minute, and sync volume per peer.

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function width(box) {
  return Math.max(280, Math.floor(box.getBoundingClientRect().width));
}

export class Charts {
  constructor(ingestBox, volumeBox) {
    this.ingestBox = ingestBox;
    this.volumeBox = volumeBox;
    this.ingest = null;
    this.volume = null;
    this.volumeKey = '';
    window.addEventListener('resize', () => {
      if (this.ingest) this.ingest.setSize({ width: width(this.ingestBox), height: 220 });
      if (this.volume) this.volume.setSize({ width: width(this.volumeBox), height: 240 });
    });
  }

  update(data) {
    if (typeof uPlot === 'undefined' || !data) return;
    this.updateIngest(data.perMinute || []);
    this.updateVolume(data.syncVolume || []);
  }

  updateIngest(minutes) {
    const x = minutes.map((m) => m.minute);
    const local = minutes.map((m) => m.local);
    const peers = minutes.map((m) => m.fromPeers);
    if (!this.ingest) {
      this.ingest = new uPlot({
        width: width(this.ingestBox), height: 220,
        scales: { x: { time: true, range: (u, min, max) => [min - 60, max + 60] }, y: { range: (u, min, max) => [0, Math.max(5, max * 1.1)] } },
        axes: [{ stroke: css('--ink'), grid: { stroke: '#c8ccd2' } },
          { stroke: css('--ink'), grid: { stroke: '#c8ccd2' }, size: 50 }],
        series: [{},
          { label: 'From trackers', stroke: '#0038a8', fill: 'rgba(0,56,168,.85)', width: 1, points: { show: false }, paths: uPlot.paths.bars({ size: [0.45, 40, 3], align: -1 }) },
          { label: 'From peers', stroke: '#b35c00', fill: 'rgba(179,92,0,.85)', width: 1, points: { show: false }, paths: uPlot.paths.bars({ size: [0.45, 40, 3], align: 1 }) }],
      }, [x, local, peers], this.ingestBox);
    } else {
      this.ingest.setData([x, local, peers]);
    }
  }

  updateVolume(peers) {
    const key = JSON.stringify(peers);
    if (key === this.volumeKey) return;
    this.volumeKey = key;
    if (this.volume) { this.volume.destroy(); this.volume = null; }
    if (!peers.length) {
      this.volumeBox.innerHTML = '';
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'No syncs yet: the records received from and sent to each peer show up here.';
      this.volumeBox.append(p);
      return;
    }
    this.volumeBox.innerHTML = '';
    const x = peers.map((_, i) => i);
    const names = peers.map((p) => p.peer.replace(/^https?:\/\//, ''));
    this.volume = new uPlot({
      width: width(this.volumeBox), height: 240,
      scales: { x: { time: false, range: [-0.5, peers.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(5, max * 1.15)] } },
      axes: [
        { stroke: css('--ink'), grid: { show: false }, splits: () => x, values: (u, splits) => splits.map((i) => names[i] || ''), gap: 6 },
        { stroke: css('--ink'), grid: { stroke: '#c8ccd2' }, size: 56, label: 'records' },
      ],
      series: [{ label: 'Peer', value: (u, i) => (i == null ? '' : names[i] || '') },
        { label: 'Received', stroke: '#0b6b2b', fill: 'rgba(11,107,43,.75)', points: { show: false }, paths: uPlot.paths.bars({ size: [0.35, 60], align: -1 }) },
        { label: 'Sent', stroke: '#0038a8', fill: 'rgba(0,56,168,.75)', points: { show: false }, paths: uPlot.paths.bars({ size: [0.35, 60], align: 1 }) }],
    }, [x, peers.map((p) => p.newRecords), peers.map((p) => p.sentRecords)], this.volumeBox);
  }
}
