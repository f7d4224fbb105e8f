/**
 * Acquisition time and sensor from what image files carry: TIFF/EXIF date strings
 * ("YYYY:MM:DD HH:MM:SS", TIFF 6.0 tag 306 and EXIF DateTimeOriginal — no zone, taken as UTC, the
 * convention of satellite product metadata), ISO 8601 strings, and PNG text chunks (PNG spec §11.3.4).
 */

/** Epoch ms from a TIFF/EXIF or ISO 8601 date string; null when it is neither. */
export function parseImageDate(text: string): number | null {
  const s = text.trim().replace(/\0+$/, '');
  const tiff = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(s);
  if (tiff) {
    const [, y, mo, d, h, mi, se] = tiff;
    const ms =
      Date.UTC(+(y as string), +(mo as string) - 1, +(d as string), +(h as string), +(mi as string), 0) +
      Number(se) * 1000;
    return Number.isFinite(ms) ? ms : null;
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) {
    const withZone = /Z|[+-]\d{2}:?\d{2}$/.test(s.slice(10)) || s.length === 10 ? s : `${s}Z`;
    const ms = Date.parse(withZone.replace(' ', 'T'));
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

/** tEXt chunks of a PNG as keyword → text (Latin-1); iTXt/zTXt are not read. */
export function pngTextChunks(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 8; // after the signature
  while (p + 12 <= bytes.length) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(
      bytes[p + 4] ?? 0,
      bytes[p + 5] ?? 0,
      bytes[p + 6] ?? 0,
      bytes[p + 7] ?? 0,
    );
    const start = p + 8;
    if (start + len > bytes.length) break;
    if (type === 'tEXt') {
      const body = bytes.subarray(start, start + len);
      const nul = body.indexOf(0);
      if (nul > 0) out.set(latin1(body.subarray(0, nul)), latin1(body.subarray(nul + 1)));
    }
    if (type === 'IEND') break;
    p = start + len + 4;
  }
  return out;
}

const latin1 = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join('');

/** Keywords that carry the acquisition time or the sensor, in order of preference. */
const TIME_KEYS = [
  'acquired',
  'acquisition time',
  'acquisitiondatetime',
  'acquisition_datetime',
  'creation time',
  'date',
];
const SENSOR_KEYS = ['sensor', 'satellite', 'platform', 'source'];

export function timeAndSensorFromText(map: ReadonlyMap<string, string>): {
  acquiredMs: number | null;
  sensor: string | null;
} {
  const lower = new Map([...map].map(([k, v]) => [k.toLowerCase(), v]));
  let acquiredMs: number | null = null;
  for (const k of TIME_KEYS) {
    const v = lower.get(k);
    acquiredMs = v === undefined ? null : parseImageDate(v);
    if (acquiredMs !== null) break;
  }
  let sensor: string | null = null;
  for (const k of SENSOR_KEYS) {
    const v = lower.get(k)?.trim();
    if (v) {
      sensor = v;
      break;
    }
  }
  return { acquiredMs, sensor };
}

/** The first EXIF-style date in an EXIF block (DateTimeOriginal is written before DateTime by most cameras and processors). */
export function exifDate(exif: Uint8Array): number | null {
  const text = latin1(exif);
  const m = /\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}/.exec(text);
  return m ? parseImageDate(m[0]) : null;
}
