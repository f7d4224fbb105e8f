/** The generated constant writers: whatever the text, the bytes written are its UTF-8, no more. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { constSource } from '../../src/ais/write-bytes.js';

function written(text: string, at: number): Buffer {
  const o = Buffer.alloc(at + Buffer.byteLength(text) + 16, 0xee);
  const d = new DataView(o.buffer, o.byteOffset, o.byteLength);
  const run = new Function('o', 'd', 'p', `${constSource(text)}return p;`) as (
    o: Buffer,
    d: DataView,
    p: number,
  ) => number;
  const end = run(o, d, at);
  assert.equal(end, at + Buffer.byteLength(text));
  assert.ok(o.subarray(0, at).every((b) => b === 0xee) && o.subarray(end).every((b) => b === 0xee));
  return o.subarray(at, end);
}

it('writes exactly the UTF-8 bytes of any text, at any offset', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer({ min: 0, max: 9 }), (text, at) => {
      assert.deepEqual(written(text, at), Buffer.from(text, 'utf8'));
    }),
    { numRuns: 500 },
  );
});

it('writes a key text eight bytes at a time', () => {
  const text = '"class":"AIS","device":"stdin",';
  assert.deepEqual(written(text, 3), Buffer.from(text, 'utf8'));
  assert.equal(constSource(text).match(/setFloat64/g)?.length, 3);
});
