import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  classBStaticBits,
  nmeaChecksum,
  positionBits,
  staticVoyageBits,
  tagBlock,
  vdmSentences,
} from '../../src/scenario/index.js';
import { decodeLines } from './helpers.js';

const text = (max: number) =>
  fc
    .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'), { minLength: 1, maxLength: max })
    .map((a) => a.join('').trim())
    .filter((s) => s.length > 0);

describe('AIS encoder → src/ais decoder round trip', () => {
  it('type 1 and 18 position reports', () => {
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom(1 as const, 18 as const),
          mmsi: fc.integer({ min: 200000000, max: 799999999 }),
          lat: fc.double({ min: -89.9, max: 89.9, noNaN: true }),
          lon: fc.double({ min: -179.9, max: 179.9, noNaN: true }),
          speedKnots: fc.option(fc.integer({ min: 0, max: 1022 }).map((x) => x / 10)),
          courseDeg: fc.option(fc.integer({ min: 0, max: 3599 }).map((x) => x / 10)),
          headingDeg: fc.option(fc.integer({ min: 0, max: 359 })),
          navStatus: fc.integer({ min: 0, max: 15 }),
          second: fc.integer({ min: 0, max: 59 }),
        }),
        fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
        (m, epochS) => {
          const line = tagBlock('simulated-test', epochS) + vdmSentences(positionBits(m), 'A', 0)[0];
          const { messages, rejects, badTagBlocks } = decodeLines([line]);
          assert.equal(rejects.length, 0, JSON.stringify(rejects));
          assert.equal(badTagBlocks, 0);
          assert.equal(messages.length, 1);
          const { msg, meta } = messages[0];
          const d = msg as unknown as Record<string, number | null>;
          assert.equal(msg.type, m.type);
          assert.equal(msg.mmsi, m.mmsi);
          assert.ok(Math.abs((d.lat as number) - m.lat) < 1e-6);
          assert.ok(Math.abs((d.lon as number) - m.lon) < 1e-6);
          assert.equal(d.speedKnots, m.speedKnots);
          assert.equal(d.courseDeg, m.courseDeg);
          assert.equal(d.headingDeg, m.headingDeg);
          assert.equal(d.second, m.second);
          if (m.type === 1) assert.equal(d.navStatus, m.navStatus);
          assert.equal(meta.receivedAtMs, epochS * 1000);
          assert.equal(meta.station, 'simulated-test');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('type 5 over two sentences and type 24 parts A and B', () => {
    fc.assert(
      fc.property(
        fc.record({
          mmsi: fc.integer({ min: 200000000, max: 799999999 }),
          imo: fc.option(fc.integer({ min: 1000000, max: 9999999 })),
          callSign: text(7),
          name: text(20),
          shipType: fc.integer({ min: 1, max: 99 }),
          toBowM: fc.integer({ min: 1, max: 511 }),
          toSternM: fc.integer({ min: 1, max: 511 }),
          toPortM: fc.integer({ min: 1, max: 63 }),
          toStarboardM: fc.integer({ min: 1, max: 63 }),
          draughtM: fc.option(fc.integer({ min: 1, max: 255 }).map((x) => x / 10)),
          destination: text(20),
          etaMs: fc.option(fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }).map((s) => s * 1000)),
        }),
        fc.integer({ min: 0, max: 9 }),
        (m, seq) => {
          const five = vdmSentences(staticVoyageBits(m), 'B', seq);
          assert.equal(five.length, 2);
          assert.ok(five.every((l) => l.length <= 82));
          const [a, b] = classBStaticBits(m);
          const lines = [...five, ...vdmSentences(a, 'A', 0), ...vdmSentences(b, 'A', 0)];
          const { messages, rejects } = decodeLines(lines);
          assert.equal(rejects.length, 0, JSON.stringify(rejects));
          assert.deepEqual(
            messages.map((x) => x.msg.type),
            [5, 24, 24],
          );
          const d5 = messages[0].msg as unknown as Record<string, unknown>;
          assert.equal(d5.mmsi, m.mmsi);
          assert.equal(d5.imo, m.imo);
          assert.equal(d5.callSign, m.callSign);
          assert.equal(d5.shipName, m.name);
          assert.equal(d5.shipType, m.shipType);
          assert.equal(d5.toBowM, m.toBowM);
          assert.equal(d5.toStarboardM, m.toStarboardM);
          assert.equal(d5.draughtM, m.draughtM);
          assert.equal(d5.destination, m.destination);
          if (m.etaMs === null) assert.equal(d5.etaMonth, null);
          else {
            const eta = new Date(m.etaMs);
            assert.equal(d5.etaMonth, eta.getUTCMonth() + 1);
            assert.equal(d5.etaDay, eta.getUTCDate());
            assert.equal(d5.etaHour, eta.getUTCHours());
            assert.equal(d5.etaMinute, eta.getUTCMinutes());
          }
          const pa = messages[1].msg as unknown as Record<string, unknown>;
          const pb = messages[2].msg as unknown as Record<string, unknown>;
          assert.equal(pa.shipName, m.name);
          assert.equal(pb.callSign, m.callSign);
          assert.equal(pb.shipType, m.shipType);
          assert.equal(pb.toSternM, m.toSternM);
          assert.equal(pb.toPortM, m.toPortM);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a value that does not fit its field instead of wrapping it', () => {
    const m = {
      type: 1 as const,
      mmsi: 2 ** 30,
      lat: 0,
      lon: 0,
      speedKnots: 0,
      courseDeg: 0,
      headingDeg: 0,
      navStatus: 0,
      second: 0,
    };
    assert.throws(() => positionBits(m), /mmsi=1073741824 does not fit 30 bits/);
  });

  it('NMEA checksum is the XOR between the delimiters (IEC 61162-1 example sentence)', () => {
    // A widely published type 1 sentence and its checksum.
    assert.equal(nmeaChecksum('AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0'), '5C');
    assert.equal(
      tagBlock('simulated-x', 1700000000),
      `\\s:simulated-x,c:1700000000*${nmeaChecksum('s:simulated-x,c:1700000000')}\\`,
    );
  });
});
