import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';

import { compareStrings } from '../kubernetes/order';
import { MODEL_HEADER } from '../kubernetes/well-known';

/** The lock file `RulePlacement.fromLockFile()` reads and writes when given no path. */
export const DEFAULT_LOCK_FILE = 'cdk8s-ai-gateway.lock.json';

/**
 * The annotation on each AIGatewayRoute object naming the AiModelRoute it belongs to (its base name), so that a
 * placement read back from the cluster knows `<name>-2` from a route named so.
 */
export const MODEL_ROUTE_ANNOTATION = 'cdk8s-ai-gateway.dev/model-route';

/** The version of the lock file's format this library writes and reads. */
const LOCK_FILE_VERSION = 1;

/**
 * Where the models of an AiModelRoute went last time: for each AIGatewayRoute object name, its models in
 * rule order. Given to `AiModelRoute` so that a synth keeps every model where it was.
 *
 * Why it is needed: no rule that looks only at the current list of models can pack them 15 to an object
 * and keep them in place when models are added. If adding models never moved one, a model's object would
 * depend on its name alone (add the others one by one, starting from it), so some object would be the
 * home of every name that maps to it: more than 15 in the end, whatever the mapping (hash buckets, sorted
 * chunks, ...). The previous placement is the memory that makes packing stable.
 */
export class RulePlacement {
  /**
   * No memory: models are packed in the order of their names, 15 (the CRD's limit) to an object. Stable
   * as long as models are only added after the last one in name order; an insertion earlier moves the
   * models after it. Use `fromLockFile()` to keep every model in place.
   */
  public static none(): RulePlacement {
    return new RulePlacement(undefined, () => new Map());
  }

  /**
   * The placement kept in a lock file that the synth writes, like package-lock.json: commit it beside
   * `cdk8s.yaml`, outside the output folder (`cdk8s synth` deletes the output folder before the app runs, so
   * nothing read from there survives). Each synth reads the file, keeps every model where it was, and writes
   * the new placement back (only when it changed). Several routes can share one file: each has its entry,
   * under `<namespace>/<name>`; entries of routes the app no longer declares are dropped.
   *
   * The first synth creates the file. A synth fails, instead of repacking, when the file cannot be read (it
   * is not a file, not JSON, or not a lock file of this library). In a pipeline (`frozen`, the default when the
   * environment variable `CI` is set, as `npm ci` treats package-lock.json) the file is never written: a synth
   * fails when it is missing or out of date (models added or removed without committing the lock), since the
   * placement would then depend on the pipeline's history instead of the repository. Recreate a lost file from the cluster with
   * `kubectl get aigatewayroutes -A -o yaml | npx cdk8s-ai-gateway lock <file>`, or from a committed output
   * with `npx cdk8s-ai-gateway lock <file> dist/<chart>.k8s.yaml`.
   *
   * @param file path of the lock file, relative to the directory the app runs in (where `cdk8s synth` runs,
   *   beside `cdk8s.yaml`)
   * @default 'cdk8s-ai-gateway.lock.json'
   */
  public static fromLockFile(file: string = DEFAULT_LOCK_FILE, options: LockFileOptions = {}): RulePlacement {
    if (file.length === 0) throw new Error("RulePlacement.fromLockFile: the file name is empty. Use, for example, 'cdk8s-ai-gateway.lock.json'.");
    return new RulePlacement({ file: path.resolve(file), frozen: options.frozen ?? ciEnvironment() }, () => new Map());
  }

  /**
   * The placement recorded in manifests this library synthesized before (`kubectl get aigatewayroutes -A -o
   * yaml`, or a committed copy of an earlier output): every AIGatewayRoute object in them, with the models of
   * its `x-ai-eg-model` rules in order. Files that do not exist are skipped. Do not point it at the output
   * folder of `cdk8s synth`, which is deleted before the app runs: use `fromLockFile()` there.
   *
   * @param files paths of YAML files
   */
  public static fromManifests(...files: string[]): RulePlacement {
    return new RulePlacement(undefined, () => {
      const placement = new Map<string, string[]>();
      for (const file of files) {
        for (const [name, models] of placementOfDocuments(loadIfExists(file))) placement.set(name, models);
      }
      return placement;
    });
  }

