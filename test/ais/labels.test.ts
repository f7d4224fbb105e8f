/**
 * The `*_text` labels against the ones gpsd itself printed in its regression files (gpsd-*.chk,
 * gpsd 2026): every (number, label) pair there must come out of label() unchanged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { label } from '../../src/ais/labels.js';
import { DATA } from './conformance-lib.js';

const KINDS = ['status', 'shiptype', 'epfd', 'aid_type', 'stationtype'] as const;
const FILES = [
  'gpsd-ais-18-27.log.chk',
  'gpsd-ais-raw-messages.log.chk',
  'gpsd-ais_unpack_sixbit.log.chk',
  'gpsd-sample.aivdm.ju.chk',
  'gpsd-sample.aivdm.js.chk',
];

test('label() prints what gpsd printed for every labelled number in its .chk files', () => {
  const pairs = new Map<string, string>();
  for (const f of FILES)
    for (const line of readFileSync(new URL(f, DATA), 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      const o = JSON.parse(line) as Record<string, unknown>;
      // Types 6/8 carry application labels (inland ERI ship types 8000+…) from decoded payloads.
      if (o.type === 6 || o.type === 8) continue;
      for (const k of KINDS)
        if (typeof o[k] === 'number' && typeof o[`${k}_text`] === 'string')
          pairs.set(`${k} ${o[k]}`, o[`${k}_text`] as string);
    }
  assert.ok(pairs.size >= 25, `labelled numbers seen: ${pairs.size}`);
  for (const [key, text] of pairs) {
    const [kind, n] = key.split(' ') as [(typeof KINDS)[number], string];
    assert.equal(label(kind, Number(n)), text, key);
  }
});

test('ship type labels follow gpsd table layout for every code', () => {
  // Tens digit names the kind, units digit the hazard category (M.1371-5 Table 53).
  assert.equal(label('shiptype', 20), 'Wing in ground (WIG) - all ships of this type');
  assert.equal(label('shiptype', 23), 'Wing in ground (WIG) - Hazardous category C');
  assert.equal(label('shiptype', 29), 'Wing in ground (WIG) - Reserved for future use');
  assert.equal(label('shiptype', 49), 'High speed craft (HSC) - No additional information');
  assert.equal(label('shiptype', 99), 'Other Type - no additional information');
  assert.equal(label('shiptype', 150), 'INVALID SHIP TYPE');
  for (let v = 1; v < 20; v++) assert.equal(label('shiptype', v), 'Reserved for future use');
});
