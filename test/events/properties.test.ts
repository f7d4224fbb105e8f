/**
 * Properties of the pipeline: the events do not depend on the order vessels (or records) come in,
 * nor on how the input was split into chunks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { detectAll } from '../../src/events/pipeline.js';
import { buildTracks, TrackBuilder } from '../../src/tracks/columns.js';
import { story } from './scenario.js';

const s = story();
const ids = s.positions.map((_, i) => i);
const reference = detectAll(buildTracks(s.positions, s.statics), BUNDLED_AREAS);

describe('event pipeline properties', () => {
  it('the reference run finds events of many types', () => {
    // all but dark-port-call: the story's one dark gap is a 14 h transit, too short for cargo work
    assert.ok(new Set(reference.map((e) => e.type)).size >= 9);
  });
  it('shuffling records and vessel order changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: s.positions.length, maxLength: s.positions.length }),
        fc.boolean(),
        (keys, reverse) => {
          // a random permutation of the records, each keeping its id
          const order = ids.slice().sort((a, b) => keys[a] - keys[b] || a - b);
          const tracks = buildTracks(
            order.map((i) => s.positions[i]),
            s.statics,
            undefined,
            order,
          );
          if (reverse) tracks.reverse();
          assert.deepEqual(detectAll(tracks, BUNDLED_AREAS), reference);
        },
      ),
      { numRuns: 12 },
    );
  });
  it('feeding the records in chunks changes nothing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: s.positions.length - 1 }), { maxLength: 20 }),
        (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), s.positions.length];
          const b = new TrackBuilder();
          for (let k = 0; k + 1 < bounds.length; k++)
            b.addPositions(s.positions.slice(bounds[k], bounds[k + 1]));
          b.addStatics(s.statics);
          assert.deepEqual(detectAll(b.finish(), BUNDLED_AREAS), reference);
        },
      ),
      { numRuns: 12 },
    );
  });
});
