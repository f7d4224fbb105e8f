/**
 * Map features from tracks, pure. Each track becomes solid chunks (at most CHUNK_POINTS fixes, so a
 * time filter hides whole chunks on the GPU through a layer filter instead of rebuilding data) and
 * "silent legs" between fixes at least `darkLegMs` apart: the straight line is only where the
 * ship was last and next heard, not where it went. Which of them are dark (a transponder off, not a
 * hole in the data) the gap events say (`darkGapKeys`).
 */
import type { Feature, LineString } from 'geojson';
import { decodeCompact } from '../../src/server/track-encode.js';
import type { CompactTrack } from './api.js';

export const CHUNK_POINTS = 256;

export interface TrackProps {
  mmsi: number;
  startMs: number;
  endMs: number;
  /** Drawn bold: a vessel with a long record (the shuttle fleet in the bundled scenario). */
  major: boolean;
  color: string;
}

const PALETTE = ['#e4572e', '#f3a712', '#29335c', '#669bbc', '#a8c686', '#8e44ad', '#d62828', '#0081a7'];

export const colorFor = (mmsi: number): string => PALETTE[mmsi % PALETTE.length]!;

/** Joins a silence on the map to its gap event (same vessel, same start). */
const gapKey = (mmsi: number, startMs: number): string => `${mmsi}:${startMs}`;

/**
 * The silences `detect` judged dark (transponder off while the receivers heard others around
 * throughout); every other silence is drawn as a hole in the data, not as a finding.
 */
export function darkGapKeys(
  events: ReadonlyArray<{ type: string; mmsi: number; startMs: number; details?: unknown }>,
): string[] {
  return events
    .filter(
      (e) =>
        e.type === 'gap' &&
        (e.details as { likelyCause?: string } | undefined)?.likelyCause === 'transponder-off',
    )
    .map((e) => gapKey(e.mmsi, e.startMs));
}

export interface TrackFeatures {
  solid: Feature<LineString, TrackProps>[];
  /** Silences ≥ `darkLegMs`; `key` (MMSI:start) finds the gap event that says what each was. */
  dark: Feature<LineString, TrackProps & { durationMs: number; key: string }>[];
  points: number;
}

export function trackFeatures(
  tracks: readonly CompactTrack[],
  opts: { darkLegMs: number; majorMinPositions: number },
): TrackFeatures {
  const solid: TrackFeatures['solid'] = [];
  const dark: TrackFeatures['dark'] = [];
  let points = 0;
  for (const t of tracks) {
    const { tsMs, lon, lat } = decodeCompact(t);
    const n = tsMs.length;
    points += n;
    const base = { mmsi: t.mmsi, major: t.count >= opts.majorMinPositions, color: colorFor(t.mmsi) };
    let start = 0;
    const flush = (endExclusive: number) => {
      if (endExclusive - start >= 2) {
        const coordinates: number[][] = [];
        for (let i = start; i < endExclusive; i++) coordinates.push([lon[i]!, lat[i]!]);
        solid.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates },
          properties: { ...base, startMs: tsMs[start]!, endMs: tsMs[endExclusive - 1]! },
        });
      }
    };
    for (let i = 1; i < n; i++) {
      const dt = tsMs[i]! - tsMs[i - 1]!;
      if (dt >= opts.darkLegMs) {
        flush(i);
        dark.push({
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [lon[i - 1]!, lat[i - 1]!],
              [lon[i]!, lat[i]!],
            ],
          },
          properties: {
            ...base,
            startMs: tsMs[i - 1]!,
            endMs: tsMs[i]!,
            durationMs: dt,
            key: gapKey(t.mmsi, tsMs[i - 1]!),
          },
        });
        start = i;
      } else if (i - start >= CHUNK_POINTS) {
        // Chunks overlap by one fix so the line stays continuous.
        flush(i + 1);
        start = i;
      }
    }
    flush(n);
  }
  return { solid, dark, points };
}

/** The layer filter that keeps features overlapping [fromMs, toMs]. */
export const timeFilter = (fromMs: number, toMs: number): unknown[] => [
  'all',
  ['<=', ['get', 'startMs'], toMs],
  ['>=', ['get', 'endMs'], fromMs],
];
