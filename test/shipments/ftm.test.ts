/**
 * The FollowTheMoney export, held to the real FtM model (`@alephdata/followthemoney`, see
 * test/helpers/ftm-model.ts): the checker itself refuses the four findings of issue 17; the
 * language table is the model's; a ledger with claims, evidence files (Russian, a bad URL, one
 * corrected) and OpenSanctions matches loads without a single problem; and the bundled SIMULATED
 * scenario, filled as `npm start` fills it, exports through the CLI and the API the same valid,
 * SIMULATED-marked lines.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/index.js';
import { putFile } from '../../src/evidence/files.js';
import { parseGrade } from '../../src/evidence/grade.js';
import type { SanctionRecord } from '../../src/evidence/sanctions.js';
import { storeSanctionRecords } from '../../src/evidence/sanctions-store.js';
import { addClaim, addEvidence, correctEvidence, linkEvidence } from '../../src/evidence/store.js';
import { buildApp } from '../../src/server/app.js';
import {
  evidenceGraphToFtm,
  type FtmEntity,
  ftmJsonLines,
  SIMULATED_NOTE_ID,
  shipmentFtmId,
  vesselFtmId,
} from '../../src/shipments/ftm.js';
import { ledgerFtmEntities } from '../../src/shipments/ftm-store.js';
import { FTM_LANGUAGES, ftmLanguage } from '../../src/shipments/ftm-values.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { proposeShipments } from '../../src/shipments/propose.js';
import { decideShipment, listShipments, saveDetection } from '../../src/shipments/store.js';
import { openStore } from '../../src/store/index.js';
import { cli } from '../cli/run-cli.js';
import { ftmModel, ftmProblems, parseFtmLines, type RawFtmEntity } from '../helpers/ftm-model.js';
import { fillStore, RAJIN_SCENARIO } from '../server/fixture.js';
import { runSmall } from './scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'tallyman-ftm-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const byId = (entities: readonly RawFtmEntity[], id: string) => entities.find((e) => e.id === id);

test('the checker refuses what the FtM model refuses (the findings of issue 17)', () => {
  const problems = ftmProblems([
    { id: 'v', schema: 'Vessel', properties: { name: ['ANGARA'] } },
    { id: 'n', schema: 'Note', properties: { description: ['a claim'], recordId: ['tallyman claim 1'] } },
    {
      id: 'd',
      schema: 'Document',
      properties: { fileName: ['a.pdf'], language: ['ru'], contentHash: ['a'.repeat(64)] },
    },
    {
      id: 'e',
      schema: 'Event',
      properties: { name: ['Shipment 1'], involved: ['v'], startDate: ['2024-02-01Z'] },
    },
    { id: 't', schema: 'Trip', properties: { name: ['Shipment 2'], vehicle: ['v'] } },
  ]);
  const has = (re: RegExp) =>
    assert.ok(
      problems.some((p) => re.test(p)),
      `${re} in\n${problems.join('\n')}`,
    );
  has(/^Note n: the FtM library refuses it: Property does not exist: recordId$/);
  has(/^Document d\.language = "ru": not a known language$/);
  has(/^Document d\.contentHash = "a{64}": longer than 40 \(checksum\)$/);
  has(/^Event e\.involved = "v": refers to a Vessel, but involved takes a LegalEntity$/);
  has(/^Event e\.startDate = "2024-02-01Z": not an FtM date/);
  has(/^Trip t: required property startLocation missing$/);
  assert.equal(problems.length, 8, problems.join('\n'));
});

test("FtM's languages: the table is the model's, and analysts' codes map onto it", () => {
  const model = [...ftmModel.getType('language').values.keys()].sort();
  assert.deepEqual([...FTM_LANGUAGES].sort(), model);
  assert.equal(ftmLanguage('ru'), 'rus');
  assert.equal(ftmLanguage('RU-ru'), 'rus');
  assert.equal(ftmLanguage('rus'), 'rus');
  assert.equal(ftmLanguage('ger'), 'deu');
  assert.equal(ftmLanguage('ko'), 'kor');
  assert.equal(ftmLanguage('xx'), null, 'a code FtM does not list is left out');
  assert.equal(ftmLanguage('gd'), null, 'Gaelic: a real language FtM does not list');
});

/** TEST FIXTURES: OpenSanctions-shaped records, ids made up, matched to the scenario's vessels by MMSI. */
const sanctionFixture = (mmsi: number, topics: string[], kind: SanctionRecord['kind']): SanctionRecord => ({
  sourceId: `test-fixture-${mmsi}-${kind}`,
  name: 'TEST FIXTURE',
  imo: null,
  mmsi,
  flag: 'ru',
  topics,
  datasets: ['test_fixture'],
  kind,
  url: null,
});

