/** Display helpers: times in UTC, numbers with separators, HTML escaping. */

export const isoDay = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : new Date(ms).toISOString().slice(0, 10);

export const isoMinute = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;

export const num = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || !Number.isFinite(n)
    ? '—'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Three significant figures for large model outputs: more digits would claim precision a 90% interval denies. */
export const sig = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n)
    ? '—'
    : Math.abs(n) < 1000
      ? num(n, Math.abs(n) < 10 ? 2 : 0)
      : num(Number(n.toPrecision(3)));

export const hours = (ms: number): string => `${num(ms / 3_600_000, 1)} h`;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);

/** `html\`<p>${x}</p>\`` escapes every interpolated value unless it is already `raw(…)`. */
export interface Raw {
  readonly __raw: string;
}
export const raw = (s: string): Raw => ({ __raw: s });
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v
          .map((x) => (typeof x === 'object' && x !== null && '__raw' in x ? (x as Raw).__raw : esc(x)))
          .join('')
      : typeof v === 'object' && v !== null && '__raw' in v
        ? (v as Raw).__raw
        : esc(v);
    out += part + strings[i + 1]!;
  });
  return raw(out);
}

/**
 * A figure as a reader quotes it: one decimal below 100 with k / M / bn (6,740,000,000 →
 * "6.7 bn"), and "$" before dollars. Units go after the number: compact(4.2e6, 'rounds') →
 * "4.2 M rounds".
 */
export function compact(n: number | null | undefined, unit = ''): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  const [v, s] =
    a >= 1e9 ? [n / 1e9, ' bn'] : a >= 1e6 ? [n / 1e6, ' M'] : a >= 1e4 ? [n / 1e3, ' k'] : [n, ''];
  const digits = Math.abs(v) >= 100 || (s === '' && Number.isInteger(v)) ? 0 : 1;
  const text = Number(v.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
  if (unit === 'USD' || unit === '$') return `$${text}${s}`;
  return `${text}${s}${unit ? ` ${unit}` : ''}`;
}

/** A 90% interval as a reader quotes it, one scale for both ends: "4.2–5.8 M rounds", "$1.1–6.7 bn". */
export function compactRange(lo: number, hi: number, unit = ''): string {
  const a = Math.max(Math.abs(lo), Math.abs(hi));
  const [d, s] = a >= 1e9 ? [1e9, ' bn'] : a >= 1e6 ? [1e6, ' M'] : a >= 1e4 ? [1e3, ' k'] : [1, ''];
  const f = (v: number) => {
    const x = v / d;
    const digits = Math.abs(x) >= 100 || d === 1 ? 0 : 1;
    return Number(x.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
  };
  const body = `${f(lo)}–${f(hi)}${s}`;
  if (unit === 'USD' || unit === '$') return `$${body}`;
  return `${body}${unit ? ` ${unit}` : ''}`;
}
