// The sync log. Auto-syncs that found nothing to exchange are noise one after the other: a peer's run of
// them (until something else happens with that peer) shows as one line, "no new records since 09:12, 38 checks".
import { el, num, bytes, ms, when, shortTime, errorWords } from './api.js';

/** An auto-sync that succeeded and exchanged nothing. */
function idle(e) {
  return e.triggerKind === 'auto' && e.outcome === 'success' && !e.newRecords && !e.sentRecords && !e.conflicts;
}

/**
 * The entries (newest first) as lines: an entry, or a run of idle auto-syncs with one peer
 * ({@code {run: [newest, ..., oldest]}}) placed where its newest entry is.
 */
export function lines(entries) {
  const out = [];
  const open = new Map(); // peer → its current run, while only idle syncs of that peer have been seen
  for (const e of entries) {
    if (!idle(e)) {
      open.delete(e.peerUrl);
      out.push({ entry: e });
      continue;
    }
    const run = open.get(e.peerUrl);
    if (run) {
      run.push(e);
    } else {
      const fresh = [e];
      open.set(e.peerUrl, fresh);
      out.push({ run: fresh });
    }
  }
  return out.map((line) => (line.run && line.run.length === 1 ? { entry: line.run[0] } : line));
}

export function renderEntry(e) {
  const { advice, plain } = e.error ? errorWords(e.error) : {};
  return el('li', { class: e.outcome },
    el('div', { class: 'when', text: `${when(e.startedAt)} · ${e.triggerKind || 'sync'} · ${ms(e.durationMs)}` }),
    el('div', { class: 'what' }, e.outcome === 'success' ? '✔ ' : '✖ ', `${e.peerUrl}: `,
      `${num(e.newRecords)} new, ${num(e.sentRecords)} sent, ${num(e.conflicts)} conflicts, ${bytes(e.bytesIn + e.bytesOut)}`),
    advice ? el('div', { class: 'why', text: advice }) : null,
    plain ? el('div', { class: 'raw', text: plain }) : null);
}

export function renderRun(run) {
  const newest = run[0];
  const oldest = run[run.length - 1];
  return el('li', { class: 'success idle-run', 'data-peer': newest.peerUrl },
    el('div', { class: 'when', text: `${when(newest.startedAt)} · auto` }),
    el('div', { class: 'what' }, '✔ ', `${newest.peerUrl}: `,
      `no new records since ${shortTime(oldest.startedAt, false)}, ${num(run.length)} checks`));
}