test('a ledger with claims, evidence and sanctions: every entity valid in the FtM model', async () => {
  const store = await openStore({ path: join(dir, 'ledger.db') });
  const evidenceDir = join(dir, 'evidence');
  try {
    const db = await store.db();
    const { events } = runSmall();
    await saveDetection(
      db,
      proposeShipments({ events, areas: BUNDLED_AREAS }),
      new Map(),
      DEFAULT_SHIPMENT_PARAMS,
      'detector',
      1000,
    );
    const ships = await listShipments(db);
    await decideShipment(db, ships[0].id, 'confirmed', 'seen loading', 'alice', 2000);
    await decideShipment(db, ships[1].id, 'rejected', 'another ship', 'alice', 2100);
    const g = parseGrade('B2');
    assert.ok(g.ok);
    const bytesA = Buffer.from('report A: containers seen at the quay');
    const bytesB = Buffer.from('image B: a stack of 40 containers');
    const fileA = putFile(evidenceDir, bytesA);
    const fileB = putFile(evidenceDir, bytesB);
    const meta = (title: string, language: string, url: string, simulated: boolean) => ({
      fileName: `${title}.pdf`,
      kind: 'news-report' as const,
      title,
      source: 'test fixture',
      url,
      publisher: 'Example Institute',
      obtainedMs: Date.UTC(2024, 1, 28),
      collector: 'tester',
      language,
      grade: g.grade,
      simulated,
    });
    const a = await addEvidence(
      db,
      { sha256: fileA.sha256, sizeBytes: bytesA.length },
      meta('report A', 'ru', 'https://example.org/report', false),
      't',
      3000,
    );
    const b = await addEvidence(
      db,
      { sha256: fileB.sha256, sizeBytes: bytesB.length },
      meta('image B', 'en', 'not a url', true),
      't',
      3000,
    );
    // An item whose file is not in the folder: no checksum can be vouched for.
    const c = await addEvidence(
      db,
      { sha256: 'c'.repeat(64), sizeBytes: 5 },
      meta('lost C', 'gd', 'https://example.org/c', false),
      't',
      3000,
    );
    await linkEvidence(db, a.item.id, 'shipment', ships[0].id, 't', 3100);
    await linkEvidence(db, b.item.id, 'shipment', ships[0].id, 't', 3100);
    await correctEvidence(db, a.item.id, { title: 'report A (fixed)' }, 'typo', 't', 3200);
    await addClaim(
      db,
      {
        statement: '6,700 containers by Feb 2024',
        measure: 'containers-total',
        quantityMin: 6700,
        quantityMax: 6700,
        unit: 'containers',
        periodFromMs: null,
        periodToMs: Date.UTC(2024, 1, 27),
        place: null,
        evidenceIds: [a.item.id, c.item.id],
      },
      't',
      3300,
    );
    const mmsis = [...new Set(ships.map((s) => s.mmsi))].sort((x, y) => x - y);
    await storeSanctionRecords(
      db,
      [
        sanctionFixture(mmsis[0], ['sanction', 'mare.detained'], 'sanction'),
        sanctionFixture(mmsis[mmsis.length - 1], ['mare.detained'], 'detention'),
      ],
      'test-fixture.csv',
      3400,
    );

    const entities = await ledgerFtmEntities(db, store, evidenceDir);
    const text = ftmJsonLines(entities);
    const parsed = parseFtmLines(text);
    assert.deepEqual(ftmProblems(parsed), []);

    const count = (schema: string) => parsed.filter((e) => e.schema === schema).length;
    assert.equal(count('Vessel'), mmsis.length);
    assert.equal(count('Document'), 4, 'three items + one corrected version');
    assert.equal(count('Trip'), ships.length);
    assert.equal(count('Address'), new Set(ships.flatMap((s) => [s.originAreaId, s.destinationAreaId])).size);
    assert.equal(count('Note'), 2, 'the claim and the SIMULATED note (image B is simulated)');

    const docs = parsed.filter((e) => e.schema === 'Document') as FtmEntity[];
    const docA = docs.find((e) => e.properties.title[0] === 'report A (fixed)');
    assert.ok(docA);
    assert.deepEqual(docA.properties.language, ['rus'], 'ru → rus');
    assert.deepEqual(docA.properties.contentHash, [createHash('sha1').update(bytesA).digest('hex')]);
    assert.ok(docA.properties.notes.includes(`SHA-256 ${fileA.sha256}`));
    const docB = docs.find((e) => e.properties.title[0] === 'image B (SIMULATED)');
    assert.ok(docB, 'a simulated item says so in its title');
    assert.equal(docB.properties.sourceUrl, undefined);
    assert.ok(docB.properties.notes.includes('URL as recorded: not a url'));
    const docC = docs.find((e) => e.properties.title[0] === 'lost C');
    assert.ok(docC);
    assert.equal(docC.properties.contentHash, undefined, 'no file, no checksum');
    assert.equal(docC.properties.language, undefined);
    assert.ok(docC.properties.notes.includes('language as recorded: gd'));

    const trip = parsed.find(
      (e) => e.schema === 'Trip' && (e as FtmEntity).properties.name[0].startsWith('Shipment 1:'),
    ) as FtmEntity | undefined;
    assert.ok(trip, 'the confirmed shipment is named by its number');
    assert.match(trip.properties.name[0], /^Shipment 1: Rajin .* → .* \(SIMULATED\)$/);
    assert.deepEqual(trip.properties.vehicle, [vesselFtmId(ships[0].mmsi)]);
    assert.equal(byId(parsed, trip.properties.startLocation[0])?.schema, 'Address');
    const rejected = byId(parsed, shipmentFtmId(ships[1].id)) as FtmEntity;
    assert.match(rejected.properties.name[0], new RegExp(`^Rejected shipment proposal ${ships[1].id}: `));
    assert.ok(rejected.properties.keywords.includes('rejected'));
    assert.equal(trip.properties.proof.length, 2, 'both linked documents are its proof');
    assert.ok(trip.properties.startDate[0] < trip.properties.endDate[0]);

    const sanctioned = byId(parsed, vesselFtmId(mmsis[0])) as FtmEntity;
    assert.deepEqual(sanctioned.properties.topics, ['sanction']);
    assert.match(
      sanctioned.properties.notes.join('\n'),
      /sanctioned: OpenSanctions test-fixture-\d+-sanction/,
    );
    const detained = byId(parsed, vesselFtmId(mmsis[mmsis.length - 1])) as FtmEntity;
    assert.equal(detained.properties.topics, undefined, 'a detention alone is no sanction');
    assert.match(detained.properties.notes.join('\n'), /port-state detention: OpenSanctions/);

    const claim = parsed.find((e) => e.schema === 'Note' && e.id !== SIMULATED_NOTE_ID) as FtmEntity;
    assert.deepEqual(claim.properties.description, ['6,700 containers by Feb 2024']);
    assert.equal(claim.properties.proof.length, 2);
    assert.match(claim.properties.notes[0], /^tallyman claim \d+$/);

    const note = parsed[0] as FtmEntity;
    assert.equal(note.id, SIMULATED_NOTE_ID, 'the SIMULATED note comes first');
    assert.match(note.properties.description[0], /^SIMULATED: /);
    assert.deepEqual(new Set(note.properties.entity), new Set(parsed.slice(1).map((e) => e.id)));
    for (const e of parsed) assert.ok((e as FtmEntity).properties.keywords?.includes('SIMULATED'), e.id);

    // deterministic: a second export is byte-identical
    assert.equal(ftmJsonLines(await ledgerFtmEntities(db, store, evidenceDir)), text);
  } finally {
    await store.close();
  }
});