  /**
   * A placement written down by hand or kept elsewhere: AIGatewayRoute object name to its models, in
   * rule order (what `AiModelRoute.placement` returns).
   */
  public static fromAssignments(assignments: { [objectName: string]: string[] }): RulePlacement {
    const copy = new Map(Object.entries(assignments).map(([name, models]) => [name, [...models]]));
    return new RulePlacement(undefined, () => copy);
  }

  private cache?: Map<string, string[]>;
  private lockContent?: { content: LockFileContent | undefined };

  /**
   * @param lock the lock file (absolute path) this placement is kept in, if any
   * @param read the placement of the other sources: object name (or `<namespace>/<object name>`) to models
   */
  private constructor(private readonly lock: { readonly file: string; readonly frozen: boolean } | undefined,
    private readonly read: () => Map<string, string[]>) {}

  /** The lock file this placement is kept in, if any: its absolute path and whether it is frozen. @internal */
  public get _lock(): { readonly file: string; readonly frozen: boolean } | undefined {
    return this.lock;
  }

  /** The lock file's content as read before this synth wrote anything (undefined when it does not exist). @internal */
  public _lockContent(): LockFileContent | undefined {
    this.lockContent ??= { content: readLockFile(this.lock!.file) };
    return this.lockContent.content;
  }

  /**
   * The objects of one route in the placement: object name to models in rule order. A lock file has an entry per
   * route; manifests name objects, with their namespace when they have one. @internal
   */
  public _assignmentsFor(namespace: string, routeName: string): Map<string, string[]> {
    if (this.lock !== undefined) return new Map(Object.entries(this._lockContent()?.routes[`${namespace}/${routeName}`] ?? {}));
    this.cache ??= this.read();
    const out = new Map<string, string[]>();
    for (const [key, models] of this.cache) {
      const slash = key.indexOf('/');
      if (slash < 0) out.set(key, models);
      else if (key.slice(0, slash) === namespace) out.set(key.slice(slash + 1), models);
    }
    return out;
  }
}

/** Options of `RulePlacement.fromLockFile()`. */
export interface LockFileOptions {
  /**
   * Whether the lock file is only read, never written: the synth fails when it is missing or out of date (as
   * `npm ci` treats package-lock.json). Right for pipelines, which synthesize what the repository holds.
   *
   * @default - true when the environment variable `CI` is set (to anything but '', 'false' or '0'), else false
   */
  readonly frozen?: boolean;
}

function ciEnvironment(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** The content of a lock file: per route (`<namespace>/<name>`), AIGatewayRoute object name to models in rule order. */
export interface LockFileContent {
  readonly lockfileVersion: number;
  readonly routes: { [route: string]: { [objectName: string]: string[] } };
}

/**
 * Reads a lock file: undefined when it does not exist; throws, naming the file and the fix, when it exists but is not
 * a readable lock file of this library.
 */
export function readLockFile(file: string): LockFileContent | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw lockError(file, `cannot be read (${(e as Error).message})`);
  }
  if (!stat.isFile()) throw lockError(file, 'is not a regular file (a directory or a special file)');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw lockError(file, `cannot be read (${(e as Error).message})`);
  }
  let content: any;
  try {
    content = JSON.parse(text);
  } catch (e) {
    throw lockError(file, `is not JSON (${(e as Error).message})`);
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) throw lockError(file, 'is not a JSON object');
  if (content.lockfileVersion !== LOCK_FILE_VERSION) {
    throw lockError(file, `has lockfileVersion ${JSON.stringify(content.lockfileVersion)}; this version of the library reads ${LOCK_FILE_VERSION}`);
  }
  const routes = content.routes;
  if (routes === null || typeof routes !== 'object' || Array.isArray(routes)) throw lockError(file, "has no 'routes' object");
  for (const [route, objects] of Object.entries(routes)) {
    if (objects === null || typeof objects !== 'object' || Array.isArray(objects)) throw lockError(file, `routes['${route}'] is not an object`);
    const seen = new Set<string>();
    for (const [name, models] of Object.entries(objects as object)) {
      if (!Array.isArray(models) || models.some(m => typeof m !== 'string')) {
        throw lockError(file, `routes['${route}']['${name}'] is not a list of model names`);
      }
      for (const model of models as string[]) {
        if (seen.has(model)) throw lockError(file, `routes['${route}'] places model '${model}' twice`);
        seen.add(model);
      }
    }
  }
  return { lockfileVersion: LOCK_FILE_VERSION, routes };
}

