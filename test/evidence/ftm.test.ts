/**
 * The FollowTheMoney export: a small ledger (the `test-small` scenario's three proposals, one
 * confirmed with two evidence items, one corrected, a claim) written as FtM JSON lines — every
 * line valid JSON, every property a list of strings, every referenced id present, the counts
 * matching the ledger, and the same ids on a second export.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/index.js';
import { FTM_ENTITY_PROPERTIES, type FtmEntity, ftmJsonLines } from '../../src/evidence/ftm.js';
import { evidenceFtmEntities } from '../../src/evidence/ftm-store.js';
import { parseGrade } from '../../src/evidence/grade.js';
import { addClaim, addEvidence, correctEvidence, linkEvidence } from '../../src/evidence/store.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { proposeShipments } from '../../src/shipments/propose.js';
import { decideShipment, listShipments, saveDetection } from '../../src/shipments/store.js';
import { openStore } from '../../src/store/index.js';
import { runSmall } from '../shipments/scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'tallyman-ftm-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('evidence graph → FtM JSON lines: valid, string arrays, references resolve, counts round-trip', async () => {
  const store = await openStore({ path: join(dir, 'ftm.db') });
  try {
    const db = await store.db();
    const { events } = runSmall();
    const proposals = proposeShipments({ events, areas: BUNDLED_AREAS });
    await saveDetection(db, proposals, new Map(), DEFAULT_SHIPMENT_PARAMS, 'detector', 1000);
    const ships = await listShipments(db);
    await decideShipment(db, ships[0].id, 'confirmed', 'seen loading', 'alice', 2000);
    const g = parseGrade('B2');
    assert.ok(g.ok);
    const meta = (title: string) => ({
      fileName: `${title}.pdf`,
      kind: 'news-report' as const,
      title,
      source: 'test fixture',
      url: 'https://example.org/report',
      publisher: 'Example Institute',
      obtainedMs: Date.UTC(2024, 1, 28),
      collector: 'tester',
      language: 'en',
      grade: g.grade,
      simulated: true,
    });
    const a = await addEvidence(db, { sha256: 'a'.repeat(64), sizeBytes: 10 }, meta('report A'), 't', 3000);
    const b = await addEvidence(db, { sha256: 'b'.repeat(64), sizeBytes: 20 }, meta('image B'), 't', 3000);
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
        evidenceIds: [a.item.id],
      },
      't',
      3300,
    );

    const entities = await evidenceFtmEntities(db, store);
    const text = ftmJsonLines(entities);
    const lines = text.trimEnd().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as FtmEntity);
    const ids = new Set(parsed.map((e) => e.id));
    assert.equal(ids.size, parsed.length, 'ids are unique');
    for (const e of parsed) {
      assert.match(e.id, /^tallyman-[0-9a-f]{40}$/);
      assert.ok(['Vessel', 'Document', 'Event', 'Note'].includes(e.schema));
      for (const [k, vs] of Object.entries(e.properties)) {
        assert.ok(Array.isArray(vs) && vs.length > 0, `${e.id}.${k} is a non-empty array`);
        for (const v of vs) assert.equal(typeof v, 'string', `${e.id}.${k} holds strings`);
      }
      for (const p of FTM_ENTITY_PROPERTIES)
        for (const ref of e.properties[p] ?? []) assert.ok(ids.has(ref), `${e.schema}.${p} → ${ref} exists`);
    }
    const count = (schema: string) => parsed.filter((e) => e.schema === schema).length;
    const mmsis = new Set(ships.map((s) => s.mmsi));
    assert.equal(count('Vessel'), mmsis.size);
    assert.equal(count('Document'), 3, 'two items + one corrected version');
    assert.equal(count('Event'), ships.length);
    assert.equal(count('Note'), ships.length + 1, 'a vessel note per shipment + the claim');

    const confirmed = parsed.find(
      (e) => e.schema === 'Event' && e.properties.name[0].startsWith('Shipment 1:'),
    );
    assert.ok(confirmed, 'the confirmed shipment is named by its number');
    assert.match(confirmed.properties.name[0], /^Shipment 1: Rajin .* → /);
    assert.equal(confirmed.properties.proof.length, 2, 'both linked documents are its proof');
    assert.ok(confirmed.properties.startDate[0] < confirmed.properties.endDate[0]);
    const doc = parsed.find((e) => e.schema === 'Document' && e.properties.title[0] === 'image B');
    assert.ok(doc);
    assert.deepEqual(doc.properties.contentHash, ['b'.repeat(64)]);
    assert.deepEqual(doc.properties.sourceUrl, ['https://example.org/report']);
    assert.deepEqual(doc.properties.retrievedAt, ['2024-02-28']);
    assert.deepEqual(doc.properties.summary, ['Admiralty grade B2']);
    const claim = parsed.find((e) => e.properties.description?.[0] === '6,700 containers by Feb 2024');
    assert.equal(claim?.schema, 'Note');
    assert.equal(claim?.properties.proof.length, 1);

    // deterministic: a second export is byte-identical
    assert.equal(ftmJsonLines(await evidenceFtmEntities(db, store)), text);
  } finally {
    await store.close();
  }
});
