// One runbook execution, live: GET /api/v1/executions/{id} for the state, SSE /api/v1/executions/{id}/events for
// the journal (one `journal` event per entry, then `end`). Approve / reject / cancel only for roles that may.
import { h, $, clear, append } from './dom.js';
import { get, post, optional, atLeast } from './api.js';
import { header, problem, section } from './layout.js';
import { pill, dur, clock, utc } from './format.js';
import { stepGraph, timeline } from './svg.js';

const TERMINAL = ['Succeeded', 'PartiallyFailed', 'Failed', 'Cancelled'];
const id = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const enc = encodeURIComponent(id);
const reasons = new Map();
const state = { execution: null, journal: new Map(), selected: null, ended: false, error: null, report: null, user: null, stream: 'connecting' };

function logsOf(stepId) {
  return [...state.journal.values()].filter(e => (stepId ? e.stepId === stepId : !e.stepId)).sort((a, b) => a.sequence - b.sequence);
}

function logLine(e) {
  const parts = [clock(e.at), e.stepId && !state.selected ? `${e.stepId}:` : null, e.kind].filter(Boolean);
  if (e.attempt > 1) parts.push(`attempt ${e.attempt}`);
  if (e.actor && /Approved|Rejected|Cancel/.test(e.kind)) parts.push(`by ${e.actor}`);
  if (e.code) parts.push(`[${e.code}]`);
  if (e.message) parts.push(e.message);
  if (e.data && e.kind === 'StepSucceeded') parts.push(Object.entries(e.data).map(([k, v]) => `${k}=${v}`).join(' '));
  return parts.join('  ');
}

async function act(path, body, what) {
  try {
    await post(path, body);
    await load();
  } catch (e) {
    state.error = new Error(`${what} failed: ${e.message}`);
    render();
  }
}

function stepActions(step) {
  const x = state.execution;
  if (!state.user || TERMINAL.includes(x.phase) || step.state !== 'WaitingForApproval' || !atLeast(state.user.role, 'approver')) return null;
  const reason = h('input', { type: 'text', placeholder: 'Reason (required to reject)', 'aria-label': `Reason for ${step.id}`, class: 'reason-input',
    value: reasons.get(step.id) ?? '', oninput: e => reasons.set(step.id, e.target.value) });
  return h('span', { class: 'approval' },
    h('button', { type: 'button', class: 'primary', 'data-action': 'approve', 'data-step': step.id,
      onclick: () => act(`/api/v1/executions/${enc}/steps/${encodeURIComponent(step.id)}/approve`, { reason: reason.value || null }, 'Approve') }, 'Approve'), ' ',
    h('button', { type: 'button', class: 'danger', 'data-action': 'reject', 'data-step': step.id,
      onclick: () => (reason.value.trim() ? act(`/api/v1/executions/${enc}/steps/${encodeURIComponent(step.id)}/reject`, { reason: reason.value.trim() }, 'Reject') : reason.focus()) }, 'Reject'), ' ',
    reason);
}

function stepsTable(x) {
  return h('table', { id: 'steps' },
    h('thead', {}, h('tr', {}, ['Step', 'Action', 'State', 'Attempt', 'Started', 'Duration', 'Approval', 'Error / outputs', ''].map(t => h('th', {}, t)))),
    h('tbody', {}, x.steps.map(st => h('tr', { 'data-step': st.id, 'data-state': st.state, class: st.id === state.selected ? 'selected' : null },
      h('td', {}, h('button', { type: 'button', class: 'link-dark', onclick: () => select(st.id) }, st.title || st.id), st.title ? h('small', {}, st.id) : null),
      h('td', { class: 'mono' }, st.action),
      h('td', {}, pill(st.state)),
      h('td', { class: 'num' }, st.attempt ?? ''),
      h('td', { class: 'mono' }, clock(st.startedAt)),
      h('td', { class: 'num' }, st.durationSeconds != null ? dur(st.durationSeconds) : st.startedAt && !st.endedAt ? `${dur((Date.now() - Date.parse(st.startedAt)) / 1000)}…` : '—'),
      h('td', {}, st.approval ? [pill(st.approval.state), st.approval.by ? h('small', {}, `${st.approval.by}${st.approval.reason ? `: ${st.approval.reason}` : ''}`) : null] : ''),
      h('td', { class: 'reason' }, st.error ?? (st.state === 'Skipped' && st.skipReason ? st.skipReason
        : st.outputs ? Object.entries(st.outputs).map(([k, v]) => `${k}=${v}`).join(' ') : '')),
      h('td', {}, stepActions(st))))));
}

