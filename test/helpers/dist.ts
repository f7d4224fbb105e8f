/**
 * The built CLI the tests run as a child process, as a user would (`node dist/cli/main.js`): a
 * child through tsx paid about a second of start-up each, and the CLI tests start hundreds.
 * Importing this rebuilds dist first when any source is newer than its output, so a test never
 * runs a stale build — also when a test file is run on its own, without `npm test`.
 */
import { join } from 'node:path';
import { ensureDistFresh } from '../../scripts/dist-fresh.mjs';

export const REPO = new URL('../../', import.meta.url).pathname;

ensureDistFresh(REPO, (line) => console.error(line));

/** `node CLI_MAIN …` runs the CLI. */
export const CLI_MAIN = join(REPO, 'dist/cli/main.js');
