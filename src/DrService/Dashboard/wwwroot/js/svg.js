// Pictures as inline SVG from small functions: no chart library. Colour encodes state only (classes st-*),
// series are told apart by dash pattern and a labelled legend.
import { dur, tone, clock } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** A small bar: value against target (the tick), filled in the state's tone; over target runs past the tick. */
export function ratioBar(value, target, state, width = 64) {
  const height = 8;
  const max = target * 1.5;
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'bar', role: 'img', 'aria-label': `${dur(value)} of ${dur(target)}` });
  svg.append(s('rect', { x: 0, y: 1, width, height: height - 2, class: 'bar-bg' }));
  if (value !== null && value !== undefined) {
    const w = Math.max(1, Math.min(width, (value / max) * width));
    svg.append(s('rect', { x: 0, y: 1, width: w, height: height - 2, class: `fill-${tone(state)}` }));
  }
  const tick = (target / max) * width;
  svg.append(s('line', { x1: tick, x2: tick, y1: 0, y2: height, class: 'bar-tick' }));
  return svg;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map(m => m * p).find(m => m >= v) ?? v;
}

const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'];

/**
 * A time series chart: series [{name, points: [[ms, value]]}], an optional target line (labelled), y formatted by fmt.
 * Width follows the container (viewBox), text stays legible.
 */
