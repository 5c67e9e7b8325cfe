// The map: every tracker's last position ("all trackers"), or one tracker's track with its fixes. Live
// updates redraw the layers but never move the view, unless "follow" is on (then the view pans to the
// newest fix, keeping the zoom). With no tile server configured it is an offline map on a graticule.
import { el, num, localTime, shortTime, zoneLabel, ago } from './api.js';
import { Graticule } from './graticule.js';

const fixed = (v, digits) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
const PICK_PX = 14; // a click this close to a fix opens its popup

function details(rows) {
  return el('dl', { class: 'popup-values' }, rows.filter(([, v]) => v !== null && v !== undefined)
    .flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
}

export class TrackMap {
  /**
   * @param container the map's element
   * @param options tileUrl / tileAttribution (none: offline), onSelect(imei) from a tracker's popup,
   *                onFollowChange(on) when dragging the map ends "follow"
   */
  constructor(container, { tileUrl, tileAttribution, onSelect, onFollowChange }) {
    this.onSelect = onSelect;
    this.onFollowChange = onFollowChange;
    // zoom 0 (the world 256 px wide): "Show all" fits a fleet spread over the world into a phone's 300 px map
    this.map = L.map(container, { worldCopyJump: true, minZoom: 0, attributionControl: true }).setView([20, 0], 2);
    // 150 px at most: the label of the shortest bar (half of it) still fits, "10000 km" included
    L.control.scale({ metric: true, imperial: false, maxWidth: 150 }).addTo(this.map);
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: tileAttribution || '' }).addTo(this.map);
    } else {
      container.classList.add('no-tiles');
      this.graticule = new Graticule(this.map);
      this.map.attributionControl.addAttribution('Offline map: no tiles');
    }
    this.map.createPane('fixes').style.zIndex = 420; // the fixes' dots, over the line; clicks pass through
    this.dots = L.canvas({ pane: 'fixes', padding: 0.3 });
    this.overview = L.featureGroup();
    this.markers = new Map();
    this.track = L.featureGroup();
    this.fixes = [];
    this.last = null;
    this.follow = false;
    this.mode = null;
    this.map.on('click', (e) => this.pick(e));
    this.map.on('dragstart', () => {
      if (this.follow) {
        this.follow = false;
        this.onFollowChange(false);
      }
    });
  }

  /** Every tracker's last position; {@code fit}: the view shows them all (else it stays where it is). */
  showTrackers(devices, isOnline, fit) {
    if (this.mode !== 'all') {
      this.track.remove();
      this.overview.addTo(this.map);
      this.mode = 'all';
    }
    const shown = new Set();
    for (const d of devices) {
      const p = d.lastPosition;
      if (!p) continue;
      shown.add(d.imei);
      const online = isOnline(d);
      const style = { radius: 8, color: '#0a0a0a', weight: 2, fillColor: online ? '#0b6b2b' : '#9aa0a8', fillOpacity: 1 };
      let marker = this.markers.get(d.imei);
      if (!marker) {
        marker = L.circleMarker([p.latitude, p.longitude], { ...style, className: 'tracker-marker' })
          .bindTooltip(d.imei).addTo(this.overview);
        marker.bindPopup(() => this.trackerPopup(marker.device, marker.online), this.popupOptions());
        this.markers.set(d.imei, marker);
      } else {
        marker.setLatLng([p.latitude, p.longitude]);
        marker.setStyle(style);
      }
      marker.device = d;
      marker.online = online;
    }
    for (const [imei, marker] of this.markers) {
      if (!shown.has(imei)) {
        marker.remove();
        this.markers.delete(imei);
      }
    }
    if (fit) this.fit(this.overview, 12);
  }

  trackerPopup(d, online) {
    const p = d.lastPosition;
    const zone = zoneLabel();
    return el('div', { class: 'popup tracker-popup' },
      el('div', { class: 'popup-title' }, el('strong', { text: d.imei }), ' ',
        el('span', { class: `badge ${online ? 'online' : 'offline'}`, text: online ? 'online' : 'offline' })),
      el('div', { text: `Seen ${shortTime(d.lastSeen)} ${zone} (${ago(d.lastSeen)})` }),
      el('div', { text: `Fix ${fixed(p.latitude, 5)}, ${fixed(p.longitude, 5)} at ${shortTime(p.timestamp)} ${zone}` }),
      el('div', { text: [d.supplyVoltage != null ? `${(d.supplyVoltage / 1000).toFixed(2)} V` : null, `${num(d.recordCount)} records`]
        .filter(Boolean).join(' · ') }),
      el('button', { type: 'button', class: 'small show-track', onclick: () => this.onSelect(d.imei) }, 'Show its track'));
  }

  /** One tracker's track (GeoJSON of /api/devices/{imei}/track); {@code fit}: the view shows all of it. */
  showTrack(geojson, fit) {
    if (this.mode !== 'track') {
      this.overview.remove();
      this.map.closePopup();
      this.track.addTo(this.map);
      this.mode = 'track';
    }
    this.track.clearLayers();
    const features = geojson.features || [];
    this.fixes = features.filter((f) => f.geometry && f.geometry.type === 'Point')
      .map((f) => ({ at: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]), values: f.properties || {} }));
    const latlngs = this.fixes.map((f) => f.at);
    this.last = latlngs.length ? latlngs[latlngs.length - 1] : null;
    if (!latlngs.length) return;
    if (latlngs.length > 1) {
      L.polyline(latlngs, { color: '#0038a8', weight: 5, opacity: 0.95, className: 'track-line', interactive: false })
        .addTo(this.track);
    }
    for (const at of latlngs) {
      L.circleMarker(at, { renderer: this.dots, radius: 3, color: '#0038a8', weight: 1.5, fillColor: '#ffffff', fillOpacity: 1, interactive: false })
        .addTo(this.track);
    }
    L.circleMarker(latlngs[0], { radius: 7, color: '#0a0a0a', weight: 2, fillColor: '#0b6b2b', fillOpacity: 1, className: 'track-start' })
      .bindTooltip('start').addTo(this.track);
    L.circleMarker(this.last, { radius: 9, color: '#0a0a0a', weight: 2, fillColor: '#b00020', fillOpacity: 1, className: 'track-last' })
      .bindTooltip('last position').addTo(this.track);
    if (fit) this.fit(this.track, 17);
    else if (this.follow) this.map.panTo(this.last);
  }

  setFollow(on) {
    this.follow = on;
    if (on && this.mode === 'track' && this.last) this.map.panTo(this.last);
  }

  /** Shows the whole track or all trackers again. */
  fitAll() {
    this.fit(this.mode === 'track' ? this.track : this.overview, this.mode === 'track' ? 17 : 12);
  }

  fit(group, maxZoom) {
    this.map.invalidateSize();
    const bounds = group.getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [28, 28], maxZoom });
  }

  /** As wide as fits the map (a phone's is narrow), kept clear of the zoom buttons and the attribution. */
  popupOptions() {
    // the content plus the popup's own margins (~45 px) and the pan paddings must fit in the map
    return { maxWidth: Math.max(150, Math.min(280, this.map.getSize().x - 110)), autoPanPaddingTopLeft: [50, 30],
      autoPanPaddingBottomRight: [12, 26] };
  }

  /** The popup of the fix nearest to a click on the track (the dots are drawn, not clickable one by one). */
  pick(event) {
    if (this.mode !== 'track' || !this.fixes.length) return;
    const at = this.map.latLngToContainerPoint(event.latlng);
    let best = null;
    let bestDistance = PICK_PX;
    for (const fix of this.fixes) {
      const d = at.distanceTo(this.map.latLngToContainerPoint(fix.at));
      if (d <= bestDistance) {
        best = fix;
        bestDistance = d;
      }
    }
    if (best) L.popup(this.popupOptions()).setLatLng(best.at).setContent(this.fixPopup(best)).openOn(this.map);
  }

  fixPopup(fix) {
    const v = fix.values;
    return el('div', { class: 'popup fix-popup' },
      el('strong', { text: `${localTime(v.time)} ${zoneLabel()}` }),
      details([
        ['Position', `${fixed(fix.at.lat, 6)}, ${fixed(fix.at.lng, 6)}`],
        ['Speed', v.speed != null ? `${fixed(v.speed, 1)} km/h` : null],
        ['Course', v.course != null ? `${fixed(v.course, 0)}°` : null],
        ['Altitude', v.altitude != null ? `${v.altitude} m` : null],
        ['Satellites', v.satellites],
        ['Record no.', v.recordNumber],
      ]));
  }
}
