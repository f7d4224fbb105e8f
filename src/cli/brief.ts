/**
 * `tallyman brief --pdf FILE`: the workbench's one-page brief printed to PDF by Chromium, as an
 * analyst would from the browser. The workbench is served on a loopback port of this process for
 * the time it takes; Debian's Chromium (`/usr/bin/chromium`, or `$TALLYMAN_CHROMIUM`) is driven by
 * playwright-core with the flags the project uses (nothing fetched from the network). Each page
 * carries the title (SIMULATED when the data is) and where the sources are.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Header and footer of every PDF page (Chromium's print templates: inline styles only). */
export function pdfTemplates(simulated: boolean, preparedIso: string): { header: string; footer: string } {
  const style = 'font-family:sans-serif;font-size:8px;width:100%;padding:0 12mm;color:#333';
  const sim = simulated ? ' — <b>SIMULATED DATA</b>' : '';
  return {
    header: `<div style="${style}">tallyman brief${sim} · prepared ${preparedIso}</div>`,
    footer: `<div style="${style};display:flex;justify-content:space-between"><span>Sources: docs/sources.md (tallyman repository) · confidence: docs/confidence.md</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

export function registerBrief(program: Command): void {
  program
    .command('brief')
    .description('print the workbench brief (map, ledger, estimate, sources) to PDF through Chromium')
    .requiredOption('--pdf <file>', 'where to write the PDF')
    .option('--png <file>', 'also a screenshot of the brief page (PNG)')
    .option('--timeout <s>', 'give up after this many seconds', '120')
    .action(async (opts: { pdf: string; png?: string; timeout: string }, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      const timeoutMs = Number(opts.timeout) * 1000;
      if (!(timeoutMs > 0))
        throw new CliError(`--timeout: "${opts.timeout}" is not a positive number`, EXIT.usage);
      const chromium = process.env.TALLYMAN_CHROMIUM ?? '/usr/bin/chromium';
      if (!existsSync(chromium))
        throw new CliError(
          `Chromium not found at ${chromium} (apt-get install -y chromium, or set TALLYMAN_CHROMIUM)`,
          EXIT.failure,
        );
      const { openStore } = await import('../store/index.js');
      const { buildApp } = await import('../server/app.js');
      const { evidenceDirFrom } = await import('../evidence/files.js');
      const { hasUsers } = await import('../accounts/store.js');
      const location = storeLocationFrom(process.env, db);
      const store = await openStore(location);
      const token = process.env.TALLYMAN_TOKEN;
      try {
        // Accounts mode: the page must log in as someone, with that person's API token.
        if ((await hasUsers(await store.db())) && !token)
          throw new CliError(
            'this store has accounts: set TALLYMAN_TOKEN to an API token (tallyman users token NAME)',
            EXIT.usage,
          );
        const { app } = await buildApp({ store, evidenceDir: evidenceDirFrom(process.env, location) });
        await app.listen({ port: 0, host: '127.0.0.1' });
        const addr = app.server.address();
        const url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
        const { chromium: pw } = await import('playwright-core');
        const browser = await pw.launch({ executablePath: chromium, args: CHROMIUM_FLAGS, headless: true });
        try {
          const page = await browser.newPage({
            viewport: { width: 1200, height: 900 },
            ...(token ? { extraHTTPHeaders: { authorization: `Bearer ${token}` } } : {}),
          });
          const started = Date.now();
          await page.goto(`${url}/#/brief`);
          for (;;) {
            if (await page.evaluate('document.documentElement.dataset.briefReady === "true"')) break;
            if (Date.now() - started > timeoutMs)
              throw new CliError(`the brief was not ready within ${opts.timeout} s`, EXIT.failure);
            await new Promise((r) => setTimeout(r, 100));
          }
          const simulated = (await page.evaluate('document.documentElement.dataset.simulated')) === 'true';
          if (opts.png) await page.screenshot({ path: resolve(opts.png), fullPage: true });
          const t = pdfTemplates(simulated, `${new Date().toISOString().slice(0, 16).replace('T', ' ')}Z`);
          await page.emulateMedia({ media: 'print' });
          await page.pdf({
            path: resolve(opts.pdf),
            format: 'A4',
            printBackground: true,
            displayHeaderFooter: true,
            headerTemplate: t.header,
            footerTemplate: t.footer,
            margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' },
          });
          process.stdout.write(
            `brief: ${resolve(opts.pdf)}${simulated ? ' (SIMULATED data)' : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
          );
        } finally {
          await browser.close();
          await app.close();
        }
      } finally {
        await store.close();
      }
    });
}
