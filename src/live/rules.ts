/**
 * Alert rules: what an analyst asks to be told about, as data. Pure: parsing and matching only;
 * stored by ./store.ts, evaluated by ./engine.ts. One kind per rule; every kind may be narrowed to
 * a watchlist of vessels (`vessels`), and `encounter` needs one (an encounter "involving a watched
 * vessel").
 */
import { z } from 'zod';

import { RULE_KINDS } from './rule-kinds.js';

export { RULE_KINDS, type RuleKind } from './rule-kinds.js';

const mmsi = z.number().int().min(1).max(999_999_999);
const imo = z.number().int().min(1_000_000).max(9_999_999);

/** A watchlist: vessels by MMSI, IMO or name (case and spacing ignored), and/or every sanctioned one. */
export const watchlistSchema = z
  .object({
    mmsis: z.array(mmsi).default([]),
    imos: z.array(imo).default([]),
    names: z.array(z.string().trim().min(1).max(120)).default([]),
    /** Every vessel the OpenSanctions import (`tallyman sanctions import`) matched as sanctioned. */
    sanctioned: z.boolean().default(false),
  })
  .strict();
export type Watchlist = z.infer<typeof watchlistSchema>;

export const ruleSpecSchema = z
  .object({
    kind: z.enum(RULE_KINDS),
    /** Only these vessels; absent = every vessel (not allowed for `watchlist` and `encounter`). */
    vessels: watchlistSchema.optional(),
    /** Area id (tallyman areas list): required by area-enter, area-leave and dark; optional filter for dark-port-call. */
    area: z.string().min(1).max(120).optional(),
    /** `dark`: how far outside the area the last fix may lie, metres (default: gapNearAreaM). */
    nearM: z.number().min(0).max(500_000).optional(),
    /** `dark`: silence that makes a vessel dark, ms (default: the area's or the parameters' gapMinMs). */
    silenceMs: z
      .number()
      .int()
      .min(60_000)
      .max(30 * 86_400_000)
      .optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const needsArea = r.kind === 'area-enter' || r.kind === 'area-leave' || r.kind === 'dark';
    if (needsArea && r.area === undefined)
      ctx.addIssue({ code: 'custom', message: `a ${r.kind} rule needs an area`, path: ['area'] });
    const needsVessels = r.kind === 'watchlist' || r.kind === 'encounter';
    if (needsVessels && (r.vessels === undefined || isEmptyWatchlist(r.vessels)))
      ctx.addIssue({
        code: 'custom',
        message: `a ${r.kind} rule needs vessels (MMSI, IMO, name or sanctioned)`,
        path: ['vessels'],
      });
    if (r.nearM !== undefined && r.kind !== 'dark')
      ctx.addIssue({ code: 'custom', message: 'nearM applies to dark rules only', path: ['nearM'] });
    if (r.silenceMs !== undefined && r.kind !== 'dark')
      ctx.addIssue({ code: 'custom', message: 'silenceMs applies to dark rules only', path: ['silenceMs'] });
  });
export type RuleSpec = z.infer<typeof ruleSpecSchema>;

export interface AlertRule {
  id: number;
  name: string;
  spec: RuleSpec;
  enabled: boolean;
}

export function isEmptyWatchlist(w: Watchlist): boolean {
  return w.mmsis.length === 0 && w.imos.length === 0 && w.names.length === 0 && !w.sanctioned;
}

/** Parses a rule's spec, or throws an Error naming every problem. */
export function parseRuleSpec(input: unknown): RuleSpec {
  const r = ruleSpecSchema.safeParse(input);
  if (r.success) return r.data;
  throw new Error(r.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`).join('; '));
}

/** Names compare without case, punctuation or spacing: "LADY R" = "Lady-R". */
export function normaliseName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** What is known of a vessel's identity when a rule is asked about it. */
export interface VesselIdentity {
  mmsi: number;
  imo: number | null;
  name: string | null;
}

/** The sanctioned vessels, resolved once from the store (src/evidence/sanctions-store.ts). */
export interface SanctionedSet {
  mmsis: ReadonlySet<number>;
  imos: ReadonlySet<number>;
}

export const NO_SANCTIONS: SanctionedSet = { mmsis: new Set(), imos: new Set() };

export function watchlistMatches(w: Watchlist, v: VesselIdentity, sanctioned: SanctionedSet): boolean {
  if (w.mmsis.includes(v.mmsi)) return true;
  if (v.imo !== null && w.imos.includes(v.imo)) return true;
  if (v.name !== null && w.names.length > 0) {
    const n = normaliseName(v.name);
    if (n !== '' && w.names.some((x) => normaliseName(x) === n)) return true;
  }
  if (w.sanctioned && (sanctioned.mmsis.has(v.mmsi) || (v.imo !== null && sanctioned.imos.has(v.imo))))
    return true;
  return false;
}

/** Whether a rule is about this vessel at all (its watchlist, or every vessel without one). */
export function ruleCoversVessel(spec: RuleSpec, v: VesselIdentity, sanctioned: SanctionedSet): boolean {
  return spec.vessels === undefined || watchlistMatches(spec.vessels, v, sanctioned);
}

/** One line for lists and logs: "dark near rajin (watch: 3 MMSI, sanctioned)". */
export function describeRule(spec: RuleSpec): string {
  const parts: string[] = [spec.kind];
  if (spec.area !== undefined) parts.push(spec.kind === 'dark' ? `near ${spec.area}` : `area ${spec.area}`);
  if (spec.nearM !== undefined) parts.push(`within ${spec.nearM} m`);
  if (spec.silenceMs !== undefined) parts.push(`after ${Math.round(spec.silenceMs / 60_000)} min`);
  const w = spec.vessels;
  if (w !== undefined) {
    const list = [
      w.mmsis.length ? `${w.mmsis.length} MMSI` : '',
      w.imos.length ? `${w.imos.length} IMO` : '',
      w.names.length ? `${w.names.length} name${w.names.length === 1 ? '' : 's'}` : '',
      w.sanctioned ? 'sanctioned' : '',
    ].filter(Boolean);
    parts.push(`(watch: ${list.join(', ')})`);
  }
  return parts.join(' ');
}
