// The sync log. Syncs that found nothing to exchange on their own (auto-syncs, another node's syncs with this
// one) are noise one after the other: the node keeps a peer's streak of them as one entry that counts its checks
// (as GET /api/peer/log shows it), and the page shows a streak as one line, "no new records since 09:12, 38 checks".
import { el, num, bytes, ms, when, shortTime, errorWords } from './api.js';

const COLLAPSED = new Set(['auto', 'inbound']);

/** An auto or inbound sync that succeeded and exchanged nothing. */
function idle(e) {
  return COLLAPSED.has(e.triggerKind) && e.outcome === 'success' && !e.newRecords && !e.sentRecords && !e.conflicts;
}

const checks = (e) => e.checks || 1;

/** Whether entry e is a newer version of the same idle streak as old (the node replaced old by e). */
export function supersedes(e, old) {
  return idle(e) && idle(old) && old.id < e.id && old.peerUrl === e.peerUrl && old.triggerKind === e.triggerKind
    && old.startedAt === e.startedAt && checks(old) < checks(e);
}

/**
 * The entries (newest first) as lines: an entry, or a run of idle auto-syncs with one peer
 * ({@code {run: [newest, ..., oldest]}}) placed where its newest entry is.
 */
export function lines(entries) {
  const out = [];
  const open = new Map(); // peer and trigger → its current run, while only idle syncs of that peer have been seen
  for (const e of entries) {
    if (!idle(e)) {
      for (const key of [...open.keys()]) if (key.startsWith(`${e.peerUrl} `)) open.delete(key);
      out.push({ entry: e });
      continue;
    }
    const key = `${e.peerUrl} ${e.triggerKind}`;
    const run = open.get(key);
    if (run) {
      run.push(e);
    } else {
      const fresh = [e];
      open.set(key, fresh);
      out.push({ run: fresh });
    }
  }
  return out.map((line) => (line.run && line.run.length === 1 && checks(line.run[0]) === 1 ? { entry: line.run[0] } : line));
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
  const count = run.reduce((n, e) => n + checks(e), 0);
  return el('li', { class: 'success idle-run', 'data-peer': newest.peerUrl, 'data-trigger': newest.triggerKind },
    el('div', { class: 'when', text: `${when(newest.lastAt || newest.startedAt)} · ${newest.triggerKind}` }),
    el('div', { class: 'what' }, '✔ ', `${newest.peerUrl}: `,
      `no new records since ${shortTime(oldest.startedAt, false)}, ${num(count)} checks`));
}
