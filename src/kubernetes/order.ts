import { IConstruct } from 'constructs';

/**
 * Deterministic order: the same input gives byte-identical YAML, whatever the locale or the order of calls.
 */

/** Byte-wise (UTF-16 code unit) string order, independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy with keys in sorted order, or undefined when empty: deterministic output. */
export function sortedMap(map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  const keys = Object.keys(map ?? {}).sort(compareStrings);
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map(k => [k, map![k]]));
}

/**
 * Puts some children of `scope` in the given order, in the places they hold among its children now; the other
 * children keep theirs. cdk8s writes a chart's objects in the order of the construct tree, which is the order
 * constructs were created in: generated objects that are created when first needed (a model's backend, the
 * second AIGatewayRoute) would otherwise move in the output when an unrelated model is removed.
 *
 * constructs 10 has no public way to reorder children; its Node keeps them in an insertion-ordered record
 * (`_children`), which this rewrites. When that record is not there (another constructs release), the order is
 * left as it is: the tests of output order then fail, not the synth.
 */
export function placeChildrenInOrder(scope: IConstruct, ordered: IConstruct[]): void {
  const children = (scope.node as unknown as { _children?: { [id: string]: IConstruct } })._children;
  if (children === undefined || typeof children !== 'object' || ordered.length < 2) return;
  const wanted = new Set(ordered.map(c => c.node.id));
  const entries = Object.entries(children);
  if (entries.filter(([id]) => wanted.has(id)).length !== ordered.length) return;
  let changed = false;
  let slot = 0;
  const placed = entries.map(([id, child]) => {
    if (!wanted.has(id)) return [id, child] as const;
    const next = ordered[slot++];
    if (next !== child) changed = true;
    return [next.node.id, next] as const;
  });
  if (!changed) return;
  for (const id of Object.keys(children)) delete children[id];
  for (const [id, child] of placed) children[id] = child;
}

/** Per scope: the children kept in order by `keepInOrder()`, with their sort keys. */
const KEPT = new WeakMap<IConstruct, { key: string; construct: IConstruct }[]>();

/**
 * Keeps a generated child of `scope` (a chart's shared backends, policies and grants) in the order of its key among
 * the other children kept so: at synth they fill the places those children hold, in key order. Call it once per child
 * when creating it.
 */
export function keepInOrder(scope: IConstruct, construct: IConstruct, key: string): void {
  let kept = KEPT.get(scope);
  if (kept === undefined) {
    const entries: { key: string; construct: IConstruct }[] = [];
    kept = entries;
    KEPT.set(scope, entries);
    scope.node.addValidation({
      validate: () => {
        placeChildrenInOrder(scope, [...entries].sort((a, b) => compareStrings(a.key, b.key)).map(e => e.construct));
        return [];
      },
    });
  }
  kept.push({ key, construct });
}
