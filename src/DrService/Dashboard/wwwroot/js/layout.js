import { h, $, clear } from './dom.js';
import { me, signOut } from './api.js';

/** The header every page shares: the service, the pages, who is signed in with which role, and sign-out. */
export async function header(active) {
  const user = await me().catch(() => null);
  const nav = [['/', 'Overview', 'overview'], ['/start', 'Start drill / failover', 'start']];
  const bar = h('header', { class: 'top' },
    h('a', { href: '/', class: 'brand' }, 'DrService'),
    h('nav', {}, nav.map(([href, label, key]) => h('a', { href, class: key === active ? 'active' : null }, label))),
    h('span', { class: 'spacer' }),
    user ? h('span', { class: 'who', 'data-role': user.role },
      user.name, ' · ', h('b', {}, user.role),
      user.auth ? h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out')
        : h('span', { class: 'muted', title: 'This service has no sign-in configured: mutating calls are accepted from its own host only.' }, ' (no sign-in configured)'))
      : null);
  const slot = $('#header');
  clear(slot).append(bar);
  return user;
}

/** A message line for a failed load: what failed and why, in words. */
export function problem(where, error) {
  return h('div', { class: 'problem', role: 'alert' }, h('b', {}, `${where}: `), error?.message ?? String(error));
}

/** A section that waits for a feature not on this service yet. */
export function unavailable(what) {
  return h('p', { class: 'muted' }, `${what} is not available on this service yet.`);
}

export function section(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}
