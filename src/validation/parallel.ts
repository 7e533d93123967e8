/**
 * The schema check of large inputs on worker threads. Each object's check against its schema and CEL rules is
 * independent of the others, so `validate` splits the objects over the machine's cores: worker threads check
 * their shares while this thread checks its own; the attachment analysis, which needs the whole set, stays here.
 *
 * The pool starts before the input is read, so that the workers load the validator (the CEL engine, the schema
 * data) while this thread reads the YAML. The CLI is synchronous: this thread waits for each worker on a shared
 * flag and takes its answer from a message port (as the route map's Graphviz rendering does), never the event loop.
 * A worker that fails or does not answer in time costs nothing but time: its share is checked here.
 */
import { availableParallelism } from 'os';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { ManifestEntry, SchemaChecks } from './manifest-validator';
import { SchemaResult } from './schema/validator';

/** Below this many objects to check, the workers' start costs more than they save. */
export const PARALLEL_MIN_OBJECTS = 1500;

/** Input files smaller than this in total are checked on this thread alone (about 1,500 objects of 300 bytes). */
export const PARALLEL_MIN_BYTES = 450 * 1024;

/** How long a worker may take over its share before this thread checks it itself. */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

const WORKER = `
const { workerData } = require('worker_threads');
require(workerData.module).serveSchemaChecks(workerData);
`;

interface PoolWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

/** What a worker is sent: the objects of its share with their release alternatives. */
interface CheckRequest {
  readonly objects: any[];
  readonly releases: { [project: string]: string }[][];
}

/** Worker threads that check objects against their schemas. */
export class SchemaCheckPool implements SchemaChecks {
  /**
   * Starts `threads - 1` workers (this thread is the last), or none when the machine has one core.
   *
   * @param threads the threads to check on, this one included (default: the machine's available parallelism, at most 4)
   */
  public static start(threads = Math.min(availableParallelism(), 4)): SchemaCheckPool | undefined {
    if (threads < 2) return undefined;
    let module: string;
    try {
      module = require.resolve('./schema-worker');
    } catch {
      return undefined; // a build without the worker module (a bundle of the CLI alone): one thread
    }
    return new SchemaCheckPool(threads - 1, module);
  }

  private readonly workers: PoolWorker[] = [];
  private checkedOnWorkers = 0;
  private lastError?: string;

  private constructor(count: number, module: string) {
    // Under ts-node (the tests), the worker compiles the TypeScript sources as this thread does.
    const execArgv = module.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
    for (let i = 0; i < count; i++) {
      const signal = new Int32Array(new SharedArrayBuffer(4));
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER, { eval: true, execArgv, workerData: { module, port: port2, signal }, transferList: [port2] });
      worker.unref();
      this.workers.push({ worker, port: port1, signal });
    }
  }

  /** How many objects the workers have checked (the others were checked on this thread). */
  public get workerChecks(): number {
    return this.checkedOnWorkers;
  }

  /** The last error a worker answered with, if any (its share was then checked on this thread). */
  public get workerError(): string | undefined {
    return this.lastError;
  }

  /** The number of threads checking, this one included. */
  public get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * The schema check of each entry (undefined for entries not checked), in order: the workers' shares checked on
   * their threads while `check` checks the first share here; undefined for sets smaller than PARALLEL_MIN_OBJECTS.
   */
  public check(entries: ManifestEntry[], check: (entry: ManifestEntry) => SchemaResult): (SchemaResult | undefined)[] | undefined {
    if (entries.length < PARALLEL_MIN_OBJECTS) return undefined;
    const results: (SchemaResult | undefined)[] = new Array(entries.length);
    const checked = entries.map((_, i) => i).filter(i => entries[i].checkSchema !== false);
    const size = Math.ceil(checked.length / this.threads);
    const shares = this.workers.map((_, n) => checked.slice((n + 1) * size, (n + 2) * size));
    this.workers.forEach((w, n) => {
      Atomics.store(w.signal, 0, 0);
      const request: CheckRequest = { objects: shares[n].map(i => entries[i].object), releases: shares[n].map(i => entries[i].releases) };
      w.port.postMessage(request);
    });
    for (const i of checked.slice(0, size)) results[i] = check(entries[i]);
    this.workers.forEach((w, n) => {
      const answer = Atomics.wait(w.signal, 0, 0, WORKER_TIMEOUT_MS) === 'timed-out' ? undefined : receiveMessageOnPort(w.port)?.message;
      const answered: SchemaResult[] | undefined = Array.isArray(answer?.results) ? answer.results : undefined;
      if (answered !== undefined) this.checkedOnWorkers += answered.length;
      else this.lastError = typeof answer?.error === 'string' ? answer.error : 'no answer';
      shares[n].forEach((i, k) => {
        results[i] = answered?.[k] ?? check(entries[i]);
      });
    });
    return results;
  }

  /** Stops the workers. */
  public close(): void {
    for (const w of this.workers) {
      w.port.close();
      void w.worker.terminate();
    }
    this.workers.length = 0;
  }
}
