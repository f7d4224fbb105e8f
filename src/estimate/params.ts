/**
 * The parameter file (`data/estimate-params.json`): every number the estimate rests on, each a
 * distribution with its unit, source and note. Validated with zod, then checked as a whole (share
 * ranges inside 0–1, every munition type of the mix priced and weighed). A bad file is refused with
 * every problem listed by JSON path and reason; nothing is guessed or silently corrected.
 */
import { z } from 'zod';
import { betaShape, type Distribution, type SharesDistribution } from './distributions.js';

/** Point shares (or range midpoints) of a mix must sum to 1 within this. */
export const SHARE_SUM_TOLERANCE = 0.02;

/** Zod error text: "missing" for an absent value, "expected …" for a wrong type, zod's own otherwise. */
const missingOr = (what: string) => (iss: { input?: unknown; code?: string }) =>
  iss.input === undefined ? 'missing' : iss.code === 'invalid_type' ? `expected ${what}` : undefined;

const value = z.number({ error: missingOr('a number') }).min(0, { error: 'negative: must be ≥ 0' });
const anyValue = z.number({ error: missingOr('a number') });
const range = { low: value, high: value };
const lowHigh = (r: { low: number; high: number }) => r.low <= r.high;
const lowHighError = { error: 'low > high', path: ['low'] };

const distribution = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('fixed'), value }).strict(),
    z
      .object({ type: z.literal('uniform'), ...range })
      .strict()
      .refine(lowHigh, lowHighError),
    z
      .object({
        type: z.literal('normal'),
        mean: anyValue,
        sd: z.number({ error: missingOr('a number') }).positive({ error: 'sd must be > 0' }),
      })
      .strict(),
    z
      .object({ type: z.literal('triangular'), low: value, mode: value, high: value })
      .strict()
      .refine((d) => d.low <= d.mode && d.mode <= d.high, {
        error: 'expected low ≤ mode ≤ high',
        path: ['mode'],
      }),
    z
      .object({
        type: z.literal('lognormal'),
        low: value.positive({ error: 'must be > 0 for a lognormal' }),
        high: value,
      })
      .strict()
      .refine(lowHigh, lowHighError),
    z
      .object({ type: z.literal('beta'), ...range })
      .strict()
      .refine(lowHigh, lowHighError),
  ],
  {
    error: (iss) =>
      iss.input === undefined
        ? 'missing'
        : 'unknown distribution type: expected fixed, uniform, normal, triangular, lognormal or beta',
  },
);

const shareSpec = z.union([value, z.object(range).strict().refine(lowHigh, lowHighError)], {
  error: 'expected a share (a number) or a range {low, high}',
});

const sharesDistribution = z
  .object({ type: z.literal('shares'), shares: z.record(z.string(), shareSpec) })
  .strict();

const text = z.string({ error: missingOr('a string') });
const entryShape = {
  unit: text,
  source: text.min(1, { error: 'empty: every parameter needs a source' }),
  note: text,
};
const entry = z.object({ ...entryShape, distribution }, { error: missingOr('a parameter entry') }).strict();
const byType = z.record(z.string(), entry, { error: missingOr('an object of parameters per munition type') });

export const paramsFileSchema = z
  .object(
    {
      description: z.string().optional(),
      parameters: z
        .object(
          {
            countBias: entry,
            countSpreadLogSd: entry,
            imputedLoadSpreadLogSd: entry,
            emptyContainerShare: entry,
            fortyFootShare: entry,
            maxGross20T: entry,
            maxGross40T: entry,
            tare20T: entry,
            tare40T: entry,
            payloadFill20: entry,
            payloadFill40: entry,
            mixShares: z
              .object(
                { ...entryShape, distribution: sharesDistribution },
                { error: missingOr('a parameter entry') },
              )
              .strict(),
            packedMassKg: byType,
            priceUsd: byType,
            documentMunitionsShare: entry,
            waterplaneCoefficient: entry,
            seawaterDensityTM3: entry,
            draughtErrorM: entry,
          },
          { error: missingOr('an object') },
        )
        .strict(),
    },
    { error: missingOr('an object') },
  )
  .strict();

export type ParamsFile = z.infer<typeof paramsFileSchema>;
export type ParamEntry = z.infer<typeof entry>;
export type ScalarParamName = Exclude<
  keyof ParamsFile['parameters'],
  'mixShares' | 'packedMassKg' | 'priceUsd'
