/** `--params <set>` for detect, watch and worker: the names and values come from src/events/params.ts. */
import { type EventParams, PARAM_SET_NAMES, PARAM_SETS, type ParamSetName } from '../events/params.js';
import { CliError, EXIT } from './exit-codes.js';

export const PARAM_SET_HELP = `parameter set: ${PARAM_SET_NAMES.join(' | ')}`;

/** The named parameter set, or a usage error that lists the ones there are. */
export function paramSetNamed(name: string): Readonly<EventParams> {
  if (!(PARAM_SET_NAMES as readonly string[]).includes(name))
    throw new CliError(`--params: "${name}" is not one of ${PARAM_SET_NAMES.join(', ')}`, EXIT.usage);
  return PARAM_SETS[name as ParamSetName];
}
