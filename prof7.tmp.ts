import { BUNDLED_AREAS } from './src/areas/bundled.js';
import { makeContext } from './src/events/context.js';
import * as E from './src/events/index.js';
import { cleanTrack } from './src/tracks/columns.js';
const { fleetForProfile } = await import('./bench-fleet.tmp.ts');
const N = Number(process.argv[2] ?? 2000);
const tracks = fleetForProfile(N, 5000, 42).map((t) => cleanTrack(t, { maxSpeedKnots: 30, jitterM: 500 }));
const ctx = makeContext(BUNDLED_AREAS, E.DEFAULT_PARAMS);
const rec = E.countReception(tracks, 6 * 3600000, 37040, 30);
const res: Record<string, number[]> = {};
const time = (name: string, f: () => unknown) => { const t = process.cpuUsage(); f(); const c = process.cpuUsage(t); (res[name] ??= []).push((c.user + c.system) / 1000); };
for (let r = 0; r < 3; r++) {
time('reception', () => E.countReception(tracks, 6 * 3600000, 37040, 30));
time('portcalls', () => tracks.forEach((t) => E.detectPortCalls(t, ctx)));
time('gaps', () => tracks.forEach((t, i) => E.detectGaps(t, ctx, rec, i)));
time('stops', () => tracks.forEach((t) => E.detectStops(t, ctx)));
time('loiter', () => tracks.forEach((t) => E.detectLoitering(t, ctx)));
time('spoof+id+dr', () => tracks.forEach((t) => { E.detectSpoofing(t, ctx); E.detectIdentityChanges(t, ctx); }));
time('encounters', () => E.detectEncounters(tracks, ctx));
time('all', () => E.detectAll(tracks, BUNDLED_AREAS));
}
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(12), v.map((x) => x.toFixed(0)).join(' '), 'cpu ms');
