/**
 * The alert engine: pure, no I/O, no clock. Fed a vessel's decoded fixes in time order, its static
 * reports, and the events detection decided or revised, it keeps each vessel's live state (last
 * fixes, which areas it is inside, whether it is dark) and returns the alerts the rules raise.
 * `tallyman watch` (./watch.ts) and a scale-out worker drive it the same way:
 *
 *   const engine = new AlertEngine({ rules, areas, params, sanctioned });
 *   alerts = engine.identity(staticRecord);       // learn IMO and name (watchlists by IMO/name)
 *   alerts = engine.fixes(fixesOfOneVessel);      // area enter/leave, watchlist heard, reappeared
 *   alerts = engine.tick();                       // went dark (silence measured on the feed clock)
 *   alerts = engine.events(changes);              // dark port call, encounter, identity change
 *
 * Time is the feed's: the latest fix time seen. A feed that stops makes nobody dark; a replay at
 * any speed raises what a live feed would. Each alert has a `key` stable for the same rule, vessel
 * and happening, so a replay or a restart raises nothing twice once keys are stored (./store.ts).
 */
import { signedDistanceM } from '../areas/compile.js';
import type { Area } from '../areas/types.js';
import type { EventParams } from '../events/params.js';
import type { VesselEvent } from '../events/types.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import type { EventChange } from './revisions.js';
import {
  type AlertRule,
  NO_SANCTIONS,
  type RuleKind,
  ruleCoversVessel,
  type SanctionedSet,
  type VesselIdentity,
} from './rules.js';

/** A decoded fix as the engine needs it. */
export interface LiveFix {
  mmsi: number;
  tsMs: number;
  lon: number;
  lat: number;
  speedKnots: number | null;
  courseDeg: number | null;
}

/** Stored fixes grouped by vessel, each group in time order: what the engine's `fixes` takes. */
export function fixesByVessel(positions: readonly PositionRecord[]): LiveFix[][] {
  const groups = new Map<number, LiveFix[]>();
  for (const p of positions) {
    const f: LiveFix = {
      mmsi: p.mmsi,
      tsMs: p.tsMs,
      lon: p.lon,
      lat: p.lat,
      speedKnots: p.speedKnots,
      courseDeg: p.courseDeg,
    };
    const g = groups.get(p.mmsi);
    if (g === undefined) groups.set(p.mmsi, [f]);
    else g.push(f);
  }
  const out = [...groups.values()];
  for (const g of out) g.sort((a, b) => a.tsMs - b.tsMs);
  return out;
}

export interface AlertEvidence {
  /** The vessel's fixes behind the alert (the latest ones, up to EVIDENCE_FIXES), oldest first. */
  positions: LiveFix[];
  /** The events behind it (with their revision when they came from detection). */
  events: Array<VesselEvent & { revision?: number }>;
}

export interface Alert {
  /** Stable per rule, vessel and happening: `r<rule>:<mmsi>:<what>:<discriminator>`. */
  key: string;
  ruleId: number;
  ruleName: string;
  ruleKind: RuleKind;
  mmsi: number;
  /** Feed time of what raised it. */
  tsMs: number;
  title: string;
  evidence: AlertEvidence;
}

/** Fixes kept per vessel as evidence. */
export const EVIDENCE_FIXES = 10;

interface VesselState {
  identity: VesselIdentity;
  recent: LiveFix[];
  lastTsMs: number;
  /** Start of the vessel's current stretch of reception (first fix after a long silence). */
  heardSinceMs: number;
  /** Area id → inside (true), outside (false); absent = not known yet. */
  inside: Map<string, boolean>;
  /** Dark rule id → the fix time the vessel went silent after (its dark alert's discriminator). */
  darkAfter: Map<number, number>;
  /** Watchlist rule ids that matched this vessel's current stretch already. */
  heardBy: Set<number>;
}

export interface AlertEngineOptions {
  rules: readonly AlertRule[];
  areas: readonly Area[];
  params: Readonly<EventParams>;
  sanctioned?: SanctionedSet;
}

