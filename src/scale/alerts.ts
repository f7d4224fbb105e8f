/**
 * Alerts in a worker, with the live watch's engine (src/live): the fixes and static reports of each
 * commit, and the event changes of each detection run, go through `AlertEngine`; the alerts whose
 * keys are new in the store (`insertAlerts`: one per key, so a replay after a kill raises nothing
 * twice) are published to `<prefix>.<rule kind>` on NATS.
 *
 * The engine is rebuilt whenever the worker's partitions change: it holds the last fixes of the
 * vessels it follows and measures silences on their clock, so a vessel of a partition this worker
 * gave up must leave it (it would go "dark" here), and one it took must be seeded from the store.
 * Identities are seeded for every vessel: an event alert (an encounter with a watched vessel) may
 * name a vessel of another partition.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { Area } from '../areas/types.js';
import type { EventParams } from '../events/params.js';
import { SIMULATED_NOTICE } from '../live/deliveries.js';
import { type Alert, AlertEngine, fixesByVessel, type LiveFix } from '../live/engine.js';
import type { EventChange } from '../live/revisions.js';
import { insertAlerts, listRules, sanctionedSet, saveLivePositions, seedEngine } from '../live/store.js';
import type { Store } from '../store/types.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import { partitionOf } from './subjects.js';

export interface WorkerAlertsOptions {
  store: Store;
  nc: NatsConnection;
  prefix: string;
  areas: readonly Area[];
  params: Readonly<EventParams>;
  partitions: number;
  simulated: () => Promise<boolean>;
}

export class WorkerAlerts {
  private engine: AlertEngine | null = null;
  raised = 0;

  constructor(private readonly o: WorkerAlertsOptions) {}

  /** A new engine for these partitions, seeded from the store. */
  async rebuild(held: readonly number[]): Promise<void> {
    const db = await this.o.store.db();
    const mine = new Set(held);
    const engine = new AlertEngine({
      rules: await listRules(db),
      areas: this.o.areas,
      params: this.o.params,
      sanctioned: await sanctionedSet(db),
    });
    await seedEngine(db, engine, (mmsi) => mine.has(partitionOf(mmsi, this.o.partitions)));
    this.engine = engine;
  }

  /** Rules and the sanctioned list may change while workers run (CLI, workbench). */
  async refresh(): Promise<void> {
    if (this.engine === null) return;
    const db = await this.o.store.db();
    this.engine.setRules(await listRules(db));
    this.engine.setSanctioned(await sanctionedSet(db));
  }

  /** A commit's records, after it is stored. */
  async committed(positions: readonly PositionRecord[], statics: readonly StaticRecord[]): Promise<void> {
    const engine = this.engine;
    if (engine === null) return;
    const alerts: Alert[] = [];
    for (const s of statics) for (const a of engine.identity(s)) alerts.push(a);
    const latest: LiveFix[] = [];
    for (const g of fixesByVessel(positions)) {
      for (const a of engine.fixes(g)) alerts.push(a);
      latest.push(g[g.length - 1]);
    }
    for (const a of engine.tick()) alerts.push(a);
    await this.raise(alerts);
    await saveLivePositions(await this.o.store.db(), latest, Date.now());
  }

  /** A detection run's event changes. */
  async events(changes: readonly EventChange[]): Promise<void> {
    if (this.engine === null || changes.length === 0) return;
    await this.raise(this.engine.events(changes));
  }

  private async raise(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    const simulated = await this.o.simulated();
    const stored = await insertAlerts(await this.o.store.db(), alerts, { nowMs: Date.now(), simulated });
    for (const a of stored)
      this.o.nc.publish(
        `${this.o.prefix}.${a.ruleKind}`,
        JSON.stringify(simulated ? { notice: SIMULATED_NOTICE, ...a } : a),
      );
    this.raised += stored.length;
  }
}
