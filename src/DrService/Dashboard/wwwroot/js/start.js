// Start a drill or a failover: choose the application and the runbook, read the dry-run plan
// (POST /api/v1/runbooks/{id}/plan: its steps, the recovery inventory item by item and its problems), confirm (a
// production run asks for the application's name), then follow it. A start the service refuses for the inventory's
// errors (422 with `problems`) shows them and offers to start anyway with `acceptProblems: true`.
import { h, $, clear } from './dom.js';
import { get, post, optional, atLeast, ApiError } from './api.js';
import { header, problem, unavailable } from './layout.js';
import { pill, utc } from './format.js';

const params = new URLSearchParams(location.search);
const state = { apps: [], runbooks: null, application: params.get('application') ?? '', runbook: params.get('runbook') ?? '', mode: params.get('mode') === 'Production' ? 'Production' : 'Drill', plan: null, error: null, busy: false, refused: null };

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
    inventoryView(plan.inventory),
    problemsView(plan.problems, 'problems', 'Problems'),
    confirmBox(plan));
}

// The recovery inventory, item by item: what the run would recover and from which DR copy ("no copy" in red).
function inventoryView(items) {
  if (!items) return null;
  if (!items.length) return h('p', { class: 'muted', id: 'inventory' }, 'The application selects no resources: every fan-out step would be skipped.');
  return h('div', {},
    h('h3', {}, `Recovery inventory (${items.length} item${items.length === 1 ? '' : 's'})`),
    h('div', { class: 'table-wrap' }, h('table', { id: 'inventory' },
      h('thead', {}, h('tr', {}, ['Kind', 'Item', 'DR copy', 'Recovery point'].map(t => h('th', {}, t)))),
      h('tbody', {}, items.map(it => h('tr', { 'data-item': `${it.kind}/${it.id}`, class: it.copy ? null : 'missing' },
        h('td', {}, it.kind),
        h('td', { class: 'mono' }, it.id, it.source && it.source !== 'source' ? h('small', { title: 'The source region could not be read: the DR copies stand in' }, ` (from ${it.source})`) : null),
        h('td', { class: 'mono' }, it.copy ?? h('span', { class: 'no-copy' }, 'no copy')),
        h('td', { class: 'mono' }, it.recoveryPoint ? utc(it.recoveryPoint) : '—')))))));
}

// Problems (errors refuse a start, warnings weaken it), each with its item and the configuration key to set.
function problemsView(problems, id, title) {
  if (!problems?.length) return id === 'problems' ? h('p', { class: 'muted', id }, 'No problems found.') : null;
  const errors = problems.filter(p => p.severity === 'Error').length;
  return h('div', {},
    h('h3', {}, `${title}: ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`),
    h('ul', { class: 'problems', id }, problems.map(p => h('li', { 'data-severity': p.severity, 'data-item': p.item ?? '' },
      h('span', { class: `st ${p.severity === 'Error' ? 'st-bad' : 'st-warn'}` }, p.severity), ' ',
      h('b', { class: 'mono' }, p.item ?? p.application), `: ${p.message}`,
      p.configKey ? [' — set ', h('code', {}, p.configKey)] : null))));
}

// A start refused (422) for the inventory's errors: the problems, and a clearly labelled start that accepts them.
function refusedView(refused) {
  const again = h('button', { type: 'button', id: 'accept-problems', class: 'danger', disabled: state.busy }, 'Start anyway (accept the problems)');
  again.addEventListener('click', () => start(refused.confirmName, true));
  return h('div', { class: 'problem', id: 'refused', role: 'alert' },
    h('p', {}, h('b', {}, 'The service refused to start: '), refused.message),
    problemsView(refused.problems, 'refused-problems', 'Problems'),
    h('p', {}, 'Fix them (set the keys named above, or wait for the next backup cycle to make the missing copies), or start anyway: items without a copy will fail their own steps, and accepting is recorded in the audit log.'),
    again);
}

function confirmBox(plan) {
  const production = plan.mode === 'Production';
  const typed = h('input', { type: 'text', id: 'confirm-name', autocomplete: 'off', 'aria-label': 'Type the application name to confirm' });
  const go = h('button', { type: 'button', id: 'confirm', class: production ? 'danger' : 'primary', disabled: production || state.busy }, production ? `Fail over ${plan.application}` : `Start the drill of ${plan.application}`);
  typed.addEventListener('input', () => { go.disabled = state.busy || typed.value !== plan.application; });
  go.addEventListener('click', () => start(production ? typed.value : null));
  const errors = (plan.problems ?? []).filter(p => p.severity === 'Error').length;
  return h('div', { class: 'confirm' },
    errors ? h('p', { class: 'notice', id: 'plan-errors' }, h('b', {}, `${errors} error${errors === 1 ? '' : 's'} above: `), 'the service will refuse this start and list them; you can then start anyway, accepting them.') : null,
    production
      ? [h('p', { class: 'notice' }, h('b', {}, 'Production failover. '), `This moves ${plan.application} to the DR region for real. Type `, h('code', {}, plan.application), ' to confirm.'), typed, ' ']
      : h('p', { class: 'muted' }, 'A drill builds the recovery side by side in the DR region, measures RTO and RPO, and cleans up what it made. Production traffic is not moved.'),
    go);
}

async function preview() {
  state.plan = null;
  state.error = null;
  state.refused = null;
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

async function start(confirmName, acceptProblems = false) {
  state.busy = true;
  state.error = null;
  state.refused = null;
  render();
  try {
    const execution = state.mode === 'Drill'
      ? await post('/api/v1/drills', { application: state.application, runbook: state.runbook || null, acceptProblems })
      : await post('/api/v1/executions', { runbook: state.runbook, application: state.application, mode: 'Production', confirm: confirmName, acceptProblems });
    location.assign(`/executions/${encodeURIComponent(execution.id ?? execution.executionId)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && e.problem?.problems?.length) {
      state.refused = { message: e.message, problems: e.problem.problems, confirmName };
    } else {
      state.error = e;
    }
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
  if (state.refused) main.append(refusedView(state.refused));
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
