import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flagFromMid, flagFromMmsi, midOf, mmsiKind } from '../../src/tracks/mid.js';

describe('flagFromMmsi', () => {
  it('maps the MIDs of the case and the common registers', () => {
    const cases: [number, string][] = [
      [273345000, 'RU'],
      [445123000, 'KP'],
      [412000001, 'CN'],
      [413000001, 'CN'],
      [414000001, 'CN'],
      [440000001, 'KR'],
      [441000001, 'KR'],
      [219014851, 'DK'],
      [220012000, 'DK'],
      [338000001, 'US'],
      [366000001, 'US'],
      [369000001, 'US'],
      [636021061, 'LR'],
      [477000001, 'HK'],
      [416000001, 'TW'],
      [231000001, 'FO'],
      [204000001, 'PT'],
      [351000001, 'PA'],
      [538000001, 'MH'],
    ];
    for (const [mmsi, flag] of cases) assert.equal(flagFromMmsi(mmsi), flag, String(mmsi));
  });

  it('is null for stations that are not ships, though their MID is readable', () => {
    const cases: [number, string, number | null][] = [
      [2190047, 'coast', 219], // 002190047: a Danish base station in the DMA file
      [21900470, 'group', 219],
      [111219001, 'sar-aircraft', 219],
      [970123456, 'sart', null],
      [972123456, 'mob', null],
      [974123456, 'epirb', null],
      [982191234, 'craft', 219],
      [992191234, 'aton', 219],
      [821912345, 'handheld', 219],
      [123456789, 'invalid', null],
    ];
    for (const [mmsi, kind, mid] of cases) {
      assert.equal(mmsiKind(mmsi), kind, String(mmsi));
      assert.equal(midOf(mmsi), mid, String(mmsi));
      assert.equal(flagFromMmsi(mmsi), null, String(mmsi));
    }
  });

  it('is null for unallocated MIDs and impossible numbers', () => {
    assert.equal(flagFromMmsi(217000001), null); // 217 is not allocated
    assert.equal(flagFromMmsi(999999000), null);
    assert.equal(flagFromMmsi(0), null);
    assert.equal(flagFromMmsi(1_000_000_000), null);
    assert.equal(flagFromMmsi(2.5e8 + 0.5), null);
  });

  it('covers the table: ship MIDs 2xx–7xx, two-letter flags, nothing outside', () => {
    let allocated = 0;
    for (let mid = 100; mid < 1000; mid++) {
      const flag = flagFromMid(mid);
      if (flag === null) continue;
      allocated++;
      assert.ok(mid >= 201 && mid <= 775, String(mid));
      assert.match(flag, /^[A-Z]{2}$/);
    }
    assert.ok(allocated > 280, `${allocated} MIDs`);
  });
});
