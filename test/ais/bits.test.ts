import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ARMOUR, BitBuffer, ubits } from '../../src/ais/bits.js';
import { inlineUnsigned } from '../../src/ais/compile.js';
import { decodePayload, plainType } from '../../src/ais/payload.js';

/** The payload bits as a '0'/'1' string, one armoured character at a time (the plain definition). */
function referenceBits(chars: number[]): string {
  return chars.map((c) => ARMOUR[c]!.toString(2).padStart(6, '0')).join('');
}

function bufferBits(bits: BitBuffer): string {
  let out = '';
  for (let i = 0; i < bits.bitLength; i++) out += (bits.bytes[i >>> 3]! >>> (7 - (i & 7))) & 1;
  return out;
}

const armoured = fc.integer({ min: 0, max: 63 }).map((v) => (v < 40 ? v + 48 : v + 56));

test('property: loadArmouredRun unpacks and XORs exactly the run of armoured characters', () => {
  const bits = new BitBuffer();
  fc.assert(
    fc.property(
      fc.array(armoured, { maxLength: 200 }),
      // what stops the run: a comma, another invalid byte, or the limit
      fc.oneof(
        fc.constant(44),
        fc.integer({ min: 0, max: 255 }).filter((b) => ARMOUR[b] === 255),
      ),
      fc.nat({ max: 5 }),
      fc.array(armoured, { maxLength: 200 }),
      (run, stop, lead, previous) => {
        // a longer payload before must leave no bits behind
        bits.loadArmouredRun(Uint8Array.from(previous), 0, previous.length);
        const src = Uint8Array.from([...new Array(lead).fill(33), ...run, stop, ...run]);
        const end = bits.loadArmouredRun(src, lead, src.length);
        assert.equal(end, lead + run.length);
        assert.equal(bits.bitLength, run.length * 6);
        assert.equal(bufferBits(bits), referenceBits(run));
        assert.equal(
          bits.xor,
          run.reduce((x, c) => x ^ c, 0),
        );
        const lastByte = (run.length * 6 + 7) >>> 3;
        for (let i = lastByte; i < bits.bytes.length; i++)
          assert.equal(bits.bytes[i], 0, `byte ${i} not cleared`);
      },
    ),
    { numRuns: 2000 },
  );
});

test('loadArmouredRun stops at the limit inside a run of valid characters', () => {
  const bits = new BitBuffer();
  const src = Buffer.from('15M67FC000G?ufbE`FepT@3n00Sa', 'latin1');
  for (let limit = 0; limit <= src.length; limit++) {
    assert.equal(bits.loadArmouredRun(src, 0, limit), limit);
    assert.equal(bufferBits(bits), referenceBits([...src.subarray(0, limit)]));
  }
});

test('property: the inlined field reads equal ubits for every start and width they take', () => {
  let inlined = 0;
  for (let start = 0; start < 64; start++) {
    for (let len = 1; len <= 31; len++) {
      const expr = inlineUnsigned(start, len);
      if (expr === null) continue;
      inlined++;
      const read = new Function('b', `return ${expr};`) as (b: Uint8Array) => number;
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
          assert.equal(read(bytes), ubits(bytes, start, len), `start ${start}, ${len} bits: ${expr}`);
        }),
        { numRuns: 20 },
      );
    }
  }
  // every width up to 31 bits at every offset: four or five bytes hold it
  assert.equal(inlined, 64 * 31);
});

test('property: plainType names a type exactly when decodePayload gives a message of it (but 24–26)', () => {
  const bits = new BitBuffer();
  const seen = new Set<number>();
  fc.assert(
    fc.property(fc.array(armoured, { maxLength: 200 }), fc.nat({ max: 5 }), (chars, fill) => {
      bits.loadArmouredRun(Uint8Array.from(chars), 0, chars.length);
      if (fill < bits.bitLength) bits.dropFillBits(fill);
      const type = plainType(bits);
      const msg = decodePayload(bits);
      if (type >= 0) {
        assert.notEqual(typeof msg, 'string', `type ${type}, ${bits.bitLength} bits: ${msg}`);
        assert.equal((msg as { type: number }).type, type);
        seen.add(type);
      } else if (typeof msg !== 'string') {
        assert.ok([24, 25, 26].includes(msg.type), `type ${msg.type}, ${bits.bitLength} bits not plain`);
      }
    }),
    { numRuns: 20000 },
  );
  assert.ok(seen.size > 20, `plain types seen: ${[...seen]}`);
});

test('a class A report cut short (163–167 bits) has as radio status the bits that are left', () => {
  const bits = new BitBuffer();
  const payload = Buffer.from('15M67FC000G?ufbE`FepT@3n00Sa', 'latin1');
  bits.loadArmouredRun(payload, 0, payload.length);
  const whole = decodePayload(bits) as { radio: number };
  assert.equal(whole.radio, ubits(bits.bytes, 149, 19));
  bits.dropFillBits(3);
  const short = decodePayload(bits) as { type: number; radio: number };
  assert.equal(short.type, 1);
  assert.equal(short.radio, ubits(bits.bytes, 149, 16));
  assert.equal(short.radio, whole.radio >>> 3);
});
