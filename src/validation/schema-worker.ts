/**
 * The worker side of parallel.ts: checks the objects it is sent against their schemas and answers with the results,
 * then raises its flag. Loads the validator at once, while the main thread is still reading the input.
 */
import { MessagePort } from 'worker_threads';
import { schemaCheck } from './manifest-validator';
import { releases } from './schema/data';

/** Serves the schema checks a SchemaCheckPool sends over `port`. */
export function serveSchemaChecks(data: { port: MessagePort; signal: Int32Array }): void {
  releases();
  data.port.on('message', (request: { objects: any[]; releases: { [project: string]: string }[][] }) => {
    let answer: { results?: unknown; error?: string };
    try {
      answer = { results: request.objects.map((object, i) => schemaCheck(object, request.releases[i])) };
    } catch (e) {
      answer = { error: String((e as Error)?.message ?? e) };
    }
    data.port.postMessage(answer);
    Atomics.store(data.signal, 0, 1);
    Atomics.notify(data.signal, 0);
  });
}
