import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../../src/cli/exit-codes.js';
import { parseTimeOption } from '../../src/cli/time-option.js';
import { describeStore, storeLocationFrom } from '../../src/config.js';

test('times: ISO with or without zone is UTC, a date is midnight UTC, 12+ digits are epoch ms', () => {
  assert.equal(parseTimeOption('--from', '2024-03-12T06:00'), Date.UTC(2024, 2, 12, 6));
  assert.equal(parseTimeOption('--from', '2024-03-12T06:00+09:00'), Date.UTC(2024, 2, 11, 21));
  assert.equal(parseTimeOption('--from', '2024-03-12'), Date.UTC(2024, 2, 12));
  assert.equal(parseTimeOption('--from', '1710223200000'), 1710223200000);
  assert.equal(parseTimeOption('--from', undefined), undefined);
  assert.throws(
    () => parseTimeOption('--to', 'yesterday'),
    (e: unknown) => e instanceof CliError && /--to/.test(e.message),
  );
});

test('store location: --db wins, then TALLYMAN_DATABASE_URL, then TALLYMAN_DB, then ./tallyman.db', () => {
  assert.deepEqual(storeLocationFrom({}, undefined), { path: './tallyman.db' });
  assert.deepEqual(storeLocationFrom({ TALLYMAN_DB: '/tmp/x.db' }), { path: '/tmp/x.db' });
  assert.deepEqual(storeLocationFrom({ TALLYMAN_DATABASE_URL: 'postgres://u@h/db', TALLYMAN_DB: 'x' }), {
    url: 'postgres://u@h/db',
  });
  assert.deepEqual(storeLocationFrom({ TALLYMAN_DATABASE_URL: 'postgres://u@h/db' }, 'my.db'), {
    path: 'my.db',
  });
  assert.throws(() => storeLocationFrom({ TALLYMAN_DATABASE_URL: 'mysql://x' }), /postgres:\/\//);
  assert.equal(
    describeStore({ url: 'postgres://u:secret@h:5432/db' }),
    'PostgreSQL postgres://u:***@h:5432/db',
  );
});
