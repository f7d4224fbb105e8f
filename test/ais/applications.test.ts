/**
 * Every application table (src/ais/applications.ts) against gpsd itself: seeded random payloads of
 * each DAC/FID, at the lengths gpsd's rules take (and some it refuses), are armoured into NMEA,
 * decoded by `gpsdecode -u` (Debian's gpsd-clients) and by tallyman, and the report lines compared
 * byte for byte. Captured messages cover only some tables (test/ais/conformance.test.ts); this covers
 * every field of every table. Where gpsd prints invalid JSON or reads memory it did not fill,
 * tallyman deliberately differs (APP_DIFFERENCES in test/ais/differences.ts, documented in
 * src/ais/README.md).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { APPLICATIONS, type AppSpec } from '../../src/ais/applications.js';
import { AisDecoder } from '../../src/ais/decoder.js';
import { GpsdFormatter } from '../../src/ais/format-gpsd.js';
import { inCI } from '../helpers/services.js';
import { APP_DIFFERENCES } from './differences.js';
import { armour, mulberry32, setBits } from './nmea-build.js';

function gpsdecodeAvailable(): string | false {
  const r = spawnSync('gpsdecode', ['-V'], { encoding: 'utf8' });
  if (r.status === 0) return false;
  const reason = 'gpsdecode not installed (Debian package gpsd-clients)';
  if (inCI) throw new Error(`${reason} (CI=true: a missing tool fails the run)`);
  console.log(`# skipping: ${reason}`);
  return reason;
}

/** Bit lengths to try for a table: the ones its rule takes, and a refused one where it has a rule. */
function lengthsFor(spec: AppSpec): number[] {
  const header = spec.type === 6 ? 88 : 56;
  const candidates: number[] = [];
  for (let n = header; n <= 1008; n += 2) candidates.push(n);
  const taken = candidates.filter((n) => spec.fits === undefined || spec.fits(n));
  const fields = typeof spec.fields === 'function' ? spec.fields(taken[0]) : spec.fields;
  const end = Math.max(header, ...fields.map((f) => f.start + f.bits));
  const out = new Set<number>();
  if (spec.fits !== undefined) {
    for (const n of taken) out.add(n);
    out.add(taken[0] + 6);
  } else {
    // gpsd keeps at most 3 tidal windows and 4 targets (longer payloads overrun its arrays).
    const cap = spec.array
      ? spec.array.base + spec.array.size * (spec.array.name === 'targets' ? 4 : 3) - 1
      : 1008;
    for (const n of [end, end + 1, end + 5, end + 40, cap])
      if (n >= header && n <= Math.min(cap, 1008)) out.add(n);
  }
  return [...out];
}

test('application messages decode as gpsdecode -u prints them (random payloads, every table)', (t) => {
  const skip = gpsdecodeAvailable();
  if (skip) {
    t.skip(skip);
    return;
  }
  const rnd = mulberry32(20261207);
  const lines: string[] = [];
  const ids: string[] = [];
  let seq = 0;
  for (const spec of APPLICATIONS) {
    for (const n of lengthsFor(spec)) {
      for (let k = 0; k < 6; k++) {
        const bytes = new Uint8Array(Math.ceil(n / 8) + 1);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (rnd() * 256) | 0;
        setBits(bytes, 0, 6, spec.type);
        setBits(bytes, 8, 30, 200000000 + ((rnd() * 700000000) | 0));
        const dacAt = spec.type === 6 ? 72 : 40;
        setBits(bytes, dacAt, 10, spec.dac);
        setBits(bytes, dacAt + 10, 6, spec.fid);
        const count = spec.array?.count;
        if (spec.array !== undefined && typeof count === 'object') {
          // Route messages: a waypoint count that fits gpsd's array of 16 and the payload.
          const fields = spec.fields as readonly { name: string; start: number; bits: number }[];
          const f = fields.find((x) => x.name === count.field);
          if (f)
            setBits(
              bytes,
              f.start,
              f.bits,
              Math.min(Math.floor((n - spec.array.base) / spec.array.size), 16),
            );
        }
        if (spec.dac === 200 && spec.fid === 10 && k % 2 === 0) setBits(bytes, 141, 3, k % 6);
        lines.push(...armour(bytes, n, seq++ % 10));
        ids.push(spec.id);
      }
    }
  }
  const input = `${lines.join('\n')}\n`;
  const gpsd = spawnSync('gpsdecode', ['-u'], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(gpsd.status, 0, gpsd.stderr);
  const expected = gpsd.stdout.split('\n').filter((l) => l.startsWith('{'));
  const fmt = new GpsdFormatter({ scaled: false });
  const actual: string[] = [];
  const dec = new AisDecoder({
    onMessage: (m) => {
      const l = fmt.format(m);
      if (l !== null) actual.push(l);
    },
  });
  dec.push(Buffer.from(input, 'latin1'));
  dec.end();
  assert.equal(actual.length, expected.length, 'one report per message from both');
  const perTable = new Map<string, { n: number; identical: number; structured: number; listed: number }>();
  const unexplained: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const id = ids[i];
    const row = perTable.get(id) ?? { n: 0, identical: 0, structured: 0, listed: 0 };
    perTable.set(id, row);
    row.n++;
    const e = expected[i].replace(/[\r\t]+$/, '');
    if (!/"data":"/.test(e)) row.structured++;
    if (e === actual[i]) row.identical++;
    else if (APP_DIFFERENCES.some((d) => d.applies(id, e, actual[i]))) row.listed++;
    else unexplained.push(`${id}\n gpsd     ${e}\n tallyman ${actual[i]}`);
  }
  console.log('\ntable | reports | gpsd decoded | byte-identical | listed difference');
  for (const [id, r] of perTable)
    console.log(`${id} | ${r.n} | ${r.structured} | ${r.identical} | ${r.listed}`);
  assert.deepEqual(
    unexplained.slice(0, 5),
    [],
    `every report byte-identical to gpsdecode -u (${unexplained.length} not)`,
  );
  for (const spec of APPLICATIONS) {
    const r = perTable.get(spec.id);
    assert.ok(r !== undefined && r.structured > 0, `${spec.id}: gpsd decoded some of the generated payloads`);
  }
});
