// Types for dist-fresh.mjs, which the test helpers import (test/helpers/dist.ts).
export function staleDist(root: string): { missing: string[]; older: string[] };
export function ensureDistFresh(root: string, log?: (line: string) => void): void;
