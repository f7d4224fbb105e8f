/**
 * The web defences' decisions, as pure functions (guard.ts wires them into Fastify). Each answers
 * null when a request may go on, else the reason it is refused, so the shell can log that reason.
 *
 * Threats (docs/security.md): a DNS-rebinding page (its own name resolving to 127.0.0.1, so the
 * browser sends `Host: evil.example`), a cross-site request from any page the analyst has open,
 * the workbench framed by another page, and oversized input.
 */
import { createHash } from 'node:crypto';

/** The largest request body, in bytes: 100× the largest body the workbench sends (a polygon). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Methods that change state: only these are checked for a cross-site origin. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Names that always reach this machine and that no web page can take as its own. */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export interface HostName {
  /** Lower-case; an IPv6 address in brackets, as it appears in a Host header. */
  name: string;
  /** null when the header (or the configured name) carries no port. */
  port: number | null;
}

const HOST_NAME = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)$/;

/** `Host` header (or a configured name) → name and port; null when it is not a host name. */
export function parseHostHeader(value: string): HostName | null {
  const v = value.trim().toLowerCase();
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(v);
  if (m === null || !HOST_NAME.test(m[1]!)) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65535) return null;
  return { name: m[1]!, port };
}

/** An address given to `listen` (`::1`, `127.0.0.1`) as a Host header names it (`[::1]`). */
export const hostNameOfAddress = (address: string): string =>
  address.includes(':') && !address.startsWith('[') ? `[${address.toLowerCase()}]` : address.toLowerCase();

/**
 * `--allowed-host NAME` (repeatable) and `TALLYMAN_ALLOWED_HOSTS` (comma-separated) → names, or
 * the first one that is not a host name (thrown, so a typo is not silently an open door).
 */
export function allowedHostsFrom(env: NodeJS.ProcessEnv, cliNames: readonly string[]): HostName[] {
  const raw = [...(env.TALLYMAN_ALLOWED_HOSTS ?? '').split(','), ...cliNames]
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return raw.map((s) => {
    const h = parseHostHeader(s);
    if (h === null) throw new Error(`"${s}" is not a host name (NAME or NAME:PORT)`);
    return h;
  });
}

/**
 * The names a request may be addressed to: the loopback names, the bound address and the
 * configured names. The port of a loopback name is not checked: DNS rebinding forges the name,
 * and a browser always sends the port of the server it talks to (the Vite dev proxy forwards its
 * own); a configured NAME:PORT is held to that port.
 */
export function hostAllowlist(boundHost: string | undefined, configured: readonly HostName[]): HostName[] {
  const names: HostName[] = LOOPBACK_HOST_NAMES.map((name) => ({ name, port: null }));
  if (boundHost !== undefined) names.push({ name: hostNameOfAddress(boundHost), port: null });
  return [...names, ...configured];
}

/** null when the Host header names this server, else why not (answered 421). */
export function refuseHost(header: string | undefined, allowed: readonly HostName[]): string | null {
  if (header === undefined || header === '') return 'no Host header';
  const h = parseHostHeader(header);
  if (h === null) return `Host ${JSON.stringify(header)} is not a host name`;
  const ok = allowed.some((a) => a.name === h.name && (a.port === null || a.port === h.port));
  return ok
    ? null
    : `Host ${JSON.stringify(header)} is not one of this server's names (a DNS-rebinding page sends its own name; add a real name with --allowed-host)`;
}

/** True when `origin` (an Origin header) is the origin of a request sent to `host`. */
export function sameOrigin(origin: string, host: string): boolean {
  let o: URL;
  let h: URL;
  try {
    o = new URL(origin);
    if ((o.protocol !== 'http:' && o.protocol !== 'https:') || o.origin !== origin.toLowerCase())
      return false;
    h = new URL(`${o.protocol}//${host}`);
  } catch {
    return false;
  }
  return h.host === o.host;
}

