/**
 * The imperative shell: runs a scenario and writes its files (NMEA, DMA CSV, truth JSON) into a
 * folder. Every file name contains `simulated`.
 */
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { dmaLines, nmeaLines, truthJson } from './output.js';
import type { Scenario } from './schema.js';
import { type SimulationResult, simulateScenario } from './simulate.js';

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

function writeLines(path: string, lines: Iterable<string>): number {
  const fd = openSync(path, 'w');
  let n = 0;
  let buf: string[] = [];
  let size = 0;
  try {
    for (const line of lines) {
      buf.push(line);
      size += line.length + 1;
      n++;
      if (size > 1 << 20) {
        writeSync(fd, `${buf.join('\n')}\n`);
        buf = [];
        size = 0;
      }
    }
    if (buf.length > 0) writeSync(fd, `${buf.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  return n;
}

/** Writes an already simulated result. */
export function writeResult(result: SimulationResult, outDir: string): WrittenFile[] {
  mkdirSync(outDir, { recursive: true });
  const names = scenarioFileNames(result.scenario);
  const files: WrittenFile[] = [];
  const add = (kind: WrittenFile['kind'], name: string, lines: Iterable<string>) => {
    const path = join(outDir, name);
    const n = writeLines(path, lines);
    files.push({ kind, path, bytes: statSync(path).size, lines: n });
  };
  add('nmea', names.nmea, nmeaLines(result));
  if (result.scenario.reporting.writeDmaCsv) add('dma-csv', names.dma, dmaLines(result));
  add('truth', names.truth, [truthJson(result).trimEnd()]);
  return files;
}

/** Simulates a scenario and writes its files; returns what was written and the truth. */
export function writeScenario(
  s: Scenario,
  outDir: string,
): { files: WrittenFile[]; result: SimulationResult } {
  const result = simulateScenario(s);
  return { files: writeResult(result, outDir), result };
}
