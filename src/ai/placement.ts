import * as fs from 'fs';
import { Yaml } from 'cdk8s';

import { compareStrings } from '../kubernetes/order';
import { MODEL_HEADER } from '../kubernetes/well-known';

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
   * models after it. Use `fromManifests()` to keep every model in place.
   */
  public static none(): RulePlacement {
    return new RulePlacement(() => new Map());
  }

  /**
   * The placement recorded in manifests this library synthesized before (the committed YAML of the
   * previous synth, or `kubectl get aigatewayroutes -o yaml`): every AIGatewayRoute object in them, with
   * the models of its `x-ai-eg-model` rules in order. Files that do not exist are skipped, so the first
   * synth works with the same code.
   *
   * @param files paths of YAML files
   */
  public static fromManifests(...files: string[]): RulePlacement {
    return new RulePlacement(() => {
      const placement = new Map<string, string[]>();
      for (const file of files) {
        for (const doc of loadIfExists(file)) {
          if (doc?.kind !== 'AIGatewayRoute' || typeof doc.metadata?.name !== 'string') continue;
          const models: string[] = [];
          for (const rule of doc.spec?.rules ?? []) {
            for (const match of rule.matches ?? []) {
              for (const header of match.headers ?? []) {
                if (header.name === MODEL_HEADER && (header.type ?? 'Exact') === 'Exact') models.push(String(header.value));
              }
            }
          }
          placement.set(doc.metadata.name, models);
        }
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
    return new RulePlacement(() => copy);
  }

  private cache?: Map<string, string[]>;

  private constructor(private readonly read: () => Map<string, string[]>) {}

  /** Object name to models, read once. @internal */
  public _assignments(): Map<string, string[]> {
    this.cache ??= this.read();
    return this.cache;
  }
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
 * Guarantee: with `previous` = the result of the last run, items never move; removed items leave holes
 * that later additions fill; bucket numbers never change meaning. Without `previous`, the result is the
 * sorted items cut into consecutive buckets.
 *
 * @returns bucket number (from 1) to items, for non-empty buckets, in bucket order
 */
export function packStable(items: string[], capacity: number, previous: Map<number, string[]>): Map<number, string[]> {
  const wanted = new Set(items);
  const buckets = new Map<number, string[]>();
  const placed = new Set<string>();
  let highest = 0;
  for (const index of [...previous.keys()].sort((a, b) => a - b)) {
    highest = Math.max(highest, index);
    const kept: string[] = [];
    for (const item of previous.get(index)!) {
      if (wanted.has(item) && !placed.has(item) && kept.length < capacity) {
        kept.push(item);
        placed.add(item);
      }
    }
    buckets.set(index, kept);
  }
  const fresh = items.filter(item => !placed.has(item)).sort(compareStrings);
  let cursor = 0;
  for (const index of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = buckets.get(index)!;
    while (bucket.length < capacity && cursor < fresh.length) bucket.push(fresh[cursor++]);
  }
  while (cursor < fresh.length) {
    highest += 1;
    buckets.set(highest, fresh.slice(cursor, cursor + capacity));
    cursor += capacity;
  }
  return new Map([...buckets.entries()].filter(([, bucket]) => bucket.length > 0).sort(([a], [b]) => a - b));
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
