import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatScenarioErrors, parseScenario, validateScenario } from '../../src/scenario/index.js';
import { loadScenario } from './helpers.js';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('scenario schema', () => {
  it('accepts both bundled scenarios, marked simulated', () => {
    for (const name of ['rajin-shuttle', 'test-small']) {
      const s = loadScenario(name);
      assert.equal(s.simulated, true);
      assert.equal(s.name, name);
    }
  });

  it('names the path and reason of a wrong type and a missing field', () => {
    const s = clone(loadScenario('test-small')) as unknown as Record<string, unknown>;
    (s.fleet as Record<string, unknown>[])[1].mmsi = 'not a number';
    delete (s.coverage as Record<string, unknown>).satellite;
    const r = validateScenario(s);
    assert.equal(r.ok, false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    assert.ok(paths.includes('fleet[1].mmsi'), paths.join(' '));
    assert.ok(paths.includes('coverage.satellite'), paths.join(' '));
    assert.match(r.errors.find((e) => e.path === 'fleet[1].mmsi')!.reason, /number/);
  });

  it('reports unknown references, bad times and inverted ranges', () => {
    const s = clone(loadScenario('test-small'));
    s.fleet[0].homePort = 'atlantis';
    s.shipments.containers = { min: 300, max: 200 };
    s.spoofs[0].from = '10 Sept 2023';
    const bad = validateScenario(s);
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    const text = formatScenarioErrors('x.json', bad.errors);
    assert.match(text, /x\.json: shipments\.containers: min must not exceed max/);
    assert.match(text, /x\.json: spoofs\[0\]\.from: expected an ISO 8601 UTC time/);
    // Cross-references are checked once the shape is valid.
    const s2 = clone(loadScenario('test-small'));
    s2.fleet[0].homePort = 'atlantis';
    s2.shipments.ships[0].ship = 'ghost';
    const r2 = validateScenario(s2);
    assert.equal(r2.ok, false);
    if (r2.ok) return;
    assert.deepEqual(
      r2.errors.map((e) => `${e.path}: ${e.reason}`),
      ['fleet[0].homePort: unknown place "atlantis"', 'shipments.ships[0].ship: unknown ship "ghost"'],
    );
  });

  it('rejects AIS text the six-bit alphabet cannot carry and a non-simulated scenario', () => {
    const s = clone(loadScenario('test-small')) as unknown as Record<string, unknown>;
    (s.fleet as Record<string, unknown>[])[0].name = 'angara';
    s.simulated = false;
    const r = validateScenario(s);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.ok(r.errors.some((e) => e.path === 'fleet[0].name' && /upper-case AIS text/.test(e.reason)));
    assert.ok(r.errors.some((e) => e.path === 'simulated'));
  });

  it('reports invalid JSON as an error, not a crash', () => {
    const r = parseScenario('{"name": ');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.errors[0].path, '(root)');
    assert.match(r.errors[0].reason, /invalid JSON/);
  });
});
