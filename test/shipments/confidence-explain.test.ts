/** The confidence explanation adds up to the level the ledger shows, finding by finding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidenceOf, confidencePoints, explainConfidence } from '../../src/shipments/confidence.js';
import type { Support } from '../../src/shipments/types.js';

test('two AIS calls and a draught rise: 3/4, each finding named with its points', () => {
  const supports: Support[] = [
    { kind: 'ais-call', role: 'origin', ref: 'e1' },
    { kind: 'ais-call', role: 'destination', ref: 'e2' },
    { kind: 'draught-laden', role: 'origin', ref: 'd1' },
  ];
  const x = explainConfidence(supports);
  assert.equal(x.level, 3);
  assert.equal(x.points, 5);
  assert.deepEqual(
    x.findings.map((f) => [f.label, f.points]),
    [
      ['port call heard on AIS (origin)', 2],
      ['port call heard on AIS (destination)', 2],
      ['draught rise at loading (origin)', 1],
    ],
  );
  assert.match(x.text, /^3\/4 \(1 weak … 4 strong\): 5 points, 5.5 needed for 4\/4 — /);
});

test('an end counts once at its strongest finding; a second document adds nothing', () => {
  const supports: Support[] = [
    { kind: 'dark-call', role: 'origin', ref: 'g1' },
    { kind: 'sighting', role: 'origin', ref: '7' },
    { kind: 'dark-call', role: 'destination', ref: 'g1' },
    { kind: 'document', role: 'leg', ref: '3' },
    { kind: 'document', role: 'leg', ref: '4' },
  ];
  const x = explainConfidence(supports);
  assert.deepEqual(
    x.findings.map((f) => f.points),
    [0, 2, 0.5, 1, 0],
  );
  assert.equal(x.points, 3.5);
  assert.equal(x.level, 2);
  assert.equal(x.points, confidencePoints(supports));
  assert.equal(x.level, confidenceOf(supports));
});

test('nothing found: level 1 and says so', () => {
  const x = explainConfidence([]);
  assert.equal(x.level, 1);
  assert.match(x.text, /no finding/);
});
