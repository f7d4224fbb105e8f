/** Figures as a reader quotes them (web/src/format.ts) and parameters by their names in words. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compact, compactRange } from '../../web/src/format.js';
import { parameterLabel } from '../../web/src/pages/charts.js';

test('compact numbers with their units', () => {
  assert.equal(compact(6_740_000_000, 'USD'), '$6.7 bn');
  assert.equal(compact(4_930_000, 'rounds'), '4.9 M rounds');
  assert.equal(compact(15_800, 'containers'), '15.8 k containers');
  assert.equal(compact(740, 'containers'), '740 containers');
  assert.equal(compact(null), '—');
  assert.equal(compactRange(4_200_000, 5_800_000, 'rounds'), '4.2–5.8 M rounds');
  assert.equal(compactRange(1_100_000_000, 6_700_000_000, 'USD'), '$1.1–6.7 bn');
  assert.equal(compactRange(240, 280, 'containers'), '240–280 containers');
});

test('estimator parameters by name in words; an unknown one as it is', () => {
  assert.equal(parameterLabel('payloadFill20'), 'payload fill, 20 ft (share of max payload)');
  assert.equal(parameterLabel('packedMassKg.152mm'), 'packed mass, 152 mm shell (kg)');
  assert.equal(
    parameterLabel('container counts (observations and imputation)'),
    'container counts (observations and imputation)',
  );
});
