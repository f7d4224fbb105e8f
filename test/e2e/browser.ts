/**
 * Debian's Chromium driven by playwright-core, launched with the flags the project uses (headless,
 * no GPU, nothing fetched in the background). Missing Chromium skips with a reason, except in CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
// the flags the brief's PDF printing runs Chromium with: the tests drive it as the product does
import { CHROMIUM_FLAGS } from '../../src/cli/brief.js';
import { inCI } from '../helpers/services.js';
import { REPO } from '../server/server-process.js';

export const CHROMIUM = process.env.TALLYMAN_CHROMIUM ?? '/usr/bin/chromium';

/** A skip reason, or false when Chromium is there; throws in CI when it is not. */
export function requireChromium(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (inCI) throw new Error(`${reason} (CI=true: a missing browser fails the run)`);
  console.log(`# skipping: ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * Waits until a page expression is truthy and returns its value. Playwright's waitForFunction
 * evaluates its predicate with eval inside the page, which the workbench's CSP (no unsafe-eval)
 * refuses; page.evaluate goes through the DevTools protocol, which the CSP does not govern.
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await page.evaluate(expression);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path))
    if (name !== 'node_modules') t = Math.max(t, newest(join(path, name)));
  return t;
}

/** Builds dist/web with Vite when it is missing or older than web/ or src/server/. */
export function ensureWebBuilt(): void {
  const index = join(REPO, 'dist/web/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built >= Math.max(newest(join(REPO, 'web')), newest(join(REPO, 'src/server')))) return;
  const r = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'error',
    ],
    {
      cwd: REPO,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}${r.stderr}`);
}
