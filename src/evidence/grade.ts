/**
 * NATO Admiralty code (docs/sources.md "Standards to follow"): source reliability A
 * (completely reliable) … E (unreliable), F (cannot be judged); information credibility 1
 * (confirmed) … 5 (improbable), 6 (cannot be judged). Written together, e.g. `B2`.
 */
export const RELIABILITY = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
} as const;
export type Reliability = keyof typeof RELIABILITY;

export const CREDIBILITY = {
  1: 'confirmed by other sources',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
} as const;
export type Credibility = keyof typeof CREDIBILITY;

export interface Grade {
  reliability: Reliability;
  credibility: Credibility;
}

export type GradeResult = { ok: true; grade: Grade } | { ok: false; error: string };

export function parseGrade(text: string): GradeResult {
  const m = /^\s*([A-Fa-f])\s*-?\s*([1-6])\s*$/.exec(text);
  if (!m) {
    return {
      ok: false,
      error: `grade "${text}" is not an Admiralty code: a letter A–F (source reliability) then a digit 1–6 (information credibility), e.g. B2`,
    };
  }
  return {
    ok: true,
    grade: { reliability: m[1].toUpperCase() as Reliability, credibility: Number(m[2]) as Credibility },
  };
}

export const gradeText = (g: { reliability: string; credibility: number }) =>
  `${g.reliability}${g.credibility}`;

export function describeGrade(g: Grade): string {
  return `${gradeText(g)} (${RELIABILITY[g.reliability]}; ${CREDIBILITY[g.credibility]})`;
}
