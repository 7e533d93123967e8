import { celPropertyName, CelProgram, compileCel, evaluateRule, RuleOutcome } from './cel';
import { dnsLabelProblem, dnsSubdomainProblem, formatProblem, goDecodingProblem, labelValueProblem, maskTrailingDash, qualifiedNameProblem } from './formats';
import { memoKey, MemoSchema, RuleMemo } from './rule-memo';

/** Go's time.RFC3339 layout, as ObjectMeta's timestamps are decoded. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const OBJECT_META_FIELDS = new Set(['name', 'generateName', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences',
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']);

/**
 * A compiled `openAPIV3Schema` with the API server's semantics for custom resources: defaulting, pruning
 * of unknown fields, structural checks, then the `x-kubernetes-validations` CEL rules.
 */

/** A finding, with the path of the offending field (`spec.rules[0].backendRefs[1].port`; '' for the object). */
export interface Finding {
  readonly path: string;
  readonly message: string;
  readonly rule?: string;
  readonly warning?: boolean;
}

interface CompiledRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  /** Reads `oldSelf`: a transition rule, which the API server runs on updates only. */
  readonly transition: boolean;
  program?: CelProgram;
  memo?: RuleMemo<RuleOutcome>;
}

interface Pattern {
  readonly source: string;
  readonly regexp?: RegExp;
}

/**
 * The shared definitions of a set of schemas (the OpenAPI definitions of the built-in kinds), compiled once each
 * on first use and shared by every kind that refers to them (`{ $ref: 'io.k8s.api.core.v1.PodSpec' }`).
 */
export class SchemaDefinitions {
  private readonly compiled = new Map<string, SchemaNode>();

  public constructor(private readonly raw: { [name: string]: any }) {}

  /** The compiled definition; a definition that refers to itself (JSONSchemaProps) gets its own node. */
  public node(name: string): SchemaNode {
    let node = this.compiled.get(name);
    if (node === undefined) {
      const schema = this.raw[name];
      if (schema === undefined) throw new Error(`the schema definition ${name} is missing from the validation data`);
      // Registered before its children are compiled, so that a recursive reference finds it.
      node = Object.create(SchemaNode.prototype) as SchemaNode;
      this.compiled.set(name, node);
      node.init(schema, this);
    }
    return node;
  }
}

function compileNode(s: any, definitions?: SchemaDefinitions): SchemaNode {
  if (definitions !== undefined && typeof s?.$ref === 'string') return definitions.node(s.$ref);
  return new SchemaNode(s, definitions);
}

/** One compiled schema node (assigned once, by init). */
class SchemaNode implements MemoSchema {
  public type?: string;
  public nullable!: boolean;
  public intOrString!: boolean;
  /** A Kubernetes quantity (`format: quantity`): a string that parses as one, or a number. */
  public quantity!: boolean;
  public preserveUnknown!: boolean;
  public properties?: Map<string, SchemaNode>;
  public celNames?: Map<string, string | undefined>;
  public additional?: SchemaNode;
  public additionalAllowed!: boolean;
  public items?: SchemaNode;
  public defaults!: [string, unknown][];
  public required!: string[];
  /** Required fields that the API server may accept absent (`x-required-if-unsure` of the built-in kinds' data). */
  public requiredIfUnsure!: string[];
  public enumValues?: string[];
  public pattern?: Pattern;
  public format?: string;
  public minimum?: number;
  public maximum?: number;
  public exclusiveMinimum!: boolean;
  public exclusiveMaximum!: boolean;
  public multipleOf?: number;
  /** An integer field's own bounds that lie outside its format, by kube-openapi's name (`Maximum`), found once. */
  public boundsOutsideFormat?: [string, number][];
  public minLength?: number;
  public maxLength?: number;
  public minItems?: number;
  public maxItems?: number;
  public minProperties?: number;
  public maxProperties?: number;
  public listType?: string;
  public listMapKeys?: string[];
  public allOf?: SchemaNode[];
  public anyOf?: SchemaNode[];
  public oneOf?: SchemaNode[];
  public not?: SchemaNode;
  public rules!: CompiledRule[];
  /** Whether this node or one below it carries CEL rules. */
  public hasRules!: boolean;
  /** CEL name → property name, for the properties whose CEL name differs (`__namespace__` → `namespace`). */
  private propertyOfCel?: Map<string, string>;
  /** Whether checkValue has anything to check on this node's values (most nodes of built-in kinds have not). */
  public checksValues!: boolean;

  public constructor(s: any, definitions?: SchemaDefinitions) {
    this.init(s, definitions);
  }

