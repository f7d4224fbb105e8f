/**
 * KML 2.2 (OGC 07-147r2) for tracks, pure, written by `src/export/kml.ts`: a "tracks" Folder with
 * one Placemark per vessel holding its heard stretches, and a "dark legs" Folder with one Placemark
 * per silence (a straight line between the fixes either side, styled apart, since KML has no
 * dashed lines), each with typed SchemaData and a TimeSpan so Google Earth's slider works.
 */
import {
  type KmlFolder,
  type KmlPlacemark,
  type KmlSchema,
  kmlDocument,
  kmlIso,
  kmlLineString,
  kmlMultiGeometry,
} from '../export/kml.js';
import type { TrackColumns } from './track-encode.js';

export interface KmlTrack {
  mmsi: number;
  name: string | null;
  cols: TrackColumns;
}

/** Indices [start, end) of the heard stretches, and the dark legs (i-1 → i) between them. */
export function splitAtSilences(
  tsMs: ArrayLike<number>,
  darkLegMs: number,
): { heard: Array<[number, number]>; dark: number[] } {
  const heard: Array<[number, number]> = [];
  const dark: number[] = [];
  let start = 0;
  for (let i = 1; i < tsMs.length; i++) {
    if (tsMs[i]! - tsMs[i - 1]! >= darkLegMs) {
      heard.push([start, i]);
      dark.push(i);
      start = i;
    }
  }
  if (tsMs.length > 0) heard.push([start, tsMs.length]);
  return { heard, dark };
}

const TRACK_SCHEMA: KmlSchema = {
  id: 'track',
  fields: [
    { name: 'mmsi', type: 'int' },
    { name: 'vesselName', type: 'string' },
    { name: 'fixes', type: 'int' },
    { name: 'startUtc', type: 'string' },
    { name: 'endUtc', type: 'string' },
    { name: 'darkLegs', type: 'int' },
    { name: 'simulated', type: 'bool' },
  ],
};

const DARK_LEG_SCHEMA: KmlSchema = {
  id: 'darkLeg',
  fields: [
    { name: 'mmsi', type: 'int' },
    { name: 'vesselName', type: 'string' },
    { name: 'startUtc', type: 'string' },
    { name: 'endUtc', type: 'string' },
    { name: 'silenceH', type: 'double' },
    { name: 'simulated', type: 'bool' },
  ],
};

const pair = (cols: TrackColumns, i: number): [number, number] => [cols.lon[i]!, cols.lat[i]!];

/**
 * Two Folders (two layers in GDAL): "tracks", a Placemark per vessel holding its heard stretches,
 * and "dark legs", a Placemark per silence of at least `darkLegMs`, each with its own time span.
 */
export function tracksToKml(
  tracks: readonly KmlTrack[],
  opts: { title: string; simulated: boolean; darkLegMs: number },
): string {
  const heardMarks: KmlPlacemark[] = [];
  const darkMarks: KmlPlacemark[] = [];
  for (const t of tracks) {
    const n = t.cols.length;
    if (n === 0) continue;
    const { heard, dark } = splitAtSilences(t.cols.tsMs, opts.darkLegMs);
    const label = `${t.name ?? 'unnamed'} (MMSI ${t.mmsi})`;
    const lines = heard
      .filter(([a, b]) => b - a >= 2)
      .map(([a, b]) => {
        const cs: Array<[number, number]> = [];
        for (let i = a; i < b; i++) cs.push(pair(t.cols, i));
        return kmlLineString(cs);
      });
    if (lines.length > 0) {
      heardMarks.push({
        name: label,
        beginMs: t.cols.tsMs[0]!,
        endMs: t.cols.tsMs[n - 1]!,
        styleUrl: '#heard',
        data: {
          mmsi: t.mmsi,
          vesselName: t.name,
          fixes: n,
          startUtc: kmlIso(t.cols.tsMs[0]!),
          endUtc: kmlIso(t.cols.tsMs[n - 1]!),
          darkLegs: dark.length,
          simulated: opts.simulated,
        },
        geometry: kmlMultiGeometry(lines),
      });
    }
    for (const i of dark) {
      const a = t.cols.tsMs[i - 1]!;
      const b = t.cols.tsMs[i]!;
      darkMarks.push({
        name: `${label}: dark ${kmlIso(a)} to ${kmlIso(b)}`,
        beginMs: a,
        endMs: b,
        styleUrl: '#dark',
        data: {
          mmsi: t.mmsi,
          vesselName: t.name,
          startUtc: kmlIso(a),
          endUtc: kmlIso(b),
          silenceH: Math.round((b - a) / 36_000) / 100,
          simulated: opts.simulated,
        },
        geometry: kmlLineString([pair(t.cols, i - 1), pair(t.cols, i)]),
      });
    }
  }
  const folders: KmlFolder[] = [
    { name: 'tracks', schema: TRACK_SCHEMA, placemarks: heardMarks },
    { name: 'dark legs', schema: DARK_LEG_SCHEMA, placemarks: darkMarks },
  ];
  return kmlDocument({
    title: opts.title,
    description:
      'Exported by tallyman. Folder "tracks": the stretches heard on AIS, one placemark per vessel; folder "dark legs": straight lines across each silence (KML has no dashed line).',
    simulated: opts.simulated,
    styles: [
      '<Style id="heard"><LineStyle><color>ff2e57e4</color><width>2</width></LineStyle></Style>',
      '<Style id="dark"><LineStyle><color>99777777</color><width>1</width></LineStyle></Style>',
    ],
    folders,
  });
}
