import { BUNDLED_AREAS } from "./src/areas/bundled.js";
import { metresToLatDeg, metresToLonDeg, MPS_PER_KNOT } from "./src/geo/distance.js";
import { emptyTrack, type Track } from "./src/tracks/columns.js";
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const T0 = Date.UTC(2024, 0, 1);
const RAD = Math.PI / 180;
function fleet(vessels: number, perVessel: number, seed: number): Track[] {
  const rnd = prng(seed);
  const ports = BUNDLED_AREAS.filter((a) => a.geometry.type === 'circle');
  const tracks: Track[] = [];
  for (let v = 0; v < vessels; v++) {
    const t = emptyTrack(273_000_000 + v, perVessel);
    const kind = rnd();
    let lon = 129.5 + rnd() * 5;
    let lat = 38 + rnd() * 5;
    let speed = 8 + rnd() * 6;
    let every = 60_000;
    if (kind >= 0.7 && kind < 0.9) {
      speed = rnd() * 2;
      every = 180_000;
    } else if (kind >= 0.9) {
      const g = ports[v % ports.length].geometry;
      if (g.type === 'circle') {
        lon = g.lon;
        lat = g.lat;
      }
      speed = 0;
      every = 180_000;
    }
    let heading = rnd() * 360;
    let ts = T0 + Math.floor(rnd() * 3_600_000);
    for (let i = 0; i < perVessel; i++) {
      t.positionId[i] = v * perVessel + i;
      t.tsMs[i] = ts;
      t.lon[i] = lon;
      t.lat[i] = lat;
      t.speedKnots[i] = speed;
      t.courseDeg[i] = heading;
      t.navStatus[i] = speed < 0.5 ? 5 : 0;
      const dt = rnd() < 2e-4 ? 7 * 3_600_000 : every;
      ts += dt;
      const m = speed * MPS_PER_KNOT * (dt / 1000);
      lat += metresToLatDeg(m * Math.cos(heading * RAD));
      lon += metresToLonDeg(m * Math.sin(heading * RAD), lat);
      if (lat > 44 || lat < 37) heading = 180 - heading;
      if (lon > 136 || lon < 128) heading = -heading;
      heading = (heading + 360 + (rnd() - 0.5) * 2) % 360;
    }
    tracks.push(t);
  }
  return tracks;
}
export const fleetForProfile = fleet;
