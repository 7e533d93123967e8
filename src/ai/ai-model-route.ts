import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AI_GATEWAY_RELEASE, AiGatewayApiVersion, aiGatewayClasses } from './api-version';
import { costExpressionProblem } from './cost-expression';
import { AiModel, AiModelTimeouts } from './model';
import { BucketCounter, bucketIndex, bucketName, formatLockFile, MODEL_ROUTE_ANNOTATION, packStable, RulePlacement } from './placement';
import { LlmRequestCost } from './request-cost';
import { ensureBackend } from './shared-objects';
import { IGateway, IGatewayRoute, parentRef, RouteKind } from '../gateway-api/gateway';
import { grantReference } from '../gateway-api/grants';
import { checkHostname } from '../gateway-api/hostnames';
import { GrantFrom, GrantTo } from '../gateway-api/reference-grant';
import { attachmentProblems } from '../gateway-api/route-attachment';

import { formatDuration } from '../kubernetes/duration';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkDnsLabel } from '../kubernetes/names';
import { placeChildrenInOrder } from '../kubernetes/order';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, INFERENCE_GROUP, MODEL_HEADER } from '../kubernetes/well-known';
import { accessPoliciesOf } from '../security/client-access-policy';
import { PolicyModel } from '../security/model-access';
import { IPolicyTarget, PolicyTargetReference } from '../security/policy-target';
import { useRelease } from '../validation/targets';

const KIND = 'AiModelRoute';

/** Options of an AiModelRoute. */
export interface AiModelRouteProps {
  /** The Gateway the routes attach to: an `AiGateway`, or any other `IGateway` (for example an existing one). */
  readonly gateway: IGateway;

  /**
   * Name of the AIGatewayRoute objects: the first is `<name>`, the next ones `<name>-2`, `<name>-3`, ...
   * An RFC 1123 label.
   */
  readonly name: string;

  /**
   * Namespace of the AIGatewayRoutes (and of backends that do not name theirs).
   *
   * @default - the gateway's namespace
   */
  readonly namespace?: string;

  /**
   * Listeners of the gateway to attach to.
   *
   * @default - every listener of the gateway that admits HTTPRoutes
   */
  readonly sectionNames?: string[];

  /**
   * Hostnames the routes answer for.
   *
   * @default - every hostname of the listeners
   */
  readonly hostnames?: string[];

  /**
   * The Envoy AI Gateway API version of the emitted objects.
   *
   * @default AiGatewayApiVersion.V1BETA1
   */
  readonly apiVersion?: AiGatewayApiVersion;

  /**
   * The models. More can be added with `addModel()`.
   *
   * @default - none yet; at least one is required by synth time
   */
  readonly models?: AiModel[];

  /**
   * Costs recorded per request, on every AIGatewayRoute of this route.
   *
   * @default - none
   */
  readonly llmRequestCosts?: LlmRequestCost[];

  /**
   * Timeouts of every model that does not set its own.
   *
   * @default - Envoy AI Gateway's (60s per request)
   */
  readonly timeouts?: AiModelTimeouts;

  /**
   * The owner `/v1/models` reports for models that do not set theirs.
   *
   * @default - Envoy AI Gateway's 'Envoy AI Gateway'
   */
  readonly modelsOwnedBy?: string;

  /**
   * Where models went in the previous synth, so that they stay there: pass `RulePlacement.fromLockFile()` (a
   * lock file beside cdk8s.yaml, written at synth) for a guarantee that adding or removing models never moves
   * another model to another AIGatewayRoute or renames one.
   *
   * @default RulePlacement.none(): models packed in name order
   */
  readonly placement?: RulePlacement;
}

/**
 * Model routing on Envoy AI Gateway: declare each model once, by its public name and its backends, and
 * the route emits the AIGatewayRoute rules (split over as many objects as the CRD's rule limit needs,
 * 15 per object in v1.1.0), one AIServiceBackend and one Envoy Gateway Backend per backend, and one
 * BackendSecurityPolicy per credential shared by every backend that uses it.
 */
export class AiModelRoute extends Construct implements IGatewayRoute, IPolicyTarget {
  /** The gateway the routes attach to. */
  public readonly gateway: IGateway;

  /** Base name of the AIGatewayRoute objects (the first one's metadata.name). */
  public readonly routeName: string;