test('nothing simulated: no SIMULATED note and no SIMULATED keyword', () => {
  const { events } = runSmall();
  const proposals = proposeShipments({ events, areas: BUNDLED_AREAS });
  const shipments = proposals.slice(0, 1).map((p, i) => ({
    ...p,
    id: i + 1,
    status: 'proposed' as const,
    number: null,
    vesselName: null,
    originAreaId: p.origin.areaId,
    originKind: p.origin.kind,
    originStartMs: p.origin.startMs,
    originEndMs: p.origin.endMs,
    originEventId: p.origin.eventId,
    destinationAreaId: p.destination.areaId,
    destinationKind: p.destination.kind,
    destinationStartMs: p.destination.startMs,
    destinationEndMs: p.destination.endMs,
    destinationEventId: p.destination.eventId,
    decidedBy: null,
    decidedMs: null,
    decisionReason: null,
    approvedBy: null,
    approvedMs: null,
    review: null,
    note: null,
    detectedMs: 0,
  }));
  const entities = evidenceGraphToFtm({
    vessels: [],
    shipments,
    evidence: [],
    claims: [],
    areas: BUNDLED_AREAS,
  });
  assert.deepEqual(ftmProblems(entities), []);
  assert.deepEqual(
    entities.map((e) => e.schema),
    ['Vessel', 'Address', 'Address', 'Trip'],
  );
  assert.ok(!ftmJsonLines(entities).includes('SIMULATED'));
});

