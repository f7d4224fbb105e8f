#!/usr/bin/env node
/**
 * The tallyman CLI. Every command's errors end here: a CliError carries its exit code (see
 * exit-codes.ts), anything else is a failure (exit 1) with its message and, with DEBUG, its stack.
 */
import { Command, CommanderError } from 'commander';
import { registerAreas } from './areas.js';
import { registerDecode } from './decode.js';
import { registerDetect } from './detect.js';
import { registerEstimate } from './estimate.js';
import { registerEvents } from './events.js';
import { registerEvidence } from './evidence.js';
import { CliError, EXIT } from './exit-codes.js';
import { registerImage } from './image.js';
import { registerIngest } from './ingest.js';
import { registerMeasure } from './measure.js';
import { registerSanctions } from './sanctions.js';
import { registerServe } from './serve.js';
import { registerShipments } from './shipments.js';
import { registerSimulate } from './simulate.js';
import { registerVessels } from './vessels.js';

const program = new Command('tallyman')
  .description('OSINT workbench for covert seaborne shipments: AIS in, tracks, events and evidence out')
  .option(
    '--db <path|url>',
    'SQLite file or postgres:// URL (default: $TALLYMAN_DATABASE_URL, $TALLYMAN_DB, ./tallyman.db)',
  )
  .showHelpAfterError()
  .exitOverride();
registerDecode(program);
registerIngest(program);
registerVessels(program);
registerSimulate(program);
registerDetect(program);
registerEvents(program);
registerAreas(program);
registerServe(program);
registerShipments(program);
registerEvidence(program);
registerEstimate(program);
registerImage(program);
registerMeasure(program);
registerSanctions(program);

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version print themselves and exit 0; anything else is a usage error.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof CliError) {
    process.stderr.write(`tallyman: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`tallyman: ${(err as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = EXIT.failure;
  }
}