  /** Namespace of the AIGatewayRoutes. */
  public readonly routeNamespace: string;

  /** The routes' kind: an AIGatewayRoute becomes an HTTPRoute. */
  public readonly routeKind = RouteKind.HTTP_ROUTE;

  /** The Envoy AI Gateway API version of the emitted objects. */
  public readonly apiVersion: AiGatewayApiVersion;

  private readonly _models = new Map<string, AiModel>();
  private readonly _objects = new Map<number, ApiObject>();
  private readonly _costs: LlmRequestCost[];
  private readonly _placement: RulePlacement;
  private readonly _sectionNames: string[];
  private readonly _hostnames: string[];
  private readonly _timeouts?: AiModelTimeouts;
  private readonly _modelsOwnedBy?: string;
  private _plan?: Map<number, string[]>;
  private _counter?: BucketCounter;

  public constructor(scope: Construct, id: string, props: AiModelRouteProps) {
    super(scope, id);
    this.gateway = props.gateway;
    this.routeName = props.name;
    this.routeNamespace = props.namespace ?? props.gateway.gatewayNamespace;
    this.apiVersion = props.apiVersion ?? AiGatewayApiVersion.V1BETA1;
    this._placement = props.placement ?? RulePlacement.none();
    this._sectionNames = [...props.sectionNames ?? []];
    this._hostnames = [...props.hostnames ?? []];
    this._timeouts = props.timeouts;
    this._modelsOwnedBy = props.modelsOwnedBy;
    this._costs = [...props.llmRequestCosts ?? []];

    failIf(this, KIND, checkDnsLabel('name', props.name));
    if (props.name.length > 57) {
      failIf(this, KIND, `name '${props.name}' is longer than 57 characters, which leaves no room for the '-<n>' of the next AIGatewayRoutes. Use a shorter name.`);
    }
    failIf(this, KIND, checkDnsLabel('namespace', this.routeNamespace));
    for (const hostname of this._hostnames) {
      failIf(this, KIND, checkHostname('hostnames[]', hostname));
      failIf(this, KIND, this.gateway.routeHostnameProblem(hostname));
    }
    for (const sectionName of this._sectionNames) failIf(this, KIND, checkDnsLabel('sectionNames[]', sectionName));
    this.checkTimeouts('timeouts', this._timeouts ?? {});
    this.checkCosts();
    useRelease(this, 'ai-gateway', AI_GATEWAY_RELEASE);

    for (const model of props.models ?? []) this.add(model);
    this.ensureObjects();

    this.gateway.registerRoute(this);
    if (this._placement._lock !== undefined) registerLockUser(this, this._placement._lock.file);
    this.node.addValidation({
      validate: () => {
        // The AIGatewayRoute objects in name order (<name>, <name>-2, ...), whatever the order they were needed in.
        placeChildrenInOrder(this, this.routeObjects);
        return [
          ...attachmentProblems(this.gateway, this, this.routeNamespace, this._sectionNames.length > 0),
          ...this._models.size > 0 ? [] : ["has no model. Add one with addModel({ name: 'my-model', backends: [...] })."],
          ...this.accessProblems(),
          ...this.lockProblems(),
        ].map(problem => constructProblem(this, KIND, problem));
      },
    });
  }

  /**
   * The listeners the routes attach to: those given, else the gateway's listeners for HTTPRoutes (the objects
   * then name no sectionName and attach to every listener that admits them).
   */
  public get sectionNames(): string[] {
    return this._sectionNames.length > 0 ? [...this._sectionNames] : this.gateway.defaultSectionNames(RouteKind.HTTP_ROUTE, this._hostnames);
  }

  /** The routes' namespace, where policies on them live. */
  public get policyTargetNamespace(): string {
    return this.routeNamespace;
  }

  /** `AiModelRoute '<namespace>/<name>' (its generated HTTPRoutes)`. */
  public get policyTargetDescription(): string {
    return `AiModelRoute '${this.routeNamespace}/${this.routeName}' (the HTTPRoutes generated from it)`;
  }

  /**
   * The HTTPRoutes the AI Gateway controller generates, one per AIGatewayRoute object and of the same name: as many
   * as the models need (read at synth, after every `addModel()`).
   */
  public policyTargetReferences(): PolicyTargetReference[] {
    return this.routeObjects.map(o => ({ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: o.name }));
  }