test('the bundled SIMULATED scenario: CLI and API exports are the same valid, marked lines', async () => {
  const db = join(dir, 'rajin.db');
  fillStore(db, RAJIN_SCENARIO);
  const out = join(dir, 'rajin.ftm.json');
  const r = cli([
    '--db',
    db,
    '--evidence-dir',
    join(dir, 'rajin-evidence'),
    'evidence',
    'export-ftm',
    '--out',
    out,
  ]);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  const parsed = parseFtmLines(text);
  assert.deepEqual(ftmProblems(parsed), []);
  const shipments = JSON.parse(cli(['--db', db, 'shipments', '--json']).stdout) as unknown[];
  const trips = parsed.filter((e) => e.schema === 'Trip');
  assert.ok(shipments.length > 0);
  assert.equal(trips.length, shipments.length);
  assert.match(
    r.stderr,
    new RegExp(`${parsed.length} FtM entities \\(1 Note, \\d+ Vessel, \\d+ Address, ${trips.length} Trip\\)`),
  );
  assert.equal(parsed[0].id, SIMULATED_NOTE_ID);
  assert.match(
    String((parsed[0].properties.description as string[])[0]),
    /Simulated inputs: rajin-shuttle\.simulated\.nmea/,
  );

  const store = await openStore({ path: db });
  try {
    const { app } = await buildApp({
      store,
      webRoot: dir,
      evidenceDir: join(dir, 'rajin-evidence'),
      checkResponses: true,
    });
    const res = await app.inject({
      method: 'GET',
      url: '/api/export/evidence.ftm.json',
      headers: { host: '127.0.0.1' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/x-ndjson/);
    assert.equal(res.headers['x-tallyman-simulated'], 'true');
    assert.equal(res.body, text, 'the API sends what the CLI writes');
    await app.close();
  } finally {
    await store.close();
  }
});