>;

/** A validated parameter set: the file plus the munition types in mix order. */
export interface EstimateParams {
  file: ParamsFile;
  types: string[];
}

export interface ParamError {
  /** JSON path like `parameters.packedMassKg.152mm.distribution.low`, or `(root)`. */
  path: string;
  reason: string;
}

export type ParamsResult = { ok: true; params: EstimateParams } | { ok: false; errors: ParamError[] };

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

/** Parameters that are shares (0–1) and those that must be strictly positive. */
const SHARE_PARAMS: readonly ScalarParamName[] = [
  'emptyContainerShare',
  'fortyFootShare',
  'payloadFill20',
  'payloadFill40',
  'documentMunitionsShare',
  'waterplaneCoefficient',
];
const POSITIVE_PARAMS: readonly ScalarParamName[] = [
  'countBias',
  'maxGross20T',
  'maxGross40T',
  'seawaterDensityTM3',
];
const NON_NEGATIVE_ONLY: readonly ScalarParamName[] = [
  'countSpreadLogSd',
  'imputedLoadSpreadLogSd',
  'tare20T',
  'tare40T',
];

function bounds(d: Distribution): [number, number] {
  switch (d.type) {
    case 'fixed':
      return [d.value, d.value];
    case 'normal':
      return [d.mean - 4 * d.sd, d.mean + 4 * d.sd];
    default:
      return [d.low, d.high];
  }
}

function checkShare(d: Distribution, at: string, errors: ParamError[]): void {
  if (d.type === 'normal') {
    errors.push({
      path: `${at}.type`,
      reason: 'a share needs fixed, uniform, triangular or beta (a normal leaves 0–1)',
    });
    return;
  }
  if (d.type === 'lognormal') {
    errors.push({
      path: `${at}.type`,
      reason: 'a share needs fixed, uniform, triangular or beta (a lognormal leaves 0–1)',
    });
    return;
  }
  const [lo, hi] = bounds(d);
  if (hi > 1)
    errors.push({ path: `${at}.${d.type === 'fixed' ? 'value' : 'high'}`, reason: 'a share above 1' });
  else if (d.type === 'beta' && lo < hi && betaShape(lo, hi) === null)
    errors.push({
      path: at,
      reason: `beta range ${lo}–${hi} is too wide for a share (no beta has it as its 90% interval)`,
    });
  else if (d.type === 'beta' && lo === 0 && hi === 0) errors.push({ path: at, reason: 'use fixed 0' });
}

function checkPositive(d: Distribution, at: string, errors: ParamError[]): void {
  const [lo] = bounds(d);
  if (d.type === 'normal') {
    if (lo <= 0)
      errors.push({ path: `${at}.sd`, reason: 'a positive quantity: mean − 4·sd must stay above 0' });
  } else if (lo <= 0)
    errors.push({ path: `${at}.${d.type === 'fixed' ? 'value' : 'low'}`, reason: 'must be > 0' });
}

/**
 * Plausibility limits: values the shape allows but no real case has. A log-scale sd above 1
 * spreads a count by more than ×2.7 per σ (the shipped file: 0.03 and 0.12); sea water is 1.000
 * (fresh) to about 1.030 t/m³ (UNESCO 1981 equation of state at 35 PSU, 0 °C: 1.028).
 */
export const PLAUSIBLE = {
  logSdMax: 1,
  seawaterDensityTM3: [0.99, 1.04] as const,
};

