/** An input file named on the command line, read as text; one that cannot be read is bad input (exit 3) naming the file and why. */
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from './exit-codes.js';

export function readInputText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as Error).message})`, EXIT.badInput);
  }
}
