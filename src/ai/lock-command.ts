/**
 * `cdk8s-ai-gateway lock FILE [MANIFEST...|-] [--force]`: writes the placement lock file that
 * `RulePlacement.fromLockFile()` reads, from the AIGatewayRoute objects of manifests (`kubectl get aigatewayroutes -A
 * -o yaml`, or a committed output), or an empty one.
 */
import * as fs from 'fs';
import { aiGatewayRoutesOf, formatLockFile, MODEL_ROUTE_ANNOTATION, modelsOfRoute, readLockFile } from './placement';
import { compareStrings } from '../kubernetes/order';
import { ManifestReadError, readManifestFiles } from '../validation/manifest-files';

export const LOCK_USAGE = `Usage: cdk8s-ai-gateway lock FILE [MANIFEST...|-] [--force]

Writes the placement lock file of RulePlacement.fromLockFile() (FILE, for example cdk8s-ai-gateway.lock.json)
from the AIGatewayRoute objects in the manifests: each model keeps the object and rule index it has there.
'-' reads standard input:

  kubectl get aigatewayroutes -A -o yaml | cdk8s-ai-gateway lock cdk8s-ai-gateway.lock.json -

Without MANIFEST, writes a lock file with no route (the first synth then fills it in). An existing FILE is
replaced only with --force.

Exit status: 0 when FILE is written, 2 on bad usage, unreadable input, or an existing FILE without --force.`;

/** Output streams of the command. */
export interface LockCommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs `lock` with the arguments after the command name; returns the exit status. */
export function runLockCommand(args: string[], output: LockCommandOutput): number {
  const fail = (message: string): number => {
    output.stderr(`cdk8s-ai-gateway lock: ${message}\n\n${LOCK_USAGE}\n`);
    return 2;
  };
  if (args.includes('--help') || args.includes('-h')) {
    output.stdout(`${LOCK_USAGE}\n`);
    return 0;
  }
  const force = args.includes('--force');
  const unknown = args.find(a => a.startsWith('--') && a !== '--force');
  if (unknown !== undefined) return fail(`unknown option '${unknown}'.`);
  const [file, ...manifests] = args.filter(a => a !== '--force');
  if (file === undefined || file.length === 0) return fail('no FILE given.');
  if (fs.existsSync(file) && !force) {
    return fail(`'${file}' exists. Pass --force to replace it (the placement it holds is then lost).`);
  }
  let docs: any[] = [];
  if (manifests.length > 0) {
    try {
      docs = readManifestFiles(manifests, { allowEmpty: true }).objects;
    } catch (e) {
      if (e instanceof ManifestReadError) return fail((e as Error).message);
      throw e;
    }
  }
  const routes = routesOf(docs);
  if (manifests.length > 0 && Object.keys(routes).length === 0) {
    // An empty answer (another kubectl context, a failed command, an empty file) would write a lock with no placement,
    // and the next synth would repack every route: refuse it.
    return fail(`the input (${manifests.join(', ')}) holds no AIGatewayRoute (${docs.length} document(s) read), so there is no placement to ` +
      'keep. Check the kubectl context and namespace, or run without MANIFEST for a lock file with no route.');
  }
  const text = formatLockFile(routes);
  fs.writeFileSync(file, text);
  readLockFile(file); // what was written reads back as a lock file
  const count = Object.values(routes).reduce((n, objects) => n + Object.keys(objects).length, 0);
  output.stdout(`wrote ${file}: ${Object.keys(routes).length} route(s), ${count} AIGatewayRoute object(s)\n`);
  return 0;
}

/**
 * The AIGatewayRoute objects of the documents, per route (`<namespace>/<name>`): the annotation the library writes
 * names the route; without it, `<name>-<n>` (n ≥ 2) belongs to `<name>` when that object is there too.
 */
export function routesOf(docs: any[]): { [route: string]: { [objectName: string]: string[] } } {
  const objects = aiGatewayRoutesOf(docs).map(doc => {
    const route = doc.metadata.annotations?.[MODEL_ROUTE_ANNOTATION];
    return {
      namespace: String(doc.metadata.namespace ?? 'default'),
      name: String(doc.metadata.name),
      route: typeof route === 'string' ? route : undefined,
      models: modelsOfRoute(doc),
    };
  });
  const names = new Set(objects.map(o => `${o.namespace}/${o.name}`));
  const routes: { [route: string]: { [objectName: string]: string[] } } = {};
  for (const o of objects.sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))) {
    let base = o.route;
    if (base === undefined) {
      const m = /^(.*)-([2-9]|[1-9][0-9]+)$/.exec(o.name);
      base = m !== null && names.has(`${o.namespace}/${m[1]}`) ? m[1] : o.name;
    }
    (routes[`${o.namespace}/${base}`] ??= {})[o.name] = o.models;
  }
  return routes;
}
