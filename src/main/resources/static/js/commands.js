// Commands to the picked tracker, in a panel under the tracker list that opens from one line (which says what is
// on its way): a common command or a text of one's own, each shown with its state, its reply and the photo a
// Makephoto brings. While a command is on its way and the panel is open the list is asked for again every 2 s
// (it may be sent and answered on another device of the team, and reach this one by sync); otherwise every 15 s.
import { api, apiPage, $, el, shortTime, zoneLabel } from './api.js';

const LIMIT = 20;
const WAITING_MS = 2000;
const IDLE_MS = 15000;
const PEERS_MS = 60000;
const STATE_WORDS = { queued: 'queued', sent: 'sent', replied: 'replied', expired: 'expired', failed: 'failed' };

export class CommandPanel {
  constructor() {
    this.imei = null;
    this.nodeId = null;
    this.names = new Map(); // node id → name, from the known peers
    this.namesAt = 0;
    this.timer = null;
    this.loads = 0; // only the latest answer is shown (a tracker picked meanwhile answers late)
    $('#cmd-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = $('#cmd-text').value.trim();
      if (text) this.send('', { text });
    });
    for (const button of document.querySelectorAll('#commands [data-command]')) {
      button.addEventListener('click', () => this.pick(button.dataset.command));
    }
    document.addEventListener('visibilitychange', () => { if (!document.hidden && this.imei) this.load(); });
    $('#commands').addEventListener('toggle', () => { if (this.imei) this.load(); });
  }

  /** This node's id, to say "this device" for what it did. */
  setNode(nodeId) {
    this.nodeId = nodeId;
  }

  show(imei) {
    if (imei !== this.imei) {
      $('#cmd-list').replaceChildren();
      $('#cmd-error').textContent = '';
      $('#cmd-summary').textContent = '';
      $('#commands-h').textContent = `Commands to ${imei}`;
    }
    this.imei = imei;
    $('#commands').hidden = false;
    this.load();
  }

  hide() {
    this.imei = null;
    $('#commands').hidden = true;
    clearTimeout(this.timer);
  }

  pick(kind) {
    if (kind === 'status') return this.send('/status');
    if (kind === 'photo') return this.send('/photo');
    return this.send('/output', { output: Number($('#cmd-output').value), on: kind === 'on' });
  }

  async send(path, json) {
    const imei = this.imei;
    if (!imei) return;
    const controls = [...document.querySelectorAll('#commands button')];
    controls.forEach((b) => { b.disabled = true; });
    $('#cmd-error').textContent = '';
    try {
      await api(`/api/devices/${encodeURIComponent(imei)}/commands${path}`, { method: 'POST', json });
      if (json && json.text) $('#cmd-text').value = '';
    } catch (e) {
      $('#cmd-error').textContent = e.message;
    } finally {
      controls.forEach((b) => { b.disabled = false; });
    }
    this.load();
  }

  async load() {
    clearTimeout(this.timer);
    const imei = this.imei;
    if (!imei) return;
    const load = ++this.loads;
    let commands = null;
    try {
      await this.loadNames();
      ({ items: commands } = await apiPage(`/api/devices/${encodeURIComponent(imei)}/commands?limit=${LIMIT}`));
    } catch (e) {
      if (load === this.loads) $('#cmd-error').textContent = `Could not load the commands: ${e.message}`;
    }
    if (load !== this.loads || imei !== this.imei) return;
    if (commands) this.render(commands);
    const waiting = (commands || []).some((c) => c.state === 'queued' || c.state === 'sent');
    const often = waiting && $('#commands').open;
    this.timer = setTimeout(() => { if (!document.hidden) this.load(); }, often ? WAITING_MS : IDLE_MS);
  }

  async loadNames() {
    if (Date.now() - this.namesAt < PEERS_MS) return;
    this.namesAt = Date.now();
    try {
      for (const peer of await api('/api/peer/peers')) if (peer.nodeId && peer.name) this.names.set(peer.nodeId, peer.name);
    } catch { /* ids stay ids */ }
  }

  who(nodeId) {
    if (!nodeId) return '';
    if (nodeId === this.nodeId) return 'this device';
    return this.names.get(nodeId) || `device ${nodeId.slice(0, 8)}`;
  }

  render(commands) {
    const waiting = commands.filter((c) => c.state === 'queued' || c.state === 'sent').length;
    const last = commands[0];
    $('#cmd-summary').textContent = waiting ? `${waiting} on ${waiting === 1 ? 'its' : 'their'} way`
      : last ? `last: ${last.text} (${STATE_WORDS[last.state] || last.state})` : '';
    if (!commands.length) {
      $('#cmd-list').replaceChildren(el('li', { class: 'empty', text: 'No commands to this tracker yet.' }));
      return;
    }
    $('#cmd-list').replaceChildren(...commands.map((c) => this.item(c)));
  }

  item(c) {
    const facts = [`queued ${shortTime(c.createdAt)} by ${this.who(c.createdBy)}`];
    if (c.sentAt) facts.push(`sent ${shortTime(c.sentAt)} by ${this.who(c.sentBy)}${c.sends > 1 ? ` (${c.sends} of ${c.maxSends} sends)` : ''}`);
    if (c.state === 'queued' && c.sends > 0) facts.push(`unanswered: sent again when the tracker reports (${c.sends} of ${c.maxSends} sends)`);
    if (c.state === 'queued' || c.state === 'sent') facts.push(`expires ${shortTime(c.expiresAt)}`);
    if (c.state === 'expired') facts.push(`expired ${shortTime(c.endedAt)} without a reply`);
    if (c.state === 'failed') facts.push(`failed: no reply after ${c.sends} sends`);
    const reply = c.reply;
    return el('li', { 'data-id': c.id, 'data-state': c.state },
      el('div', { class: 'line1' }, el('code', { class: 'text', text: c.text }),
        el('span', { class: 'state', text: STATE_WORDS[c.state] || c.state })),
      el('div', { class: 'meta', text: `${facts.join(' · ')} · no. ${c.number} (times ${zoneLabel()})` }),
      reply ? el('div', { class: 'meta', text: `Reply ${shortTime(reply.receivedAt)}, received by ${this.who(reply.receivedBy)}:` }) : null,
      reply ? el('p', { class: 'reply', text: reply.text || '(no text)' }) : null,
      (c.photos || []).map((p) => el('img', { class: 'photo', src: p.url, loading: 'lazy',
        alt: `Photo from the tracker, ${shortTime(p.receivedAt)}` })));
  }
}