export interface CrossSiteInput {
  method: string;
  /** The Host header, already checked against the allowlist. */
  host: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /**
   * Let a state-changing request with neither Origin nor Sec-Fetch-Site pass. Every current
   * browser sends Origin on a POST (and Sec-Fetch-Site on every request), so such a request
   * comes from curl or a script, which could send any header it liked anyway: single-user
   * loopback mode lets it pass, a mode with accounts will not.
   */
  allowHeaderless: boolean;
}

/** null when a request may change state, else why not (answered 403). */
export function refuseCrossSite(r: CrossSiteInput): string | null {
  if (!STATE_CHANGING_METHODS.has(r.method.toUpperCase())) return null;
  // Sec-Fetch-Site is set by the browser and cannot be set by a page: same-site (another port of
  // localhost, say) is as foreign as cross-site, and `none` (typed or bookmarked) never posts.
  if (r.secFetchSite !== undefined && r.secFetchSite !== 'same-origin') {
    return `${r.method} with Sec-Fetch-Site: ${JSON.stringify(r.secFetchSite)} (only same-origin requests may change state)`;
  }
  if (r.origin !== undefined) {
    return sameOrigin(r.origin, r.host)
      ? null
      : `${r.method} from Origin ${JSON.stringify(r.origin)}, not this server (${r.host})`;
  }
  if (r.secFetchSite !== undefined || r.allowHeaderless) return null;
  return `${r.method} without Origin or Sec-Fetch-Site`;
}

export interface InlineHashes {
  /** CSP sources (`'sha256-…'`) of the inline `<script>` elements. */
  scripts: string[];
  /** CSP sources of the inline `<style>` elements. */
  styles: string[];
}

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The hashes of the inline scripts and styles of one built page, so the CSP can allow exactly
 * those (the early fetch in web/index.html, the 3D page's style) without `unsafe-inline`. A
 * regular expression is enough: the input is our own Vite build output, not arbitrary HTML.
 */
export function inlineHashes(html: string): InlineHashes {
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) =>
    cspHash(m[1]!),
  );
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => cspHash(m[1]!));
  return { scripts, styles };
}

/**
 * The Content-Security-Policy directives: same-origin everything, inline code only by hash,
 * never framed. MapLibre starts its worker from a blob: URL (a module stub importing the worker
 * file) and hands images over as blob: URLs; the brief and exports use data: images.
 */
export function cspDirectives(inline: InlineHashes): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...inline.scripts],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", ...inline.styles],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

export interface RouteShape {
  method: string;
  url: string;
}

/** `/api/vessels/:mmsi/track` → a regular expression matching the paths it serves. */
const pathPattern = (url: string): RegExp =>
  new RegExp(
    `^${url
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

/**
 * The methods a path answers, for `Allow` (OPTIONS, 405): those of the API routes matching it
 * (HEAD with every GET, as Fastify serves it), or GET and HEAD for the web app's files outside
 * /api; null for a path under /api that no route serves.
 */
export function allowedMethods(routes: readonly RouteShape[], path: string): string[] | null {
  if (!path.startsWith('/api/') && path !== '/api') return ['GET', 'HEAD', 'OPTIONS'];
  const methods = new Set<string>();
  for (const r of routes) {
    if (!pathPattern(r.url).test(path)) continue;
    methods.add(r.method);
    if (r.method === 'GET') methods.add('HEAD');
  }
  if (methods.size === 0) return null;
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return [...order.filter((m) => methods.has(m)), 'OPTIONS'];
}

/** One log line for a refusal; the client's own words are quoted and cut, so they cannot forge lines. */
export function refusalLine(status: number, method: string, url: string, reason: string): string {
  const u = JSON.stringify(url.length > 200 ? `${url.slice(0, 200)}…` : url);
  return `tallyman: refused ${status} ${method} ${u}: ${reason.slice(0, 500)}`;
}
