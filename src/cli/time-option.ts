import { parseTime, TIME_FORMS } from '../time/parse-time.js';
import { CliError, EXIT } from './exit-codes.js';

/** A time option through the project's one time parser (src/time): the API reads the same forms. */
export function parseTimeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const r = parseTime(value);
  if (!r.ok) throw new CliError(`${name}: "${value}": ${r.reason} (${TIME_FORMS})`, EXIT.usage);
  return r.tsMs;
}
