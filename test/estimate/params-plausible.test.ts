/**
 * Parameter files with values the shape allows but no real case has: refused, each named by its
 * JSONPath in the file, through the library and the CLI (exit 3).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatParamErrors, jsonPath, validateParams } from '../../src/estimate/params.js';
import { cli, tempDir } from '../cli/run-cli.js';
import { paramsText } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests break arbitrary paths of the parsed JSON
type Json = Record<string, any>;
function withParams(mutate: (p: Json) => void): Json {
  const j = JSON.parse(paramsText()) as Json;
  mutate(j.parameters);
  return j;
}
function errorsOf(mutate: (p: Json) => void): string {
  const r = validateParams(withParams(mutate));
  assert.equal(r.ok, false, 'an implausible file must be refused');
  return r.ok ? '' : formatParamErrors('params.json', r.errors);
}

describe('implausible estimate parameters', () => {
  const cases: Array<[string, (p: Json) => void, RegExp]> = [
    [
      'a negative count',
      (p) => {
        p.tare40T.distribution = { type: 'fixed', value: -1 };
      },
      /^params\.json: \$\.parameters\.tare40T\.distribution\.value: negative: must be ≥ 0$/m,
    ],
    [
      'a probability above 1',
      (p) => {
        p.documentMunitionsShare.distribution = { type: 'uniform', low: 0.5, high: 1.2 };
      },
      /\$\.parameters\.documentMunitionsShare\.distribution\.high: a share above 1/,
    ],
    [
      'min above max',
      (p) => {
        p.payloadFill40.distribution = { type: 'uniform', low: 0.9, high: 0.5 };
      },
      /\$\.parameters\.payloadFill40\.distribution\.low: low > high/,
    ],
    [
      'a number that is not finite (1e999 parses as Infinity)',
      (p) => {
        p.maxGross40T.distribution = { type: 'fixed', value: Number.POSITIVE_INFINITY };
      },
      /\$\.parameters\.maxGross40T\.distribution\.value: expected a number/,
    ],
    [
      'a tare at or above the maximum gross (no payload left)',
      (p) => {
        p.tare20T.distribution = { type: 'uniform', low: 20, high: 31 };
      },
      /\$\.parameters\.tare20T\.distribution\.high: must be < maxGross20T \(30\.48 t\)/,
    ],
    [
      'an absurd log-scale spread',
      (p) => {
        p.countSpreadLogSd.distribution = { type: 'fixed', value: 5 };
      },
      /\$\.parameters\.countSpreadLogSd\.distribution\.value: 5 is implausible/,
    ],
    [
      'sea water denser than any sea',
      (p) => {
        p.seawaterDensityTM3.distribution = { type: 'fixed', value: 1.5 };
      },
      /\$\.parameters\.seawaterDensityTM3\.distribution\.value: sea water is 0\.99–1\.04/,
    ],
    [
      'a munition type with a name JSONPath must quote',
      (p) => {
        p.priceUsd['122mm-rocket'].distribution = { type: 'uniform', low: 9, high: 1 };
      },
      /\$\.parameters\.priceUsd\['122mm-rocket'\]\.distribution\.low: low > high/,
    ],
  ];
  for (const [what, mutate, expected] of cases)
    it(`refuses ${what}, naming its path`, () => assert.match(errorsOf(mutate), expected));

  it('JSONPath: dotted names, quoted odd ones, array indexes, the root', () => {
    assert.equal(jsonPath('(root)'), '$');
    assert.equal(
      jsonPath('parameters.mixShares.distribution.shares.152mm'),
      "$.parameters.mixShares.distribution.shares['152mm']",
    );
    assert.equal(jsonPath('shipments[3].containers'), '$.shipments[3].containers');
  });

  it('the CLI refuses the file with exit 3, the path in the message, and estimates nothing', () => {
    const dir = tempDir();
    const file = join(dir, 'params.json');
    // JSON.stringify cannot write Infinity: the text 1e999 is what a hand-edited file would hold
    const text = JSON.stringify(
      withParams((p) => {
        p.tare20T.distribution = { type: 'fixed', value: 99 };
      }),
    );
    writeFileSync(file, text);
    const r = cli(['estimate', '--scenario', '--params', file, '--samples', '100']);
    assert.equal(r.status, 3, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`${file}: \\$\\.parameters\\.tare20T\\.distribution\\.value: must be < maxGross20T`),
    );
    assert.equal(r.stdout, '');
    writeFileSync(file, text.replace('"value":99', '"value":1e999'));
    const inf = cli(['estimate', '--scenario', '--params', file, '--samples', '100']);
    assert.equal(inf.status, 3);
    assert.match(inf.stderr, /\$\.parameters\.tare20T\.distribution\.value: expected a number/);
  });
});
