import { BUNDLED_AREAS } from './src/areas/bundled.js';
import { makeContext } from './src/events/context.js';
import * as E from './src/events/index.js';
import { cleanTrack, emptyTrack, type Track } from './src/tracks/columns.js';
import { metresToLatDeg, metresToLonDeg, MPS_PER_KNOT } from './src/geo/distance.js';
const rnd = (() => { let a = 42; return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; })();
const tracks: Track[] = [];
for (let v = 0; v < 200; v++) {
  const t = emptyTrack(v, 5000); let lon = 129.5 + rnd() * 5, lat = 38 + rnd() * 5; const sp = v % 5 === 0 ? rnd() * 2 : 10; const h = rnd() * 360;
  let ts = 0;
  for (let i = 0; i < 5000; i++) { t.positionId[i] = i; t.tsMs[i] = ts; t.lon[i] = lon; t.lat[i] = lat; t.speedKnots[i] = sp; ts += rnd() < 2e-4 ? 7 * 3600000 : 60000; const m = sp * MPS_PER_KNOT * 60; lat += metresToLatDeg(m * Math.cos(h * Math.PI / 180)); lon += metresToLonDeg(m * Math.sin(h * Math.PI / 180), lat); }
  tracks.push(cleanTrack(t, { maxSpeedKnots: 30, jitterM: 500 }));
}
const ctx = makeContext(BUNDLED_AREAS, E.DEFAULT_PARAMS);
const time = (name: string, f: () => unknown) => { const t = performance.now(); for (let r = 0; r < 3; r++) f(); console.log(name.padEnd(12), ((performance.now() - t) / 3).toFixed(1), 'ms per 1M'); };
time('reception', () => E.buildReceptionIndex(tracks));
const rec = E.buildReceptionIndex(tracks);
time('portcalls', () => tracks.forEach((t) => E.detectPortCalls(t, ctx)));
time('gaps', () => tracks.forEach((t, i) => E.detectGaps(t, ctx, rec, i)));
time('stops', () => tracks.forEach((t) => E.detectStops(t, ctx)));
time('loiter', () => tracks.forEach((t) => E.detectLoitering(t, ctx)));
time('spoof', () => tracks.forEach((t) => E.detectSpoofing(t, ctx)));
time('encounters', () => E.detectEncounters(tracks, ctx));
time('all', () => E.detectAll(tracks, BUNDLED_AREAS));
