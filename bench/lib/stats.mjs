// Pure helpers for the benchmark figures: no I/O.

/** Median of a non-empty list of numbers (mean of the middle two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Sum of an object's numeric values; null when the object is missing. */
export function sumValues(obj) {
  if (obj === null || typeof obj !== 'object') return null;
  let total = 0;
  for (const v of Object.values(obj)) if (typeof v === 'number') total += v;
  return total;
}

/**
 * Decoded/rejected counts from `tallyman decode --stats --json`. The CLI is young, so the keys
 * are read defensively: `messages` (decoded count), else the sum of `byType`; rejected is the sum
 * of `rejectedByReason` (the CLI counts those per sentence).
 */
export function tallymanCounts(json) {
  const byType = json && typeof json.byType === 'object' ? json.byType : null;
  const decoded = typeof json?.messages === 'number' ? json.messages : sumValues(byType);
  return { decoded, rejected: sumValues(json?.rejectedByReason), byType };
}

/** Last line of text that parses as a JSON object, or null. */
export function lastJsonLine(text) {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i].trim();
    if (!l.startsWith('{')) continue;
    try {
      return JSON.parse(l);
    } catch {
      // not JSON after all; keep looking upwards
    }
  }
  return null;
}

/** First numeric value under a key matching re, searched depth-first; null if none. */
export function findNumber(obj, re) {
  if (obj === null || typeof obj !== 'object') return null;
  for (const [k, v] of Object.entries(obj)) if (re.test(k) && typeof v === 'number') return v;
  for (const v of Object.values(obj)) {
    const n = findNumber(v, re);
    if (n !== null) return n;
  }
  return null;
}
