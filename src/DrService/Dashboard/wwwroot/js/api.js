// The dashboard's one way to the API: JSON in and out, problem details as errors, 401 sends the browser to sign-in,
// and mutating calls carry the anti-forgery header (X-CSRF-TOKEN) from /api/v1/auth/antiforgery.

export class ApiError extends Error {
  constructor(status, problem, path) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.path = path;
  }
}

function toSignIn() {
  const back = location.pathname + location.search;
  location.assign(`/signin?return=${encodeURIComponent(back)}`);
}

async function failure(response, path) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  return new ApiError(response.status, problem, path);
}

export async function get(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (response.status === 401) { toSignIn(); throw new ApiError(401, null, path); }
  if (!response.ok) throw await failure(response, path);
  return response.json();
}

/** Every item of a paged list ({"items", "nextCursor"}): follows the cursor, 500 a page. */
export async function all(path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(page.items ?? page));
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return items;
}

/** Like get, but null when the endpoint does not exist (yet): a section that waits for a feature says so. */
export async function optional(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

let antiforgery;
async function csrfHeaders() {
  if (antiforgery === undefined) {
    try {
      const response = await fetch('/api/v1/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      antiforgery = response.ok ? await response.json() : null;
    } catch {
      antiforgery = null;
    }
  }
  return antiforgery ? { [antiforgery.headerName]: antiforgery.token } : {};
}

export async function post(path, body) {
  const headers = { Accept: 'application/json', ...(await csrfHeaders()) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: 'POST', credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) { toSignIn(); throw new ApiError(401, null, path); }
  if (!response.ok) throw await failure(response, path);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const ROLES = ['viewer', 'operator', 'approver', 'admin'];

/** True when <role> ranks at least <wanted> (viewer < operator < approver < admin). */
export function atLeast(role, wanted) {
  return ROLES.indexOf(role) >= ROLES.indexOf(wanted);
}

let who;
/**
 * The signed-in user: {name, role, auth}. Where the service has no sign-in yet (no /api/v1/auth/me), the API
 * guards mutating calls by itself (host-local operators only), so the page offers every action and says so.
 */
export async function me() {
  if (!who) {
    const found = await optional('/api/v1/auth/me');
    who = found ? { ...found, auth: true } : { name: 'local operator', role: 'admin', auth: false };
  }
  return who;
}

export async function signOut() {
  try { await post('/auth/signout'); } finally { location.assign('/signin'); }
}