  public init(s: any, definitions?: SchemaDefinitions) {
    this.type = s.type;
    this.nullable = s.nullable === true;
    this.intOrString = s['x-kubernetes-int-or-string'] === true;
    this.quantity = s.format === 'quantity' && s.type === undefined;
    this.preserveUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
    this.defaults = [];
    let hasRules = false;
    if (s.properties) {
      this.properties = new Map();
      this.celNames = new Map();
      for (const [name, sub] of Object.entries<any>(s.properties)) {
        const node = compileNode(sub, definitions);
        this.properties.set(name, node);
        this.celNames.set(name, celPropertyName(name));
        if (sub.default !== undefined) this.defaults.push([name, sub.default]);
        hasRules ||= node.hasRules === true;
      }
    }
    if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') {
      this.additional = compileNode(s.additionalProperties, definitions);
      hasRules ||= this.additional.hasRules === true;
    }
    this.additionalAllowed = s.additionalProperties === true;
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) {
      this.items = compileNode(s.items, definitions);
      hasRules ||= this.items.hasRules === true;
    }
    this.required = s.required ?? [];
    this.requiredIfUnsure = s['x-required-if-unsure'] ?? [];
    this.enumValues = s.enum?.map((v: unknown) => JSON.stringify(v));
    if (typeof s.pattern === 'string') this.pattern = compilePattern(s.pattern);
    this.format = s.format;
    this.minimum = s.minimum;
    this.maximum = s.maximum;
    this.exclusiveMinimum = s.exclusiveMinimum === true;
    this.exclusiveMaximum = s.exclusiveMaximum === true;
    this.multipleOf = s.multipleOf;
    if (this.type === 'integer') {
      const outside = ([['Maximum', this.maximum], ['Minimum', this.minimum], ['MultipleOf', this.multipleOf]] as [string, number | undefined][])
        .filter((b): b is [string, number] => b[1] !== undefined && !inIntegerFormat(b[1], this.format));
      if (outside.length > 0) this.boundsOutsideFormat = outside;
    }
    this.minLength = s.minLength;
    this.maxLength = s.maxLength;
    this.minItems = s.minItems;
    this.maxItems = s.maxItems;
    this.minProperties = s.minProperties;
    this.maxProperties = s.maxProperties;
    this.listType = s['x-kubernetes-list-type'];
    this.listMapKeys = s['x-kubernetes-list-map-keys'];
    this.allOf = s.allOf?.map((x: any) => compileNode(x, definitions));
    this.anyOf = s.anyOf?.map((x: any) => compileNode(x, definitions));
    this.oneOf = s.oneOf?.map((x: any) => compileNode(x, definitions));
    this.not = s.not ? compileNode(s.not, definitions) : undefined;
    this.rules = (s['x-kubernetes-validations'] ?? []).map((r: any) => ({
      rule: r.rule,
      message: r.message,
      messageExpression: r.messageExpression,
      reason: r.reason,
      fieldPath: r.fieldPath,
      transition: /\boldSelf\b/.test(r.rule) && r.optionalOldSelf !== true,
    }));
    this.hasRules = hasRules || this.rules.length > 0;
    this.checksValues = this.enumValues !== undefined || this.maxLength !== undefined || this.minLength !== undefined
      || this.pattern !== undefined || this.format !== undefined || this.intOrString || this.minimum !== undefined
      || this.maximum !== undefined || this.multipleOf !== undefined || this.maxItems !== undefined || this.minItems !== undefined
      || this.listType === 'set' || this.listType === 'map' || this.required.length > 0 || this.requiredIfUnsure.length > 0
      || this.maxProperties !== undefined || this.minProperties !== undefined || this.allOf !== undefined || this.anyOf !== undefined
      || this.oneOf !== undefined || this.not !== undefined;
  }

  /** The property a rule means by `self.<celName>`: the unescaped name, or the name itself (map keys, unknown fields). */
  public propertyOfCelName(celName: string): string {
    if (this.celNames === undefined) return celName;
    if (this.propertyOfCel === undefined) {
      this.propertyOfCel = new Map();
      for (const [name, cel] of this.celNames) if (cel !== undefined && cel !== name) this.propertyOfCel.set(cel, name);
    }
    return this.propertyOfCel.get(celName) ?? celName;
  }
}

function compilePattern(source: string): Pattern {
  for (const flags of ['u', '']) {
    try {
      return { source, regexp: new RegExp(source, flags) };
    } catch {
      // Try the next flags; RE2 syntax that JavaScript lacks is reported when the pattern is used.
    }
  }
  return { source };
}

/** The schema keywords whose errors keep the API server from running the CEL rules. */
const BLOCKING = new Set(['type', 'enum', 'required', 'maxLength', 'maxItems', 'maxProperties']);

/** The names of custom resources: DNS subdomains (a generateName's trailing dash masked, as the API server does). */
const SUBDOMAIN_NAMES: NameRule = { problem: (name, prefix) => dnsSubdomainProblem(prefix ? maskTrailingDash(name) : name) };

/** Where findings go while an object is checked. */
class Context {
  public readonly findings: Finding[] = [];
  /**
   * Whether there is a type, enum (NotSupported), required, maxLength (TooLong) or maxItems/maxProperties
   * (TooMany) error: the API server then skips the CEL rules, which expect the object's shape.
   */
  public blocking = false;
  /** The values converted for CEL during this check, so that each is converted once (see `toCel`). */
  public readonly converted = new Map<object, { node: SchemaNode; cel: unknown }>();

  public add(path: string, message: string, rule: string, warning = false) {
    this.findings.push(warning ? { path, message, rule, warning } : { path, message, rule });
    if (BLOCKING.has(rule)) this.blocking = true;
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value);
  return text !== undefined && text.length > 80 ? `${text.slice(0, 77)}...` : String(text);
}

