/**
 * KML 2.2 (OGC 07-147r2) for tracks, pure: one Placemark per vessel holding its heard legs as a
 * MultiGeometry of LineStrings, and one per vessel for its dark legs (straight lines between the
 * fixes either side of a silence, styled apart, since KML has no dashed lines). Coordinates are
 * "lon,lat" as KML requires; each Placemark carries a TimeSpan so Google Earth's slider works.
 */
import type { TrackColumns } from './track-encode.js';

export interface KmlTrack {
  mmsi: number;
  name: string | null;
  cols: TrackColumns;
}

const XML_ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
export const xmlEscape = (s: string): string => s.replace(/[&<>"']/g, (c) => XML_ESC[c]!);

const iso = (ms: number): string => new Date(ms).toISOString();
const coord = (cols: TrackColumns, i: number): string =>
  `${Number(cols.lon[i]!.toFixed(6))},${Number(cols.lat[i]!.toFixed(6))}`;

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

export function tracksToKml(
  tracks: readonly KmlTrack[],
  opts: { title: string; simulated: boolean; darkLegMs: number },
): string {
  const title = opts.simulated ? `${opts.title} (SIMULATED DATA)` : opts.title;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${xmlEscape(title)}</name>`,
    `<description>${xmlEscape(
      opts.simulated
        ? 'Exported by tallyman from a SIMULATED scenario: tracks, times and identifiers are invented.'
        : 'Exported by tallyman.',
    )}</description>`,
    '<Style id="heard"><LineStyle><color>ff2e57e4</color><width>2</width></LineStyle></Style>',
    '<Style id="dark"><LineStyle><color>99777777</color><width>1</width></LineStyle></Style>',
  ];
  for (const t of tracks) {
    const n = t.cols.length;
    if (n === 0) continue;
    const { heard, dark } = splitAtSilences(t.cols.tsMs, opts.darkLegMs);
    const label = `${t.name ?? 'unnamed'} (MMSI ${t.mmsi})`;
    const span = `<TimeSpan><begin>${iso(t.cols.tsMs[0]!)}</begin><end>${iso(t.cols.tsMs[n - 1]!)}</end></TimeSpan>`;
    const lines = heard
      .filter(([a, b]) => b - a >= 2)
      .map(([a, b]) => {
        const cs: string[] = [];
        for (let i = a; i < b; i++) cs.push(coord(t.cols, i));
        return `<LineString><tessellate>1</tessellate><coordinates>${cs.join(' ')}</coordinates></LineString>`;
      });
    if (lines.length > 0) {
      out.push(
        `<Placemark><name>${xmlEscape(label)}</name>${span}<styleUrl>#heard</styleUrl><ExtendedData><Data name="mmsi"><value>${t.mmsi}</value></Data><Data name="fixes"><value>${n}</value></Data></ExtendedData><MultiGeometry>${lines.join('')}</MultiGeometry></Placemark>`,
      );
    }
    if (dark.length > 0) {
      const legs = dark.map(
        (i) =>
          `<LineString><tessellate>1</tessellate><coordinates>${coord(t.cols, i - 1)} ${coord(t.cols, i)}</coordinates></LineString>`,
      );
      out.push(
        `<Placemark><name>${xmlEscape(`${label}: ${dark.length} dark legs`)}</name>${span}<styleUrl>#dark</styleUrl><MultiGeometry>${legs.join('')}</MultiGeometry></Placemark>`,
      );
    }
  }
  out.push('</Document>', '</kml>', '');
  return out.join('\n');
}