export function lineChart({ series, target = null, targetLabel = 'target', from, to, fmt = v => String(v), height = 180, width = 720, empty = 'No data points in this window.' }) {
  const pad = { l: 58, r: 12, t: 12, b: 24 };
  const all = series.flatMap(x => x.points);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', preserveAspectRatio: 'none' });
  const t0 = from ?? Math.min(...all.map(p => p[0]));
  const t1 = to ?? Math.max(...all.map(p => p[0]));
  const dataMax = Math.max(0, ...all.map(p => p[1]));
  // A target far above the data would flatten it: then the scale follows the data and the target is named above it.
  const targetOnScale = target !== null && (all.length === 0 || target <= dataMax * 4);
  const yMax = niceMax(Math.max(targetOnScale ? target : 0, dataMax, all.length ? 0 : 1) * 1.1);
  const x = t => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.l - pad.r);
  const y = v => height - pad.b - (v / yMax) * (height - pad.t - pad.b);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(s('text', { x: pad.l - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, fmt(v)));
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) / 4) * i;
    svg.append(s('text', { x: x(t), y: height - 6, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, clock(new Date(t).toISOString()).slice(0, 5)));
  }
  if (target !== null && !targetOnScale) {
    svg.append(s('text', { x: width - pad.r - 4, y: pad.t + 2, class: 'axis target-label', 'text-anchor': 'end' }, `${targetLabel} ${fmt(target)}: far above this scale`));
  }
  if (target !== null && targetOnScale) {
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: y(target), y2: y(target), class: 'target' }));
    svg.append(s('text', { x: width - pad.r - 4, y: y(target) - 4, class: 'axis target-label', 'text-anchor': 'end' }, `${targetLabel} ${fmt(target)}`));
  }
  if (all.length === 0) {
    svg.append(s('text', { x: width / 2, y: height / 2, class: 'axis', 'text-anchor': 'middle' }, empty));
    return svg;
  }
  series.forEach((ser, i) => {
    if (ser.points.length === 0) return;
    const d = ser.points.map((p, j) => `${j ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    svg.append(s('path', { d, class: 'series', 'stroke-dasharray': DASHES[i % DASHES.length] || null }, s('title', {}, ser.name)));
    if (ser.points.length === 1) svg.append(s('circle', { cx: x(ser.points[0][0]), cy: y(ser.points[0][1]), r: 3, class: 'series-dot' }));
  });
  return svg;
}

/** The legend that goes with lineChart: the dash pattern and the series' name. */
export function legend(series) {
  return series.map((ser, i) => {
    const svg = s('svg', { width: 28, height: 10, class: 'legend-mark' },
      s('line', { x1: 0, x2: 28, y1: 5, y2: 5, class: 'series', 'stroke-dasharray': DASHES[i % DASHES.length] || null }));
    const span = document.createElement('span');
    span.className = 'legend-item';
    span.append(svg, ' ', ser.name);
    return span;
  });
}

/** Depth of each step in the dependency graph (0: no dependency). */
export function depths(steps) {
  const byId = new Map(steps.map(st => [st.id, st]));
  const memo = new Map();
  const depth = (id, seen = new Set()) => {
    if (memo.has(id)) return memo.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const deps = byId.get(id)?.dependsOn ?? [];
    const d = deps.length ? 1 + Math.max(...deps.map(dep => depth(dep, seen))) : 0;
    memo.set(id, d);
    return d;
  };
  return new Map(steps.map(st => [st.id, depth(st.id)]));
}

/** The runbook as a graph: a column per dependency depth, a box per step in its state's tone, arrows for dependsOn. */
export function stepGraph(steps, onSelect) {
  const d = depths(steps);
  const columns = [];
  for (const st of steps) (columns[d.get(st.id)] ??= []).push(st);
  const bw = 168, bh = 40, gx = 36, gy = 12;
  const width = columns.length * (bw + gx) - gx + 8;
  const height = Math.max(...columns.map(c => c.length)) * (bh + gy) - gy + 8;
  const pos = new Map();
  columns.forEach((col, ci) => col.forEach((st, ri) => pos.set(st.id, { x: 4 + ci * (bw + gx), y: 4 + ri * (bh + gy) })));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'graph', role: 'img', 'aria-label': 'Runbook steps and their dependencies' });
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto' }, s('path', { d: 'M0,0L8,4L0,8z', class: 'arrow' }))));
  for (const st of steps) {
    for (const dep of st.dependsOn ?? []) {
      const a = pos.get(dep), b = pos.get(st.id);
      if (!a || !b) continue;
      svg.append(s('path', { d: `M${a.x + bw},${a.y + bh / 2} C${a.x + bw + gx / 2},${a.y + bh / 2} ${b.x - gx / 2},${b.y + bh / 2} ${b.x},${b.y + bh / 2}`, class: 'edge', 'marker-end': 'url(#arrow)' }));
    }
  }
  for (const st of steps) {
    const p = pos.get(st.id);
    const label = (st.title || st.id).length > 24 ? `${(st.title || st.id).slice(0, 23)}…` : (st.title || st.id);
    const time = st.durationSeconds != null ? dur(st.durationSeconds) : '';
    const g = s('g', { class: `node node-${tone(st.state)}`, 'data-step': st.id, tabindex: 0, transform: `translate(${p.x},${p.y})` },
      s('title', {}, `${st.id}: ${st.state}${time ? ` (${time})` : ''}`),
      s('rect', { width: bw, height: bh, rx: 3 }),
      s('text', { x: 8, y: 16, class: 'node-title' }, label),
      s('text', { x: 8, y: 32, class: 'node-state' }, `${st.state}${time ? ` · ${time}` : ''}`));
    if (onSelect) g.addEventListener('click', () => onSelect(st.id));
    svg.append(g);
  }
  return svg;
}

/** A Gantt timeline: one row per started step, from its start to its end (or now), with its duration. */
export function timeline(steps, startIso, endIso, nowMs = Date.now()) {
  const started = steps.filter(st => st.startedAt);
  const width = 720, row = 18, labelW = 150;
  const height = Math.max(1, started.length) * row + 22;
  const t0 = startIso ? Date.parse(startIso) : Math.min(...started.map(st => Date.parse(st.startedAt)));
  const t1 = Math.max(endIso ? Date.parse(endIso) : nowMs, ...started.map(st => (st.endedAt ? Date.parse(st.endedAt) : nowMs)), t0 + 1000);
  const x = t => labelW + ((t - t0) / (t1 - t0)) * (width - labelW - 60);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline', role: 'img', 'aria-label': 'Step timeline' });
  if (started.length === 0) {
    svg.append(s('text', { x: 8, y: 14, class: 'axis' }, 'No step has started yet.'));
    return svg;
  }
  started.forEach((st, i) => {
    const a = Date.parse(st.startedAt), b = st.endedAt ? Date.parse(st.endedAt) : nowMs;
    const y = 4 + i * row;
    svg.append(s('text', { x: 4, y: y + 12, class: 'axis' }, st.id.length > 22 ? `${st.id.slice(0, 21)}…` : st.id));
    svg.append(s('rect', { x: x(a), y: y + 2, width: Math.max(2, x(b) - x(a)), height: row - 6, class: `fill-${tone(st.state)}` }, s('title', {}, `${st.id}: ${st.state}`)));
    svg.append(s('text', { x: x(b) + 4, y: y + 12, class: 'axis' }, dur((b - a) / 1000)));
  });
  svg.append(s('text', { x: labelW, y: height - 4, class: 'axis' }, clock(new Date(t0).toISOString())));
  svg.append(s('text', { x: width - 60, y: height - 4, class: 'axis', 'text-anchor': 'end' }, `+${dur((t1 - t0) / 1000)}`));
  return svg;
}

/** A strip of verdict changes over a window: each verdict holds until the next change. */
export function verdictStrip(history, fromMs, toMs, width = 720) {
  const height = 22;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'strip', role: 'img', preserveAspectRatio: 'none', 'aria-label': 'Witness verdicts over time' });
  const items = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const x = t => ((Math.max(fromMs, Math.min(toMs, t)) - fromMs) / Math.max(1, toMs - fromMs)) * width;
  items.forEach((v, i) => {
    const a = Date.parse(v.at), b = i + 1 < items.length ? Date.parse(items[i + 1].at) : toMs;
    if (b < fromMs) return;
    svg.append(s('rect', { x: x(a), y: 2, width: Math.max(1, x(b) - x(a)), height: height - 4, class: `fill-${tone(v.verdict)}` }, s('title', {}, `${v.verdict} from ${clock(v.at)}`)));
  });
  return svg;
}