/** Cross-field checks the shape alone cannot make. */
function checkWhole(file: ParamsFile): ParamError[] {
  const errors: ParamError[] = [];
  const p = file.parameters;
  const at = (name: string) => `parameters.${name}.distribution`;
  for (const name of ['countSpreadLogSd', 'imputedLoadSpreadLogSd'] as const) {
    const d = p[name].distribution;
    const hi = bounds(d)[1];
    if (hi > PLAUSIBLE.logSdMax)
      errors.push({
        path: `${at(name)}.${d.type === 'fixed' ? 'value' : 'high'}`,
        reason: `${hi} is implausible: a log-scale sd must be ≤ ${PLAUSIBLE.logSdMax}`,
      });
  }
  {
    const d = p.seawaterDensityTM3.distribution;
    const [lo, hi] = bounds(d);
    const [min, max] = PLAUSIBLE.seawaterDensityTM3;
    if (lo < min || hi > max)
      errors.push({
        path: `${at('seawaterDensityTM3')}.${d.type === 'fixed' ? 'value' : lo < min ? 'low' : 'high'}`,
        reason: `sea water is ${min}–${max} t/m³`,
      });
  }
  for (const size of ['20', '40'] as const) {
    const tare = p[`tare${size}T`].distribution;
    const gross = p[`maxGross${size}T`].distribution;
    if (bounds(tare)[1] >= bounds(gross)[0])
      errors.push({
        path: `${at(`tare${size}T`)}.${tare.type === 'fixed' ? 'value' : 'high'}`,
        reason: `must be < maxGross${size}T (${bounds(gross)[0]} t): a tare at or above the gross leaves no payload`,
      });
  }
  for (const name of SHARE_PARAMS) checkShare(p[name].distribution, at(name), errors);
  for (const name of POSITIVE_PARAMS) checkPositive(p[name].distribution, at(name), errors);
  for (const name of NON_NEGATIVE_ONLY) {
    const d = p[name].distribution;
    if (d.type === 'normal')
      errors.push({ path: `${at(name)}.type`, reason: 'a normal can go negative here' });
  }
  const shares = p.mixShares.distribution.shares;
  const types = Object.keys(shares);
  if (types.length === 0) errors.push({ path: `${at('mixShares')}.shares`, reason: 'no munition types' });
  let mid = 0;
  for (const t of types) {
    const s = shares[t];
    const [lo, hi] = typeof s === 'number' ? [s, s] : [s.low, s.high];
    if (hi > 1) errors.push({ path: `${at('mixShares')}.shares.${t}`, reason: 'a share above 1' });
    else if (lo < hi && betaShape(lo, hi) === null)
      errors.push({
        path: `${at('mixShares')}.shares.${t}`,
        reason: `range ${lo}–${hi} is too wide for a share`,
      });
    mid += (lo + hi) / 2;
  }
  if (types.length > 0 && Math.abs(mid - 1) > SHARE_SUM_TOLERANCE)
    errors.push({
      path: `${at('mixShares')}.shares`,
      reason: `shares sum to ${mid.toFixed(3)} (range midpoints), not 1 within ±${SHARE_SUM_TOLERANCE}`,
    });
  for (const group of ['packedMassKg', 'priceUsd'] as const) {
    const rec = p[group];
    for (const t of types) {
      if (rec[t] === undefined)
        errors.push({
          path: `parameters.${group}.${t}`,
          reason: 'missing (every munition type in mixShares needs one)',
        });
    }
    for (const t of Object.keys(rec)) {
      if (shares[t] === undefined)
        errors.push({ path: `parameters.${group}.${t}`, reason: 'not a munition type in mixShares' });
      else if (group === 'packedMassKg')
        checkPositive(rec[t].distribution, `parameters.${group}.${t}.distribution`, errors);
      else if (rec[t].distribution.type === 'normal')
        errors.push({
          path: `parameters.${group}.${t}.distribution.type`,
          reason: 'a price needs a non-negative distribution',
        });
    }
  }
  return errors;
}

/** Validates a parsed parameter object. */
export function validateParams(data: unknown): ParamsResult {
  const r = paramsFileSchema.safeParse(data);
  if (!r.success)
    return { ok: false, errors: r.error.issues.map((i) => ({ path: pathText(i.path), reason: i.message })) };
  const errors = checkWhole(r.data);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    params: { file: r.data, types: Object.keys(r.data.parameters.mixShares.distribution.shares) },
  };
}

/** Parses and validates a parameter file's text. */
export function parseParams(text: string): ParamsResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(root)', reason: `invalid JSON: ${(e as Error).message}` }] };
  }
  return validateParams(data);
}

/** `parameters.priceUsd.122mm-rocket.distribution` → `$.parameters.priceUsd['122mm-rocket'].distribution` (JSONPath). */
export function jsonPath(path: string): string {
  if (path === '(root)') return '$';
  const parts = path.match(/\[\d+\]|[^.[]+/g) ?? [];
  return `$${parts
    .map((k) =>
      k.startsWith('[') ? k : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `['${k.replace(/'/g, "\\'")}']`,
    )
    .join('')}`;
}

export function formatParamErrors(file: string, errors: readonly ParamError[]): string {
  return errors.map((e) => `${file}: ${jsonPath(e.path)}: ${e.reason}`).join('\n');
}

export type { Distribution, SharesDistribution };
