// Process helpers for the benchmark: find executables and time whole processes.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, openSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute path of an executable on PATH (or the absolute path given), or null. */
export function which(name) {
  const dirs = name.includes('/') ? [''] : (process.env.PATH ?? '').split(delimiter);
  for (const d of dirs) {
    const p = d === '' ? name : join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Runs cmd once and measures its wall time, process start included. stdinFile feeds the process
 * from a file (for `gpsdecode < FILE`); stdout is captured, or sent to /dev/null when
 * discardStdout is set; stderr is captured unless discardStderr.
 */
export function timeRun(
  cmd,
  args,
  { cwd, stdinFile, discardStdout = false, discardStderr = false, timeoutS = 600 },
) {
  const stdinFd = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, {
      cwd,
      stdio: [stdinFd, discardStdout ? 'ignore' : 'pipe', discardStderr ? 'ignore' : 'pipe'],
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      timeout: timeoutS * 1000,
    });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const failure = r.error
      ? r.error.message
      : r.status !== 0
        ? `exit ${r.status ?? r.signal}: ${errorLine(r.stderr) || errorLine(r.stdout)}`
        : null;
    return { wallS, ok: failure === null, failure, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  } finally {
    if (typeof stdinFd === 'number') closeSync(stdinFd);
  }
}

/** The line of a failure's output that names the error (Node prints the source line first). */
function errorLine(s) {
  const lines = (s ?? '').trim().split('\n');
  const named = lines.find((l) => /^\w*Error\b|error:/i.test(l.trim()));
  return (named ?? lines[0]).trim().slice(0, 200);
}

/** Runs cmd once, streaming its stdout, and resolves to the number of lines it printed. */
export function countOutputLines(cmd, args, { cwd, stdinFile, timeoutS = 600 }) {
  return new Promise((resolve) => {
    const stdinFd = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
    const child = spawn(cmd, args, { cwd, stdio: [stdinFd, 'pipe', 'ignore'], timeout: timeoutS * 1000 });
    let lines = 0;
    child.stdout.on('data', (buf) => {
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
    });
    child.on('error', (err) => finish({ ok: false, failure: err.message, lines }));
    child.on('close', (code, signal) =>
      finish(code === 0 ? { ok: true, lines } : { ok: false, failure: `exit ${code ?? signal}`, lines }),
    );
    let done = false;
    function finish(r) {
      if (done) return;
      done = true;
      if (typeof stdinFd === 'number') closeSync(stdinFd);
      resolve(r);
    }
  });
}
