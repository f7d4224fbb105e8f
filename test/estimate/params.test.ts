/** The parameter file: the shipped one is valid and sourced; bad ones are refused with the parameter's path and reason. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ParamError, parseParams, validateParams } from '../../src/estimate/index.js';
import { paramsText } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests mutate arbitrary paths of the parsed JSON to break it
type Json = Record<string, any>;
const fresh = (): Json => JSON.parse(paramsText());

function refused(mutate: (p: Json) => void): ParamError[] {
  const p = fresh();
  mutate(p.parameters);
  const r = validateParams(p);
  assert.equal(r.ok, false, 'a bad file must be refused');
  return r.ok ? [] : r.errors;
}

function has(errors: ParamError[], path: string, reason: RegExp): void {
  assert.ok(
    errors.some((e) => e.path === path && reason.test(e.reason)),
    `expected ${path}: ${reason}, got ${JSON.stringify(errors)}`,
  );
}

describe('estimate parameter file', () => {
  it('the shipped file is valid, and every parameter has a unit, a source and a note', () => {
    const r = parseParams(paramsText());
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.deepEqual(r.params.types, ['152mm', '122mm', '122mm-rocket', 'mortar', 'other']);
    const entries: [string, Json][] = [];
    for (const [name, e] of Object.entries(r.params.file.parameters as Json)) {
      if (name === 'packedMassKg' || name === 'priceUsd')
        for (const [t, pe] of Object.entries(e as Json)) entries.push([`${name}.${t}`, pe as Json]);
      else entries.push([name, e as Json]);
    }
    assert.ok(entries.length >= 25);
    for (const [name, e] of entries) {
      assert.ok(e.source.length > 5 && e.note.length > 5 && e.unit.length > 0, name);
    }
  });

  it('refuses a missing parameter, naming it', () => {
    has(
      refused((p) => delete p.tare20T),
      'parameters.tare20T',
      /missing/,
    );
    has(
      refused((p) => delete p.payloadFill20.distribution.high),
      'parameters.payloadFill20.distribution.high',
      /missing/,
    );
    has(
      refused((p) => delete p.priceUsd.mortar),
      'parameters.priceUsd.mortar',
      /missing/,
    );
    has(
      refused((p) => delete p.waterplaneCoefficient.source),
      'parameters.waterplaneCoefficient.source',
      /missing/,
    );
  });

  it('refuses negative values', () => {
    has(
      refused((p) => (p.priceUsd['152mm'].distribution.low = -700)),
      'parameters.priceUsd.152mm.distribution.low',
      /negative/,
    );
    has(
      refused((p) => (p.tare40T.distribution.low = -1)),
      'parameters.tare40T.distribution.low',
      /negative/,
    );
  });

  it('refuses low > high', () => {
    has(
      refused((p) => (p.packedMassKg['122mm'].distribution = { type: 'lognormal', low: 40, high: 30 })),
      'parameters.packedMassKg.122mm.distribution.low',
      /low > high/,
    );
    has(
      refused((p) => (p.mixShares.distribution.shares.mortar = { low: 0.2, high: 0.1 })),
      'parameters.mixShares.distribution.shares.mortar.low',
      /low > high/,
    );
  });

  it('refuses shares that do not sum to 1, and shares outside 0–1', () => {
    has(
      refused((p) => (p.mixShares.distribution.shares['152mm'] = { low: 0.6, high: 0.8 })),
      'parameters.mixShares.distribution.shares',
      /sum to 1\.200/,
    );
    has(
      refused((p) => (p.emptyContainerShare.distribution = { type: 'uniform', low: 0.5, high: 1.5 })),
      'parameters.emptyContainerShare.distribution.high',
      /above 1/,
    );
    has(
      refused((p) => (p.fortyFootShare.distribution = { type: 'lognormal', low: 0.1, high: 0.2 })),
      'parameters.fortyFootShare.distribution.type',
      /share needs/,
    );
  });

  it('refuses unknown types, unknown parameters and munition types not in the mix', () => {
    has(
      refused((p) => (p.countBias.distribution.type = 'gaussian')),
      'parameters.countBias.distribution.type',
      /unknown distribution type/,
    );
    has(
      refused((p) => (p.extraThing = p.countBias)),
      'parameters',
      /extraThing|Unrecognized/i,
    );
    has(
      refused((p) => (p.priceUsd['155mm'] = p.priceUsd['152mm'])),
      'parameters.priceUsd.155mm',
      /not a munition type/,
    );
    has(
      refused((p) => (p.packedMassKg.mortar.distribution = { type: 'fixed', value: 0 })),
      'parameters.packedMassKg.mortar.distribution.value',
      /> 0/,
    );
  });

  it('refuses text that is not JSON', () => {
    const r = parseParams('{ "parameters": ');
    assert.equal(r.ok, false);
    if (!r.ok) has(r.errors, '(root)', /invalid JSON/);
  });
});
