/**
 * `tallyman evidence add|list|export-ftm|correct|link`, `claim add`, `claims`, `verify`, and
 * `observe import|add-sighting|add-containers|add-rail|simulate`: one module per subcommand,
 * registered here in the order help lists them.
 */
import type { Command } from 'commander';
import { registerAdd } from './add.js';
import { registerClaimAdd } from './claim-add.js';
import { registerClaims } from './claims.js';
import { registerCorrect } from './correct.js';
import { registerExportFtm } from './export-ftm.js';
import { registerLink } from './link.js';
import { registerList } from './list.js';
import { registerObserveAddContainers } from './observe-add-containers.js';
import { registerObserveAddRail } from './observe-add-rail.js';
import { registerObserveAddSighting } from './observe-add-sighting.js';
import { registerObserveImport } from './observe-import.js';
import { registerObserveSimulate } from './observe-simulate.js';
import { registerVerify } from './verify.js';

export function registerEvidence(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('evidence files: content-addressed, graded, immutable');
  registerAdd(evidence);
  registerList(evidence);
  registerExportFtm(evidence);
  registerCorrect(evidence);
  registerLink(evidence);

  const claim = program
    .command('claim')
    .description('claims: statements with a quantity, linked to evidence');
  registerClaimAdd(claim);
  registerClaims(program);
  registerVerify(program);

  const observe = program
    .command('observe')
    .description('observations: imagery sightings, container counts, rail counts');
  registerObserveImport(observe);
  registerObserveAddSighting(observe);
  registerObserveAddContainers(observe);
  registerObserveAddRail(observe);
  registerObserveSimulate(observe);
}
