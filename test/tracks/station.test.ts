// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
/**
 * Station kinds (src/tracks/station.ts): by MMSI format (ITU-R M.585) and by the message types a
 * station sent (ITU-R M.1371), checked on the real captures in ../shared/data/ais, and kept out of
 * the vessel detectors. The real-data tests skip with a printed reason when ../shared is absent,
 * except under CI=true, where that is a failure.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { detectAll } from '../../src/events/pipeline.js';
import { openSource } from '../../src/sources/index.js';
import { buildTracks } from '../../src/tracks/columns.js';
import { mmsiKind } from '../../src/tracks/mid.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';
import { isVesselStation, STATION_LABEL, type StationKind, stationKind } from '../../src/tracks/station.js';
import { pos, steam, T0 } from '../events/scenario.js';
import { SHARED_AIS, sharedSkip } from '../helpers/captures.js';

const SHARED = SHARED_AIS;

describe('station kind by MMSI (ITU-R M.585 Annex 1)', () => {
  it('classifies each format, and an impossible MID or length as invalid', () => {
    const cases: [number, StationKind][] = [
      [273345000, 'ship'],
      [636021061, 'ship'],
      [2190047, 'coast'], // 002190047
      [2579999, 'coast'],
      [21900470, 'group'], // 021900470
      [111219001, 'sar-aircraft'],
      [821912345, 'handheld'],
      [982191234, 'craft'],
      [992191500, 'aton'],
      [970123456, 'sart'],
      [972123456, 'mob'],
      [974123456, 'epirb'],
      [123456789, 'invalid'], // 1xx other than 111
      [999999000, 'invalid'], // 99 + MID 999
      [2, 'invalid'], // 00 + MID 000
      [12345, 'invalid'],
      [1_000_000_000, 'invalid'],
      [0, 'invalid'],
      [-5, 'invalid'],
      [2.5e8 + 0.5, 'invalid'],
    ];
    for (const [mmsi, kind] of cases) assert.equal(stationKind(mmsi), kind, String(mmsi));
  });

  it('a station-only message type wins over the number; 11 (a ship answering a UTC inquiry) does not count', () => {
    assert.equal(stationKind(257049000, [4]), 'coast');
    assert.equal(stationKind(273345000, [1, 9]), 'sar-aircraft');
    assert.equal(stationKind(123456789, [21]), 'aton');
    assert.equal(stationKind(366874960, [11]), 'ship');
    assert.equal(stationKind(2190047, [null, 1]), 'coast');
    assert.equal(stationKind(273345000, [21, 4]), 'coast', 'a base station report first');
  });

  it('vessels are ships, craft of a parent ship and invalid numbers; every kind has a label', () => {
    const vessels = (['ship', 'craft', 'invalid', 'coast', 'aton', 'sar-aircraft', 'sart'] as const).filter(
      isVesselStation,
    );
    assert.deepEqual(vessels, ['ship', 'craft', 'invalid']);
    for (const k of Object.keys(STATION_LABEL)) assert.ok(STATION_LABEL[k as StationKind].length > 0);
  });
});

describe('station kind on the real captures', () => {
  const skip = sharedSkip();

  it('DMA snapshot 2018-06-01: the 8 Base Station rows are coast stations, the 4 AtoN rows aids to navigation', {
    skip,
  }, () => {
    const rows: Array<Record<string, string>> = parse(
      readFileSync(new URL('tracks/dma-aisdk-20180601-snapshot.csv', SHARED), 'utf8'),
      { columns: (h: string[]) => h.map((c) => c.replace(/^#\s*/, '')), skip_empty_lines: true },
    );
    const byMobile = new Map<string, StationKind[]>();
    for (const r of rows) {
      const list = byMobile.get(r['Type of mobile']) ?? [];
      list.push(stationKind(Number(r.MMSI)));
      byMobile.set(r['Type of mobile'], list);
    }
    assert.deepEqual(byMobile.get('Base Station'), new Array(8).fill('coast'));
    assert.deepEqual(byMobile.get('AtoN'), new Array(4).fill('aton'));
    const classA = byMobile.get('Class A') ?? [];
    // 999999000 is a Class A row with an impossible number (and position 91°, 181°)
    assert.deepEqual(
      classA.filter((k) => k !== 'ship'),
      ['invalid'],
    );
  });

  it('NMEA captures: types 4, 9 and 21 make base stations, SAR aircraft and AtoNs; none of them gets a vessel event', {
    skip,
  }, async () => {
    const dir = fileURLToPath(SHARED);
    const files = readdirSync(dir).filter(
      (f) => /\.(aivdm|log|nm4|txt|nmea|ais)$/.test(f) || f === 'pyais-ais_test_messages',
    );
    const table = ['file | stations by kind | kind differs from the MMSI format'];
    const seen = new Map<number, Set<number>>();
    const kinds: Record<string, number> = {};
    for (const f of files) {
      const source = await openSource(dir + f, { receivedAtMs: Date.UTC(2024, 0, 1) });
      const positions: PositionRecord[] = [];
      const statics: StaticRecord[] = [];
      for await (const b of source.batches()) {
        positions.push(...b.positions);
        statics.push(...b.statics);
      }
      const types = new Map<number, Set<number>>();
      for (const r of [...positions, ...statics]) {
        if (r.msgType === null) continue;
        const s = types.get(r.mmsi) ?? new Set();
        s.add(r.msgType);
        types.set(r.mmsi, s);
        seen.set(r.msgType, (seen.get(r.msgType) ?? new Set()).add(r.mmsi));
      }
      const tracks = buildTracks(positions, statics);
      const by: Record<string, number> = {};
      const differs: string[] = [];
      for (const t of tracks) {
        by[t.station] = (by[t.station] ?? 0) + 1;
        kinds[t.station] = (kinds[t.station] ?? 0) + 1;
        const ty = types.get(t.mmsi) ?? new Set();
        if (ty.has(4)) assert.equal(t.station, 'coast', `${f} ${t.mmsi}`);
        else if (ty.has(9)) assert.equal(t.station, 'sar-aircraft', `${f} ${t.mmsi}`);
        else if (ty.has(21)) assert.equal(t.station, 'aton', `${f} ${t.mmsi}`);
        else assert.equal(t.station, mmsiKind(t.mmsi), `${f} ${t.mmsi}`);
        if (t.station !== mmsiKind(t.mmsi)) differs.push(`${t.mmsi} ${mmsiKind(t.mmsi)}→${t.station}`);
      }
      const nonVessels = new Set(tracks.filter((t) => !isVesselStation(t.station)).map((t) => t.mmsi));
      const events = detectAll(tracks, BUNDLED_AREAS);
      const leaked = events.filter(
        (e) => nonVessels.has(e.mmsi) || (e.mmsi2 !== null && nonVessels.has(e.mmsi2)),
      );
      assert.deepEqual(
        leaked.map((e) => `${e.type} ${e.mmsi}`),
        [],
        `${f}: events of stations that are not vessels`,
      );
      table.push(`${f} | ${JSON.stringify(by)} | ${differs.join(', ')}`);
    }
    console.log(table.join('\n'));
    for (const ty of [4, 9, 21]) assert.ok((seen.get(ty)?.size ?? 0) > 0, `type ${ty} in the captures`);
    assert.ok(kinds.coast > 50 && kinds.aton > 20 && kinds['sar-aircraft'] >= 2, JSON.stringify(kinds));
  });
});

