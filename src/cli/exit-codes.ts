/**
 * Exit codes of every tallyman command (also listed in the README).
 * Rejected lines in an input are not a failure: they are counted and reported, and the good data
 * beside them lands, so a run with rejects still exits 0.
 */
export const EXIT = {
  ok: 0,
  /** Runtime failure: I/O error, database error, a crash. */
  failure: 1,
  /** Bad arguments or options. */
  usage: 2,
  /**
   * An input could not be read, its format not recognised, or nothing in it could be stored (its
   * `--map` names a missing column, every row was rejected); or it broke off part way (a corrupt
   * `.gz`: the lines before the fault are kept and counted, and the run is not marked ingested).
   * A parameter file with impossible or implausible values. docs/bad-input.md lists them.
   */
  badInput: 3,
  /** The thing asked for does not exist (e.g. no such vessel; a `--db` store, for a command that only reads). */
  notFound: 4,
  /**
   * `verify` ran and found a break (a changed evidence file, a broken audit chain, a row that
   * differs from its audited state): the check worked, the ledger did not pass. Kept apart from 1
   * so a script can tell tampering from a verify that could not run.
   */
  verifyFailed: 5,
  /**
   * `ingest`: another process is ingesting the same content right now, so this one left it alone
   * (the other inputs were still done). Nothing is wrong: run it again once the other has finished
   * (it then says "already ingested"), or leave it. Kept apart from 1 so a script can tell "busy"
   * from a failure.
   */
  inProgress: 6,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
