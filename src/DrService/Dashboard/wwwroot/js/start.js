// Start a drill or a failover: choose the application and the runbook, read the dry-run plan
// (POST /api/v1/runbooks/{id}/plan), confirm (a production run asks for the application's name), then follow it.
import { h, $, clear } from './dom.js';
import { get, post, optional, atLeast } from './api.js';
import { header, problem, unavailable } from './layout.js';
import { pill } from './format.js';

const params = new URLSearchParams(location.search);
const state = { apps: [], runbooks: null, application: params.get('application') ?? '', runbook: params.get('runbook') ?? '', mode: params.get('mode') === 'Production' ? 'Production' : 'Drill', plan: null, error: null, busy: false };

function option(value, label, selected) {
  return h('option', { value, selected: value === selected }, label);
}

function planView(plan) {
  const steps = plan.steps ?? [];
  return h('div', { class: 'panel', id: 'plan' },
    h('h2', {}, `Dry-run plan: ${plan.runbook} for ${plan.application} (${plan.mode})`),
    h('table', {},
      h('thead', {}, h('tr', {}, ['#', 'Step', 'Action', 'Depends on', 'Approval', 'AWS calls'].map(t => h('th', {}, t)))),
      h('tbody', {}, steps.map((st, i) => h('tr', { 'data-step': st.id, class: st.skipped ? 'muted' : null },
        h('td', { class: 'num' }, i + 1),
        h('td', {}, st.title ?? st.id, st.title ? h('small', {}, st.id) : null, st.skipped ? h('small', {}, 'skipped in this mode') : null),
        h('td', { class: 'mono' }, st.action),
        h('td', { class: 'mono' }, (st.dependsOn ?? []).join(', ') || '—'),
        h('td', {}, st.approval && st.approval !== 'None' ? h('span', { class: 'st st-warn', title: 'The run waits here for an approver' }, `approval: ${st.approval}`) : '—'),
        h('td', {}, (st.calls ?? []).length ? h('ul', { class: 'plan-calls' }, st.calls.map(c => h('li', {}, h('span', { class: 'mono' }, `${c.service}:${c.operation}`), ` ${c.region ?? ''} ${c.target ?? ''}`, c.note ? ` — ${c.note}` : ''))) : '—'))))),
    confirmBox(plan));
}

function confirmBox(plan) {
  const production = plan.mode === 'Production';
  const typed = h('input', { type: 'text', id: 'confirm-name', autocomplete: 'off', 'aria-label': 'Type the application name to confirm' });
  const go = h('button', { type: 'button', id: 'confirm', class: production ? 'danger' : 'primary', disabled: production || state.busy }, production ? `Fail over ${plan.application}` : `Start the drill of ${plan.application}`);
  typed.addEventListener('input', () => { go.disabled = state.busy || typed.value !== plan.application; });
  go.addEventListener('click', () => start(production ? typed.value : null));
  return h('div', { class: 'confirm' },
    production
      ? [h('p', { class: 'notice' }, h('b', {}, 'Production failover. '), `This moves ${plan.application} to the DR region for real. Type `, h('code', {}, plan.application), ' to confirm.'), typed, ' ']
      : h('p', { class: 'muted' }, 'A drill builds the recovery side by side in the DR region, measures RTO and RPO, and cleans up what it made. Production traffic is not moved.'),
    go);
}

async function preview() {
  state.plan = null;
  state.error = null;
  if (!state.application || !state.runbook) { render(); return; }
  state.busy = true;
  render();
  try {
    state.plan = await post(`/api/v1/runbooks/${encodeURIComponent(state.runbook)}/plan`, { application: state.application, mode: state.mode });
  } catch (e) {
    state.error = e;
  }
  state.busy = false;
  render();
}

async function start(confirmName) {
  state.busy = true;
  render();
  try {
    const execution = state.mode === 'Drill'
      ? await post('/api/v1/drills', { application: state.application, runbook: state.runbook || null })
      : await post('/api/v1/executions', { runbook: state.runbook, application: state.application, mode: 'Production', confirm: confirmName });
    location.assign(`/executions/${encodeURIComponent(execution.id ?? execution.executionId)}`);
  } catch (e) {
    state.error = e;
    state.busy = false;
    render();
  }
}

function render() {
  const main = clear($('#main'));
  main.append(h('h1', {}, 'Start a drill or a failover'));
  if (state.runbooks === null) { main.append(unavailable('The runbook API')); return; }
  const runbooks = state.runbooks;
  const form = h('div', { class: 'panel toolbar', id: 'choose' },
    h('label', {}, 'Application ', h('select', { id: 'application', onchange: e => { state.application = e.target.value; preview(); } },
      option('', '— choose —', state.application), state.apps.map(a => option(a.application, `${a.displayName} (tier ${a.tier}, ${a.verdict})`, state.application)))),
    h('label', {}, 'Runbook ', h('select', { id: 'runbook', onchange: e => { state.runbook = e.target.value; preview(); } },
      option('', '— choose —', state.runbook), runbooks.map(r => option(r.id, `${r.title ?? r.id}${r.tier ? ` (tier ${r.tier})` : ''}`, state.runbook)))),
    h('label', {}, 'Mode ', h('select', { id: 'mode', onchange: e => { state.mode = e.target.value; preview(); } },
      option('Drill', 'Drill (side by side, cleaned up)', state.mode), option('Production', 'Production failover', state.mode))),
    state.busy ? h('span', { class: 'muted' }, 'Working…') : null);
  main.append(form);
  const chosen = state.apps.find(a => a.application === state.application);
  if (chosen && chosen.verdict !== 'Ready') main.append(h('p', { class: 'notice' }, `${chosen.displayName} is `, pill(chosen.verdict), ` now: ${chosen.reasons[0]?.message ?? 'see its page'}.`));
  if (state.error) main.append(problem('Could not continue', state.error));
  if (state.plan) main.append(planView(state.plan));
}

const user = await header('start');
if (user && !atLeast(user.role, 'operator')) {
  clear($('#main')).append(h('h1', {}, 'Start a drill or a failover'), h('p', { class: 'notice' }, `Your role (${user.role}) may not start runs: an operator or above can.`));
} else {
  try {
    const [overview, runbooks] = await Promise.all([get('/api/v1/overview'), optional('/api/v1/runbooks')]);
    state.apps = [...overview.applications].sort((a, b) => a.application.localeCompare(b.application));
    state.runbooks = runbooks === null ? null : (runbooks.items ?? runbooks);
    render();
    if (state.application && state.runbook) await preview();
  } catch (e) {
    clear($('#main')).append(problem('Could not load', e));
  }
}