/** The text of a lock file: keys in name order, two-space indentation, a final newline (byte-identical for the same placement). */
export function formatLockFile(routes: { [route: string]: { [objectName: string]: string[] } }): string {
  const sorted: { [route: string]: { [objectName: string]: string[] } } = {};
  for (const route of Object.keys(routes).sort(compareStrings)) {
    sorted[route] = {};
    for (const name of Object.keys(routes[route]).sort(compareObjectNames)) sorted[route][name] = [...routes[route][name]];
  }
  return JSON.stringify({ lockfileVersion: LOCK_FILE_VERSION, routes: sorted }, undefined, 2) + '\n';
}

/** The AIGatewayRoute objects of documents (the items of a `kind: List` too, as `kubectl get -o yaml` returns them). */
export function aiGatewayRoutesOf(docs: any[]): any[] {
  return docs.flatMap(doc => doc?.kind === 'List' && Array.isArray(doc.items) ? aiGatewayRoutesOf(doc.items)
    : doc?.kind === 'AIGatewayRoute' && typeof doc.metadata?.name === 'string' ? [doc] : []);
}

/** The public model names of an AIGatewayRoute's rules, in rule order (their exact `x-ai-eg-model` matches). */
export function modelsOfRoute(doc: any): string[] {
  const models: string[] = [];
  for (const rule of doc.spec?.rules ?? []) {
    for (const match of rule.matches ?? []) {
      for (const header of match.headers ?? []) {
        if (header.name === MODEL_HEADER && (header.type ?? 'Exact') === 'Exact') models.push(String(header.value));
      }
    }
  }
  return models;
}

/** The placement of AIGatewayRoute documents: object name (`<namespace>/<name>` when it has a namespace) to its models. */
function placementOfDocuments(docs: any[]): Map<string, string[]> {
  return new Map(aiGatewayRoutesOf(docs).map(doc => [
    doc.metadata.namespace === undefined ? doc.metadata.name : `${doc.metadata.namespace}/${doc.metadata.name}`,
    modelsOfRoute(doc),
  ]));
}

/** Object names in bucket order: `<base>`, `<base>-2`, ..., `<base>-10` (not `-10` before `-2`). */
function compareObjectNames(a: string, b: string): number {
  const [, baseA, numA] = /^(.*?)(?:-([1-9][0-9]*))?$/.exec(a)!;
  const [, baseB, numB] = /^(.*?)(?:-([1-9][0-9]*))?$/.exec(b)!;
  if (baseA === baseB) return Number(numA ?? 1) - Number(numB ?? 1);
  return compareStrings(a, b);
}

function lockError(file: string, problem: string): Error {
  return new Error(`lock file '${file}' ${problem}. Fix or delete it and recreate it from the cluster: ` +
    `kubectl get aigatewayroutes -A -o yaml | npx cdk8s-ai-gateway lock '${file}' (or from a committed output: npx cdk8s-ai-gateway lock '${file}' <file.yaml>).`);
}

/**
 * The documents of a YAML file, or none when the file does not exist (yet). Existence is asked of the file
 * system first: cdk8s would read a missing path as a URL and fail.
 */
function loadIfExists(file: string): any[] {
  if (!fs.existsSync(file)) return [];
  return Yaml.load(file);
}

/**
 * Packs items into numbered buckets of at most `capacity`, keeping every item that a previous placement
 * put somewhere in that bucket and at its place in the order, then filling free places (lowest bucket
 * first) with new items in sorted order, then opening new buckets after the highest one ever used.
 *
 * A removed item leaves a hole at its place: in each bucket, new items fill its holes first, at the removed
 * items' positions (so the items after them keep their index), then its end. A hole that no new item fills
 * closes up, and the items after it in that bucket move up by one place.
 *
 * Guarantee: with `previous` = the result of the last run, items never change bucket; bucket numbers never
 * change meaning. Without `previous`, the result is the sorted items cut into consecutive buckets.
 *
 * @returns bucket number (from 1) to items, for non-empty buckets, in bucket order
 */
