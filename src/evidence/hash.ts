/**
 * Moved to src/audit/hash.ts (issue 19: the audit core both evidence and shipments import).
 * Kept only while callers being edited elsewhere still import this path; remove with the last one.
 */
export * from '../audit/hash.js';
