/**
 * Byte-level building blocks for the generated output writers (write-gpsd.ts, write-jsonl.ts): they
 * print straight into a Buffer at a position and return the new position, so a report line costs no
 * intermediate strings. Output is UTF-8, as `process.stdout.write(string)` would produce.
 */

/** Bytes one message may take at most; a writer's caller keeps this much room free. */
export const MAX_LINE_BYTES = 1 << 16;

/** JS source writing the constant ASCII text `s` at `o[p…]` and advancing `p`. */
export function constSource(s: string): string {
  if (s.length === 0) return '';
  let src = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 126 || c < 32) throw new Error(`constSource: not printable ASCII: ${JSON.stringify(s)}`);
    src += i === 0 ? `o[p]=${c};` : `o[p+${i}]=${c};`;
  }
  return `${src}p+=${s.length};`;
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

/** An integer as JS prints it (`${v}`); anything else (fractions, huge values) goes through String(). */
export function wInt(o: Buffer, p: number, v: number): number {
  if (v >= 0 && v < 2147483648 && (v | 0) === v) {
    if (v < 10) {
      o[p] = 48 + v;
      return p + 1;
    }
    if (v < 100) {
      const t = (v / 10) | 0;
      o[p] = 48 + t;
      o[p + 1] = 48 + v - t * 10;
      return p + 2;
    }
    let n = v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 1e7 ? 7 : v < 1e8 ? 8 : v < 1e9 ? 9 : 10;
    const end = p + n;
    let x = v;
    while (n-- > 0) {
      const t = (x / 10) | 0;
      o[p + n] = 48 + x - t * 10;
      x = t;
    }
    return end;
  }
  if (v < 0 && v > -2147483648 && (v | 0) === v) {
    o[p] = 45;
    return wInt(o, p + 1, -v);
  }
  return wAscii(o, p, `${v}`);
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
