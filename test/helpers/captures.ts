/**
 * Where the tests read real AIS captures from. The captures whose licences allow copying (gpsd,
 * libais, pyais, DMA AisLib) ship in test/data/ais with their notice; AISdb's capture and the
 * tracks/ CSVs stay in ../shared/data/ais beside a CI checkout (test/data/ais/README.md says why).
 * A case that needs the shared folder asks `sharedSkip()`: a reason to skip (printed by the
 * runner) in a user's clone, or `false`; under CI=true a missing folder throws, so CI cannot pass
 * without it.
 */
import { existsSync, readdirSync } from 'node:fs';

export const REPO_AIS = new URL('../data/ais/', import.meta.url);
/** `TALLYMAN_TEST_SHARED_AIS` points elsewhere (a path that does not exist: what a clone sees). */
export const SHARED_AIS = process.env.TALLYMAN_TEST_SHARED_AIS
  ? new URL(`file://${process.env.TALLYMAN_TEST_SHARED_AIS.replace(/\/?$/, '/')}`)
  : new URL('../../../shared/data/ais/', import.meta.url);

/** Files that only the shared folder has. */
function sharedOnly(name: string): boolean {
  return name.startsWith('aisdb-') || name.startsWith('tracks/');
}

/** The URL of a capture by its file name (as in ../shared/data/ais/README.md). */
export function captureUrl(name: string): URL {
  return new URL(name, sharedOnly(name) ? SHARED_AIS : REPO_AIS);
}

/** The file path of a capture by its file name. */
export function capturePath(name: string): string {
  return captureUrl(name).pathname;
}

/** A reason to skip a case that reads ../shared/data/ais, or false when it is there. */
export function sharedSkip(): string | false {
  if (existsSync(SHARED_AIS)) return false;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${SHARED_AIS.pathname} is missing`);
  return `reads AISdb's capture from ${SHARED_AIS.pathname}, absent here (it cannot ship: test/data/ais/README.md)`;
}

/** Whether a capture can be read here. */
export function captureHere(name: string): boolean {
  return !sharedOnly(name) || sharedSkip() === false;
}

/** Every capture file that can be read here: the shipped ones, and the shared ones when present. */
export function captureNames(): string[] {
  const names = readdirSync(REPO_AIS).filter((f) => f !== 'README.md');
  if (sharedSkip() === false) names.push(...readdirSync(SHARED_AIS).filter((f) => sharedOnly(f)));
  return names.sort();
}