function hasType(node: SchemaNode, value: unknown): boolean {
  if (node.intOrString) return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  if (node.quantity) return typeof value === 'string' || (typeof value === 'number' && isFinite(value));
  switch (node.type) {
    case undefined: return true;
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    // An integer beyond int64 is decoded as a float by the API server, so it is not an integer.
    case 'integer': return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 63;
    case 'number': return typeof value === 'number' && isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

/** The type a node demands, as findings name it. */
function typeName(node: SchemaNode): string | undefined {
  if (node.intOrString) return 'integer or string';
  if (node.quantity) return 'string or number (a quantity)';
  return node.type;
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Options of a compiled schema. */
export interface CompiledSchemaOptions {
  /** The shared definitions its `$ref`s name. */
  readonly definitions?: SchemaDefinitions;
  /**
   * A built-in kind, which the API server decodes into its Go type instead of validating against the schema:
   * a null is the field's zero value (never a type error), the schema's defaults are not applied, formats are
   * checked as the decoding does (base64 of `byte`, RFC 3339 of `date-time`, quantities), `status` is decoded
   * but not validated (the server resets it on create), and list-map duplicates are warnings (server-side apply
   * refuses them; the Go validation of some lists only).
   */
  readonly builtIn?: boolean;
}

/**
 * How the API server checks an object's metadata.name and generateName: a function giving the problem of a name
 * (prefix: a generateName), and whether the rule is known for the kind (unknown: its findings are warnings).
 */
export interface NameRule {
  readonly problem: (name: string, prefix: boolean) => string | undefined;
  /** Problems the kind's own rule may not have (a name rule not confirmed for the kind): warnings. */
  readonly advice?: (name: string, prefix: boolean) => string | undefined;
}

/** A kind/version's compiled schema: validates objects, reusing the compiled nodes and CEL programs. */
export class CompiledSchema {
  private readonly root: SchemaNode;
  private readonly builtIn: boolean;
  /** The scope of the object being validated. */
  private namespaced?: boolean;
  /** The name rule of the object being validated. */
  private nameRule?: NameRule;

  public constructor(schema: any, options: CompiledSchemaOptions = {}) {
    this.root = compileNode(schema, options.definitions);
    this.builtIn = options.builtIn === true;
  }

  /**
   * @param namespaced whether the kind is namespaced (its namespace is then checked); undefined checks a
   * namespace when there is one
   * @param nameRule the rule of metadata.name (default: a DNS subdomain, the rule of custom resources)
   */
  public validate(object: any, namespaced?: boolean, nameRule?: NameRule): Finding[] {
    const ctx = new Context();
    this.namespaced = namespaced;
    this.nameRule = nameRule;
    if (this.builtIn) {
      // Built-in kinds have neither defaults nor CEL rules in their schema: a walk that checks, and copies nothing.
      this.checkBuiltIn(this.root, object, '', ctx, true);
      return ctx.findings;
    }
    const prepared = this.prepare(this.root, object, '', ctx, true);
    if (ctx.blocking) {
      if (this.root.hasRules) {
        ctx.add('', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation', 'x-kubernetes-validations');
      }
    } else if (this.root.hasRules) {
      this.cel(this.root, prepared, '', ctx, true);
    }
    return ctx.findings;
  }

  /** The object with defaults applied and unknown fields pruned, as the API server stores it. */
  public defaulted(object: any): any {
    return JSON.parse(JSON.stringify(this.prepare(this.root, object, '', new Context(), true)));
  }

  /**
   * Defaulting, pruning and the structural checks, in one walk: returns the value as the API server
   * stores it (defaults applied, unknown fields and non-nullable nulls removed).
   */
  private prepare(node: SchemaNode, value: any, path: string, ctx: Context, root = false): any {
    if (value === null) {
      // A built-in kind's null decodes to the field's zero value.
      if (!this.builtIn && !node.nullable && (node.type !== undefined || node.intOrString)) {
        ctx.blocking = true;
        ctx.add(path, `Invalid value: "null": must be of type ${typeName(node)}`, 'type');
      }
      return value;
    }
    if (!hasType(node, value)) {
      ctx.blocking = true;
      ctx.add(path, `Invalid value: "${typeOf(value)}": must be of type ${typeName(node)}`, 'type');
      return value;
    }
    let result = value;
    if (typeof value === 'object' && !Array.isArray(value) && (node.type === 'object' || node.properties || node.additional)) {
      result = { ...value };
      for (const [name, def] of node.defaults) {
        const current = result[name];
        if (current === undefined || (current === null && !node.properties!.get(name)!.nullable)) result[name] = clone(def);
      }
      for (const key of Object.keys(result)) {
        if (result[key] === undefined) {
          // Absent, as in the object's JSON or YAML form (objects built in code may carry undefined keys).
          delete result[key];
          continue;
        }
        const child = node.properties?.get(key);
        const childPath = join(path, key);
        if (root && key === 'metadata') {
          this.checkMetadata(result[key], childPath, ctx, this.namespaced);
          continue;
        }
        if (child) {
          if (result[key] === null && (this.builtIn || !child.nullable)) {
            // The API server prunes nulls of non-nullable fields.
            delete result[key];
            continue;
          }
          result[key] = this.prepare(child, result[key], childPath, ctx);
        } else if (node.additional) {
          if (result[key] === null && (this.builtIn || !node.additional.nullable)) {
            // Nulls of a map's values are pruned the same way.
            delete result[key];
            continue;
          }
          result[key] = this.prepare(node.additional, result[key], `${path}[${key}]`, ctx);
        } else if (!node.preserveUnknown && !node.additionalAllowed && !(root && (key === 'apiVersion' || key === 'kind'))) {
          ctx.add(childPath, this.builtIn
            ? `unknown field "${childPath}": strict decoding error: the API server refuses it (kubectl's default ` +
              '--validate=strict); remove it, or correct its name or indentation'
            : `unknown field "${childPath}": the schema does not define it; the API server rejects it ` +
              '(kubectl\'s default strict field validation) or silently drops it', 'unknown-field');
          delete result[key];
        }
      }
    } else if (Array.isArray(value) && node.items) {
      result = value.map((item, i) => this.prepare(node.items!, item, `${path}[${i}]`, ctx));
    }
    this.checkValue(node, result, path, ctx);
    return result;
  }

  /**
   * The checks of `prepare` on a built-in kind, as the API server decodes its JSON into the Go type: a null is the
   * field's zero value (absent), an unknown field a strict decoding error. Reads the object, copies nothing.
   */
  private checkBuiltIn(node: SchemaNode, value: any, path: string, ctx: Context, root = false): void {
    if (value === null || value === undefined) return;
    if (!hasType(node, value)) {
      ctx.add(path, `Invalid value: "${typeOf(value)}": must be of type ${typeName(node)}`, 'type');
      return;
    }
    if (typeof value === 'object' && !Array.isArray(value) && (node.type === 'object' || node.properties || node.additional)) {
      for (const key in value) {
        const v = value[key];
        if (v === undefined || v === null) continue;
        if (root && key === 'metadata') {
          this.checkMetadata(v, 'metadata', ctx, this.namespaced);
          continue;
        }
        const child = node.properties?.get(key);
        if (child) {
          this.checkBuiltIn(child, v, path === '' ? key : `${path}.${key}`, ctx);
        } else if (node.additional) {
          this.checkBuiltIn(node.additional, v, `${path}[${key}]`, ctx);
        } else if (!node.preserveUnknown && !node.additionalAllowed) {
          const childPath = join(path, key);
          ctx.add(childPath, `unknown field "${childPath}": strict decoding error: the API server refuses it (kubectl's default ` +
            '--validate=strict); remove it, or correct its name or indentation', 'unknown-field');
        }
      }
    } else if (Array.isArray(value) && node.items) {
      for (let i = 0; i < value.length; i++) this.checkBuiltIn(node.items, value[i], `${path}[${i}]`, ctx);
    }
    this.checkValue(node, value, path, ctx);
  }

  /**
   * ObjectMeta, which the API server decodes and checks itself (the CRD schemas say only `type: object`): field
   * types as its JSON decoding demands them, then the create-time rules of `ValidateObjectMetaAccessor` (name or
   * generateName, namespace of namespaced kinds, labels, annotations, owner references, finalizers).
   */
  private checkMetadata(metadata: any, path: string, ctx: Context, namespaced: boolean | undefined) {
    if (metadata === undefined || metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      if (metadata !== undefined && metadata !== null) {
        ctx.add(path, `Invalid value: "${typeOf(metadata)}": must be of type object`, 'metadata');
      }
      ctx.add(join(path, 'name'), 'Required value: name or generateName is required', 'metadata');
      ctx.blocking = true;
      return;
    }
    if (this.checkMetadataTypes(metadata, path, ctx)) return;
    const name = metadata.name ?? '';
    const generateName = metadata.generateName ?? '';
    const rule = this.nameRule ?? SUBDOMAIN_NAMES;
    const checkName = (field: string, value: string, prefix: boolean) => {
      const problem = rule.problem(value, prefix);
      if (problem) ctx.add(join(path, field), `Invalid value: ${quote(value)}: ${problem}`, 'metadata');
      const advice = problem === undefined ? rule.advice?.(value, prefix) : undefined;
      if (advice) ctx.add(join(path, field), `Invalid value: ${quote(value)}: ${advice}`, 'metadata', true);
    };
    if (generateName !== '') checkName('generateName', generateName, true);
    if (name !== '') {
      checkName('name', name, false);
    } else if (generateName === '') {
      ctx.add(join(path, 'name'), 'Required value: name or generateName is required', 'metadata');
      ctx.blocking = true;
    }
    // A namespaced object without a namespace goes to kubectl's current namespace; the API server clears the
    // namespace of a cluster-scoped object. Only a namespaced object's own namespace is checked.
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '' && namespaced !== false) {
      const problem = dnsLabelProblem(metadata.namespace);
      if (problem) ctx.add(join(path, 'namespace'), `Invalid value: ${quote(metadata.namespace)}: ${problem}`, 'metadata');
    }
    const labels = metadata.labels ?? {};
    for (const [key, value] of Object.entries<any>(labels)) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) ctx.add(`${join(path, 'labels')}[${key}]`, `Invalid value: ${quote(key)}: ${keyProblem}`, 'metadata');
      const valueProblem = labelValueProblem(value ?? '');
      if (valueProblem) ctx.add(`${join(path, 'labels')}[${key}]`, `Invalid value: ${quote(value)}: ${valueProblem}`, 'metadata');
    }
    const annotations = metadata.annotations ?? {};
    let annotationBytes = 0;
    for (const [key, value] of Object.entries<any>(annotations)) {
      // Annotation keys are checked lowercased.
      const keyProblem = qualifiedNameProblem(key.toLowerCase());
      if (keyProblem) ctx.add(`${join(path, 'annotations')}[${key}]`, `Invalid value: ${quote(key)}: ${keyProblem}`, 'metadata');
      annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value ?? '');
    }
    if (annotationBytes > 262144) {
      ctx.add(join(path, 'annotations'), `Too long: annotations may not be more than 262144 bytes (${annotationBytes})`, 'metadata');
    }
    let controller: string | undefined;
    for (const ref of metadata.ownerReferences ?? []) {
      const refs = join(path, 'ownerReferences');
      const apiVersion: string = ref?.apiVersion ?? '';
      const parts = apiVersion.split('/');
      const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : '';
      if (version === '') ctx.add(`${refs}.apiVersion`, `Invalid value: ${quote(apiVersion)}: version must not be empty`, 'metadata');
      for (const field of ['kind', 'name', 'uid']) {
        if ((ref?.[field] ?? '') === '') ctx.add(`${refs}.${field}`, 'Invalid value: "": must not be empty', 'metadata');
      }
      if (apiVersion === 'v1' && ref?.kind === 'Event') ctx.add(refs, 'Invalid value: /v1, Kind=Event is disallowed from being an owner', 'metadata');
      if (ref?.controller === true) {
        const current = `${ref.kind ?? ''}/${ref.name ?? ''}`;
        if (controller !== undefined) {
          ctx.add(refs, `Invalid value: Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`, 'metadata');
        } else {
          controller = current;
        }
      }
    }
    const finalizers: string[] = (metadata.finalizers ?? []).map((f: string | null) => f ?? '');
    for (const finalizer of finalizers) {
      const problem = qualifiedNameProblem(finalizer);
      if (problem) ctx.add(join(path, 'finalizers'), `Invalid value: ${quote(finalizer)}: ${problem}`, 'metadata');
    }
    if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
      ctx.add(join(path, 'finalizers'), 'Invalid value: finalizer orphan and foregroundDeletion cannot be both set', 'metadata');
    }
    for (const key of Object.keys(metadata)) {
      if (!OBJECT_META_FIELDS.has(key)) {
        const childPath = join(path, key);
        ctx.add(childPath, `unknown field "${childPath}": ObjectMeta has no such field`, 'unknown-field');
      }
    }
  }

  /**
   * The types of ObjectMeta's fields, as the API server's JSON decoding into ObjectMeta demands them (a mistyped
   * field fails the whole request, so nothing else of the metadata is checked): true when one is wrong.
   */
  private checkMetadataTypes(metadata: any, path: string, ctx: Context): boolean {
    const before = ctx.findings.length;
    const wrong = (field: string, value: unknown, expected: string) =>
      ctx.add(join(path, field), `Invalid value: "${typeOf(value)}": must be of type ${expected}`, 'metadata');
    const isString = (v: unknown) => v === null || typeof v === 'string';
    const isMap = (v: any) => v === null || (typeof v === 'object' && !Array.isArray(v));
    const isInt = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v));
    for (const field of ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion']) {
      if (metadata[field] !== undefined && !isString(metadata[field])) wrong(field, metadata[field], 'string');
    }
    for (const field of ['generation', 'deletionGracePeriodSeconds']) {
      if (metadata[field] !== undefined && !isInt(metadata[field])) wrong(field, metadata[field], 'integer');
    }
    for (const field of ['creationTimestamp', 'deletionTimestamp']) {
      const v = metadata[field];
      if (v !== undefined && v !== null && (typeof v !== 'string' || (v !== '' && !RFC3339.test(v)))) wrong(field, v, 'string (RFC 3339 time)');
    }
    for (const field of ['labels', 'annotations']) {
      const map = metadata[field];
      if (map === undefined) continue;
      if (!isMap(map)) {
        wrong(field, map, 'object');
        continue;
      }
      for (const [key, value] of Object.entries(map ?? {})) {
        if (!isString(value)) wrong(`${field}[${key}]`, value, 'string');
      }
    }
    const finalizers = metadata.finalizers;
    if (finalizers !== undefined && finalizers !== null) {
      if (!Array.isArray(finalizers)) wrong('finalizers', finalizers, 'array');
      else finalizers.forEach((f, i) => { if (!isString(f)) wrong(`finalizers[${i}]`, f, 'string'); });
    }
    for (const field of ['ownerReferences', 'managedFields']) {
      const list = metadata[field];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        wrong(field, list, 'array');
        continue;
      }
      list.forEach((item, i) => {
        if (!isMap(item)) {
          wrong(`${field}[${i}]`, item, 'object');
        } else if (field === 'ownerReferences' && item !== null) {
          for (const f of ['apiVersion', 'kind', 'name', 'uid']) if (item[f] !== undefined && !isString(item[f])) wrong(`${field}[${i}].${f}`, item[f], 'string');
          for (const f of ['controller', 'blockOwnerDeletion']) if (item[f] !== undefined && item[f] !== null && typeof item[f] !== 'boolean') wrong(`${field}[${i}].${f}`, item[f], 'boolean');
        }
      });
    }
    if (ctx.findings.length > before) {
      ctx.blocking = true;
      return true;
    }
    return false;
  }

  /** The checks on a value that do not change it (also used for allOf/anyOf/oneOf/not). */
  private checkValue(node: SchemaNode, value: any, path: string, ctx: Context) {
    if (value === null || value === undefined || !node.checksValues) return;
    if (node.enumValues && !node.enumValues.includes(JSON.stringify(value))) {
      ctx.blocking = true;
      ctx.add(path, `Unsupported value: ${quote(value)}: supported values: ${node.enumValues.join(', ')}`, 'enum');
    }
    if (typeof value === 'string') {
      if (node.maxLength !== undefined || node.minLength !== undefined) {
        const length = [...value].length;
        if (node.maxLength !== undefined && length > node.maxLength) {
          ctx.add(path, `Too long: may not be more than ${node.maxLength} characters (${length})`, 'maxLength');
        }
        if (node.minLength !== undefined && length < node.minLength) {
          ctx.add(path, `Invalid value: ${quote(value)}: should be at least ${node.minLength} chars long`, 'minLength');
        }
      }
      if (node.pattern) {
        if (!node.pattern.regexp) {
          ctx.add(path, `the pattern '${node.pattern.source}' cannot be evaluated offline (RE2 syntax JavaScript lacks)`, 'pattern');
        } else if (!node.pattern.regexp.test(value)) {
          ctx.add(path, `Invalid value: ${quote(value)}: should match '${node.pattern.source}'`, 'pattern');
        }
      }
      if (node.format) {
        const problem = this.builtIn ? goDecodingProblem(node.format, value) : formatProblem(node.format, value);
        if (problem) ctx.add(path, `Invalid value: ${quote(value)}: ${problem}`, 'format');
      }
    } else if (typeof value === 'number') {
      // An IntOrString holds an int32 in Go.
      if ((node.format === 'int32' || (this.builtIn && node.intOrString)) && Number.isInteger(value) && (value < -(2 ** 31) || value >= 2 ** 31)) {
        ctx.add(path, `Invalid value: ${value}: must be of type integer with format int32`, 'format');
      }
      // The API server (kube-openapi's numberValidator) checks a CRD's own bounds against the field's format first: a
      // bound outside the format's range fails every value (Envoy Gateway v1.8.1's int32 limit.requests with maximum
      // 4294967295, envoyproxy/gateway#9186).
      if (!this.builtIn && node.boundsOutsideFormat !== undefined) {
        for (const [label, bound] of node.boundsOutsideFormat) {
          ctx.add(path, `Invalid value: "": ${label} boundary value must be of type integer with format ${node.format} in ${path} (the CRD's ` +
            `${label.toLowerCase()} ${bound} lies outside ${node.format}, so the API server refuses every value here; a fix of the CRD is needed)`, 'format');
        }
      }
      if (node.minimum !== undefined && (node.exclusiveMinimum ? value <= node.minimum : value < node.minimum)) {
        ctx.add(path, `Invalid value: ${value}: should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}`, 'minimum');
      }
      if (node.maximum !== undefined && (node.exclusiveMaximum ? value >= node.maximum : value > node.maximum)) {
        ctx.add(path, `Invalid value: ${value}: should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}`, 'maximum');
      }
      if (node.multipleOf !== undefined && Math.abs(value / node.multipleOf - Math.round(value / node.multipleOf)) > 1e-9) {
        ctx.add(path, `Invalid value: ${value}: should be a multiple of ${node.multipleOf}`, 'multipleOf');
      }
    } else if (Array.isArray(value)) {
      if (node.maxItems !== undefined && value.length > node.maxItems) {
        ctx.add(path, `Too many: ${value.length}: must have at most ${node.maxItems} items`, 'maxItems');
      }
      if (node.minItems !== undefined && value.length < node.minItems) {
        ctx.add(path, `Invalid value: ${value.length}: should have at least ${node.minItems} items`, 'minItems');
      }
      if (node.listType === 'set' || node.listType === 'map') this.checkListUniqueness(node, value, path, ctx);
    } else if (typeof value === 'object') {
      // A built-in kind's status is decoded, then reset on create: its required fields are not checked.
      const checkRequired = (node.required.length > 0 || node.requiredIfUnsure.length > 0)
        && (!this.builtIn || !(path === 'status' || path.startsWith('status.') || path.startsWith('status[')));
      if (checkRequired) {
        // A built-in kind's null is absent (its zero value).
        for (const name of node.required) {
          if (value[name] === undefined || (this.builtIn && value[name] === null)) ctx.add(join(path, name), 'Required value', 'required');
        }
        for (const name of node.requiredIfUnsure) {
          if (value[name] === undefined || (this.builtIn && value[name] === null)) {
            ctx.add(join(path, name), 'Required value: the schema lists it as required, but the API server may accept it absent ' +
              '(its zero value or a default is used); set it', 'required', true);
          }
        }
      }
      if (node.maxProperties !== undefined || node.minProperties !== undefined) {
        const count = Object.keys(value).length;
        if (node.maxProperties !== undefined && count > node.maxProperties) {
          ctx.add(path, `Too many: ${count}: must have at most ${node.maxProperties} properties`, 'maxProperties');
        }
        if (node.minProperties !== undefined && count < node.minProperties) {
          ctx.add(path, `Invalid value: ${count}: should have at least ${node.minProperties} properties`, 'minProperties');
        }
      }
    }
    if (node.allOf) {
      for (const sub of node.allOf) this.checkNested(sub, value, path, ctx);
    }
    if (node.anyOf && !node.anyOf.some(sub => this.passes(sub, value, path))) {
      ctx.add(path, `Invalid value: ${quote(value)}: must validate at least one schema (anyOf)`, 'anyOf');
    }
    if (node.oneOf) {
      const passing = node.oneOf.filter(sub => this.passes(sub, value, path)).length;
      if (passing !== 1) ctx.add(path, `Invalid value: ${quote(value)}: must validate one and only one schema (oneOf); it validates ${passing}`, 'oneOf');
    }
    if (node.not && this.passes(node.not, value, path)) {
      ctx.add(path, `Invalid value: ${quote(value)}: must not validate the schema (not)`, 'not');
    }
  }

  private passes(node: SchemaNode, value: any, path: string): boolean {
    const probe = new Context();
    this.checkNested(node, value, path, probe);
    return probe.findings.length === 0;
  }

  /** A value validation (a branch of allOf/anyOf/oneOf/not): checks only, no defaulting or pruning. */
  private checkNested(node: SchemaNode, value: any, path: string, ctx: Context) {
    if (value === null || value === undefined) return;
    if ((node.type !== undefined || node.intOrString) && !hasType(node, value)) {
      ctx.add(path, `Invalid value: "${typeOf(value)}": must be of type ${typeName(node)}`, 'type');
      return;
    }
    if (node.properties && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, child] of node.properties) {
        if (value[name] !== undefined) this.checkNested(child, value[name], join(path, name), ctx);
      }
    }
    if (node.items && Array.isArray(value)) {
      value.forEach((item, i) => this.checkNested(node.items!, item, `${path}[${i}]`, ctx));
    }
    this.checkValue(node, value, path, ctx);
  }

  private checkListUniqueness(node: SchemaNode, value: any[], path: string, ctx: Context) {
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      let key: string;
      if (node.listType === 'map' && node.listMapKeys && item !== null && typeof item === 'object') {
        key = JSON.stringify(node.listMapKeys.map(k => item[k] ?? null));
      } else {
        key = canonical(item);
      }
      if (seen.has(key)) {
        const shown = node.listType === 'map' && node.listMapKeys
          ? `{${node.listMapKeys.map(k => `${k}: ${quote(item?.[k])}`).join(', ')}}`
          : quote(item);
        if (this.builtIn) {
          // The Go validation refuses some duplicates (container names) and accepts others (env); server-side apply
          // refuses every one.
          ctx.add(`${path}[${i}]`, `Duplicate value: ${shown} (x-kubernetes-list-type ${node.listType} of ${path}[${seen.get(key)}]): ` +
            'server-side apply refuses it, and so may the API server\'s validation of this list; remove the duplicate', 'x-kubernetes-list-type', true);
        } else {
          ctx.add(`${path}[${i}]`, `Duplicate value: ${shown} (x-kubernetes-list-type ${node.listType} of ${path}[${seen.get(key)}])`, 'x-kubernetes-list-type');
        }
      } else {
        seen.set(key, i);
      }
    });
  }

  /**
   * Runs the rules of each node on its value, bottom up (the rules of a node's children before its own), as the
   * API server does. A node's value is converted for CEL only when one of its rules has to be evaluated: an
   * outcome already seen for the same inputs of a rule (what it reads of `self`) is reused (see rule-memo.ts).
   */
  private cel(node: SchemaNode | undefined, value: any, path: string, ctx: Context, root = false): void {
    if (value === null || value === undefined || node === undefined || !node.hasRules) return;
    if (Array.isArray(value)) {
      const items = node.items;
      if (items?.hasRules) value.forEach((item, i) => this.cel(items, item, `${path}[${i}]`, ctx));
    } else if (typeof value === 'object') {
      for (const key of Object.keys(value)) {
        // Rules see only the name and generateName of the object's metadata; none run below it.
        if (root && key === 'metadata') continue;
        const child = node.properties?.get(key);
        if (child !== undefined) {
          this.cel(child, value[key], join(path, key), ctx);
        } else if (node.additional !== undefined) {
          this.cel(node.additional, value[key], `${path}[${key}]`, ctx);
        }
      }
    }
    let self: unknown;
    let converted = false;
    for (const rule of node.rules) {
      if (rule.transition) continue; // oldSelf: checked on updates only; a manifest is a create.
      const program = rule.program ??= compileCel(rule.rule);
      const memo = rule.memo ??= new RuleMemo<RuleOutcome>();
      const key = memo.enabled ? memoKey(program.access, node, value, root ? celMetadata : undefined) : undefined;
      let outcome = key === undefined ? undefined : memo.get(key);
      if (outcome === undefined) {
        if (!converted) {
          self = toCel(node, value, ctx.converted, root);
          converted = true;
        }
        outcome = evaluateRule(program, self);
        if (key !== undefined) memo.set(key, outcome);
      }
      if (outcome.kind !== 'pass') {
        if (!converted) {
          self = toCel(node, value, ctx.converted, root);
          converted = true;
        }
        this.report(node, rule, outcome, self, path, ctx);
      }
    }
  }

  /** Reports a rule that did not pass, worded as the API server words it. */
  private report(node: SchemaNode, rule: CompiledRule, outcome: RuleOutcome, self: unknown, path: string, ctx: Context) {
    const where = rule.fieldPath ? joinFieldPath(path, rule.fieldPath) : path;
    if (outcome.kind === 'unevaluable') {
      ctx.add(where, `the validation rule ${outcome.message}; the object is not known to pass it`, rule.rule);
      return;
    }
    let message: string | undefined;
    if (outcome.kind === 'error') {
      // Worded as the API server words it: "no such key: x evaluating rule: <message, or the rule>".
      const error = outcome.message.replace(/^field not found: /, 'no such key: ');
      message = `${error} evaluating rule: ${(rule.message ?? rule.rule).trim()}`;
    } else {
      if (rule.messageExpression) {
        const r = compileCel(rule.messageExpression).evaluate(self);
        if (typeof r.value === 'string' && r.value.trim() !== '' && !r.value.includes('\n')) message = r.value;
      }
      message ??= rule.message ?? `failed rule: ${rule.rule}`;
    }
    const type = node.intOrString ? 'integer-or-string' : node.type ?? 'object';
    switch (rule.reason) {
      case 'FieldValueForbidden': ctx.add(where, `Forbidden: ${message}`, rule.rule); break;
      case 'FieldValueRequired': ctx.add(where, `Required value: ${message}`, rule.rule); break;
      case 'FieldValueDuplicate': ctx.add(where, `Duplicate value: ${JSON.stringify(message)}`, rule.rule); break;
      default: ctx.add(where, `Invalid value: "${type}": ${message}`, rule.rule);
    }
  }
}

