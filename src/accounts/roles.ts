/** Roles, from least to most: each one may do everything the ones below it may. */
export const ROLES = ['viewer', 'analyst', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/** 0 for viewer … 3 for admin. */
export const roleRank = (r: Role): number => ROLES.indexOf(r);

/** True when `have` is `need` or above it. */
export const atLeast = (have: Role, need: Role): boolean => roleRank(have) >= roleRank(need);
