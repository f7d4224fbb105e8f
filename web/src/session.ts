/**
 * Who is using the workbench, settled before anything else runs (main.ts imports this first; its
 * top-level await holds the app back). Single-user loopback mode: nothing to do. Accounts mode and
 * not logged in: the login page, and the app never starts until a login reloads the page. Logged
 * in: the session's CSRF token goes on every POST (api.ts), and the header shows the user and a
 * "log out" button.
 */
import { type ApiError, getJson, postJson, setCsrfToken } from './api.js';
import { html } from './format.js';

interface SessionAnswer {
  mode: 'accounts' | 'single-user';
  user: { name: string; role: string } | null;
  csrfToken: string | null;
  expiresMs: number | null;
}

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

function showLogin(): void {
  $('#map-view').hidden = true;
  $('#nav').hidden = true;
  const page = $('#page');
  page.hidden = false;
  page.innerHTML = html`
    <form id="login" class="login" autocomplete="on">
      <h1>Log in to tallyman</h1>
      <label>Name <input name="name" autocomplete="username" required maxlength="64" /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="1024" /></label>
      <button type="submit">Log in</button>
      <output data-testid="login-error"></output>
    </form>`.__raw;
  const form = $<HTMLFormElement>('#login');
  form.querySelector<HTMLInputElement>('[name=name]')!.focus();
  form.onsubmit = async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await postJson('api/login', { name: String(data.get('name')), password: String(data.get('password')) });
      location.reload();
    } catch (err) {
      form.querySelector('output')!.textContent = (err as ApiError).message;
    }
  };
}

function showUser(s: SessionAnswer): void {
  const span = document.createElement('span');
  span.className = 'user';
  span.innerHTML = html`<span data-testid="user">${s.user!.name} (${s.user!.role})</span>
    <button type="button" id="logout">Log out</button>`.__raw;
  $('.top').append(span);
  $('#logout').onclick = async () => {
    await postJson('api/logout', {}).catch(() => {});
    location.reload();
  };
}

const session = await getJson<SessionAnswer>('api/session');
if (session.mode === 'accounts') {
  if (session.user === null) {
    showLogin();
    // The app waits here for good: a successful login reloads the page.
    await new Promise<never>(() => {});
  }
  setCsrfToken(session.csrfToken);
  showUser(session);
}
