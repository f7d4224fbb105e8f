/** Starting a worker thread on one of our modules, from the build (dist/) or from source (tsx). */
import { Worker } from 'node:worker_threads';

/**
 * A worker running the module at `moduleUrl` (an `import.meta.url`). From source (a `.ts` URL, as
 * under tsx in tests and benches) the worker first loads tsx's loader, which a worker does not
 * inherit from its parent.
 */
export function startModuleWorker(moduleUrl: string, workerData: unknown): Worker {
  if (moduleUrl.endsWith('.ts')) {
    const api = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(moduleUrl)}))`;
    return new Worker(boot, { eval: true, workerData });
  }
  return new Worker(new URL(moduleUrl), { workerData });
}
