/**
 * Live passes yield the CPU to the feed (`yieldToFeed` in src/sources/worker-start.ts, called by
 * src/live/detect-thread.ts): on Linux the thread that calls it, and the threads it starts
 * afterwards, run at nice 10 while the process's main thread keeps its own priority.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';

const linux = existsSync('/proc/thread-self/stat');
const MODULE = new URL('../../src/sources/worker-start.ts', import.meta.url).href;
// an eval'd thread has no loader hooks of its own: tsx is registered in it first (as watch does)
const TSX = import.meta.resolve('tsx/esm/api');

describe('detection passes yield to the feed', () => {
  it('lowers the priority of its own thread and of the threads it starts, not the main one', {
    skip: linux ? false : 'no /proc/thread-self: thread priorities are Linux-only',
  }, () => {
    // field 19 of /proc/thread-self/stat is the thread's nice value (the name field has no spaces)
    const nice = `() => Number(require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[18])`;
    const passThread = `
        const { parentPort, Worker } = require('node:worker_threads');
        const nice = ${nice};
        import(${JSON.stringify(TSX)}).then((t) => { t.register(); return import(${JSON.stringify(MODULE)}); }).then(({ yieldToFeed }) => {
          const ok = yieldToFeed(10);
          const started = new Worker(${JSON.stringify(`require('node:worker_threads').parentPort.postMessage((${nice})())`)}, { eval: true });
          started.once('message', (n) => {
            parentPort.postMessage({ ok, own: nice(), started: n });
            started.terminate();
          });
        });`;
    const main = `
        const { Worker } = require('node:worker_threads');
        const nice = ${nice};
        const before = nice();
        const w = new Worker(${JSON.stringify(passThread)}, { eval: true });
        w.once('message', (m) => {
          console.log(JSON.stringify({ ...m, mainBefore: before, mainAfter: nice() }));
          w.terminate();
        });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', main], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
    assert.equal(out.ok, true);
    assert.equal(out.own, 10, 'the pass thread');
    assert.equal(out.started, 10, 'a thread it starts (the store reading threads)');
    assert.equal(out.mainAfter, out.mainBefore, 'the feed thread keeps its priority');
    assert.ok(out.mainBefore < 10);
  });
});