function select(stepId) {
  state.selected = state.selected === stepId ? null : stepId;
  render();
}

// Each recovered item: what it was, what now serves it, the copy it came from and that copy's recovery point.
function itemsTable(items) {
  if (!items?.length) return null;
  return h('div', { class: 'table-wrap' }, h('table', { id: 'items' },
    h('thead', {}, h('tr', {}, ['Kind', 'Source', 'State', 'Recovered as', 'Copy used', 'Recovery point', 'Took'].map(t => h('th', {}, t)))),
    h('tbody', {}, items.map(it => h('tr', { 'data-item': `${it.kind}/${it.source}` },
      h('td', {}, it.kind), h('td', { class: 'mono' }, it.source), h('td', {}, pill(it.state)),
      h('td', { class: 'mono' }, it.recovered ?? '—'), h('td', { class: 'mono' }, it.copy ?? '—'),
      h('td', { class: 'mono' }, it.recoveryPoint ? utc(it.recoveryPoint) : '—'),
      h('td', { class: 'num' }, it.durationSeconds != null ? dur(it.durationSeconds) : '—'))))));
}

function reportPanel(r) {
  if (!r) return null;
  const met = v => pill(v === true ? 'Met' : v === false ? 'Missed' : 'Unknown');
  const drill = state.execution?.mode === 'Drill';
  return section(drill ? 'Drill report' : 'Execution report',
    h('dl', { class: 'facts', id: 'report' },
      h('dt', {}, 'RTO measured'), h('dd', {}, met(r.rtoMet), ` ${dur(r.rtoSeconds)} against ${dur(r.rtoTargetSeconds)}`,
        r.rtoMeasuredTo ? h('small', { id: 'rto-measured-to' }, ` to ${r.rtoMeasuredTo}${r.rtoMeasuredTo === 'infrastructure ready' ? ' (no smoke test ran: the service answering was not checked)' : ''}`) : null),
      h('dt', {}, 'RPO measured'), h('dd', {}, met(r.rpoMet), ` ${dur(r.rpoSeconds)} against ${dur(r.rpoTargetSeconds)}`),
      h('dt', {}, 'Phase'), h('dd', {}, pill(r.phase)),
      h('dt', {}, 'Window'), h('dd', { class: 'mono' }, `${utc(r.startedAt)} → ${utc(r.endedAt)}`),
      h('dt', {}, 'Clean-up'), h('dd', {}, r.cleanup ? [pill(r.cleanup.state), ` ${r.cleanup.deleted?.length ?? 0} deleted, ${r.cleanup.failed?.length ?? 0} failed`] : '—')),
    itemsTable(r.items),
    r.cleanup?.failed?.length ? h('pre', { class: 'log' }, r.cleanup.failed.map(f => (typeof f === 'string' ? f : JSON.stringify(f))).join('\n')) : null);
}

