// Sign-in: the API token is posted to POST /auth/signin, which sets an HttpOnly cookie; then back where the user was.
import { h, $, clear } from './dom.js';

function returnPath() {
  const wanted = new URLSearchParams(location.search).get('return') ?? '/';
  // Only a path on this site: never an absolute or protocol-relative address (open redirect).
  return wanted.startsWith('/') && !wanted.startsWith('//') && !wanted.startsWith('/\\') ? wanted : '/';
}

async function submit(event) {
  event.preventDefault();
  const token = $('#token').value.trim();
  const message = $('#message');
  clear(message);
  if (!token) { message.append('Enter your API token.'); return; }
  $('#submit').disabled = true;
  try {
    const response = await fetch('/auth/signin', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (response.ok) { location.assign(returnPath()); return; }
    if (response.status === 404) {
      message.append('This service has no sign-in configured. ', h('a', { href: returnPath() }, 'Continue'));
    } else {
      let detail = '';
      try { detail = (await response.json()).detail ?? ''; } catch { /* not JSON */ }
      message.append(response.status === 401 || response.status === 400 ? `The token was not accepted. ${detail}` : `Sign-in failed (HTTP ${response.status}). ${detail}`);
    }
  } catch (e) {
    message.append(`Sign-in failed: ${e.message}`);
  } finally {
    $('#submit').disabled = false;
  }
}

// The form is in the page itself (it posts without script too); with script it signs in with JSON and goes back.
$('#signin').addEventListener('submit', submit);
