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
