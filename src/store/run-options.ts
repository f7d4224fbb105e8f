/**
 * The receive times a run gave whole inputs rather than heard per message, as kept in
 * `ingest_runs.options_json` under `receivedAtMs`: one number from `ingest --received-at`, or a
 * sorted list from a worker's run that drew on several `feed --received-at` inputs. Detection
 * judges no speed between fixes that share such an instant (Track.assignedTimesMs).
 */

/** The instants a run's stored options name; none when it was heard with times of its own. */
export function assignedTimesOfRun(optionsJson: string): number[] {
  if (optionsJson === '') return [];
  const at = (JSON.parse(optionsJson) as { receivedAtMs?: unknown }).receivedAtMs;
  if (typeof at === 'number') return [at];
  if (Array.isArray(at)) return at.filter((x): x is number => typeof x === 'number');
  return [];
}

/** Options JSON for a run whose messages were stamped with these instants (one: as `ingest` writes it). */
export function assignedTimesJson(timesMs: Iterable<number>): string {
  const sorted = [...new Set(timesMs)].sort((a, b) => a - b);
  return JSON.stringify({ receivedAtMs: sorted.length === 1 ? sorted[0] : sorted });
}
