/**
 * Search and vessel resolution: pure rules on the fleet as AIS reports it, then the CLI (`track`,
 * `events --vessel`) and `GET /api/search` on a store of the small SIMULATED scenario, where ANGARA
 * changes MMSI and name to ANGARA 2 (so one IMO names two MMSIs).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  normaliseName,
  resolveVessel,
  type SearchHit,
  search,
  type VesselCandidate,
} from '../../src/search/search.js';

type VesselHit = Extract<SearchHit, { kind: 'vessel' }>;

import { cli, tempDir } from '../cli/run-cli.js';
import { fillStore } from '../server/fixture.js';
import { type RunningServer, startServer } from '../server/server-process.js';

const FLEET: VesselCandidate[] = [
  {
    mmsi: 273219870,
    names: ['ANGARA'],
    imos: [9179842],
    callSigns: ['UBSM7'],
    flag: 'RU',
    positionCount: 900,
  },
  {
    mmsi: 273219871,
    names: ['ANGARA 2', 'ANGARA'],
    imos: [9179842],
    callSigns: ['UBSM8'],
    flag: 'RU',
    positionCount: 300,
  },
  { mmsi: 273318450, names: ['MARIA'], imos: [], callSigns: ['UBKT4'], flag: 'RU', positionCount: 500 },
  { mmsi: 273412690, names: ['MAIA-1'], imos: [], callSigns: ['UBRP2'], flag: 'RU', positionCount: 400 },
];

test('names compare as AIS sends them', () => {
  assert.equal(normaliseName('  lady@@ r  '), 'LADY R');
});

test('MMSI, IMO, call sign, current and former names', () => {
  const first = (q: string) => search(q, { vessels: FLEET, areas: [], shipments: [] })[0] as VesselHit;
  assert.deepEqual([first('273318450').mmsi, first('273318450').matched], [273318450, 'mmsi']);
  assert.deepEqual([first('ubrp2').mmsi, first('ubrp2').matched], [273412690, 'call sign']);
  assert.equal(first('maria').mmsi, 273318450);
  // the former name of the second ANGARA matches too, labelled as such, after the exact current one
  const angara = search('angara', { vessels: FLEET, areas: [], shipments: [] });
  assert.deepEqual(
    angara.map((h) => [h.kind === 'vessel' ? h.mmsi : 0, h.matched]),
    [
      [273219870, 'name'],
      [273219871, 'former name'],
    ],
  );
  assert.match(angara[1].label, /formerly ANGARA/);
});

test('resolution: an exact match wins, equal matches are ambiguous, nothing is not found', () => {
  assert.deepEqual(resolveVessel('ANGARA 2', FLEET), {
    ok: true,
    mmsi: 273219871,
    matched: 'name',
    label: 'ANGARA 2 · MMSI 273219871 · IMO 9179842 · UBSM8 · RU',
  });
  const imo = resolveVessel('IMO 9179842', FLEET);
  assert.equal(imo.ok, false);
  assert.equal(!imo.ok && imo.reason, 'ambiguous');
  assert.deepEqual(
    !imo.ok && imo.candidates.map((c) => (c.kind === 'vessel' ? c.mmsi : 0)).sort(),
    [273219870, 273219871],
  );
  const ma = resolveVessel('ma', FLEET);
  assert.equal(!ma.ok && ma.reason, 'ambiguous', 'MARIA and MAIA-1 both start with MA');
  assert.equal(!resolveVessel('Lady R', FLEET).ok && 'not-found', 'not-found');
});

test('areas by id or name and shipments by number', () => {
  const hits = search('no. 2', {
    vessels: FLEET,
    areas: [{ id: 'dunai', name: 'Dunai naval facility', lon: 132.3375, lat: 42.8803 }],
    shipments: [
      {
        id: 7,
        number: 2,
        status: 'confirmed',
        mmsi: 273318450,
        vesselName: 'MARIA',
        originAreaId: 'rajin',
        destinationAreaId: 'dunai',
        departMs: Date.UTC(2023, 8, 1),
      },
    ],
  });
  assert.equal(hits[0].kind, 'shipment');
  assert.match(hits[0].label, /^shipment no\. 2 \(confirmed\): MARIA, rajin → dunai, 2023-09-01$/);
  const area = search('dunai', {
    vessels: FLEET,
    areas: [{ id: 'dunai', name: 'Dunai naval facility', lon: 132.3375, lat: 42.8803 }],
    shipments: [],
  });
  assert.deepEqual(
    area.map((h) => [h.kind, h.exact]),
    [['area', true]],
  );
});

describe('CLI and API on the small SIMULATED scenario', () => {
  const dir = tempDir('tallyman-search-');
  const db = join(dir, 'search.db');
  let server: RunningServer;
  before(async () => {
    fillStore(db);
    server = await startServer(db);
  });
  after(async () => {
    await server?.stop();
  });

  test('track takes a name, call sign or MMSI; an ambiguous IMO lists the candidates (exit 2)', () => {
    const byName = cli(['--db', db, 'track', 'Angara']);
    assert.equal(byName.status, 0, byName.stderr);
    assert.equal(JSON.parse(byName.stdout).features[0].id, 273219870);
    assert.match(byName.stderr, /track "Angara": ANGARA · MMSI 273219870 .*\(by name\)/);
    const byCall = cli(['--db', db, 'track', 'UBSM8', '--format', 'csv']);
    assert.equal(byCall.status, 0, byCall.stderr);
    assert.match(byCall.stdout.split('\n')[1] ?? '', /273219871/);
    const amb = cli(['--db', db, 'track', '9179842']);
    assert.equal(amb.status, 2);
    assert.match(amb.stderr, /"9179842" is ambiguous: 2 vessels match exactly; give the MMSI/);
    assert.match(amb.stderr, /273219870 +ANGARA/);
    assert.match(amb.stderr, /273219871 +ANGARA 2/);
    const none = cli(['--db', db, 'track', 'NO SUCH SHIP']);
    assert.equal(none.status, 4);
    assert.match(none.stderr, /no vessel matches "NO SUCH SHIP"/);
  });

  test('events --vessel takes a name and gives the same events as the MMSI', () => {
    const byName = cli(['--db', db, 'events', '--vessel', 'angara 2', '--json']);
    const byMmsi = cli(['--db', db, 'events', '--vessel', '273219871', '--json']);
    assert.equal(byName.status, 0, byName.stderr);
    assert.deepEqual(JSON.parse(byName.stdout), JSON.parse(byMmsi.stdout));
    assert.ok(JSON.parse(byMmsi.stdout).length > 0, 'the renamed ship has events');
  });

  test('GET /api/search finds vessels, former names, areas and shipment numbers', async () => {
    type Answer = {
      simulated: boolean;
      hits: Array<{ kind: string; mmsi?: number; id?: number | string; matched: string }>;
    };
    const get = async (q: string) =>
      (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`)).json()) as Answer;
    const angara = await get('angara');
    assert.equal(angara.simulated, true);
    assert.deepEqual(
      angara.hits.filter((h) => h.kind === 'vessel').map((h) => [h.mmsi, h.matched]),
      [
        [273219870, 'name'],
        [273219871, 'name'],
      ],
    );
    const area = await get('Vostochny');
    assert.equal(area.hits[0].kind, 'area');
    assert.equal(area.hits[0].id, 'vostochny');
    const list = JSON.parse(cli(['--db', db, 'shipments', '--json']).stdout) as Array<{ id: number }>;
    assert.equal(
      cli(['--db', db, 'shipment', 'confirm', String(list[1].id), '--reason', 'search test']).status,
      0,
    );
    const no1 = await get('shipment 1');
    assert.equal(no1.hits[0].kind, 'shipment');
    assert.equal(no1.hits[0].id, list[1].id);
    const bad = await fetch(`${server.url}/api/search?q=`);
    assert.equal(bad.status, 400);
  });
});
