/**
 * Where the server may listen. Without accounts anyone who can reach the port reads every record
 * and confirms or rejects shipments as the local user, so only loopback addresses are allowed
 * until the store has accounts with at least one active admin (`tallyman users add NAME --role
 * admin`). Then any address is allowed; docs/security.md says how to put a TLS proxy in front.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export const DEFAULT_HOST = '127.0.0.1';

export const isLoopback = (host: string): boolean => LOOPBACK.has(host.toLowerCase());

/** null when `host` is allowed, else the reason it is refused. */
export function refuseHost(host: string, accountsEnabled = false): string | null {
  if (isLoopback(host) || accountsEnabled) return null;
  return (
    `refusing to listen on ${host}: this store has no accounts yet (or none with an active admin), so anyone who ` +
    'could reach that address could read the whole store and confirm or reject shipments. Add ' +
    'accounts first (`tallyman users add NAME --role admin`), or keep it on 127.0.0.1 (this machine ' +
    'only) and reach it from elsewhere through an SSH tunnel.'
  );
}
