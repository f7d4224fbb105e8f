/**
 * Byte-level building blocks for the generated output writers (write-gpsd.ts, write-jsonl.ts): they
 * print straight into a Buffer at a position and return the new position, so a report line costs no
 * intermediate strings. Output is UTF-8, as `process.stdout.write(string)` would produce.
 */
import { SIXBIT_CODES, six } from './bits.js';

/** Bytes one message may take at most; a writer's caller keeps this much room free. */
export const MAX_LINE_BYTES = 1 << 16;

/**
 * JS source writing the constant text `s` (UTF-8) at `o[p…]` and advancing `p`: eight bytes per
 * little-endian `d.setFloat64` (a DataView over `o`), then four per `setUint32`, the rest byte by
 * byte. Eight at a time halves the stores, which makes the generated writers ~5% faster and
 * quicker for V8 to optimise. The double written is the one whose bits are those eight bytes, used
 * only when its decimal form reads back to exactly those bits. UTF-8 text cannot make the two that
 * would not (a NaN, whose bits V8 may change, and -0, which prints as 0), but the check keeps the
 * output exact whatever the bytes; the fallback is four at a time.
 */
export function constSource(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  const n = bytes.length;
  if (n === 0) return '';
  let src = '';
  let k = 0;
  for (; k + 8 <= n; k += 8) {
    const f = bytes.readDoubleLE(k);
    const back = Buffer.alloc(8);
    back.writeDoubleLE(Number(`${f}`));
    if (Number.isNaN(f) || !back.equals(bytes.subarray(k, k + 8))) break;
    src += `d.setFloat64(${k === 0 ? 'p' : `p+${k}`},${f},true);`;
  }
  for (; k + 4 <= n; k += 4) {
    const v = (bytes[k] | (bytes[k + 1] << 8) | (bytes[k + 2] << 16) | (bytes[k + 3] << 24)) >>> 0;
    src += `d.setUint32(${k === 0 ? 'p' : `p+${k}`},${v},true);`;
  }
  for (; k < n; k++) src += k === 0 ? `o[p]=${bytes[k]};` : `o[p+${k}]=${bytes[k]};`;
  return `${src}p+=${n};`;
}

/**
 * JS source printing the non-negative integer expression `expr` (at most `max`) inline when it has at
 * most two digits, else through `I` (wInt). Uses the scratch variables `r` and `t`.
 */
export function smallIntSource(expr: string, max: number): string {
  if (max < 10) return `o[p++]=48+(${expr});`;
  if (max < 100) return `r=${expr};if(r<10){o[p++]=48+r;}else{t=(r/10)|0;o[p]=48+t;o[p+1]=48+r-t*10;p+=2;}`;
  return `p=I(o,p,${expr});`;
}

/** A DataView over all of `o` (cached for the last buffer seen: writers are called with one buffer). */
let dvOf: Uint8Array | null = null;
let dv: DataView = new DataView(new ArrayBuffer(0));
export function dataView(o: Uint8Array): DataView {
  if (dvOf !== o) {
    dvOf = o;
    dv = new DataView(o.buffer, o.byteOffset, o.byteLength);
  }
  return dv;
}

/** Writes the ASCII text `s` (no escaping). */
export function wAscii(o: Buffer, p: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return p + o.write(s.slice(i), p + i, 'utf8') + i;
    o[p + i] = c;
  }
  return p + n;
}

/** Copies precomputed bytes. */
export function wBytes(o: Buffer, p: number, a: Uint8Array): number {
  const n = a.length;
  for (let i = 0; i < n; i++) o[p + i] = a[i];
  return p + n;
}

/** "00".."99" as byte pairs: integers are printed two digits per division. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** An integer as JS prints it (`${v}`); anything else (fractions, huge values) goes through String(). */
export function wInt(o: Buffer, p: number, v: number): number {
  let x = v | 0;
  if (x !== v || x < 0) {
    if (x !== v || x === -2147483648) return wAscii(o, p, `${v}`);
    o[p++] = 45;
    x = -x;
  }
  if (x < 10) {
    o[p] = 48 + x;
    return p + 1;
  }
  if (x < 100) {
    o[p] = PAIRS[2 * x];
    o[p + 1] = PAIRS[2 * x + 1];
    return p + 2;
  }
  const end =
    p +
    (x < 1000
      ? 3
      : x < 10000
        ? 4
        : x < 100000
          ? 5
          : x < 1000000
            ? 6
            : x < 1e7
              ? 7
              : x < 1e8
                ? 8
                : x < 1e9
                  ? 9
                  : 10);
  let q = end;
  while (x >= 100) {
    const t = (x / 100) | 0;
    const r = (x - t * 100) << 1;
    o[q - 1] = PAIRS[r + 1];
    o[q - 2] = PAIRS[r];
    q -= 2;
    x = t;
  }
  if (x >= 10) {
    o[q - 1] = PAIRS[2 * x + 1];
    o[q - 2] = PAIRS[2 * x];
  } else {
    o[q - 1] = 48 + x;
  }
  return end;
}

/** A number as JSON.stringify prints it (integers take the fast path, fractions use JS's shortest form). */
export function wNum(o: Buffer, p: number, v: number): number {
  if ((v | 0) === v) return wInt(o, p, v);
  return wAscii(o, p, Number.isFinite(v) ? `${v}` : 'null');
}

/**
 * A JSON string with `"` and `\` escaped: what gpsd's formatter and JSON.stringify both print for
 * printable ASCII (six-bit text, hex). Anything else (control or non-ASCII characters, only possible
 * in receiver-supplied strings) goes through JSON.stringify.
 */
export function wStr(o: Buffer, p: number, s: string): number {
  const n = s.length;
  let q = p + 1;
  o[p] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return p + o.write(JSON.stringify(s), p, 'utf8');
    if (c === 34 || c === 92) o[q++] = 92;
    o[q++] = c;
  }
  o[q] = 34;
  return q + 1;
}

/**
 * `count` six-bit characters from bit `start` of the payload `b` as a JSON string: what
 * `wStr(o, p, sixbitText(b, start, count))` prints (cut at the first '@', trailing spaces trimmed,
 * `"` and `\` escaped), without the string. `b` is padded past the payload, as BitBuffer's is.
 */
export function wSixbitStr(o: Buffer, p: number, b: Uint8Array, start: number, count: number): number {
  o[p] = 34;
  let q = p + 1;
  // just after the last character that is not a space
  let keep = q;
  for (let k = 0, pos = start; k < count; k++, pos += 6) {
    const c = six(b, pos);
    if (c === 0) break;
    const ch = SIXBIT_CODES[c];
    if (ch === 34 || ch === 92) o[q++] = 92;
    o[q++] = ch;
    if (c !== 32) keep = q;
  }
  o[keep] = 34;
  return keep + 1;
}