function render() {
  const main = clear($('#main'));
  const x = state.execution;
  if (!x) {
    if (state.error) main.append(problem(`Execution ${id}`, state.error));
    return;
  }
  const done = x.progress?.done ?? x.steps.filter(st => ['Succeeded', 'Skipped', 'Failed', 'Cancelled'].includes(st.state)).length;
  const total = x.progress?.total ?? x.steps.length;
  const bar = h('span', { class: 'progress', role: 'progressbar', 'aria-valuenow': done, 'aria-valuemax': total }, h('span', {}));
  bar.firstChild.style.width = `${total ? (100 * done) / total : 0}%`;
  const canCancel = state.user && atLeast(state.user.role, 'operator') && !TERMINAL.includes(x.phase);
  append(main, [
    h('div', { class: 'toolbar' },
      h('h1', {}, `${x.runbook} · `, h('a', { href: `/apps/${encodeURIComponent(x.application)}` }, x.application)),
      pill(x.mode === 'Drill' ? 'Drill' : x.mode), h('span', { id: 'phase' }, pill(x.phase)),
      bar, h('span', { id: 'progress-text' }, `${done} / ${total} steps`),
      h('span', { class: 'spacer' }),
      h('span', { class: 'muted', id: 'stream' }, state.ended ? 'ended' : `live (${state.stream})`),
      canCancel ? h('button', { type: 'button', class: 'danger', 'data-action': 'cancel', onclick: () => {
        if (confirm(`Cancel execution ${x.id}? Steps already done are undone where the runbook says so.`)) act(`/api/v1/executions/${enc}/cancel`, undefined, 'Cancel');
      } }, 'Cancel execution') : null),
    h('p', { class: 'muted' }, `Execution ${x.id} (${x.kind ?? 'runbook'}), requested by ${x.requestedBy} at ${utc(x.createdAt)}; started ${utc(x.startedAt)}; ended ${utc(x.endedAt)}${x.startedAt ? `; elapsed ${dur(((x.endedAt ? Date.parse(x.endedAt) : Date.now()) - Date.parse(x.startedAt)) / 1000)}` : ''}.`),
    state.error ? problem('Action', state.error) : null,
    x.error ? problem('Execution failed', { message: x.error }) : null,
    reportPanel(state.report),
    section('Steps', h('div', { class: 'graph-wrap' }, stepGraph(x.steps, select)), stepsTable(x)),
    section('Timeline', timeline(x.steps, x.startedAt, x.endedAt)),
    section(state.selected ? `Log of ${state.selected}` : 'Log (select a step for its own)',
      h('pre', { class: 'log', id: 'log' }, (state.selected ? logsOf(state.selected) : [...state.journal.values()].sort((a, b) => a.sequence - b.sequence)).map(logLine).join('\n') || 'No entries yet.'))]);
  for (const node of main.querySelectorAll('svg.graph .node')) node.classList.toggle('selected', node.dataset.step === state.selected);
}

let pending = null;
function reloadSoon() {
  if (pending) return;
  pending = setTimeout(async () => { pending = null; await load(); }, 300);
}

async function load() {
  try {
    state.execution = await get(`/api/v1/executions/${enc}`);
    if (TERMINAL.includes(state.execution.phase) && !state.report) {
      state.report = await optional(`/api/v1/executions/${enc}/report`).catch(() => null);
    }
  } catch (e) {
    state.error = e;
  }
  render();
}

function follow() {
  const events = new EventSource(`/api/v1/executions/${enc}/events`, { withCredentials: true });
  events.onopen = () => { state.stream = 'connected'; };
  events.addEventListener('journal', e => {
    const entry = JSON.parse(e.data);
    state.journal.set(entry.sequence, entry);
    reloadSoon();
  });
  events.addEventListener('end', () => {
    state.ended = true;
    events.close();
    load();
  });
  events.onerror = () => {
    if (state.ended) return;
    state.stream = 'reconnecting';
    render();
  };
}

state.user = await header(null);
await load();
follow();
// The durations of running steps tick; the state comes from the stream (and this slow poll if the stream is down).
setInterval(() => { if (!state.ended && state.execution && !TERMINAL.includes(state.execution.phase)) load(); }, 5000);
