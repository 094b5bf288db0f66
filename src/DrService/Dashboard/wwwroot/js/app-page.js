// One application: readiness with every reason, copies (ages, retention), replication with lag over time, DNS and
// drift, probe history, drills with measured RTO/RPO, and the advisor's cost against RTO/RPO per tier.
import { h, $, clear } from './dom.js';
import { get, optional, all } from './api.js';
import { header, problem, unavailable, section } from './layout.js';
import { pill, dur, ago, utc, num } from './format.js';
import { lineChart, legend, verdictStrip, ratioBar } from './svg.js';

const app = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const enc = encodeURIComponent(app);

function table(headers, rows, empty = 'None.') {
  if (rows.length === 0) return h('p', { class: 'muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(t => h('th', {}, t)))), h('tbody', {}, rows));
}

async function guarded(title, id, build) {
  const panel = section(title, h('p', { class: 'muted' }, 'Loading…'));
  panel.id = id;
  (async () => {
    try {
      const content = await build();
      clear(panel).append(h('h2', {}, title), content);
    } catch (e) {
      clear(panel).append(h('h2', {}, title), problem(title, e));
    }
  })();
  return panel;
}

function summary(o) {
  const a = o.summary;
  return h('div', { class: 'panel', id: 'summary' },
    h('div', { class: 'kv' },
      h('span', {}, 'Readiness ', pill(a.verdict)),
      h('span', {}, `Tier ${a.tier}`),
      h('span', {}, 'Active region ', h('b', { class: 'mono' }, a.activeRegion), h('span', { class: 'muted' }, ` (primary ${a.primaryRegion}, DR ${a.drRegion})`)),
      h('span', {}, 'RPO ', ratioBar(a.rpo.dataLossSeconds, a.rpo.targetSeconds, a.rpo.state), pill(a.rpo.state), ` ${dur(a.rpo.dataLossSeconds)} / ${dur(a.rpo.targetSeconds)}`),
      h('span', {}, 'RTO ', pill(a.rto.state), a.rto.measuredSeconds != null ? ` ${dur(a.rto.measuredSeconds)} / ${dur(a.rto.targetSeconds)}` : ` target ${dur(a.rto.targetSeconds)}`),
      h('span', {}, 'Primary ', pill(a.health.primary)),
      h('span', {}, 'Secondary ', pill(a.health.secondary)),
      h('span', {}, 'Witness ', pill(a.health.witness)),
      h('span', {}, `Alerts firing: ${a.alerts.critical} critical, ${a.alerts.warning} warning`)),
    a.reasons.length ? h('table', { class: 'reasons' },
      h('thead', {}, h('tr', {}, ['Impact', 'Input', 'Subject', 'Type', 'Message'].map(t => h('th', {}, t)))),
      h('tbody', {}, a.reasons.map(r => h('tr', {}, h('td', {}, pill(r.impact)), h('td', {}, r.input), h('td', { class: 'mono' }, r.subject), h('td', {}, r.type), h('td', {}, r.message)))))
      : h('p', { class: 'muted' }, 'No failing input.'));
}

async function copies() {
  const [status, retention, history] = await Promise.all([
    get(`/api/v1/backups/${enc}`),
    optional(`/api/v1/backups/${enc}/retention-preview`).catch(() => null),
    all(`/api/v1/backups/${enc}/rpo-history?hours=24`),
  ]);
  const kept = new Map();
  for (const r of retention ?? []) {
    const key = `${r.kind}/${r.resourceId}`;
    const k = kept.get(key) ?? { keep: 0, drop: 0 };
    if (r.keep) k.keep++; else k.drop++;
    kept.set(key, k);
  }
  const rows = status.resources.map(r => {
    const k = kept.get(`${r.kind}/${r.resourceId}`);
    return h('tr', {},
      h('td', {}, r.kind), h('td', { class: 'mono' }, r.resourceId), h('td', { class: 'mono' }, r.region),
      h('td', { class: 'mono' }, r.newestCopyId ?? '—'), h('td', { class: 'num' }, dur(r.rpoAgeSeconds)),
      h('td', {}, pill(r.rpoState)), h('td', { class: 'num' }, r.copyCount),
      h('td', { class: 'num' }, k ? `${k.keep} kept, ${k.drop} to prune` : '—'),
      h('td', {}, r.errorCode ? h('span', { title: r.errorMessage ?? '' }, pill('Failed'), ` ${r.errorCode}`) : ''),
      h('td', {}, ago(r.checkedAt)));
  });
  const series = groupHistory(history);
  const to = Date.now();
  return h('div', {},
    h('p', { class: 'muted' }, `Newest copy per resource against the RPO of ${dur(status.rpoTargetSeconds)}; retention from the dry run (nothing is deleted here).`),
    table(['Kind', 'Resource', 'Region', 'Newest copy', 'Age', 'RPO', 'Copies', 'Retention', 'Last error', 'Checked'], rows, 'No protected resource found yet.'),
    h('h2', {}, 'Newest copy age, last 24 hours'),
    lineChart({ series, target: status.rpoTargetSeconds, targetLabel: 'RPO', from: to - 24 * 3600e3, to, fmt: dur }),
    h('div', {}, legend(series)));
}

function groupHistory(samples) {
  const by = new Map();
  for (const x of samples) {
    if (x.ageSeconds == null) continue;
    const key = `${x.kind} ${x.resourceId}`;
    if (!by.has(key)) by.set(key, []);
    by.get(key).push([Date.parse(x.at), x.ageSeconds]);
  }
  return [...by].map(([name, points]) => ({ name, points }));
}

async function replication(detail) {
  const lag = await get(`/api/v1/overview/${enc}/replication-lag?hours=3`);
  const repl = detail.conditions.filter(c => /^(replica|global|bucket):/.test(c.subject));
  const series = lag.series.map(x => ({ name: `${x.subject} (${x.region})`, points: x.points.map(p => [Date.parse(p.timestamp), p.value]) }));
  return h('div', {},
    lag.errorCode ? problem('CloudWatch', { message: `${lag.errorCode}: ${lag.errorMessage}` }) : null,
    series.length ? [h('h2', {}, 'Replica lag, last 3 hours (CloudWatch ReplicaLag, per-minute maximum)'),
      lineChart({ series, target: lag.rpoTargetSeconds, targetLabel: 'RPO', from: Date.parse(lag.from), to: Date.parse(lag.to), fmt: dur }),
      h('div', {}, legend(series))] : h('p', { class: 'muted' }, 'No read replica configured.'),
    table(['Subject', 'Condition', 'Status', 'Severity', 'Value', 'Message', 'Since'], repl.map(c => h('tr', {},
      h('td', { class: 'mono' }, c.subject), h('td', {}, c.type), h('td', {}, pill(c.status)), h('td', {}, c.severity),
      h('td', { class: 'num' }, c.value ?? '—'), h('td', {}, c.message), h('td', {}, ago(c.lastTransitionAt)))), 'No replication observed yet.'));
}

async function dns() {
  const plan = await get(`/api/v1/dns/${enc}/plan`);
  if (plan.records.length === 0) return h('p', { class: 'muted' }, 'No DNS failover records configured.');
  return h('div', {},
    h('p', {}, 'Route 53 against the configuration: ', pill(plan.state ?? (plan.inSync ? 'InSync' : 'Drift')), ...(plan.unknown ?? []).map(u => h('small', {}, ' ' + u))),
    table(['Record', 'Zone', 'Health check', 'Primary', 'Secondary', 'Drift'], plan.records.map(r => h('tr', {},
      h('td', { class: 'mono' }, r.subject), h('td', { class: 'mono' }, r.zoneId ?? r.zoneProblem ?? '—'),
      h('td', {}, component(r.healthCheck)), h('td', {}, component(r.primary)), h('td', {}, component(r.secondary)),
      h('td', {}, r.actions.length ? r.actions.map(a => h('div', {}, h('b', {}, `${a.kind} ${a.target}`), ` (${a.reason})`, a.diff.map(d => h('div', { class: 'mono' }, d)))) : 'none')))));
}

function component(c) {
  if (!c) return '—';
  return h('span', { title: [c.message, ...(c.diff ?? [])].filter(Boolean).join('\n') || null }, pill(c.state), c.state === 'InSync' ? '' : h('small', {}, c.message));
}

async function probes() {
  const w = await get(`/api/v1/witness/${enc}?limit=100`);
  const to = Date.now();
  const from = to - 24 * 3600e3;
  return h('div', {},
    h('p', {}, 'Verdict ', pill(w.verdict), ` since `, ago(w.since), ` — ${w.detail}`),
    h('h2', {}, 'Verdicts, last 24 hours'), verdictStrip(w.history.items, from, to),
    table(['Subject', 'Condition', 'Status', 'Latency ms', 'Message', 'Observed'], w.conditions.map(c => h('tr', {},
      h('td', { class: 'mono' }, c.subject), h('td', {}, c.type), h('td', {}, pill(c.status)), h('td', { class: 'num' }, num(c.value, 1)),
      h('td', {}, c.message), h('td', {}, ago(c.observedAt)))), 'Not probed: no Probes:Primary configured.'),
    h('h2', {}, `History (${w.history.items.length}${w.history.nextCursor ? "+" : ""} changes)`),
    table(['At', 'Verdict', 'Primary', 'Secondary', 'Route 53', 'Detail'], w.history.items.map(v => h('tr', {},
      h('td', { class: 'mono' }, utc(v.at)), h('td', {}, pill(v.verdict)), h('td', {}, updown(v.primaryUp)), h('td', {}, updown(v.secondaryUp)),
      h('td', {}, updown(v.route53PrimaryHealthy)), h('td', {}, v.detail)))));
}

const updown = v => (v === true ? pill('Up') : v === false ? pill('Down') : h('span', { class: 'muted' }, '—'));

async function drills(detail) {
  const list = await optional(`/api/v1/drills?application=${enc}&limit=20`);
  if (!list) return unavailable('Drill history (runbook API)');
  const items = list.items ?? list;
  const reports = await Promise.all(items.slice(0, 10).map(d => optional(`/api/v1/drills/${encodeURIComponent(d.id ?? d.executionId)}/report`).catch(() => null)));
  const rows = items.slice(0, 10).map((d, i) => {
    const r = reports[i];
    const id = d.id ?? d.executionId;
    return h('tr', {},
      h('td', {}, h('a', { href: `/executions/${encodeURIComponent(id)}` }, id)), h('td', {}, d.runbook), h('td', {}, pill(d.phase)),
      h('td', { class: 'mono' }, utc(d.startedAt ?? r?.startedAt)),
      h('td', { class: 'num' }, r ? [pill(r.rtoMet === true ? 'Met' : r.rtoMet === false ? 'Missed' : 'Unknown'), ` ${dur(r.rtoSeconds)} / ${dur(r.rtoTargetSeconds ?? detail.rtoTargetSeconds)}`] : '—'),
      h('td', { class: 'num' }, r ? [pill(r.rpoMet === true ? 'Met' : r.rpoMet === false ? 'Missed' : 'Unknown'), ` ${dur(r.rpoSeconds)} / ${dur(r.rpoTargetSeconds)}`] : '—'),
      h('td', {}, r?.cleanup ? pill(r.cleanup.state) : '—'));
  });
  return table(['Execution', 'Runbook', 'Phase', 'Started', 'RTO measured / target', 'RPO measured / target', 'Clean-up'], rows, 'No drill yet: start one from Start drill / failover.');
}

async function advisor() {
  const a = await optional(`/api/v1/advisor/${enc}`);
  if (!a) return unavailable('The advisor');
  const money = (v, cost) => (v === null || v === undefined ? '—' : `${cost && !cost.complete ? '≥ ' : ''}${Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 })} ${cost?.currency ?? ''}/month`);
  const meets = v => pill(v ? 'Met' : 'Missed');
  const expect = e => [dur(e.seconds), h('small', { title: e.detail }, e.source)];
  return h('div', {},
    h('p', {}, `Targets: RTO ${dur(a.rtoTargetSeconds)}, RPO ${dur(a.rpoTargetSeconds)}; now tier ${a.currentTier}. `,
      h('b', {}, a.recommendation.tier ? `Recommended: tier ${a.recommendation.tier}. ` : `No tier meets the targets (closest: ${a.recommendation.closest ?? '—'}). `),
      h('span', { class: 'muted' }, a.recommendation.reason)),
    table(['Tier', 'Cost', 'Expected RTO', 'RTO', 'Expected RPO', 'RPO', ''], a.rows.map(r => h('tr', { 'data-tier': r.tier, class: r.current ? 'selected' : null },
      h('td', {}, h('b', {}, r.tier)),
      h('td', { class: 'num', title: r.cost.unpriced.map(u => `${u.item}: ${u.reason}`).join('\n') || null }, money(r.cost.monthly, r.cost)),
      h('td', { class: 'num' }, expect(r.rto)), h('td', {}, meets(r.meetsRto)),
      h('td', { class: 'num' }, expect(r.rpo)), h('td', {}, meets(r.meetsRpo)),
      h('td', {}, [r.current ? 'current' : null, r.recommended ? 'recommended' : null].filter(Boolean).join(', '))))),
    a.stricter?.length ? [h('h2', {}, 'What a stricter target would cost'),
      table(['Scenario', 'RTO', 'RPO', 'Tier', 'Cost', 'Difference', 'Note'], a.stricter.map(x => h('tr', {},
        h('td', {}, x.scenario), h('td', { class: 'num' }, dur(x.rtoSeconds)), h('td', { class: 'num' }, dur(x.rpoSeconds)),
        h('td', {}, x.tier ?? '—'), h('td', { class: 'num' }, money(x.monthly)), h('td', { class: 'num' }, x.monthlyDelta == null ? '—' : `${x.monthlyDelta >= 0 ? '+' : ''}${Number(x.monthlyDelta).toLocaleString('en-US', { maximumFractionDigits: 0 })}`),
        h('td', { class: 'muted' }, x.note))))] : null);
}

const user = await header(null);
const main = clear($('#main'));
try {
  const detail = await get(`/api/v1/overview/${enc}`);
  document.title = `${detail.summary.displayName} · DrService`;
  main.append(
    h('div', { class: 'toolbar' }, h('h1', {}, detail.summary.displayName, ' ', h('span', { class: 'muted' }, `(${app})`)),
      h('span', { class: 'spacer' }),
      user && ['operator', 'approver', 'admin'].includes(user.role) ? h('a', { href: `/start?application=${enc}` }, 'Start a drill…') : null,
      h('span', { class: 'muted' }, `as of ${utc(detail.generatedAt)}`)),
    summary(detail),
    h('div', { class: 'grid2' },
      await guarded('Copies and retention', 'copies', copies),
      await guarded('Replication', 'replication', () => replication(detail)),
      await guarded('DNS failover and drift', 'dns', dns),
      await guarded('Probes (witness)', 'probes', probes),
      await guarded('Drills', 'drills', () => drills(detail)),
      await guarded('Cost against RTO/RPO per tier (advisor)', 'advisor', advisor)));
} catch (e) {
  main.append(problem(`Application ${app}`, e));
}
