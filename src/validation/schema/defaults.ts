import { loadRelease, releases } from './data';

/**
 * The structural-schema defaulting of the API server for custom resources, alone: the `default` of a property is
 * set when the property is absent (or null and not nullable) and its parent object is present, recursively, also
 * inside array items and map values, and inside the defaults just set. `status` is left alone. Nothing is pruned
 * or checked: that is the validator's work (structural.ts).
 *
 * A schema is compiled into the part of its tree that leads to a default, so a walk visits only those fields.
 */

/** One object schema on the way to a default. */
interface DefaultsNode {
  /** [property, default, whether the property is nullable]. */
  readonly defaults: [string, unknown, boolean][];
  /** The properties with defaults at or below them. */
  readonly properties: Map<string, DefaultsNode>;
  /** The schema of a map's values, when defaults lie below it. */
  readonly additional?: DefaultsNode;
  /** The schema of an array's items, when defaults lie below it. */
  readonly items?: DefaultsNode;
}

function compile(schema: any): DefaultsNode | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const defaults: [string, unknown, boolean][] = [];
  const properties = new Map<string, DefaultsNode>();
  for (const [name, sub] of Object.entries<any>(schema.properties ?? {})) {
    if (sub?.default !== undefined) defaults.push([name, sub.default, sub.nullable === true]);
    const node = compile(sub);
    if (node !== undefined) properties.set(name, node);
  }
  const additional = typeof schema.additionalProperties === 'object' ? compile(schema.additionalProperties) : undefined;
  const items = schema.items !== null && typeof schema.items === 'object' && !Array.isArray(schema.items) ? compile(schema.items) : undefined;
  if (defaults.length === 0 && properties.size === 0 && additional === undefined && items === undefined) return undefined;
  return { defaults, properties, additional, items };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Sets the defaults below `value` in place. An object that gets a default has its keys sorted again, as cdk8s
 * writes them (unless CDK8S_DISABLE_SORT asks for insertion order); the keys of the root keep their order.
 */
function apply(node: DefaultsNode, value: unknown, root: boolean): void {
  if (Array.isArray(value)) {
    if (node.items !== undefined) for (const item of value) apply(node.items, item, false);
    return;
  }
  if (!isObject(value)) return;
  let added = false;
  for (const [name, def, nullable] of node.defaults) {
    const current = value[name];
    if (current === undefined || (current === null && !nullable)) {
      value[name] = JSON.parse(JSON.stringify(def));
      added = true;
    }
  }
  for (const [key, child] of Object.entries(value)) {
    const sub = node.properties.get(key) ?? node.additional;
    if (sub !== undefined && child !== null && child !== undefined) apply(sub, child, false);
  }
  if (added && !root && !process.env.CDK8S_DISABLE_SORT) {
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      delete value[key];
      value[key] = v;
    }
  }
}

/** Applies the defaults of one `openAPIV3Schema` to objects. */
export class SchemaDefaulter {
  private readonly root: DefaultsNode | undefined;

  public constructor(schema: any) {
    // Without `status`: the controller writes it, and the server's defaults there (a GatewayClass's Pending
    // condition) are not part of a manifest.
    const { status, ...properties } = schema?.properties ?? {};
    this.root = compile({ ...schema, properties });
  }

  /** Sets every default of the schema in `object` that it lacks, in place, and returns it. */
  public applyTo<T>(object: T): T {
    if (this.root !== undefined) apply(this.root, object, true);
    return object;
  }
}

/** 'release id/group/version/Kind' → defaulter (undefined when the release does not serve the kind). */
const DEFAULTERS = new Map<string, SchemaDefaulter | undefined>();

/**
 * The defaulter of an apiVersion and kind in a pinned release of a project (a Gateway API release names its
 * experimental channel, as in the validator's options).
 *
 * @returns undefined when no pinned release of the project has that release number or serves the kind
 */
export function schemaDefaulter(project: string, release: string, apiVersion: string, kind: string): SchemaDefaulter | undefined {
  const slash = apiVersion.indexOf('/');
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const entry = releases().find(r => r.project === project && r.channel !== 'standard' && r.release === release);
  const key = `${entry?.id}/${group}/${version}/${kind}`;
  if (DEFAULTERS.has(key)) return DEFAULTERS.get(key);
  let defaulter: SchemaDefaulter | undefined;
  // Built-in kinds have no schema defaults (theirs are Go code).
  if (entry !== undefined && !entry.builtIn && slash > 0 && entry.served.includes(`${group}/${version}/${kind}`)) {
    const data = loadRelease(entry);
    const schemaId = data.kinds.find(k => k.group === group && k.kind === kind)!.versions.find(v => v.name === version)!.schema;
    defaulter = new SchemaDefaulter(data.schemas![schemaId]);
  }
  DEFAULTERS.set(key, defaulter);
  return defaulter;
}
