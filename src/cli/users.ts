/**
 * `tallyman users add|list|disable|enable|passwd|role|token`: the accounts of a shared workbench
 * (src/accounts). A password is read from stdin (its first line) when stdin is not a terminal, else
 * asked for twice without echo; it is never an argument, so it stays out of the shell history.
 */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';

async function readPassword(confirm: boolean): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(prompt);
      const stdin = process.stdin;
      stdin.setRawMode(true);
      stdin.resume();
      let pw = '';
      const onData = (b: Buffer) => {
        for (const ch of b.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(pw);
            return;
          }
          if (ch === '\u0003') process.exit(130);
          if (ch === '\u007f') pw = pw.slice(0, -1);
          else pw += ch;
        }
      };
      stdin.on('data', onData);
    });
  const pw = await ask('password: ');
  if (confirm && (await ask('again: ')) !== pw) throw new CliError('the passwords differ', EXIT.usage);
  return pw;
}

async function withAccounts<T>(
  cmd: Command,
  fn: (
    db: Awaited<ReturnType<import('../store/types.js').Store['db']>>,
    a: typeof import('../accounts/store.js'),
  ) => Promise<T>,
): Promise<T> {
  const { db: dbOpt } = cmd.optsWithGlobals() as { db?: string };
  const { openStore } = await import('../store/index.js');
  const accounts = await import('../accounts/store.js');
  const store = await openStore(storeLocationFrom(process.env, dbOpt));
  try {
    return await fn(await store.db(), accounts);
  } catch (err) {
    if (err instanceof accounts.AccountError)
      throw new CliError(err.message, err.kind === 'not-found' ? EXIT.notFound : EXIT.usage);
    throw err;
  } finally {
    await store.close();
  }
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description('accounts of a shared workbench: viewer < analyst < reviewer < admin');

  users
    .command('add <name>')
    .description('add a user (password from stdin, or asked for on a terminal; at least 12 characters)')
    .requiredOption('--role <role>', 'viewer, analyst, reviewer or admin')
    .action(async (name: string, opts: { role: string }, cmd: Command) => {
      await withAccounts(cmd, async (db, a) => {
        const u = await a.addUser(db, name, opts.role, await readPassword(true));
        process.stdout.write(`user ${u.name} added (${u.role})\n`);
      });
    });

  users
    .command('list')
    .description('every user with their role and state')
    .option('--json', 'as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withAccounts(cmd, async (db, a) => {
        const list = await a.listUsers(db);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        if (list.length === 0)
          process.stdout.write('no users: the workbench runs in single-user loopback mode\n');
        for (const u of list)
          process.stdout.write(
            `${u.name}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${day(u.createdMs)}\n`,
          );
      });
    });

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users
      .command(`${verb} <name>`)
      .description(
        disabled
          ? 'disable a user: their sessions end and their API tokens are revoked'
          : 'enable a user again',
      )
      .action(async (name: string, _opts: unknown, cmd: Command) => {
        await withAccounts(cmd, async (db, a) => {
          await a.setDisabled(db, name, disabled);
          process.stdout.write(`user ${name} ${verb}d\n`);
        });
      });
  }

  users
    .command('passwd <name>')
    .description("set a user's password (stdin, or asked for on a terminal); their sessions end")
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withAccounts(cmd, async (db, a) => {
        await a.setPassword(db, name, await readPassword(true));
        process.stdout.write(`password of ${name} changed; their sessions ended\n`);
      });
    });

  users
    .command('role <name> <role>')
    .description("change a user's role")
    .action(async (name: string, role: string, _opts: unknown, cmd: Command) => {
      await withAccounts(cmd, async (db, a) => {
        await a.setRole(db, name, role);
        process.stdout.write(`user ${name} is now ${role}\n`);
      });
    });

  users
    .command('token <name>')
    .description(
      'create an API token for scripts (Authorization: Bearer …), printed once and stored only as its hash',
    )
    .option('--label <text>', 'what the token is for', 'api')
    .option('--expires-days <n>', 'days until it expires (default: never)')
    .option('--list', "list the user's tokens instead")
    .option('--revoke <id>', 'revoke the token with this id instead')
    .action(
      async (
        name: string,
        opts: { label: string; expiresDays?: string; list?: boolean; revoke?: string },
        cmd: Command,
      ) => {
        await withAccounts(cmd, async (db, a) => {
          if (opts.list) {
            for (const t of await a.listTokens(db, name))
              process.stdout.write(
                `${t.id}\t${t.label}\t${day(t.createdMs)}\t${t.revoked ? 'revoked' : t.expiresMs === null ? 'no expiry' : `expires ${day(t.expiresMs)}`}\n`,
              );
            return;
          }
          if (opts.revoke !== undefined) {
            await a.revokeToken(db, name, Number(opts.revoke));
            process.stdout.write(`token ${opts.revoke} of ${name} revoked\n`);
            return;
          }
          let expiresMs: number | null = null;
          if (opts.expiresDays !== undefined) {
            const d = Number(opts.expiresDays);
            if (!(d > 0))
              throw new CliError(
                `--expires-days: "${opts.expiresDays}" is not a positive number`,
                EXIT.usage,
              );
            expiresMs = Date.now() + d * 86_400_000;
          }
          const t = await a.createToken(db, name, opts.label.slice(0, 100), expiresMs);
          process.stderr.write(`token ${t.id} for ${name}; shown once, store it now:\n`);
          process.stdout.write(`${t.token}\n`);
        });
      },
    );
}
