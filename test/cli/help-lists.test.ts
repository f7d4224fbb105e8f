/**
 * CLI help lists what the modules that define the lists hold — evidence kinds, area kinds, alert
 * rule kinds, container methods, rail units, parameter sets — so a kind added there shows in
 * `--help` without a second edit. Registered in-process: no child process needed to read help.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, type Option } from 'commander';
import { AREA_KINDS } from '../../src/areas/types.js';
import { registerAlerts } from '../../src/cli/alerts/index.js';
import { registerAreas } from '../../src/cli/areas.js';
import { registerDetect } from '../../src/cli/detect.js';
import { registerEvidence } from '../../src/cli/evidence/index.js';
import { registerWatch } from '../../src/cli/watch.js';
import { registerWorker } from '../../src/cli/worker.js';
import { PARAM_SET_NAMES, PARAM_SETS } from '../../src/events/params.js';
import { EVIDENCE_KINDS } from '../../src/evidence/store.js';
import { RULE_KINDS } from '../../src/live/rules.js';
import { CONTAINER_METHODS, RAIL_UNITS } from '../../src/shipments/types.js';

const program = new Command('tallyman');
for (const register of [
  registerAlerts,
  registerAreas,
  registerDetect,
  registerEvidence,
  registerWatch,
  registerWorker,
])
  register(program);

function optionOf(path: string[], flag: string): Option {
  let cmd: Command | undefined = program;
  for (const name of path) cmd = cmd?.commands.find((c) => c.name() === name);
  assert.ok(cmd, `no command ${path.join(' ')}`);
  const opt = cmd.options.find((o) => o.long === flag);
  assert.ok(opt, `${path.join(' ')} has no ${flag}`);
  return opt;
}

/** The values a help text lists, in order: "a | b | c" (with an optional "label: " before it). */
function listed(description: string): string[] {
  return description
    .replace(/^[^:|]*: /, '')
    .split(' | ')
    .map((s) => s.trim());
}

test('evidence add --kind lists every evidence kind', () => {
  assert.deepEqual(listed(optionOf(['evidence', 'add'], '--kind').description), [...EVIDENCE_KINDS]);
});

test('areas add --kind lists every area kind', () => {
  assert.deepEqual(listed(optionOf(['areas', 'add'], '--kind').description), [...AREA_KINDS]);
});

test('alerts add --kind lists every rule kind', () => {
  assert.deepEqual(listed(optionOf(['alerts', 'add'], '--kind').description), [...RULE_KINDS]);
});

test('observe add-containers --method and add-rail --unit list what the ledger accepts', () => {
  assert.deepEqual(listed(optionOf(['observe', 'add-containers'], '--method').description), [
    ...CONTAINER_METHODS,
  ]);
  assert.deepEqual(listed(optionOf(['observe', 'add-rail'], '--unit').description), [...RAIL_UNITS]);
});

test('detect, watch and worker --params list the parameter sets there are', () => {
  assert.deepEqual([...PARAM_SET_NAMES], Object.keys(PARAM_SETS));
  for (const cmd of ['detect', 'watch', 'worker'])
    assert.deepEqual(listed(optionOf([cmd], '--params').description), [...PARAM_SET_NAMES], cmd);
});
