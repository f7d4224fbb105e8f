/**
 * How much of the store detection holds at once (detect-store.ts): the defaults of
 * `tallyman detect --batch-positions` and `--memory-positions`, in a module of their own so the
 * CLI can name them without loading the detectors at start-up.
 */

/**
 * Fixes per batch of a streamed read: what bounds detection's memory (a batch's tracks are held
 * three times over while it is cleaned and split, ~150 bytes a fix); a vessel is never split.
 */
export const DEFAULT_BATCH_POSITIONS = 1_000_000;

/**
 * Fixes whose cleaned vessels stay in memory between detection's rounds (~60 bytes a fix as
 * typed arrays): about 0.4 GB at most, so that detect over 100M positions stays under 2 GB (it
 * peaked at 1.0 GB there with one batch held), while a store of up to this size is never written
 * to a temporary file.
 */
export const DEFAULT_MEMORY_POSITIONS = 6_000_000;