export class AlertEngine {
  private rules: AlertRule[] = [];
  private areas = new Map<string, Area>();
  private sanctioned: SanctionedSet;
  private readonly vessels = new Map<number, VesselState>();
  private clockMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: AlertEngineOptions) {
    this.sanctioned = o.sanctioned ?? NO_SANCTIONS;
    this.setAreas(o.areas);
    this.setRules(o.rules);
  }

  setRules(rules: readonly AlertRule[]): void {
    this.rules = rules.filter((r) => r.enabled);
  }

  setAreas(areas: readonly Area[]): void {
    this.areas = new Map(areas.map((a) => [a.id, a]));
  }

  setSanctioned(s: SanctionedSet): void {
    this.sanctioned = s;
  }

  /** The feed clock: the latest fix time seen. */
  get nowMs(): number {
    return this.clockMs;
  }

  /**
   * What was known before this process started (the store's last fix and identity of a vessel), so
   * a restart does not take every vessel inside an area for one that just entered it.
   */
  seed(identity: VesselIdentity, last: LiveFix | null): void {
    const v = this.state(identity.mmsi);
    v.identity = { ...identity };
    if (last !== null) {
      v.recent = [last];
      v.lastTsMs = last.tsMs;
      v.heardSinceMs = last.tsMs;
      for (const rule of this.rules) {
        const area = rule.spec.area === undefined ? undefined : this.areas.get(rule.spec.area);
        if (area !== undefined) this.updateInside(v, area, last);
      }
      if (last.tsMs > this.clockMs) this.clockMs = last.tsMs;
    }
  }

  /** A static report: learns the vessel's IMO and name; a watchlist by them may match now. */
  identity(st: StaticRecord): Alert[] {
    const v = this.state(st.mmsi);
    let changed = false;
    if (st.imo !== null && st.imo !== v.identity.imo) {
      v.identity.imo = st.imo;
      changed = true;
    }
    if (st.name !== null && st.name !== '' && st.name !== v.identity.name) {
      v.identity.name = st.name;
      changed = true;
    }
    return changed && v.recent.length > 0 ? this.heard(v) : [];
  }

  /** One vessel's new fixes, in time order (older than its last one are skipped). */
  fixes(fixes: readonly LiveFix[]): Alert[] {
    const out: Alert[] = [];
    for (const f of fixes) {
      const v = this.state(f.mmsi);
      if (f.tsMs < v.lastTsMs) continue;
      const silenceMs =
        v.lastTsMs === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : f.tsMs - v.lastTsMs;
      if (silenceMs >= this.o.params.gapMinMs) {
        v.heardSinceMs = f.tsMs;
        v.heardBy.clear();
      }
      const before = v.recent.at(-1) ?? null;
      v.recent.push(f);
      if (v.recent.length > EVIDENCE_FIXES) v.recent.shift();
      v.lastTsMs = f.tsMs;
      if (f.tsMs > this.clockMs) this.clockMs = f.tsMs;
      // each area's crossing is worked out once per fix, whatever number of rules ask about it
      const crossed = new Map<string, { was: boolean | undefined; now: boolean | undefined }>();
      for (const rule of this.rules) {
        const s = rule.spec;
        if (s.kind === 'dark') {
          const after = v.darkAfter.get(rule.id);
          if (after !== undefined) {
            v.darkAfter.delete(rule.id);
            out.push(
              this.alert(rule, v, 'reappeared', `${s.area}:${after}`, f.tsMs, {
                title: `${label(v.identity)} heard again after ${hours(f.tsMs - after)} dark near ${s.area}`,
                positions: before === null ? [f] : [before, f],
              }),
            );
          }
          continue;
        }
        if (s.kind !== 'area-enter' && s.kind !== 'area-leave') continue;
        const area = this.areas.get(s.area as string);
        if (area === undefined) continue;
        let c = crossed.get(area.id);
        if (c === undefined) {
          const was = v.inside.get(area.id);
          c = { was, now: this.updateInside(v, area, f) };
          crossed.set(area.id, c);
        }
        const { was, now } = c;
        if (was === now || now === undefined) continue;
        if (!ruleCoversVessel(s, v.identity, this.sanctioned)) continue;
        if (s.kind === 'area-enter' && now)
          out.push(
            this.alert(rule, v, 'enter', `${area.id}:${f.tsMs}`, f.tsMs, {
              title: `${label(v.identity)} ${was === undefined ? 'first heard inside' : 'entered'} ${area.name}`,
            }),
          );
        if (s.kind === 'area-leave' && was === true && !now)
          out.push(
            this.alert(rule, v, 'leave', `${area.id}:${f.tsMs}`, f.tsMs, {
              title: `${label(v.identity)} left ${area.name}`,
            }),
          );
      }
      for (const a of this.heard(v)) out.push(a);
    }
    return out;
  }

  /** Vessels silent past a dark rule's silence near its area, by the feed clock. */
  tick(): Alert[] {
    const out: Alert[] = [];
    const darkRules = this.rules.filter((r) => r.spec.kind === 'dark');
    if (darkRules.length === 0) return out;
    for (const v of this.vessels.values()) {
      const last = v.recent.at(-1);
      if (last === undefined) continue;
      for (const rule of darkRules) {
        if (v.darkAfter.has(rule.id)) continue;
        const area = this.areas.get(rule.spec.area as string);
        if (area === undefined) continue;
        const silenceMs = rule.spec.silenceMs ?? area.thresholds?.gapMinMs ?? this.o.params.gapMinMs;
        if (this.clockMs - last.tsMs < silenceMs) continue;
        const nearM = rule.spec.nearM ?? this.o.params.gapNearAreaM;
        const distanceM = signedDistanceM(area, last.lon, last.lat);
        if (distanceM > nearM) continue;
        if (!ruleCoversVessel(rule.spec, v.identity, this.sanctioned)) continue;
        v.darkAfter.set(rule.id, last.tsMs);
        const where =
          distanceM <= 0 ? `in ${area.name}` : `${(distanceM / 1000).toFixed(1)} km from ${area.name}`;
        out.push(
          this.alert(rule, v, 'dark', `${area.id}:${last.tsMs}`, last.tsMs + silenceMs, {
            title: `${label(v.identity)} silent for ${hours(this.clockMs - last.tsMs)}, last heard ${where}`,
          }),
        );
      }
    }
    return out;
  }

  /** Events detection decided or revised (withdrawn ones raise nothing). */
  events(changes: readonly EventChange[]): Alert[] {
    const out: Alert[] = [];
    for (const c of changes) {
      if (c.state === 'withdrawn') continue;
      const e = c.event;
      for (const rule of this.rules) {
        const s = rule.spec;
        if (s.kind === 'dark-port-call' && e.type === 'dark-port-call') {
          const areaId = (e.details as { areaId?: string }).areaId;
          if (s.area !== undefined && areaId !== s.area) continue;
          const v = this.state(e.mmsi);
          if (!ruleCoversVessel(s, v.identity, this.sanctioned)) continue;
          out.push(
            this.eventAlert(
              rule,
              v,
              c,
              `${label(v.identity)}: dark port call candidate at ${this.areaName(areaId)}`,
            ),
          );
        } else if (s.kind === 'encounter' && e.type === 'encounter') {
          const a = this.state(e.mmsi);
          const b = e.mmsi2 === null ? null : this.state(e.mmsi2);
          const watched = [a, b].find((v) => v !== null && ruleCoversVessel(s, v.identity, this.sanctioned));
          if (watched === undefined || watched === null) continue;
          const other = watched === a ? b : a;
          out.push(
            this.eventAlert(
              rule,
              watched,
              c,
              `${label(watched.identity)} met ${other === null ? 'another vessel' : label(other.identity)} at sea`,
              other,
            ),
          );
        } else if (s.kind === 'identity-change' && e.type === 'identity-change') {
          const v = this.state(e.mmsi);
          if (!ruleCoversVessel(s, v.identity, this.sanctioned)) continue;
          const d = e.details as { field?: string; from?: unknown; to?: unknown };
          out.push(
            this.eventAlert(
              rule,
              v,
              c,
              `${label(v.identity)} changed ${d.field ?? 'identity'} from ${String(d.from)} to ${String(d.to)}`,
            ),
          );
        }
      }
    }
    return out;
  }

  private heard(v: VesselState): Alert[] {
    const out: Alert[] = [];
    for (const rule of this.rules) {
      if (rule.spec.kind !== 'watchlist' || v.heardBy.has(rule.id)) continue;
      if (!ruleCoversVessel(rule.spec, v.identity, this.sanctioned)) continue;
      v.heardBy.add(rule.id);
      const last = v.recent.at(-1) as LiveFix;
      out.push(
        this.alert(rule, v, 'heard', String(v.heardSinceMs), last.tsMs, {
          title: `watched vessel ${label(v.identity)} heard`,
        }),
      );
    }
    return out;
  }

  private eventAlert(
    rule: AlertRule,
    v: VesselState,
    c: EventChange,
    title: string,
    other: VesselState | null = null,
  ): Alert {
    const e = c.event;
    const positions =
      other === null ? v.recent : [...v.recent, ...other.recent].sort((p, q) => p.tsMs - q.tsMs);
    return {
      key: `r${rule.id}:${v.identity.mmsi}:${e.type}:${e.id}`,
      ruleId: rule.id,
      ruleName: rule.name,
      ruleKind: rule.spec.kind,
      mmsi: v.identity.mmsi,
      tsMs: e.startMs,
      title,
      evidence: { positions: positions.map((p) => ({ ...p })), events: [{ ...e, revision: c.revision }] },
    };
  }

  private alert(
    rule: AlertRule,
    v: VesselState,
    what: string,
    disc: string,
    tsMs: number,
    o: { title: string; positions?: LiveFix[] },
  ): Alert {
    return {
      key: `r${rule.id}:${v.identity.mmsi}:${what}:${disc}`,
      ruleId: rule.id,
      ruleName: rule.name,
      ruleKind: rule.spec.kind,
      mmsi: v.identity.mmsi,
      tsMs,
      title: o.title,
      evidence: { positions: (o.positions ?? v.recent).map((p) => ({ ...p })), events: [] },
    };
  }

  /** Inside at or within the boundary; outside only beyond the exit margin (GFW's hysteresis). */
  private updateInside(v: VesselState, area: Area, f: LiveFix): boolean | undefined {
    const d = signedDistanceM(area, f.lon, f.lat);
    const marginM = area.thresholds?.portExitMarginM ?? this.o.params.portExitMarginM;
    const was = v.inside.get(area.id);
    const now = d <= 0 ? true : d > marginM ? false : was;
    if (now !== undefined) v.inside.set(area.id, now);
    return now;
  }

  private areaName(id: string | undefined): string {
    return (id === undefined ? undefined : this.areas.get(id)?.name) ?? id ?? 'an area';
  }

  private state(mmsi: number): VesselState {
    let v = this.vessels.get(mmsi);
    if (v === undefined) {
      v = {
        identity: { mmsi, imo: null, name: null },
        recent: [],
        lastTsMs: Number.NEGATIVE_INFINITY,
        heardSinceMs: Number.NEGATIVE_INFINITY,
        inside: new Map(),
        darkAfter: new Map(),
        heardBy: new Set(),
      };
      this.vessels.set(mmsi, v);
    }
    return v;
  }
}

function label(v: VesselIdentity): string {
  return v.name !== null ? `${v.name} (MMSI ${v.mmsi})` : `MMSI ${v.mmsi}`;
}

function hours(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}