  /** The models with who may call each, in name order. */
  public get policyModels(): PolicyModel[] | undefined {
    return this.models.map(name => ({ name, access: this._models.get(name)!.access }));
  }

  /** The hostnames the routes answer for; empty for every hostname of their listeners. */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }

  /** The public names of the models, sorted. */
  public get models(): string[] {
    return [...this._models.keys()].sort();
  }

  /** The AIGatewayRoute objects, in name order (`<name>`, `<name>-2`, ...). */
  public get routeObjects(): ApiObject[] {
    return [...this._objects.entries()].sort(([a], [b]) => a - b).map(([, o]) => o);
  }

  /**
   * Where the models go: AIGatewayRoute object name to public model names, in rule order. Keep it (or the
   * synthesized YAML) and pass it back as `placement` so that the next synth keeps every model in place.
   */
  public get placement(): { [objectName: string]: string[] } {
    return Object.fromEntries([...this.plan().entries()].map(([index, models]) => [bucketName(this.routeName, index), [...models]]));
  }

  /**
   * Adds a model. Throws on a public name already used on the route, a model without backends (or with
   * both backends and an InferencePool), a weight that is not a positive integer, a gap in priorities, a
   * timeout longer than the request timeout, and a backend whose settings are invalid.
   */
  public addModel(model: AiModel): void {
    this.add(model);
    this.ensureObjects();
  }

  private add(model: AiModel): void {
    this.checkModel(model);
    claimModel(this, model.name);
    const backends = model.backends ?? [];
    for (const { backend } of backends) {
      const namespace = backend.namespace ?? this.routeNamespace;
      ensureBackend(this, KIND, backend, namespace, this.apiVersion, this.gateway.gatewayApiVersion);
      grantReference(this, GrantFrom.custom(AI_GATEWAY_GROUP, 'AIGatewayRoute', this.routeNamespace), namespace,
        GrantTo.custom(AI_GATEWAY_GROUP, 'AIServiceBackend', backend.name), this.gateway.gatewayApiVersion);
      // The AI Gateway controller turns the AIGatewayRoute into an HTTPRoute of the same namespace whose backendRefs
      // name the Envoy Gateway Backend: across namespaces, Envoy Gateway (1.8) wants a grant for that reference too.
      grantReference(this, GrantFrom.httpRoutes(this.routeNamespace), namespace,
        GrantTo.custom(ENVOY_GATEWAY_GROUP, 'Backend', backend.name), this.gateway.gatewayApiVersion);
    }
    const pool = model.inferencePool;
    if (pool !== undefined) {
      grantReference(this, GrantFrom.custom(AI_GATEWAY_GROUP, 'AIGatewayRoute', this.routeNamespace), pool.poolNamespace,
        GrantTo.inferencePool(pool.poolName), this.gateway.gatewayApiVersion);
      grantReference(this, GrantFrom.httpRoutes(this.routeNamespace), pool.poolNamespace,
        GrantTo.inferencePool(pool.poolName), this.gateway.gatewayApiVersion);
    }
    this._models.set(model.name, model);
    this.counter().add(model.name);
    this._plan = undefined;
  }

  /**
   * Creates the AIGatewayRoute objects the current plan needs; their specs, and the plan itself, are computed
   * at synth. Which objects the plan needs is counted as models are added, not packed again per model.
   */
  private ensureObjects(): void {
    const classes = aiGatewayClasses(this.apiVersion);
    for (const index of this.counter().buckets()) {
      if (this._objects.has(index)) continue;
      this._objects.set(index, emitSchemaDefaults(new classes.AiGatewayRoute(this, `AIGatewayRoute${index}`, {
        metadata: {
          name: bucketName(this.routeName, index),
          namespace: this.routeNamespace,
          annotations: { [MODEL_ROUTE_ANNOTATION]: this.routeName },
        },
        spec: Lazy.any({ produce: () => this.routeSpec(index) }),
      }), 'ai-gateway', AI_GATEWAY_RELEASE));
    }
  }

  /** Bucket number to public model names: the previous placement kept, new models in the free places. */
  private plan(): Map<number, string[]> {
    this._plan ??= this.computePlan();
    return this._plan;
  }

  private computePlan(): Map<number, string[]> {
    return packStable([...this._models.keys()], aiGatewayClasses(this.apiVersion).maxRulesPerRoute, this.previousPlacement());
  }

  /** Bucket number to models, from the placement given (its objects that belong to this route). */
  private previousPlacement(): Map<number, string[]> {
    const previous = new Map<number, string[]>();
    for (const [objectName, models] of this._placement._assignmentsFor(this.routeNamespace, this.routeName)) {
      const index = bucketIndex(this.routeName, objectName);
      if (index !== undefined) previous.set(index, models);
    }
    return previous;
  }

  private counter(): BucketCounter {
    this._counter ??= new BucketCounter(aiGatewayClasses(this.apiVersion).maxRulesPerRoute, this.previousPlacement());
    return this._counter;
  }

  private routeSpec(index: number): any {
    const models = this.plan().get(index) ?? [];
    const sectionNames = this._sectionNames.length > 0 ? this._sectionNames : [undefined];
    return {
      parentRefs: sectionNames.map(sectionName => parentRef(this.gateway, sectionName)),
      hostnames: this._hostnames.length > 0 ? this._hostnames : undefined,
      llmRequestCosts: this._costs.length > 0 ? this._costs.map(c => c._toSpec()) : undefined,
      rules: models.map(name => this.ruleSpec(this._models.get(name)!)),
    };
  }

  /**
   * Keeps the lock file up to date (or, frozen, checks that it is): one text for every route of the app that uses the
   * file, each under `<namespace>/<name>`. Reported by the first of those routes only.
   */
  private lockProblems(): string[] {
    const lock = this._placement._lock;
    if (lock === undefined) return [];
    const users = lockUsers(this, lock.file);
    if (users[0] !== this) return [];
    let previous: string | undefined;
    try {
      previous = this._placement._lockContent() === undefined ? undefined : fs.readFileSync(lock.file, 'utf8');
    } catch (e) {
      return [(e as Error).message];
    }
    const text = formatLockFile(Object.fromEntries(users.map(route => [`${route.routeNamespace}/${route.routeName}`, route.placement])));
    if (previous === text) return [];
    if (lock.frozen) {
      const state = previous === undefined ? 'does not exist' : 'is out of date (models were added, removed or moved since it was written)';
      return [`placement lock file '${lock.file}' ${state}, and it is frozen (the environment variable CI is set, or frozen: true), ` +
        'so the synth does not write it: the placement would depend on this machine instead of the repository. ' +
        'Run the synth where the lock is not frozen (without CI) and commit the lock file, or pass frozen: false.'];
    }
    fs.mkdirSync(path.dirname(lock.file), { recursive: true });
    fs.writeFileSync(lock.file, text);
    return [];
  }

  private ruleSpec(model: AiModel): any {
    const timeouts = { ...this._timeouts, ...definedOnly(model.timeouts ?? {}) };
    const pool = model.inferencePool;
    const backendRefs = pool !== undefined
      ? [{ group: INFERENCE_GROUP, kind: 'InferencePool', name: pool.poolName, namespace: this.otherNamespace(pool.poolNamespace) }]
      : (model.backends ?? []).map(b => ({
        name: b.backend.name,
        namespace: this.otherNamespace(b.backend.namespace ?? this.routeNamespace),
        modelNameOverride: b.modelNameOverride,
        weight: b.weight,
        priority: b.priority,
      }));
    return {
      matches: [{ headers: [{ type: 'Exact', name: MODEL_HEADER, value: model.name }] }],
      backendRefs,
      timeouts: timeouts.request === undefined && timeouts.backendRequest === undefined ? undefined : {
        request: optionalDuration(timeouts.request),
        backendRequest: optionalDuration(timeouts.backendRequest),
      },
      streamIdleTimeout: optionalDuration(timeouts.streamIdle),
      modelsOwnedBy: model.modelsOwnedBy ?? this._modelsOwnedBy,
    };
  }

  private otherNamespace(namespace: string): string | undefined {
    return namespace === this.routeNamespace ? undefined : namespace;
  }

  /** Models that declare `access` while no policy targets the routes: nothing would enforce it. */
  private accessProblems(): string[] {
    const guarded = this.models.filter(name => this._models.get(name)!.access !== undefined);
    if (guarded.length === 0 || accessPoliciesOf(this, this).length > 0) return [];
    return [`model${guarded.length === 1 ? '' : 's'} ${guarded.map(m => `'${m}'`).join(', ')} declare${guarded.length === 1 ? 's' : ''} access, ` +
      `but no ClientAccessPolicy targets this route, so nothing enforces it and every caller would reach ${guarded.length === 1 ? 'it' : 'them'}. Add ` +
      "new ClientAccessPolicy(scope, 'access', { targets: [route], jwtProviders: [...] })."];
  }

  private checkModel(model: AiModel): void {
    const field = `model '${model.name}'`;
    if (model.access !== undefined) failIf(this, KIND, model.access._problem(`${field} access`));
    if (this._models.has(model.name)) {
      failIf(this, KIND, `${field} is declared twice. Declare each public model name once; list several backends in one model to balance between them.`);
    }
    if (model.name.length === 0 || model.name.length > 4096 || !/^[!-~]+( ?[!-~]+)*$/.test(model.name)) {
      failIf(this, KIND, `model name '${model.name}' is not a valid header value (printable ASCII, 1 to 4096 characters, single spaces inside). ` +
        "Use, for example, 'qwen3' or 'Qwen/Qwen3-235B'.");
    }
    const backends = model.backends ?? [];
    if (model.inferencePool !== undefined && backends.length > 0) {
      failIf(this, KIND, `${field} has both an inferencePool and backends; a rule never mixes them. Keep one, or declare two models.`);
    }
    if (model.inferencePool !== undefined) {
      failIf(this, KIND, checkDnsLabel(`${field} inferencePool namespace`, model.inferencePool.poolNamespace));
    } else if (backends.length === 0) {
      failIf(this, KIND, `${field} has no backend. Add one: backends: [{ backend: AiBackend.fromFqdn(...) }], or set inferencePool.`);
    }
    const seen = new Set<string>();
    for (const b of backends) {
      if (b.backend._problem !== undefined) failIf(this, KIND, `${field}: ${b.backend._problem}`);
      if (b.backend.credential?._v1beta1Only && this.apiVersion === AiGatewayApiVersion.V1ALPHA1) {
        failIf(this, KIND, `${field}: backend '${b.backend.name}': a GCPCredentials credential without credentialsSecretName needs ` +
          'AiGatewayApiVersion.V1BETA1 (v1alpha1 requires a credentials file or workload identity federation). Set credentialsSecretName or apiVersion.');
      }
      const key = `${b.backend.namespace ?? this.routeNamespace}/${b.backend.name}`;
      if (seen.has(key)) {
        failIf(this, KIND, `${field} lists backend '${b.backend.name}' twice. List it once; use weight to give it more traffic.`);
      }
      seen.add(key);
      if (b.weight !== undefined && (!Number.isInteger(b.weight) || b.weight < 1)) {
        failIf(this, KIND, `${field} backend '${b.backend.name}' weight ${b.weight} is not a positive integer. Use 1 or more; ` +
          'to take a backend out of rotation, remove it from the model.');
      }
      if (b.priority !== undefined && (!Number.isInteger(b.priority) || b.priority < 0)) {
        failIf(this, KIND, `${field} backend '${b.backend.name}' priority ${b.priority} is not an integer of 0 or more. Use 0 for the primary backends.`);
      }
      if (b.modelNameOverride !== undefined && b.modelNameOverride.length === 0) {
        failIf(this, KIND, `${field} backend '${b.backend.name}' modelNameOverride is empty. Leave it out to send the public name.`);
      }
    }
    const priorities = [...new Set(backends.map(b => b.priority ?? 0))].sort((a, b) => a - b);
    priorities.forEach((priority, i) => {
      if (priority !== i) {
        failIf(this, KIND, `${field} backend priorities (${priorities.join(', ')}) skip priority ${i}: fallback goes from 0 to 1 to 2 ` +
          `without gaps. Use ${priorities.map((_, j) => j).join(', ')}.`);
      }
    });
    if (model.modelsOwnedBy !== undefined && model.modelsOwnedBy.length === 0) {
      failIf(this, KIND, `${field} modelsOwnedBy is empty. Leave it out for the route's owner.`);
    }
    this.checkTimeouts(`${field} timeouts`, { ...this._timeouts, ...definedOnly(model.timeouts ?? {}) });
  }

  private checkTimeouts(field: string, timeouts: AiModelTimeouts): void {
    for (const [name, value] of Object.entries(timeouts) as Array<[string, Duration | undefined]>) {
      if (value === undefined) continue;
      const ms = value.toMilliseconds({ integral: false });
      if (!Number.isInteger(ms) || ms < 1) {
        failIf(this, KIND, `${field}.${name} ${value.toHumanString()} is not a positive whole number of milliseconds. Use, for example, Duration.minutes(20).`);
      }
      if (formatDuration(value) === undefined) {
        failIf(this, KIND, `${field}.${name} ${value.toHumanString()} is longer than a Gateway API duration holds ` +
          '(at most 99999 of each unit: h, m, s, ms). Use, for example, Duration.hours(24).');
      }
    }
    const request = timeouts.request?.toMilliseconds();
    if (request === undefined) return;
    for (const name of ['backendRequest', 'streamIdle'] as const) {
      const value = timeouts[name];
      if (value !== undefined && value.toMilliseconds() > request) {
        failIf(this, KIND, `${field}.${name} ${formatDuration(value)!} is longer than the request timeout ${formatDuration(timeouts.request!)!}, ` +
          `which bounds the whole request. Use at most ${formatDuration(timeouts.request!)!}, or raise the request timeout.`);
      }
    }
  }

  private checkCosts(): void {
    const max = aiGatewayClasses(this.apiVersion).maxRequestCosts;
    if (this._costs.length > max) {
      failIf(this, KIND, `llmRequestCosts has ${this._costs.length} entries, more than the ${max} an AIGatewayRoute holds. Keep at most ${max}.`);
    }
    const keys = new Set<string>();
    for (const cost of this._costs) {
      if (cost.metadataKey.length === 0) failIf(this, KIND, "llmRequestCosts[].metadataKey is empty. Name it, for example 'llm_total_token'.");
      if (keys.has(cost.metadataKey)) {
        failIf(this, KIND, `llmRequestCosts metadataKey '${cost.metadataKey}' is used twice; each key stores one cost. Rename one.`);
      }
      keys.add(cost.metadataKey);
      failIf(this, KIND, celCostProblem(`llmRequestCosts '${cost.metadataKey}'`, cost));
    }
  }
}

