// Overview: one row per application, worst first, from ONE request (GET /api/v1/overview), refreshed every 15 s.
import { h, $, clear } from './dom.js';
import { get } from './api.js';
import { header, problem } from './layout.js';
import { pill, dur, ago, clock } from './format.js';
import { ratioBar } from './svg.js';

const REFRESH_SECONDS = 15;
const VERDICTS = ['NotReady', 'AtRisk', 'Unknown', 'Ready'];
const state = { filter: null, text: '', paused: false, data: null, error: null, next: REFRESH_SECONDS };

function rpoCell(rpo) {
  const loss = rpo.dataLossSeconds;
  return h('td', { class: 'num', 'data-col': 'rpo' },
    ratioBar(loss, rpo.targetSeconds, rpo.state), pill(rpo.state),
    h('small', {}, rpo.resourcesWithoutCopy > 0 ? `${rpo.resourcesWithoutCopy} without copy` : `${dur(loss)} / ${dur(rpo.targetSeconds)}`));
}

function rtoCell(rto) {
  if (rto.state === 'NoDrill') {
    return h('td', { class: 'num' }, pill('NoDrill', 'No drill has measured the RTO yet'), h('small', {}, `target ${dur(rto.targetSeconds)}`));
  }
  return h('td', { class: 'num' },
    ratioBar(rto.measuredSeconds, rto.targetSeconds, rto.state), pill(rto.state),
    h('small', {}, `${dur(rto.measuredSeconds)} / ${dur(rto.targetSeconds)} · `, ago(rto.measuredAt)));
}

function alertsCell(a) {
  if (a.critical + a.warning + a.info === 0) return h('td', { class: 'num muted' }, '0');
  return h('td', { class: 'num' },
    a.critical ? h('span', { class: 'st st-bad', title: `${a.critical} critical alert(s) firing` }, `${a.critical} crit`) : null, ' ',
    a.warning ? h('span', { class: 'st st-warn', title: `${a.warning} warning alert(s) firing` }, `${a.warning} warn`) : null);
}

function row(a) {
  const reason = a.reasons[0];
  const region = a.activeRegion === a.primaryRegion ? a.activeRegion : `${a.activeRegion} (DR)`;
  return h('tr', { 'data-app': a.application, 'data-verdict': a.verdict },
    h('td', {}, h('a', { href: `/apps/${encodeURIComponent(a.application)}` }, a.displayName),
      a.displayName !== a.application ? h('small', {}, a.application) : null),
    h('td', {}, a.tier),
    h('td', { class: 'mono' }, region),
    h('td', { 'data-col': 'verdict' }, pill(a.verdict)),
    h('td', { class: 'reason', title: a.reasons.map(r => `${r.subject} ${r.type}: ${r.message}`).join('\n') || null },
      h('span', { class: 'clamp' }, reason ? `${reason.subject}: ${reason.message}` : ''), a.reasonCount > 1 ? h('small', {}, `+${a.reasonCount - 1} more`) : null),
    rpoCell(a.rpo),
    h('td', { class: 'num' }, dur(a.rpo.newestCopyAgeSeconds)),
    h('td', { class: 'num' }, dur(a.rpo.replicaLagSeconds)),
    h('td', { class: 'num' }, dur(a.rpo.s3LagSeconds)),
    rtoCell(a.rto),
    h('td', {}, pill(a.health.primary)),
    h('td', {}, pill(a.health.secondary)),
    alertsCell(a.alerts));
}

function visible(apps) {
  const text = state.text.trim().toLowerCase();
  return apps.filter(a => (!state.filter || a.verdict === state.filter)
    && (!text || a.application.toLowerCase().includes(text) || a.displayName.toLowerCase().includes(text) || a.tier.toLowerCase() === text));
}

function render() {
  const main = clear($('#main'));
  const data = state.data;
  const counts = data?.verdicts ?? {};
  const total = data?.applications.length ?? 0;
  main.append(h('div', { class: 'toolbar' },
    h('h1', {}, 'Applications'),
    h('span', { class: 'counts' },
      h('button', { type: 'button', 'aria-pressed': String(!state.filter), onclick: () => { state.filter = null; render(); } }, `All ${total}`), ' ',
      VERDICTS.map(v => [h('button', { type: 'button', 'data-verdict': v, 'aria-pressed': String(state.filter === v), onclick: () => { state.filter = state.filter === v ? null : v; render(); } },
        pill(v), ` ${counts[v] ?? 0}`), ' '])),
    h('input', { type: 'search', placeholder: 'Filter by name or tier', value: state.text, 'aria-label': 'Filter applications',
      oninput: e => { state.text = e.target.value; renderRows(); } }),
    h('span', { class: 'spacer' }),
    h('span', { class: 'muted', id: 'updated' }),
    h('button', { type: 'button', class: 'plain', onclick: () => { state.paused = !state.paused; render(); } }, state.paused ? 'Resume refresh' : 'Pause refresh'),
    h('button', { type: 'button', class: 'plain', onclick: refresh }, 'Refresh now')));
  if (state.error) main.append(problem('Could not load the overview', state.error));
  if (data) {
    main.append(h('p', { class: 'muted' }, `Primary ${data.primaryRegion} → DR ${data.drRegion}. Worst first: verdict, critical alerts, data loss against the RPO.`));
    main.append(h('table', { id: 'overview' },
      h('thead', {}, h('tr', {}, ['Application', 'Tier', 'Active region', 'Readiness', 'Why', 'RPO now / target', 'Newest copy', 'Replica lag', 'S3 lag', 'RTO last drill / target', 'Primary', 'Secondary', 'Alerts']
        .map((t, i) => h('th', { class: i >= 5 && i <= 9 ? 'num' : null }, t)))),
      h('tbody', {})));
    renderRows();
  }
  ticker();
}

function renderRows() {
  const body = $('#overview tbody');
  if (!body || !state.data) return;
  const rows = visible(state.data.applications);
  const fragment = document.createDocumentFragment();
  rows.forEach(a => fragment.append(row(a)));
  if (rows.length === 0) fragment.append(h('tr', {}, h('td', { colspan: 13, class: 'muted' }, 'No application matches.')));
  clear(body).append(fragment);
}

function ticker() {
  const el = $('#updated');
  if (!el) return;
  const when = state.data ? `updated ${clock(state.data.generatedAt)} UTC` : '';
  el.textContent = state.paused ? `${when} · refresh paused` : `${when} · next in ${state.next}s`;
}

async function refresh() {
  try {
    state.data = await get('/api/v1/overview');
    state.error = null;
  } catch (e) {
    state.error = e;
  }
  state.next = REFRESH_SECONDS;
  render();
}

await header('overview');
await refresh();
setInterval(() => {
  if (state.paused || document.hidden) return;
  state.next -= 1;
  if (state.next <= 0) refresh(); else ticker();
}, 1000);
