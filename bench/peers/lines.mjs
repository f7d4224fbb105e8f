// Streams a text file line by line for the Node benchmark peers: 1 MiB chunks, split on LF, CR
// trimmed, empty lines skipped. One splitter for every Node peer, so their times differ only by the
// decoder under test.
import { createReadStream } from 'node:fs';

/** Calls onLine(line) for each non-empty line of the file at path; resolves when the file is read. */
export async function forEachLine(path, onLine) {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      emit(text, start, nl, onLine);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) emit(rest, 0, rest.length, onLine);
}

function emit(text, start, end, onLine) {
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  if (end > start) onLine(text.slice(start, end));
}
