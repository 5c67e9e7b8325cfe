// The offline map's background: latitude/longitude lines at a step that suits the zoom, labelled along the
// map's top and right edges (the zoom buttons, scale and attribution keep the other corners). Nothing is downloaded; lines are SVG in a pane under the tracks, labels are

// Steps in degrees, coarse to fine: each view gets the finest that leaves lines 70 px apart or more.
const STEPS = [90, 60, 45, 30, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001];
const MIN_GAP_PX = 70;
const MAX_LAT = 85; // web Mercator ends at ±85.05°

function step(degrees, pixels) {
  const wanted = degrees * (MIN_GAP_PX / Math.max(1, pixels));
  let best = STEPS[0];
  for (const s of STEPS) if (s >= wanted) best = s;
  return best;
}

const decimals = (s) => (s >= 1 ? 0 : Math.ceil(-Math.log10(s) - 1e-9));
const wrapLon = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;

function latLabel(lat, s) {
  const v = Math.abs(lat).toFixed(decimals(s));
  return Number(v) === 0 ? '0°' : `${v}°${lat > 0 ? 'N' : 'S'}`;
}

function lonLabel(lon, s) {
  const w = wrapLon(lon);
  const v = Math.abs(w).toFixed(decimals(s));
  return Number(v) === 0 || Number(v) === 180 ? `${v}°` : `${v}°${w > 0 ? 'E' : 'W'}`;
}

function values(min, max, s) {
  const out = [];
  for (let v = Math.ceil(min / s) * s; v <= max + 1e-9 && out.length < 200; v += s) out.push(Number(v.toFixed(6)));
  return out;
}

export class Graticule {
  constructor(map) {
    this.map = map;
    map.createPane('graticule').style.zIndex = 250; // over the (absent) tiles, under the tracks
    this.renderer = L.svg({ pane: 'graticule', padding: 0.5 });
    this.lines = L.layerGroup().addTo(map);
    this.labels = map.createPane('graticuleLabels');
    this.labels.style.zIndex = 450; // over the tracks, under popups (700)
    this.labels.classList.add('graticule-labels');
    this.labels.setAttribute('aria-hidden', 'true');
    this.frame = 0;
    map.on('moveend zoomend resize', () => this.drawLines());
    map.on('move zoom resize', () => this.scheduleLabels());
    this.drawLines();
  }

  /** The steps for the current view: [latitude step, longitude step]. */
  steps() {
    const b = this.map.getBounds();
    const size = this.map.getSize();
    const latSpan = Math.min(b.getNorth(), MAX_LAT) - Math.max(b.getSouth(), -MAX_LAT);
    return [step(Math.max(latSpan, 1e-6), size.y), step(b.getEast() - b.getWest(), size.x)];
  }

  drawLines() {
    const b = this.map.getBounds().pad(0.5);
    const [latStep, lonStep] = this.steps();
    const south = Math.max(b.getSouth(), -MAX_LAT);
    const north = Math.min(b.getNorth(), MAX_LAT);
    this.lines.clearLayers();
    const style = (major) => ({ renderer: this.renderer, interactive: false, color: major ? '#8d8572' : '#b9b19c',
      weight: major ? 1.6 : 1, opacity: 1, className: 'graticule-line' });
    for (const lat of values(south, north, latStep)) {
      L.polyline([[lat, b.getWest()], [lat, b.getEast()]], style(lat === 0)).addTo(this.lines);
    }
    for (const lon of values(b.getWest(), b.getEast(), lonStep)) {
      L.polyline([[south, lon], [north, lon]], style(wrapLon(lon) === 0)).addTo(this.lines);
    }
    this.drawLabels();
  }

  scheduleLabels() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.drawLabels(); });
  }

  drawLabels() {
    const map = this.map;
    const b = map.getBounds();
    const size = map.getSize();
    const [latStep, lonStep] = this.steps();
    const spans = [];
    for (const lat of values(Math.max(b.getSouth(), -MAX_LAT), Math.min(b.getNorth(), MAX_LAT), latStep)) {
      const y = map.latLngToContainerPoint([lat, b.getWest()]).y;
      if (y > 26 && y < size.y - 30) spans.push(this.label(latLabel(lat, latStep), 'lat', size.x - 3, y));
    }
    for (const lon of values(b.getWest(), b.getEast(), lonStep)) {
      const x = map.latLngToContainerPoint([b.getNorth(), lon]).x;
      if (x > 46 && x < size.x - 24) spans.push(this.label(lonLabel(lon, lonStep), 'lon', x, 3));
    }
    this.labels.replaceChildren(...spans);
  }

  /** A label at a point of the map's container; placed in layer coordinates, as its pane moves with the map. */
  label(text, axis, x, y) {
    const span = document.createElement('span');
    span.className = `graticule-label ${axis}`;
    span.textContent = text;
    const at = this.map.containerPointToLayerPoint([x, y]);
    span.style.left = `${Math.round(at.x)}px`;
    span.style.top = `${Math.round(at.y)}px`;
    return span;
  }
}