/** The prepared value of a node as its rules see it: properties under their CEL names, integers as CEL ints. */
function toCel(node: SchemaNode | undefined, value: any, converted: Map<object, { node: SchemaNode; cel: unknown }>, root = false): unknown {
  if (value === null || value === undefined) return value;
  if (node === undefined) return dynamic(value);
  if (typeof value === 'object') {
    // A child whose own rules were evaluated was converted then: its parent's rules take that conversion.
    const earlier = converted.get(value);
    if (earlier !== undefined && earlier.node === node) return earlier.cel;
    const cel = toCelObject(node, value, converted, root);
    converted.set(value, { node, cel });
    return cel;
  }
  if (typeof value === 'number') {
    return (node.type === 'integer' || node.intOrString || (node.type === undefined && Number.isInteger(value))) && Number.isInteger(value)
      ? BigInt(value) : value;
  }
  return value;
}

function toCelObject(node: SchemaNode, value: any, converted: Map<object, { node: SchemaNode; cel: unknown }>, root: boolean): unknown {
  if (Array.isArray(value)) return node.items ? value.map(item => toCel(node.items, item, converted)) : value.map(dynamic);
  const obj: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (root && key === 'metadata') {
      obj.metadata = celMetadata(v);
      continue;
    }
    const child = node.properties?.get(key);
    if (child) {
      const name = node.celNames!.get(key);
      if (name !== undefined) obj[name] = toCel(child, v, converted);
    } else if (node.additional) {
      obj[key] = toCel(node.additional, v, converted);
    } else {
      obj[key] = dynamic(v);
    }
  }
  return obj;
}

