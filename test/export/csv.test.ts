import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, csvDocument, neutraliseFormula, restoreFormula } from '../../src/export/csv.js';

test('text starting with = + - @ tab or CR gets a leading quote (OWASP); other text does not', () => {
  for (const s of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])
    assert.equal(neutraliseFormula(s), `'${s}`);
  for (const s of ['plain', "'=already", ' =space first', '', '1=1']) assert.equal(neutraliseFormula(s), s);
});

test('numbers, booleans and null are written as they are; a number in a string is text', () => {
  assert.equal(csvCell(-3.5), '-3.5');
  assert.equal(csvCell(0), '0');
  assert.equal(csvCell(Number.NaN), '');
  assert.equal(csvCell(true), 'true');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell('-3.5'), "'-3.5");
});

test('RFC 4180 quoting after the guard, objects as JSON', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=A1,B1'), `"'=A1,B1"`);
  assert.equal(csvCell({ a: 1 }), '"{""a"":1}"');
  assert.equal(csvCell('\r\nx'), `"'\r\nx"`);
});

test('a document: CRLF rows, a simulated column on every row', () => {
  const doc = csvDocument(
    ['a', 'b'],
    [
      [1, '=x'],
      [null, 'y'],
    ],
    { simulated: true },
  );
  assert.equal(doc, "a,b,simulated\r\n1,'=x,true\r\n,y,true\r\n");
});

test('restoreFormula undoes the guard, and only the guard', () => {
  for (const s of ['=1+1', '-2', '@x', 'plain', "'quoted", "'"])
    assert.equal(restoreFormula(neutraliseFormula(s)), s);
  assert.equal(restoreFormula("'plain"), "'plain");
});

test('decode --format csv: a station id from a tag block is quoted and guarded like any cell', async () => {
  const { formatCsvRow } = await import('../../src/ais/format-jsonl.js');
  const msg = { type: 1, mmsi: 273000001, lon: 130.3, lat: 42.25, speedKnots: -0, courseDeg: null };
  const row = (station: string | null) =>
    formatCsvRow(msg as never, { receivedAtMs: 0, station } as never)!
      .split(',')
      .slice(0, 3);
  assert.deepEqual(row('=cmd|x'), ['0', "'=cmd|x", '1']);
  assert.deepEqual(row(null), ['0', '', '1']);
  assert.equal(
    formatCsvRow(msg as never, { receivedAtMs: 0, station: 'a,"b"' } as never)!.slice(0, 12),
    '0,"a,""b""",',
  );
});
