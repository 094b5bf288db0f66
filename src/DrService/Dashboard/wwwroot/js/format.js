import { h } from './dom.js';

// Colour is only ever for state, and every coloured mark carries its text label too.
const TONES = {
  bad: ['NotReady', 'Breached', 'Missed', 'Down', 'Failed', 'Critical', 'PrimaryDown', 'Rejected', 'False', 'UndoFailed', 'PartiallyFailed', 'Conflict', 'RequiresReplacement'],
  warn: ['AtRisk', 'Degraded', 'Warning', 'WaitingForApproval', 'Pending approval', 'Unknown condition', 'Drift', 'OutOfSync', 'Missing', 'Paused'],
  ok: ['Ready', 'Ok', 'Met', 'Up', 'Healthy', 'Succeeded', 'True', 'InSync', 'Approved', 'Delivered'],
  run: ['Running', 'WaitingForAws', 'Starting', 'Cancelling'],
};
const toneOf = new Map(Object.entries(TONES).flatMap(([tone, states]) => states.map(s => [s, tone])));

export function tone(state) {
  return toneOf.get(state) ?? 'none';
}

/** A state label: a coloured dot and the state's name (readable without colour). */
export function pill(state, title) {
  const label = state ?? '—';
  return h('span', { class: `st st-${tone(label)}`, title: title ?? null }, label);
}

/** Seconds as "45s", "4m 12s", "2h 03m", "3d 04h". */
export function dur(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 ? '-' : '';
  if (s < 60) return `${sign}${s}s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${sign}${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${sign}${Math.floor(s / 86400)}d ${String(Math.floor((s % 86400) / 3600)).padStart(2, '0')}h`;
}

/** "3m ago" with the ISO time as a tooltip. */
export function ago(iso, now = Date.now()) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const t = Date.parse(iso);
  return h('time', { datetime: iso, title: new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') }, `${dur((now - t) / 1000)} ago`);
}

/** UTC wall time, "14:03:07". */
export function clock(iso) {
  return iso ? new Date(iso).toISOString().slice(11, 19) : '—';
}

export function utc(iso) {
  return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

export function num(v, digits = 0) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(digits);
}
