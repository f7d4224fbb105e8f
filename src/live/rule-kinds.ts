/** The kinds of alert rule. Its own module so that the CLI's help can list them without zod. */
export const RULE_KINDS = [
  'watchlist',
  'area-enter',
  'area-leave',
  'dark',
  'dark-port-call',
  'encounter',
  'identity-change',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
