// Marked sections of a generated Markdown page (docs/BENCHMARKS.md): a benchmark that writes only
// part of the page owns the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`, and
// whoever rewrites the rest of the page keeps that part as it is.

const markers = (name) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

/** The marked section NAME of text, markers included, or null where there is none. */
export function findSection(text, name) {
  const [start, end] = markers(name);
  const i = text.indexOf(start);
  if (i === -1) return null;
  const j = text.indexOf(end, i + start.length);
  if (j === -1) return null;
  return text.slice(i, j + end.length);
}

/**
 * text with section NAME's body replaced by body (markers kept); where text has no such section,
 * it is appended at the end. Nothing outside the markers changes.
 */
export function replaceSection(text, name, body) {
  const [start, end] = markers(name);
  const block = `${start}\n${body.trim()}\n${end}`;
  const old = findSection(text, name);
  if (old !== null) return text.replace(old, () => block);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/** newText with the marked sections NAMES of oldText carried over (appended, or replacing its own). */
export function keepSections(oldText, newText, names) {
  let out = newText;
  for (const name of names) {
    const old = findSection(oldText ?? '', name);
    if (old === null) continue;
    const [start, end] = markers(name);
    out = replaceSection(out, name, old.slice(start.length, old.length - end.length));
  }
  return out;
}