/** Per app: lock file to the routes that keep their placement in it, in the order they were declared. */
const LOCK_USERS = new WeakMap<IConstruct, Map<string, AiModelRoute[]>>();
function registerLockUser(route: AiModelRoute, file: string): void {
  const root = route.node.root;
  let files = LOCK_USERS.get(root);
  if (files === undefined) {
    files = new Map();
    LOCK_USERS.set(root, files);
  }
  const users = files.get(file) ?? [];
  users.push(route);
  files.set(file, users);
}
function lockUsers(route: AiModelRoute, file: string): AiModelRoute[] {
  return LOCK_USERS.get(route.node.root)?.get(file) ?? [];
}

/** Each public model name routes once per gateway: two routes claiming one on the same gateway are refused. */
const CLAIMS = new WeakMap<Chart, Map<string, string>>();
function claimModel(route: AiModelRoute, model: string): void {
  const chart = Chart.of(route);
  let claims = CLAIMS.get(chart);
  if (claims === undefined) {
    claims = new Map();
    CLAIMS.set(chart, claims);
  }
  const key = `${route.gateway.gatewayNamespace}/${route.gateway.gatewayName}\0${model}`;
  const owner = claims.get(key);
  if (owner !== undefined && owner !== route.node.path) {
    throw constructError(route, KIND, `model '${model}' is already routed on gateway '${route.gateway.gatewayNamespace}/` +
      `${route.gateway.gatewayName}' by '${owner}'; the gateway would pick one at random. Declare it in one route.`);
  }
  claims.set(key, route.node.path);
}

/** Why a CEL request cost would not compile to an integer in the AI Gateway, or undefined (also for other costs). */
function celCostProblem(field: string, cost: LlmRequestCost): string | undefined {
  if (cost.expression === undefined) return undefined;
  if (cost.expression.trim().length === 0) return `${field} has an empty CEL expression. Use, for example, 'input_tokens + output_tokens'.`;
  const problem = costExpressionProblem(cost.expression);
  return problem === undefined ? undefined : `${field} CEL expression '${cost.expression}' ${problem}`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function optionalDuration(duration: Duration | undefined): string | undefined {
  return duration === undefined ? undefined : formatDuration(duration);
}
