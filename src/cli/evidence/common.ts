/** What every evidence subcommand's action reads its options as. */
export type Opts = Record<string, string | boolean | undefined>;

/** An optional text option: absent or empty is null. */
export const str = (v: unknown): string | null => (v === undefined || v === '' ? null : String(v));