export function packStable(items: string[], capacity: number, previous: Map<number, string[]>): Map<number, string[]> {
  const wanted = new Set(items);
  const buckets = new Map<number, (string | undefined)[]>();
  const placed = new Set<string>();
  let highest = 0;
  for (const index of [...previous.keys()].sort((a, b) => a - b)) {
    highest = Math.max(highest, index);
    const kept: (string | undefined)[] = [];
    for (const item of previous.get(index)!.slice(0, capacity)) {
      if (wanted.has(item) && !placed.has(item)) {
        kept.push(item);
        placed.add(item);
      } else {
        kept.push(undefined); // a hole, at the place of a removed (or repeated) item
      }
    }
    while (kept.length > 0 && kept[kept.length - 1] === undefined) kept.pop();
    buckets.set(index, kept);
  }
  const fresh = items.filter(item => !placed.has(item)).sort(compareStrings);
  let cursor = 0;
  const result = new Map<number, string[]>();
  for (const index of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = buckets.get(index)!;
    for (let i = 0; i < bucket.length && cursor < fresh.length; i++) {
      if (bucket[i] === undefined) bucket[i] = fresh[cursor++];
    }
    const filled = bucket.filter((item): item is string => item !== undefined);
    while (filled.length < capacity && cursor < fresh.length) filled.push(fresh[cursor++]);
    result.set(index, filled);
  }
  while (cursor < fresh.length) {
    highest += 1;
    result.set(highest, fresh.slice(cursor, cursor + capacity));
    cursor += capacity;
  }
  return new Map([...result.entries()].filter(([, bucket]) => bucket.length > 0).sort(([a], [b]) => a - b));
}

/**
 * Which buckets `packStable(items, capacity, previous)` fills, kept up to date as items are added one by one,
 * at a constant cost per item (plus one pass over the previous buckets per question): a route learns which
 * AIGatewayRoute objects it needs after each `addModel()` without packing every model again (which made
 * declaring N models cost N packs).
 *
 * Exact for every previous placement in which no bucket holds more than `capacity` items and no item is
 * listed twice (what this library writes); for any other, it packs in full.
 */
export class BucketCounter {
  private readonly home = new Map<string, number>();
  private readonly kept = new Map<number, number>();
  private readonly indices: number[];
  private readonly items: string[] = [];
  private readonly wellFormed: boolean;
  private fresh = 0;

  public constructor(private readonly capacity: number, private readonly previous: Map<number, string[]>) {
    this.indices = [...previous.keys()].sort((a, b) => a - b);
    let wellFormed = true;
    for (const index of this.indices) {
      const bucket = previous.get(index)!;
      if (bucket.length > capacity) wellFormed = false;
      for (const item of bucket) {
        if (this.home.has(item)) wellFormed = false;
        else this.home.set(item, index);
      }
    }
    this.wellFormed = wellFormed;
  }

  /** Adds an item that is not there yet. */
  public add(item: string): void {
    this.items.push(item);
    const home = this.home.get(item);
    if (home === undefined) this.fresh++;
    else this.kept.set(home, (this.kept.get(home) ?? 0) + 1);
  }

  /** The numbers of the non-empty buckets, ascending: the keys of `packStable(items, capacity, previous)`. */
  public buckets(): number[] {
    if (!this.wellFormed) return [...packStable(this.items, this.capacity, this.previous).keys()];
    const result: number[] = [];
    let remaining = this.fresh;
    for (const index of this.indices) {
      const kept = this.kept.get(index) ?? 0;
      const taken = Math.min(this.capacity - kept, remaining);
      remaining -= taken;
      if (kept + taken > 0) result.push(index);
    }
    const highest = this.indices.length > 0 ? this.indices[this.indices.length - 1] : 0;
    for (let extra = 1; remaining > 0; extra++, remaining -= this.capacity) result.push(highest + extra);
    return result;
  }
}

/** The object name of bucket `index` of a base name: the base itself, then `<base>-2`, `<base>-3`, ... */
export function bucketName(base: string, index: number): string {
  return index === 1 ? base : `${base}-${index}`;
}

/** The bucket number an object name stands for under a base name, or undefined when it is not one of them. */
export function bucketIndex(base: string, name: string): number | undefined {
  if (name === base) return 1;
  if (!name.startsWith(`${base}-`)) return undefined;
  const rest = name.slice(base.length + 1);
  return /^[1-9][0-9]*$/.test(rest) && Number(rest) >= 2 ? Number(rest) : undefined;
}
