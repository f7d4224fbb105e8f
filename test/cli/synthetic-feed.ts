/**
 * A SIMULATED AIS file for the CLI's crash and concurrency tests, written with the scenario
 * encoder: `vessels` ships in a grid off Korea, one position report each per minute (with a tag
 * block receive time), `reports` in all, alternating AIS channels.
 */
import { writeFileSync } from 'node:fs';
import { positionBits } from '../../src/scenario/ais-encode.js';
import { tagBlock, vdmSentences } from '../../src/scenario/nmea-write.js';

export function writeSyntheticFeed(
  path: string,
  o: { vessels: number; reports: number; mmsiBase: number },
): void {
  const lines: string[] = [];
  const t0 = Date.UTC(2024, 2, 12);
  for (let i = 0; i < o.reports; i++) {
    const v = i % o.vessels;
    const k = Math.floor(i / o.vessels);
    const epochS = t0 / 1000 + k * 60 + (v % 60);
    const bits = positionBits({
      type: 1,
      mmsi: o.mmsiBase + v,
      lat: 41 + (v % 50) * 0.05 + k * 0.001,
      lon: 129 + Math.floor(v / 50) * 0.3 + k * 0.001,
      speedKnots: 10 + (v % 5),
      courseDeg: 45,
      headingDeg: 44,
      navStatus: 0,
      second: epochS % 60,
    });
    for (const s of vdmSentences(bits, i % 2 ? 'A' : 'B', 0))
      lines.push(`${tagBlock('simulated-rx', epochS)}${s}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
