/**
 * One count-range rule for every observation that counts something: container counts and rail
 * counts accept the same shapes (an exact count, a range, a lower bound alone) and refuse the
 * same input with the same message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containerInput, railInput } from '../../src/shipments/observe.js';

const container = { observed: '2023-09-07T02:00:00Z', place: 'Rajin', method: 'counted' };
const rail = { observed: '2023-09-07T02:00:00Z', place: 'Tikhoretsk', unit: 'railcars' };

function refusal(r: { success: boolean; error?: { issues: Array<{ message: string }> } }): string {
  assert.equal(r.success, false);
  return r.error?.issues.map((i) => i.message).join('; ') ?? '';
}

for (const [name, schema, base] of [
  ['container', containerInput, container],
  ['rail', railInput, rail],
] as const) {
  describe(`${name} count range`, () => {
    test('an exact count becomes a range of one value', () => {
      const r = schema.parse({ ...base, count: 12 });
      assert.deepEqual([r.countMin, r.countMax], [12, 12]);
      assert.equal('count' in r, false);
    });
    test('a range stays as given', () => {
      const r = schema.parse({ ...base, countMin: 10, countMax: 14 });
      assert.deepEqual([r.countMin, r.countMax], [10, 14]);
    });
    test('a lower bound alone is taken as exact', () => {
      const r = schema.parse({ ...base, countMin: 9 });
      assert.deepEqual([r.countMin, r.countMax], [9, 9]);
    });
    test('the observation time becomes observedMs', () => {
      assert.equal(schema.parse({ ...base, count: 1 }).observedMs, Date.UTC(2023, 8, 7, 2));
    });
    test('no count at all is refused', () => {
      assert.equal(refusal(schema.safeParse(base)), 'give count, or countMin and countMax');
    });
    test('a range upside down is refused, naming both ends', () => {
      assert.equal(
        refusal(schema.safeParse({ ...base, countMin: 14, countMax: 10 })),
        'countMax 10 is below countMin 14',
      );
    });
  });
}
