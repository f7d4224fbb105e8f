/**
 * Stations that are not ships in the ship lists: `tallyman vessels` and `GET /api/vessels` leave
 * base stations, aids to navigation and the like out unless asked for all, and label each kind.
 * Ingests the DMA stream example (test/data/ais).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { isVesselStation } from '../../src/tracks/station.js';
import { capturePath } from '../helpers/captures.js';
import { cli, tempDir } from './run-cli.js';

const STREAM = capturePath('dma-aislib-stream_example.txt');

interface VesselJson {
  mmsi: number;
  kind: string;
  positionCount: number;
}

describe('ship lists leave other stations out unless asked', () => {
  const db = join(tempDir(), 'stations.db');
  let store: Store | undefined;
  before(() => {
    const r = cli(['--db', db, 'ingest', STREAM, '--received-at', '2024-01-01T00:00:00Z', '--json']);
    assert.equal(r.status, 0, r.stderr);
  });
  after(async () => {
    await store?.close();
  });

  it('tallyman vessels: vessels only, each with its kind; --all adds base stations and AtoNs', () => {
    const ships: VesselJson[] = JSON.parse(cli(['--db', db, 'vessels', '--json']).stdout);
    const all: VesselJson[] = JSON.parse(cli(['--db', db, 'vessels', '--json', '--all']).stdout);
    const count = (list: VesselJson[]) => {
      const by: Record<string, number> = {};
      for (const v of list) by[v.kind] = (by[v.kind] ?? 0) + 1;
      return by;
    };
    console.log(`vessels ${JSON.stringify(count(ships))}; --all ${JSON.stringify(count(all))}`);
    assert.ok(ships.length > 1000);
    assert.ok(ships.every((v) => isVesselStation(v.kind as never)));
    const others = all.filter((v) => !isVesselStation(v.kind as never));
    assert.equal(all.length, ships.length + others.length);
    assert.ok(others.filter((v) => v.kind === 'coast').length >= 50, 'base stations');
    assert.ok(others.filter((v) => v.kind === 'aton').length >= 20, 'aids to navigation');
    // 257049000 has a ship's number but sends base station reports (type 4)
    assert.equal(all.find((v) => v.mmsi === 257049000)?.kind, 'coast');
    assert.equal(
      ships.find((v) => v.mmsi === 257049000),
      undefined,
    );
    const table = cli(['--db', db, 'vessels', '--all', '--limit', '400']).stdout;
    assert.match(table, /kind/);
    assert.match(table, /coast\/base station/);
    assert.match(cli(['--db', db, 'vessels', '--limit', '1']).stdout, /other stations not listed: --all/);
  });

  it('GET /api/vessels: vessels with a kind; ?all=true every station', async () => {
    store = await openStore({ path: db });
    const { app } = await buildApp({ store, checkResponses: true });
    const ships = (await app.inject({ url: '/api/vessels' })).json().vessels as VesselJson[];
    const all = (await app.inject({ url: '/api/vessels?all=true' })).json().vessels as VesselJson[];
    assert.ok(ships.length > 1000 && all.length > ships.length);
    assert.ok(ships.every((v) => isVesselStation(v.kind as never)));
    assert.ok(all.some((v) => v.kind === 'aton'));
    const one = (await app.inject({ url: '/api/vessels/257049000' })).json();
    assert.equal(one.vessel.kind, 'coast');
    assert.equal((await app.inject({ url: '/api/vessels?all=maybe' })).statusCode, 400);
    // the map draws ships only: every track of /api/tracks is a vessel's, and there is one per ship
    const tracks = (await app.inject({ url: '/api/tracks?minPositions=1' })).json().tracks as Array<{
      mmsi: number;
    }>;
    const kindOf = new Map(all.map((v) => [v.mmsi, v.kind]));
    assert.ok(tracks.length > 1000);
    assert.ok(tracks.every((t) => isVesselStation(kindOf.get(t.mmsi) as never)));
    assert.ok(all.some((v) => !isVesselStation(v.kind as never) && v.positionCount > 0));
    await app.close();
  });
});
