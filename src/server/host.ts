/**
 * Where the server may listen. Until accounts exist (a later issue) anyone who can reach the port
 * can read every record and confirm or reject shipments, so only loopback addresses are allowed.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const DEFAULT_HOST = '127.0.0.1';

/** null when `host` is allowed, else the reason it is refused. */
export function refuseHost(host: string): string | null {
  if (LOOPBACK.has(host.toLowerCase())) return null;
  return (
    `refusing to listen on ${host}: tallyman has no accounts yet, so anyone who could reach that ` +
    'address could read the whole store and confirm or reject shipments. It listens on 127.0.0.1 ' +
    '(this machine only) until accounts exist; reach it from elsewhere through an SSH tunnel.'
  );
}
