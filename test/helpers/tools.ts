/**
 * The real clients some tests check exports with: GDAL (`ogrinfo`, `ogr2ogr`, Debian gdal-bin),
 * `xmllint` (libxml2-utils) and Python 3. As with services (services.ts): outside CI a missing tool
 * skips those tests with a printed reason; in CI (CI=true) it is a failure.
 */
import { spawnSync } from 'node:child_process';
import { inCI } from './services.js';

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(cmd: string, args: readonly string[], input?: string): ToolRun {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) return { status: null, stdout: '', stderr: String(r.error.message) };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A skip reason (string) when a tool is missing outside CI, false when all are there; throws in CI. */
export function requireTools(
  tools: ReadonlyArray<{ cmd: string; args: string[]; install: string }>,
): string | false {
  const missing = tools.filter((t) => runTool(t.cmd, t.args).status !== 0);
  if (missing.length === 0) return false;
  const reason = `${missing.map((t) => t.cmd).join(', ')} not installed (${[...new Set(missing.map((t) => t.install))].join('; ')})`;
  if (inCI) throw new Error(`${reason} (CI=true: a missing tool fails the run)`);
  console.log(`# skipping: ${reason}`);
  return reason;
}

export const GDAL = { cmd: 'ogrinfo', args: ['--version'], install: 'apt-get install -y gdal-bin' };
export const OGR2OGR = { cmd: 'ogr2ogr', args: ['--version'], install: 'apt-get install -y gdal-bin' };
export const XMLLINT = { cmd: 'xmllint', args: ['--version'], install: 'apt-get install -y libxml2-utils' };
export const PYTHON = { cmd: 'python3', args: ['--version'], install: 'apt-get install -y python3' };

/** What GDAL says when it is unhappy, on stderr: any of these fails a check. */
export const GDAL_COMPLAINT = /Warning|ERROR/;

/**
 * Python's own `csv` module reads the file: it prints the header and, per row, the number of
 * cells; a row whose count differs from the header's is listed.
 */
export function pythonCsv(file: string): {
  header: string[];
  rows: number;
  badRows: number[];
  firstRow: string[];
} {
  const script = [
    'import csv, json, sys',
    "f = open(sys.argv[1], newline='', encoding='utf-8')",
    'r = csv.reader(f, strict=True)',
    'header = next(r)',
    'n = 0; bad = []; first = None',
    'for i, row in enumerate(r):',
    '    n += 1',
    '    if first is None: first = row',
    '    if len(row) != len(header): bad.append(i + 2)',
    "print(json.dumps({'header': header, 'rows': n, 'badRows': bad, 'firstRow': first or []}))",
  ].join('\n');
  const r = runTool('python3', ['-c', script, file]);
  if (r.status !== 0) throw new Error(`python3 csv could not read ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
