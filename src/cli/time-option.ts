import { CliError, EXIT } from './exit-codes.js';

/** Parses an ISO 8601 time (a date alone is midnight UTC; no zone means UTC) or epoch ms. */
export function parseTimeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{12,}$/.test(value)) return Number(value);
  const withZone =
    /[zZ]|[+-]\d\d:?\d\d$/.test(value) || /^\d{4}-\d\d-\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) {
    throw new CliError(
      `${name}: "${value}" is not a time (use ISO 8601, e.g. 2024-03-12T06:00Z)`,
      EXIT.usage,
    );
  }
  return ms;
}
