/**
 * The workbench API over HTTP against a real `tallyman serve` process, on SQLite and on PostgreSQL,
 * with every JSON answer checked against its published schema (TALLYMAN_CHECK_RESPONSES=1). The
 * expected values come from the CLI on the same store (`vessels --json`, `track`, `events --json`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeCompact } from '../../src/server/track-encode.js';
import { cli } from '../cli/run-cli.js';
import { ENGINES, type TestDb } from '../store/engines.js';
import { fillStore } from './fixture.js';
import { type RunningServer, startServer } from './server-process.js';

interface VesselJson {
  mmsi: number;
  name: string | null;
  positionCount: number;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
}

async function get(server: RunningServer, path: string) {
  const res = await fetch(`${server.url}${path}`);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

// Asked before any suite starts: the fixtures' synchronous CLI runs would stall the probe's socket.
const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [k, engine] of ENGINES.entries()) {
  describe(`API on ${engine.name}`, () => {
    const skip = skips[k]!;
    let db: TestDb;
    let server: RunningServer;
    let vessels: VesselJson[] = [];
    let detected = false;
    let proposed = false;
    let observed = false;

    before(async () => {
      if (skip) return;
      db = await engine.fresh();
      ({ detected, proposed, observed } = fillStore(db.arg));
      const r = cli(['--db', db.arg, 'vessels', '--json']);
      assert.equal(r.status, 0, r.stderr);
      vessels = JSON.parse(r.stdout);
      server = await startServer(db.arg);
    });
    after(async () => {
      if (skip) return;
      await server?.stop();
      await db?.drop();
    });

    test('meta says which engine, that the data is simulated, and the counts', { skip }, async () => {
      const r = await get(server, '/api/meta');
      assert.equal(r.status, 200);
      const meta = r.json();
      assert.equal(meta.engine, engine.name);
      assert.equal(meta.simulated, true);
      assert.ok(meta.simulatedSources.some((s: string) => s.includes('simulated')));
      assert.equal(meta.counts.vessels, vessels.length);
      assert.equal(
        meta.counts.positions,
        vessels.reduce((n, v) => n + v.positionCount, 0),
      );
      assert.equal(meta.timeRange.fromMs, Math.min(...vessels.map((v) => v.firstSeenMs ?? Infinity)));
      assert.equal(r.headers.get('x-tallyman-simulated'), 'true');
      assert.equal(meta.modules.events.available, detected);
    });

    test('vessels list matches the CLI', { skip }, async () => {
      const r = await get(server, '/api/vessels');
      const body = r.json();
      assert.equal(body.simulated, true);
      assert.equal(body.total, vessels.length);
      assert.equal(body.next, null);
      const byMmsi = (a: VesselJson, b: VesselJson) => a.mmsi - b.mmsi;
      assert.deepEqual(body.vessels.sort(byMmsi), [...vessels].sort(byMmsi));
    });

    test('a vessel with its identity history; 404 and 400 for unknown and invalid MMSIs', {
      skip,
    }, async () => {
      const top = [...vessels].sort((a, b) => b.positionCount - a.positionCount)[0]!;
      const r = await get(server, `/api/vessels/${top.mmsi}`);
      assert.equal(r.status, 200);
      const body = r.json();
      assert.equal(body.vessel.mmsi, top.mmsi);
      assert.ok(body.identities.length >= 1);
      assert.ok(body.identities.every((i: { mmsi: number }) => i.mmsi === top.mmsi));
      const missing = await get(server, '/api/vessels/999999998');
      assert.equal(missing.status, 404);
      assert.match(missing.json().message, /999999998/);
      const bad = await get(server, '/api/vessels/abc');
      assert.equal(bad.status, 400);
      assert.equal(bad.json().issues[0].path, 'params.mmsi');
    });

    test('a track: the compact answer decodes to the CLI track; GeoJSON matches it; ranges filter', {
      skip,
    }, async () => {
      const top = [...vessels].sort((a, b) => b.positionCount - a.positionCount)[0]!;
      const cliTrack = JSON.parse(
        cli(['--db', db.arg, 'track', String(top.mmsi), '--format', 'geojson']).stdout,
      );
      const feature = cliTrack.features[0];
      const coords: number[][] = feature.geometry.coordinates;
      const times: number[] = (feature.properties.times as string).split(' ').map((t) => Date.parse(t));

      const compact = (await get(server, `/api/vessels/${top.mmsi}/track`)).json();
      assert.equal(compact.encoding, 'delta-b64');
      assert.equal(compact.count, top.positionCount);
      assert.equal(compact.returned, coords.length);
      const d = decodeCompact(compact);
      for (let i = 0; i < coords.length; i++) {
        assert.equal(d.tsMs[i], times[i]);
        assert.ok(Math.abs(d.lon[i]! - coords[i]![0]!) <= 0.5e-5 + 1e-9, `lon ${i}`);
        assert.ok(Math.abs(d.lat[i]! - coords[i]![1]!) <= 0.5e-5 + 1e-9, `lat ${i}`);
      }

      const gj = (await get(server, `/api/vessels/${top.mmsi}/track?format=geojson`)).json();
      assert.deepEqual(gj.features[0].geometry.coordinates, coords);
      assert.equal(gj.features[0].properties.times, feature.properties.times);

      const from = times[Math.floor(times.length / 4)]!;
      const to = times[Math.floor(times.length / 2)]!;
      const ranged = (
        await get(server, `/api/vessels/${top.mmsi}/track?from=${new Date(from).toISOString()}&to=${to}`)
      ).json();
      assert.equal(ranged.count, times.filter((t) => t >= from && t <= to).length);
      const rt = decodeCompact(ranged).tsMs;
      assert.equal(rt[0], from);
      assert.equal(rt[rt.length - 1], to);

      const bad = await get(server, `/api/vessels/${top.mmsi}/track?from=${to}&to=${from}`);
      assert.equal(bad.status, 400);
    });

    test('delta-b64 (default) and encoding=arrays decode to the same fixes, one vessel and all', {
      skip,
    }, async () => {
      const top = [...vessels].sort((a, b) => b.positionCount - a.positionCount)[0]!;
      const b64 = await get(server, `/api/vessels/${top.mmsi}/track`);
      const arrays = await get(server, `/api/vessels/${top.mmsi}/track?encoding=arrays`);
      assert.equal(b64.json().encoding, 'delta-b64');
      assert.equal(arrays.json().encoding, 'delta-e5');
      assert.ok(Array.isArray(arrays.json().tsMs));
      assert.ok(
        b64.text.length < arrays.text.length / 1.5,
        `${b64.text.length} vs ${arrays.text.length} bytes`,
      );
      assert.match(b64.text, /^[\x20-\x7e]*$/, 'ASCII only');
      assert.deepEqual(decodeCompact(b64.json()), decodeCompact(arrays.json()));
      assert.equal(b64.json().returned, top.positionCount);

      const all = (await get(server, '/api/tracks?maxPointsPerVessel=300')).json();
      const allArrays = (await get(server, '/api/tracks?maxPointsPerVessel=300&encoding=arrays')).json();
      assert.ok(all.tracks.length > 1);
      assert.equal(all.tracks.length, allArrays.tracks.length);
      for (const [i, t] of all.tracks.entries()) {
        assert.equal(t.encoding, 'delta-b64');
        assert.equal(allArrays.tracks[i].encoding, 'delta-e5');
        assert.equal(t.mmsi, allArrays.tracks[i].mmsi);
        assert.deepEqual(decodeCompact(t), decodeCompact(allArrays.tracks[i]), `vessel ${t.mmsi}`);
      }

      const bad = await get(server, `/api/vessels/${top.mmsi}/track?encoding=protobuf`);
      assert.equal(bad.status, 400);
      assert.equal(bad.json().issues[0].path, 'query.encoding');
    });

    test('downsampling keeps the ends and every silence of 6 h or more', { skip }, async () => {
      const top = [...vessels].sort((a, b) => b.positionCount - a.positionCount)[0]!;
      const full = decodeCompact((await get(server, `/api/vessels/${top.mmsi}/track`)).json()).tsMs;
      const small = (await get(server, `/api/vessels/${top.mmsi}/track?maxPoints=50`)).json();
      const t = decodeCompact(small).tsMs;
      const gaps: number[] = [];
      for (let i = 1; i < full.length; i++) if (full[i]! - full[i - 1]! >= 6 * 3_600_000) gaps.push(i);
      assert.ok(
        t.length <= 50 + 2 * gaps.length,
        `${t.length} fixes for maxPoints 50 and ${gaps.length} gaps`,
      );
      assert.equal(t[0], full[0]);
      assert.equal(t[t.length - 1], full[full.length - 1]);
      const kept = new Set(t);
      for (const i of gaps) assert.ok(kept.has(full[i - 1]!) && kept.has(full[i]!), `gap at ${i}`);
    });

    test('events match the CLI, filtered by type, vessel and time', { skip }, async () => {
      const r = (await get(server, '/api/events')).json();
      if (!detected) {
        assert.equal(r.available, false);
        assert.deepEqual(r.events, []);
        return;
      }
      const listed = cli(['--db', db.arg, 'events', '--json']);
      assert.equal(listed.status, 0, `tallyman events failed: ${listed.stderr}`);
      const cliEvents = JSON.parse(listed.stdout) as Array<{ id: string; startMs: number }>;
      assert.equal(r.available, true);
      // the API pages by (start, id); the CLI lists in the detectors' order: the same events
      const byStartId = (a: { id: string; startMs: number }, b: { id: string; startMs: number }) =>
        a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      assert.deepEqual(
        r.events.map((e: { id: string }) => e.id),
        [...cliEvents].sort(byStartId).map((e) => e.id),
      );
      assert.equal(r.total, cliEvents.length);
      assert.equal(r.next, null);
      const type = r.events[0].type as string;
      const byType = (await get(server, `/api/events?type=${type}`)).json().events;
      assert.ok(byType.length > 0 && byType.every((e: { type: string }) => e.type === type));
      assert.equal(byType.length, r.events.filter((e: { type: string }) => e.type === type).length);
      const mmsi = r.events[0].mmsi as number;
      const mine = (await get(server, `/api/events?vessel=${mmsi}`)).json().events;
      assert.ok(
        mine.every((e: { mmsi: number; mmsi2: number | null }) => e.mmsi === mmsi || e.mmsi2 === mmsi),
      );
      const mid = r.events[Math.floor(r.events.length / 2)];
      const windowed = (await get(server, `/api/events?from=${mid.startMs}&to=${mid.startMs}`)).json().events;
      assert.ok(windowed.some((e: { id: string }) => e.id === mid.id));
      assert.ok(
        windowed.every(
          (e: { startMs: number; endMs: number }) => e.startMs <= mid.startMs && e.endMs >= mid.startMs,
        ),
      );
    });

    test('areas: the bundled set as GeoJSON', { skip }, async () => {
      const r = (await get(server, '/api/areas')).json();
      assert.equal(r.type, 'FeatureCollection');
      const ids = r.features.map((f: { properties: { id: string } }) => f.properties.id);
      for (const id of ['rajin', 'vostochny']) assert.ok(ids.includes(id), `${id} in ${ids.join(',')}`);
    });

    test('KML and GeoJSON exports hold every vessel track, marked simulated', { skip }, async () => {
      const kml = await get(server, '/api/export/tracks.kml');
      assert.equal(kml.status, 200);
      assert.match(kml.headers.get('content-type') ?? '', /kml/);
      assert.match(kml.text, /^<\?xml[^>]*>\s*<kml xmlns="http:\/\/www\.opengis\.net\/kml\/2\.2">/);
      assert.match(kml.text, /SIMULATED/);
      const multi = vessels.filter((v) => v.positionCount >= 2).length;
      const heard = kml.text.match(/<styleUrl>#heard<\/styleUrl>/g) ?? [];
      assert.ok(
        heard.length >= 1 && heard.length <= multi,
        `${heard.length} heard placemarks, ${multi} vessels`,
      );
      const gj = (await get(server, '/api/export/tracks.geojson')).json();
      assert.equal(gj.simulated, true);
      assert.equal(gj.features.length, vessels.length);
      const csv = await get(server, `/api/export/positions.csv?vessel=${vessels[0]!.mmsi}`);
      assert.equal(csv.text.trimEnd().split('\n').length, vessels[0]!.positionCount + 1);
    });

    test('ledger: list, confirm and reject with a reason, numbering in date order, audit and verify', {
      skip,
    }, async (t) => {
      if (!proposed) return t.skip('no `shipments propose` in this build');
      const cliList = JSON.parse(cli(['--db', db.arg, 'shipments', '--json']).stdout) as Array<{
        id: number;
        departMs: number;
      }>;
      const r = (await get(server, '/api/shipments')).json();
      assert.equal(r.simulated, true);
      assert.deepEqual(r.shipments.map((s: { id: number }) => s.id).sort(), cliList.map((s) => s.id).sort());
      assert.ok(r.counts.proposed >= 2, `${r.counts.proposed} proposed`);
      const byDate = [...r.shipments].sort(
        (a: { departMs: number }, b: { departMs: number }) => a.departMs - b.departMs,
      );
      const [early, late] = [byDate[0], byDate[1]];

      const post = (id: number, body: unknown) =>
        fetch(`${server.url}/api/shipments/${id}/decision`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const noReason = await post(late.id, { decision: 'confirm', reason: '  ' });
      assert.equal(noReason.status, 400);
      assert.equal((await post(999_999, { decision: 'confirm', reason: 'x' })).status, 404);
      const auditBefore = (await get(server, '/api/audit?limit=1')).json().total;

      // Confirm the later one first: it is number 1 for good; confirming the earlier one gives it 2
      // and moves only the date order.
      type Decided = {
        shipment: { status: string; number: number | null; decidedBy: string | null };
        renumbered: { id: number; from: number | null; to: number | null }[];
      };
      const a = (await (
        await post(late.id, { decision: 'confirm', reason: 'api test', by: 'tester' })
      ).json()) as Decided;
      assert.equal(a.shipment.status, 'confirmed');
      assert.equal(a.shipment.number, 1);
      assert.equal(a.shipment.decidedBy, 'tester');
      const b = (await (await post(early.id, { decision: 'confirm', reason: 'api test' })).json()) as Decided;
      assert.equal(b.shipment.number, 2);
      assert.deepEqual(b.renumbered, [{ id: early.id, from: null, to: 2 }], 'no other number moves');
      const shown = JSON.parse(cli(['--db', db.arg, 'shipment', 'show', String(late.id), '--json']).stdout);
      assert.equal(shown.shipment.number, 1);
      assert.equal(shown.shipment.dateOrder, 2);
      const text = cli(['--db', db.arg, 'shipment', 'show', String(late.id)]).stdout;
      assert.match(text, /number 1, 2nd by departure/);

      const one = (await get(server, `/api/shipments/${late.id}`)).json();
      assert.equal(one.shipment.number, 1);
      assert.equal(one.shipment.dateOrder, 2);
      assert.ok(one.revisions.length >= 1);
      const after = (await get(server, '/api/shipments')).json();
      assert.equal(after.counts.confirmed, 2);
      const early2 = after.shipments.find((x: { id: number }) => x.id === early.id);
      assert.deepEqual([early2.number, early2.dateOrder], [2, 1]);
      const audit = (await get(server, '/api/audit?limit=500')).json();
      assert.ok(audit.total > auditBefore, `audit ${auditBefore} → ${audit.total}`);
      assert.ok(
        audit.entries.some(
          (e: { action: string; actor: string }) => e.action === 'shipment.confirm' && e.actor === 'tester',
        ),
      );
      const v = (await fetch(`${server.url}/api/verify`, { method: 'POST' }).then((x) => x.json())) as {
        ok: boolean;
      };
      assert.equal(v.ok, true);
      const kml = await get(server, '/api/export/shipments.kml?status=confirmed');
      // One Folder per kind (shipments, port calls, dark legs, sightings); a shipment's path and
      // its two ends named by its number once confirmed.
      assert.equal((kml.text.match(/<Folder>/g) ?? []).length, 4);
      assert.equal((kml.text.match(/<SchemaData schemaUrl="#schema-shipment">/g) ?? []).length, 2);
      assert.equal((kml.text.match(/<SchemaData schemaUrl="#schema-portCall">/g) ?? []).length, 4);
      assert.match(kml.text, /Shipment 1:/);
      assert.match(kml.text, /Shipment 2:/);
      assert.match(kml.text, /SIMULATED/);
    });

    test('estimate: from confirmed shipments, reproducible by seed, follows the ledger', {
      skip,
    }, async (t) => {
      if (!proposed) return t.skip('no `shipments propose` in this build');
      const all = (await get(server, '/api/estimate?basis=all&samples=2000')).json();
      assert.equal(all.simulated, true);
      assert.match(all.paramsSha256, /^[0-9a-f]{64}$/);
      const confirmed = (await get(server, '/api/estimate?samples=2000')).json();
      assert.equal(confirmed.basis, 'confirmed');
      const nConfirmed = confirmed.shipmentsInLedger.confirmed as number;
      if (confirmed.result.kind === 'estimate') assert.equal(confirmed.result.shipments.used, nConfirmed);
      else assert.equal(nConfirmed, 0);
      const again = (await get(server, '/api/estimate?samples=2000')).json();
      assert.deepEqual(again.result, confirmed.result);
      // Reject every confirmed shipment: the confirmed basis has nothing left to count.
      const list = (await get(server, '/api/shipments?status=confirmed')).json().shipments as Array<{
        id: number;
      }>;
      for (const s of list) {
        const res = await fetch(`${server.url}/api/shipments/${s.id}/decision`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ decision: 'reject', reason: 'api test: undo' }),
        });
        assert.equal(res.status, 200);
      }
      const none = (await get(server, '/api/estimate?samples=2000')).json();
      assert.equal(none.shipmentsInLedger.confirmed, 0);
      assert.equal(none.result.kind, 'no-observations');
      const bad = await get(server, '/api/estimate?basis=some');
      assert.equal(bad.status, 400);
    });

    test('sightings: the imported simulated observations, with positions and times', { skip }, async (t) => {
      if (!observed) return t.skip('no `observe import` in this build');
      const r = (await get(server, '/api/sightings')).json();
      const { timeRange } = (await get(server, '/api/meta')).json();
      assert.ok(r.sightings.length > 0);
      const dayMs = 86_400_000;
      for (const x of r.sightings) {
        assert.equal(x.simulated, true);
        assert.ok(Math.abs(x.lon) <= 180 && Math.abs(x.lat) <= 90);
        // Imagery of the scenario's ships falls within the scenario's AIS period.
        assert.ok(
          x.acquiredMs >= timeRange.fromMs - dayMs && x.acquiredMs <= timeRange.toMs + dayMs,
          `sighting ${x.id}`,
        );
      }
    });

    test('imagery: images are named by SHA-256 only, never by a path', { skip }, async () => {
      const list = (await get(server, '/api/images')).json();
      assert.ok(Array.isArray(list.images));
      for (const path of ['/api/images/quay.png/file', `/api/images/${'a'.repeat(63)}/file`]) {
        const r = await get(server, path);
        assert.equal(r.status, 400, path);
        assert.equal(r.json().issues[0].path, 'params.sha');
      }
      const missing = await get(server, `/api/images/${'a'.repeat(64)}/file`);
      assert.equal(missing.status, 404);
      const measure = await fetch(`${server.url}/api/images/${'0'.repeat(64)}/measure/stack`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rect: { cx: 1, cy: 1, lengthPx: 1, widthPx: 1, angleDeg: 0 }, tiers: 1 }),
      });
      assert.equal(measure.status, 404);
    });

    test('the OpenAPI document lists every route with its parameters', { skip }, async () => {
      const doc = (await get(server, '/api/openapi.json')).json();
      assert.equal(doc.openapi, '3.1.0');
      for (const p of [
        '/api/meta',
        '/api/vessels',
        '/api/vessels/{mmsi}',
        '/api/vessels/{mmsi}/track',
        '/api/events',
        '/api/areas',
      ]) {
        assert.ok(doc.paths[p]?.get, `${p} documented`);
      }
      const params = doc.paths['/api/vessels/{mmsi}/track'].get.parameters.map(
        (p: { name: string }) => p.name,
      );
      assert.deepEqual(params.sort(), [
        'encoding',
        'format',
        'from',
        'maxPoints',
        'mmsi',
        'to',
        'toleranceM',
      ]);
      // Both compact forms are documented, told apart by `encoding`.
      const trackSchema = JSON.stringify(
        doc.paths['/api/vessels/{mmsi}/track'].get.responses['200'].content['application/json'].schema,
      );
      for (const s of ['"delta-b64"', '"delta-e5"', 'zigzag', 'tUnitMs'])
        assert.ok(trackSchema.includes(s), s);
      assert.ok(JSON.stringify(doc.paths['/api/tracks'].get).includes('"delta-b64"'));
      // the lists page: limit and cursor in, next and total out
      for (const p of ['/api/vessels', '/api/events']) {
        const names = doc.paths[p].get.parameters.map((x: { name: string }) => x.name);
        for (const n of ['limit', 'cursor', 'from', 'to']) assert.ok(names.includes(n), `${p} ${n}`);
        const answer = JSON.stringify(doc.paths[p].get.responses['200'].content['application/json'].schema);
        for (const n of ['"next"', '"total"']) assert.ok(answer.includes(n), `${p} answers ${n}`);
      }
      assert.ok(
        doc.paths['/api/shipments/{id}/decision'].post.requestBody,
        'the decision body is documented',
      );
      const unknown = await get(server, '/api/nothing-here');
      assert.equal(unknown.status, 404);
    });
  });
}

describe('serve refuses addresses beyond this machine', () => {
  test('--host 0.0.0.0 exits 2 and says accounts do not exist yet', () => {
    const r = cli(['--db', ':memory:', 'serve', '--host', '0.0.0.0']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no accounts yet/);
    assert.match(r.stderr, /127\.0\.0\.1/);
  });
});
