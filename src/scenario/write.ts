/**
 * The imperative shell: runs a scenario and writes its files (NMEA, DMA CSV, truth JSON) into a
 * folder. Every file name contains `simulated`.
 *
 * The run is streamed: receptions come out of the simulator in time order and go straight into a
 * fixed 1 MiB buffer per file (nmea-stream.ts), flushed with a blocking write whenever it fills,
 * so the writer holds one buffer per file whatever the size of the output. The bytes are those of
 * `nmeaLines` / `dmaLines` / `truthJson` (output.ts) on the same scenario.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ByteSink, DmaStreamEncoder, NmeaStreamEncoder } from './nmea-stream.js';
import { DMA_HEADER, dmaWindow, truthJsonPieces } from './output.js';
import type { VesselPlan } from './plan.js';
import type { Scenario } from './schema.js';
import { type Reception, runSimulation, type SimulationResult, type StreamedSimulation } from './simulate.js';
import type { Truth } from './truth.js';

export interface WrittenFile {
  kind: 'nmea' | 'dma-csv' | 'truth';
  path: string;
  bytes: number;
  lines: number;
}

export function scenarioFileNames(s: Scenario): { nmea: string; dma: string; truth: string } {
  return {
    nmea: `${s.name}.simulated.nmea`,
    dma: `${s.name}.simulated-dma.csv`,
    truth: `${s.name}.simulated-truth.json`,
  };
}

/** The NMEA and (when the scenario asks for it) DMA files of one run, open for streaming. */
class ScenarioWriter {
  private readonly nmeaPath: string;
  private readonly dmaPath: string;
  private readonly nmeaSink: ByteSink;
  private readonly dmaSink: ByteSink | null = null;
  private nmea: NmeaStreamEncoder | null = null;
  private dma: DmaStreamEncoder | null = null;
  private closed = false;

  constructor(
    private readonly scenario: Scenario,
    private readonly outDir: string,
  ) {
    mkdirSync(outDir, { recursive: true });
    const names = scenarioFileNames(scenario);
    this.nmeaPath = join(outDir, names.nmea);
    this.dmaPath = join(outDir, names.dma);
    this.nmeaSink = new ByteSink(this.nmeaPath);
    try {
      if (scenario.reporting.writeDmaCsv) this.dmaSink = new ByteSink(this.dmaPath);
    } catch (err) {
      this.nmeaSink.close();
      throw err;
    }
  }

  /** Called once the plans exist (the encoders need them), before the first reception. */
  start(plans: readonly VesselPlan[]): void {
    this.nmea = new NmeaStreamEncoder(plans, this.nmeaSink);
    if (this.dmaSink !== null) {
      const { t0, t1 } = dmaWindow(this.scenario);
      this.dma = new DmaStreamEncoder(plans, this.dmaSink, t0, t1);
      this.dma.header(DMA_HEADER);
    }
  }

  feed(r: Reception): void {
    this.nmea!.add(r);
    if (this.dma !== null) this.dma.add(r);
  }

  /** Flushes and closes the files (safe to call twice, and after a failure). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.nmeaSink.close();
    } finally {
      this.dmaSink?.close();
    }
  }

  /** Closes the streams, writes the truth; returns what was written. */
  finish(truth: Truth): WrittenFile[] {
    this.close();
    const files: WrittenFile[] = [
      {
        kind: 'nmea',
        path: this.nmeaPath,
        bytes: statSync(this.nmeaPath).size,
        lines: this.nmea?.lines ?? 0,
      },
    ];
    if (this.dmaSink !== null)
      files.push({
        kind: 'dma-csv',
        path: this.dmaPath,
        bytes: statSync(this.dmaPath).size,
        lines: this.dma?.lines ?? 0,
      });
    const truthPath = join(this.outDir, scenarioFileNames(this.scenario).truth);
    const sink = new ByteSink(truthPath);
    try {
      for (const piece of truthJsonPieces({ truth })) sink.writeString(piece);
    } finally {
      sink.close();
    }
    files.push({ kind: 'truth', path: truthPath, bytes: statSync(truthPath).size, lines: 1 });
    return files;
  }
}

/** Writes an already simulated result. */
export function writeResult(result: SimulationResult, outDir: string): WrittenFile[] {
  const w = new ScenarioWriter(result.scenario, outDir);
  try {
    w.start(result.plans);
    for (const r of result.receptions) w.feed(r);
  } finally {
    w.close();
  }
  return w.finish(result.truth);
}

/**
 * Simulates a scenario and writes its files as the simulation runs; returns what was written, and
 * the plans and truth (the receptions went to disk, not into memory).
 */
export function writeScenario(
  s: Scenario,
  outDir: string,
): { files: WrittenFile[]; result: StreamedSimulation } {
  const w = new ScenarioWriter(s, outDir);
  let result: StreamedSimulation;
  try {
    result = runSimulation(
      s,
      (r) => w.feed(r),
      (plans) => w.start(plans),
    );
  } finally {
    w.close();
  }
  return { files: w.finish(result.truth), result };
}
