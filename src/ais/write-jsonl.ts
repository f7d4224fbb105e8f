/**
 * tallyman's JSON line written straight into a byte buffer: the fast twin of formatJsonl
 * (format-jsonl.ts), byte-identical to it (asserted on every real capture by
 * test/ais/write-fast.test.ts). One writer per message shape (payload.ts SHAPE_KEYS) is generated
 * once, printing the properties in the order JSON.stringify would.
 */
import { formatJsonl } from './format-jsonl.js';
import type { AisMessage } from './messages.js';
import { SHAPE_KEYS, shapeOf } from './payload.js';
import type { MessageMeta } from './types.js';
import { constSource, dataView, wAscii, wNum, wStr } from './write-bytes.js';

type ShapeWriter = (o: Buffer, d: DataView, p: number, m: unknown) => number;

function compileShape(keys: readonly string[]): ShapeWriter {
  let src = '';
  for (const k of keys) {
    src += constSource(`,${JSON.stringify(k)}:`);
    // JSON.stringify's value rules for what decoders produce: numbers, strings, booleans, null.
    src += `v=m[${JSON.stringify(k)}];`;
    src += "if(typeof v==='number')p=N(o,p,v);else if(typeof v==='string')p=S(o,p,v);";
    src += `else if(v===true){${constSource('true')}}else if(v===false){${constSource('false')}}`;
    // An application record (types 6 and 8): JSON.stringify's text, ASCII from six-bit and numbers.
    src += "else if(v!==null&&typeof v==='object')p=A(o,p,JSON.stringify(v));";
    src += `else{${constSource('null')}}`;
  }
  // The source is generated from the static field tables, never from input.
  const factory = new Function('N', 'S', 'A', `return function shape(o,d,p,m){let v;${src}return p;};`) as (
    ...a: unknown[]
  ) => ShapeWriter;
  return factory(wNum, wStr, wAscii);
}

/** Compiled on first use, so commands that print no JSON do not pay for it. */
let shapes: ShapeWriter[] | null = null;

/** Writes formatJsonl(msg, meta) and a newline at o[p…]; returns the new position. */
export function writeJsonl(o: Buffer, p: number, msg: AisMessage, meta: MessageMeta): number {
  if (msg.short) {
    // A short message (lenient decode) has a key no shape lists: printed by the reference formatter.
    p += o.write(formatJsonl(msg, meta), p, 'utf8');
    o[p] = 10;
    return p + 1;
  }
  const t = meta.receivedAtMs;
  const s = meta.station;
  // {"receivedAtMs":
  o[p] = 123;
  o[p + 1] = 34;
  p = wAscii(o, p + 2, 'receivedAtMs":');
  p = wAscii(o, p, `${t}`);
  p = wAscii(o, p, ',"station":');
  p = s === null ? wAscii(o, p, 'null') : wStr(o, p, s);
  // The shape writer starts each property with its comma.
  if (shapes === null) shapes = SHAPE_KEYS.map(compileShape);
  p = shapes[shapeOf(msg)](o, dataView(o), p, msg);
  o[p] = 125;
  o[p + 1] = 10;
  return p + 2;
}
