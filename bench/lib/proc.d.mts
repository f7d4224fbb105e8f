// Types of proc.mjs, for the TypeScript benchmarks that reuse it.
export function which(name: string): string | null;

export interface TimeRunOptions {
  cwd?: string;
  stdinFile?: string;
  discardStdout?: boolean;
  discardStderr?: boolean;
  timeoutS?: number;
}

export interface TimeRunResult {
  wallS: number;
  ok: boolean;
  failure: string | null;
  stdout: string;
  stderr: string;
}

export function timeRun(cmd: string, args: readonly string[], opts: TimeRunOptions): TimeRunResult;

export function countOutputLines(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; stdinFile?: string; timeoutS?: number },
): Promise<{ ok: boolean; failure?: string; lines: number }>;