/** Rules see only the name and generateName of the object's metadata. */
function celMetadata(v: any): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (v && typeof v === 'object') {
    if (v.name !== undefined) meta.name = v.name;
    if (v.generateName !== undefined) meta.generateName = v.generateName;
  }
  return meta;
}

/** `.spec.x`, `.a['b.c']` relative to the node carrying the rule. */
function joinFieldPath(path: string, fieldPath: string): string {
  const rest = fieldPath.replace(/\['([^']*)'\]/g, '[$1]').replace(/^\./, '');
  if (path === '') return rest;
  return rest.startsWith('[') ? `${path}${rest}` : `${path}.${rest}`;
}

/** A value without a schema (x-kubernetes-preserve-unknown-fields): integers become CEL ints. */
function dynamic(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(dynamic);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dynamic(v)]));
  }
  return value;
}

function canonical(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return JSON.stringify(value);
}

/** Whether a CRD's numeric bound fits the integer format of its field, as kube-openapi's IsValueValidAgainstRange decides. */
function inIntegerFormat(bound: number, format: string | undefined): boolean {
  if (!Number.isInteger(bound)) return false;
  switch (format) {
    case 'int32': return bound >= -(2 ** 31) && bound < 2 ** 31;
    case 'uint32': return bound >= 0 && bound < 2 ** 32;
    case 'uint64': return bound >= 0;
    default: return Number.isSafeInteger(bound) || Math.abs(bound) <= 2 ** 63;
  }
}
