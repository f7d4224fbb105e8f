import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs } from '../../src/sources/backoff.js';
import * as c from '../../src/sources/cells.js';
import { RowError } from '../../src/sources/cells.js';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof RowError) return err.reason;
    throw err;
  }
  return 'no error';
}

describe('cells', () => {
  it('reads day-first DMA times and ISO times without zone as UTC', () => {
    assert.equal(c.dmyTime('01/06/2018 00:00:00', 'T'), Date.UTC(2018, 5, 1));
    assert.equal(c.isoTime('2023-01-11T00:00:03', 'T'), Date.UTC(2023, 0, 11, 0, 0, 3));
    assert.equal(c.isoTime('2025-12-31 00:00:00', 'T'), Date.UTC(2025, 11, 31));
    assert.equal(c.isoTime('2014-01-05T09:48:32Z', 'T'), Date.UTC(2014, 0, 5, 9, 48, 32));
    assert.equal(c.isoTime('2014-01-05T11:48:32+02:00', 'T'), Date.UTC(2014, 0, 5, 9, 48, 32));
    assert.equal(c.epochTime('1635731889', 'T', 's'), 1635731889000);
    assert.equal(c.epochTime('1635731889123', 'T', 'ms'), 1635731889123);
  });

  it('rejects times that are not times', () => {
    assert.equal(
      reason(() => c.dmyTime('31/02/2018 00:00:00', 'T')),
      'bad-time',
    );
    assert.equal(
      reason(() => c.dmyTime('2018-06-01 00:00:00', 'T')),
      'bad-time',
    );
    assert.equal(
      reason(() => c.isoTime('yesterday', 'T')),
      'bad-time',
    );
    assert.equal(
      reason(() => c.isoTime('2023-01-11T25:00:00', 'T')),
      'bad-time',
    );
  });

  it('turns vendor n/a markers into null', () => {
    assert.equal(c.headingDeg('511.0', 'H'), null);
    assert.equal(c.headingDeg('511', 'H'), null);
    assert.equal(c.headingDeg('95.0', 'H'), 95);
    assert.equal(c.courseDeg('360.0', 'C'), null);
    assert.equal(c.courseDeg('359.9', 'C'), 359.9);
    assert.equal(c.speedKnots('102.3', 'S'), null);
    assert.equal(c.speedKnots('102.2', 'S'), 102.2);
    assert.equal(c.text(' '), null);
    assert.equal(c.num(' ', 'X'), null);
    assert.equal(c.latLon('91.000000', '181.000000', ['Lat', 'Lon']), null);
    assert.equal(c.metres('0', 'L'), null);
    assert.equal(c.shipTypeCode('0', 'T'), null);
    assert.equal(c.int('52.0', 'Cargo'), 52);
  });

  it('reads IMO numbers and drops placeholders', () => {
    assert.equal(c.imo('IMO9307839', 'IMO'), 9307839);
    assert.equal(c.imo('9320063', 'IMO'), 9320063);
    assert.equal(c.imo('IMO0000000', 'IMO'), null);
    assert.equal(c.imo('IMO0000001', 'IMO'), null);
    assert.equal(c.imo('Unknown', 'IMO'), null);
    assert.equal(c.imo('', 'IMO'), null);
    assert.equal(
      reason(() => c.imo('IMO12x', 'IMO')),
      'bad-number',
    );
  });

  it('rejects bad MMSIs and positions by reason', () => {
    assert.equal(c.mmsi('002190047'), 2190047);
    assert.equal(
      reason(() => c.mmsi('0')),
      'mmsi-out-of-range',
    );
    assert.equal(
      reason(() => c.mmsi('1000000000')),
      'mmsi-out-of-range',
    );
    assert.equal(
      reason(() => c.mmsi('abc')),
      'bad-mmsi',
    );
    assert.equal(
      reason(() => c.mmsi('')),
      'bad-mmsi',
    );
    assert.equal(
      reason(() => c.latLon('95', '10', ['Lat', 'Lon'])),
      'lat-out-of-range',
    );
    assert.equal(
      reason(() => c.latLon('45', '-190', ['Lat', 'Lon'])),
      'lon-out-of-range',
    );
    assert.equal(
      reason(() => c.num('12,5', 'SOG')),
      'bad-number',
    );
  });

  it('keeps the DMA ETA as MM-DDTHH:MMZ', () => {
    assert.equal(c.dmyEta('31/05/2019 04:00:00', 'ETA'), '05-31T04:00Z');
    assert.equal(c.dmyEta(' ', 'ETA'), null);
    assert.equal(c.etaText('05-31T04:00Z', 'eta'), '05-31T04:00Z');
    assert.equal(c.etaText('2019-05-31T04:00:00Z', 'eta'), '05-31T04:00Z');
  });
});

describe('backoff', () => {
  it('doubles from 0.5 s to at most 30 s, jittered into the upper half', () => {
    assert.equal(backoffDelayMs(0, undefined, 0.999999), 500);
    assert.equal(backoffDelayMs(0, undefined, 0), 250);
    assert.equal(backoffDelayMs(1, undefined, 0.999999), 1000);
    assert.equal(backoffDelayMs(3, undefined, 0.999999), 4000);
    assert.equal(backoffDelayMs(20, undefined, 0.999999), 30000);
    for (let a = 0; a < 30; a++) {
      const d = backoffDelayMs(a);
      assert.ok(d >= 250 && d <= 30000, `${a}: ${d}`);
    }
  });
});