describe('non-vessels in detectAll', () => {
  it('an AtoN buoy beside a drifting ship is no encounter; a base station has no gap or stop', () => {
    const ship = steam(273_000_090, T0, 131.8, 41.9, 90, 0.5, 6 * 3_600_000, 5 * 60_000);
    const buoy = ship.map((p) => ({
      ...pos(992_731_000, p.tsMs + 1000, p.lon, p.lat + 0.001, 0),
      msgType: 21,
    }));
    const base = [
      pos(2_731_000, T0, 131.9, 43.1, null),
      pos(2_731_000, T0 + 12 * 3_600_000, 131.9, 43.1, null),
    ];
    const asStation = (p: PositionRecord) => ({ ...p, msgType: 4 });
    const ship2 = ship.map((p) => ({ ...p, mmsi: 273_000_091, lat: p.lat + 0.002, tsMs: p.tsMs + 2000 }));
    const withBuoy = detectAll(buildTracks([...ship, ...buoy, ...base.map(asStation)]), []);
    assert.deepEqual(
      withBuoy.filter((e) => e.mmsi !== 273_000_090),
      [],
    );
    // the same drift beside a second ship is an encounter: the buoy's absence is the rule, not luck
    const withShip = detectAll(buildTracks([...ship, ...ship2]), []);
    assert.equal(withShip.filter((e) => e.type === 'encounter').length, 1);
  });
});
