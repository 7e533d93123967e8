import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AccessAction, AccessRule } from './access-rule';
import { ApiKeyAuth } from './api-key-auth';
import { JwtProvider } from './jwt-provider';
import { ModelAccess, PolicyModel } from './model-access';
import { OidcLogin } from './oidc-login';
import { BasicAuth, CorsOptions, corsProblem, corsSpec, ExternalAuth } from './other-auth';
import { IPolicyTarget, PolicyTargetKind, PolicyTargetReference, PolicyTargetSelector } from './policy-target';
import { SecurityPolicy } from '../../imports/envoy-gateway-v1.8.1/gateway.envoyproxy.io-v1alpha1';
import { ENVOY_GATEWAY_RELEASE } from '../ai/api-version';
import { IGateway, resolveListeners, RouteKind } from '../gateway-api/gateway';
import { grantReference } from '../gateway-api/grants';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { GrantFrom, GrantTo } from '../gateway-api/reference-grant';
import { GatewayApiVersion } from '../gateway-api/version';
import { isCidr } from '../kubernetes/addresses';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkLabels } from '../kubernetes/metadata';
import { checkDnsLabel, checkDnsSubdomain, suggestDnsName } from '../kubernetes/names';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { chartKnownObjects, declareKnown, useRelease } from '../validation/targets';

const KIND = 'ClientAccessPolicy';
/** At most this many JWT providers per SecurityPolicy (the CRD's maxItems). */
const MAX_JWT_PROVIDERS = 16;

/** Targets of policies: one listener of a gateway. */
export class PolicyTarget {
  /**
   * One listener of a gateway, by its name (`targetRefs[].sectionName`): the policy applies to requests that
   * listener receives only.
   *
   * @param gateway the gateway
   * @param sectionName the listener's name, for example 'https'
   */
  public static listener(gateway: IGateway, sectionName: string): IPolicyTarget {
    return new GatewayListenerTarget(gateway, sectionName);
  }

  /**
   * The Gateways or routes of a namespace that carry labels (`targetSelectors`), for example the HTTPRoutes labelled
   * `tier: public`, whichever construct or team makes them: a route labelled later is covered without changing the
   * policy. At synth the app must hold or know an object of that kind in the namespace, and an object it holds that
   * the selector selects counts as a target in the conflict check. A policy cannot see models through a selector:
   * models with `access` need their `AiModelRoute` as a target.
   *
   * @param namespace the namespace of the objects (and the policy)
   * @param kind the kind selected
   * @param matchLabels the labels an object must carry, every one of them (at least one)
   */
  public static selector(namespace: string, kind: PolicyTargetKind, matchLabels: { [key: string]: string }): IPolicyTarget {
    return new SelectorTarget(namespace, kind, { ...matchLabels ?? {} });
  }

  /**
   * A route this app does not create, by kind, namespace and name (made by another app or team): it is declared as a
   * known object for validation, and the policy names it in `targetRefs`.
   *
   * @param scope a construct of the chart the policy belongs to
   * @param kind the route's kind: HTTPRoute, GRPCRoute or TCPRoute
   * @param namespace the route's namespace (and the policy's)
   * @param name the route's metadata.name
   */
  public static existingRoute(scope: IConstruct, kind: PolicyTargetKind, namespace: string, name: string): IPolicyTarget {
    const target = new ExistingRouteTarget(kind, namespace, name);
    if (target.policyTargetProblem === undefined) {
      const version = kind === PolicyTargetKind.TCP_ROUTE ? 'v1alpha2' : 'v1';
      declareKnown(scope, { apiVersion: `${GATEWAY_API_GROUP}/${version}`, kind, name, namespace });
    }
    return target;
  }

  private constructor() {}
}

class ExistingRouteTarget implements IPolicyTarget {
  public constructor(private readonly kind: PolicyTargetKind, public readonly policyTargetNamespace: string, private readonly name: string) {}

  public get policyTargetDescription(): string {
    return `${this.kind} '${this.policyTargetNamespace}/${this.name}'`;
  }

  public policyTargetReferences(): PolicyTargetReference[] {
    return [{ group: GATEWAY_API_GROUP, kind: this.kind, name: this.name }];
  }

  public get policyTargetProblem(): string | undefined {
    if (!Object.values(PolicyTargetKind).includes(this.kind) || this.kind === PolicyTargetKind.GATEWAY) {
      return `PolicyTarget.existingRoute() kind '${this.kind}' is not a route kind. Use PolicyTargetKind.HTTP_ROUTE, GRPC_ROUTE or TCP_ROUTE ` +
        '(Gateway.fromGatewayAttributes() references a Gateway).';
    }
    return checkDnsLabel('PolicyTarget.existingRoute() namespace', this.policyTargetNamespace)
      ?? checkDnsSubdomain('PolicyTarget.existingRoute() name', this.name);
  }
}

class SelectorTarget implements IPolicyTarget {
  public readonly policyTargetSelectors: PolicyTargetSelector[];

  public constructor(public readonly policyTargetNamespace: string, private readonly kind: PolicyTargetKind,
    private readonly matchLabels: { [key: string]: string }) {
    this.policyTargetSelectors = [{ kind, matchLabels }];
  }

  public get policyTargetDescription(): string {
    const labels = Object.entries(this.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
    return `${this.kind}s labelled ${labels || '(no labels)'} in '${this.policyTargetNamespace}'`;
  }

  public policyTargetReferences(): PolicyTargetReference[] {
    return [];
  }

  public get policyTargetProblem(): string | undefined {
    const ns = checkDnsLabel('PolicyTarget.selector() namespace', this.policyTargetNamespace);
    if (ns !== undefined) return ns;
    if (!Object.values(PolicyTargetKind).includes(this.kind)) {
      return `PolicyTarget.selector() kind '${this.kind}' is not a PolicyTargetKind. Use, for example, PolicyTargetKind.HTTP_ROUTE.`;
    }
    const entries = Object.entries(this.matchLabels);
    if (entries.length === 0) {
      return `PolicyTarget.selector() matchLabels is empty: it would select every ${this.kind} of '${this.policyTargetNamespace}'. Name the labels, ` +
        `or target the ${this.kind}s themselves.`;
    }
    return checkLabels('PolicyTarget.selector() matchLabels', this.matchLabels);
  }
}

class GatewayListenerTarget implements IPolicyTarget {
  public constructor(private readonly gateway: IGateway, private readonly sectionName: string) {}

  public get policyTargetNamespace(): string {
    return this.gateway.gatewayNamespace;
  }

  public get policyTargetDescription(): string {
    return `listener '${this.sectionName}' of Gateway '${this.gateway.gatewayNamespace}/${this.gateway.gatewayName}'`;
  }

  public policyTargetReferences(): PolicyTargetReference[] {
    return [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.gateway.gatewayName, sectionName: this.sectionName }];
  }

  public get policyTargetProblem(): string | undefined {
    const label = checkDnsLabel('PolicyTarget.listener() sectionName', this.sectionName);
    if (label !== undefined) return label;
    // An HTTP-level policy: the listener must exist and carry HTTP (when the gateway's listeners are known).
    return resolveListeners(this.gateway, RouteKind.HTTP_ROUTE, [this.sectionName]).problem;
  }

  public get hostnames(): string[] {
    const listener = this.gateway.listeners.find(l => l.name === this.sectionName);
    return listener?.hostname === undefined ? [] : [listener.hostname];
  }
}

/** The ClientAccessPolicies of each app (by the root construct), in the order they were made. */
const POLICIES = new WeakMap<IConstruct, ClientAccessPolicy[]>();

/** The ClientAccessPolicies of the app of `scope` that target `target`. */
export function accessPoliciesOf(scope: IConstruct, target: IPolicyTarget): ClientAccessPolicy[] {
  return (POLICIES.get(scope.node.root) ?? []).filter(p => p._targets.includes(target));
}

/** At most this many values per header of an authorization rule (the CRD's maxItems): more models take more rules. */
const MAX_HEADER_VALUES = 256;

/** The header the AI Gateway writes the request's model into, from the body, before the authorization filter runs. */
const MODEL_HEADER = 'x-ai-eg-model';

/** Options of a `ClientAccessPolicy`. */
export interface ClientAccessPolicyProps {
  /**
   * What the policy applies to: gateways (`AiGateway`, `NvcfGateway`, `Gateway.fromGatewayAttributes()`), one
   * listener (`PolicyTarget.listener()`), routes (`AiModelRoute`: the HTTPRoutes the AI Gateway controller
   * generates from it; `HostnameRoute`, `InferenceRoute`, `GrpcTcpRoute`; `PolicyTarget.existingRoute()` for one
   * made elsewhere), or objects by label (`PolicyTarget.selector()`). All in one namespace, where the policy lives:
   * Envoy Gateway resolves a policy's targets in its own namespace only.
   */
  readonly targets: IPolicyTarget[];

  /**
   * The SecurityPolicy's name, an RFC 1123 subdomain.
   *
   * @default - the construct id, made a valid name
   */
  readonly name?: string;

  /**
   * API keys for machine clients.
   *
   * @default - no API keys
   */
  readonly apiKeys?: ApiKeyAuth;

  /**
   * Login for browser clients (OpenID Connect), for example `OidcLogin.keycloak({ domain, realm, clientId,
   * clientSecretName })` for the console. With `jwtProviders` or `apiKeys` too, a request must pass each.
   *
   * @default - no OIDC login
   */
  readonly oidcLogin?: OidcLogin;

  /**
   * HTTP basic authentication from an htpasswd Secret.
   *
   * @default - no basic authentication
   */
  readonly basicAuth?: BasicAuth;

  /**
   * An external authorization service that judges every request.
   *
   * @default - none
   */
  readonly externalAuth?: ExternalAuth;

  /**
   * Cross-origin requests browsers may make (for a console on another host than the API).
   *
   * @default - no CORS: browsers refuse cross-origin calls
   */
  readonly cors?: CorsOptions;

  /**
   * Only clients from these networks, for example `['10.0.0.0/8']`: every Allow rule of the policy also requires
   * one of them, and requests from elsewhere are denied. The only check a TCPRoute takes.
   *
   * @default - clients from anywhere
   */
  readonly allowedClientCidrs?: string[];

  /**
   * JSON Web Tokens accepted (1 to 16 providers), for example `JwtProvider.keycloak(...)` for the console's users.
   * A request must carry a valid token of one of them.
   *
   * @default - no JWT authentication
   */
  readonly jwtProviders?: JwtProvider[];

  /**
   * Authorization rules, judged in the order given before those of the targets' models (`addModel({ access })`):
   * the first rule a request matches allows or denies it, for example `[AccessRule.deny({ clientCidrs:
   * ['198.51.100.0/24'] }), AccessRule.allow({ jwtClaims: [{ claim: 'groups', values: ['admins'] }] })]`.
   *
   * @default - none: only the models' access and `allowedClientCidrs` decide
   */
  readonly rules?: AccessRule[];

  /**
   * What happens to a request no rule matches.
   *
   * @default - AccessAction.DENY when any rule allows (the rules list who may call: `rules`, the models' access,
   * `allowedClientCidrs`); AccessAction.ALLOW when every rule denies (they list who may not)
   */
  readonly defaultAction?: AccessAction;
}

/**
 * Who may call: client authentication on a gateway, a listener or routes, as one Envoy Gateway v1.8.1
 * SecurityPolicy (`gateway.envoyproxy.io/v1alpha1`). API keys are read from Secrets the policy references; JWTs
 * are checked against their issuer's published keys, with the audiences required.
 *
 * Checked at synth: at least one way to authenticate; every target in the policy's namespace; a listener target
 * that exists and carries HTTP; HTTPS issuers and key URLs; audiences on every JWT provider; and no second
 * `ClientAccessPolicy` of the app on the same target (Envoy Gateway would apply one of them and ignore the other).
 */
export class ClientAccessPolicy extends Construct {
  /** The SecurityPolicy object. */
  public readonly apiObject: ApiObject;

  /** The policy's namespace: its targets'. */
  public readonly policyNamespace: string;

  /** @internal The targets, as given. */
  public readonly _targets: IPolicyTarget[];
  private readonly _providers: JwtProvider[];
  private readonly _oidc?: OidcLogin;
  private readonly _apiKeys?: ApiKeyAuth;
  private readonly _defaultAction?: AccessAction;
  private readonly _cidrs: string[];
  private readonly _rules: AccessRule[];
  private readonly _ruleNames: string[];
  private readonly _readsHttp: boolean;
  private _selected?: { selector: PolicyTargetSelector; ref: PolicyTargetReference }[];

  public constructor(scope: Construct, id: string, props: ClientAccessPolicyProps) {
    super(scope, id);
    this._targets = [...props.targets ?? []];
    if (this._targets.length === 0) {
      throw constructError(this, KIND, 'targets is empty: the policy would apply to nothing. Pass the gateway or routes it protects, for example targets: [gateway].');
    }
    const namespaces = [...new Set(this._targets.map(t => t.policyTargetNamespace))];
    if (namespaces.length > 1) {
      const where = this._targets.map(t => `${t.policyTargetDescription} in '${t.policyTargetNamespace}'`).join(', ');
      failIf(this, KIND, `targets lie in ${namespaces.length} namespaces (${where}): a SecurityPolicy targets objects of its own namespace ` +
        'only, and Envoy Gateway would report the others as not found. Make one ClientAccessPolicy per namespace.');
    }
    this.policyNamespace = namespaces[0];
    const name = props.name ?? suggestDnsName(id, 63, false);
    failIf(this, KIND, checkDnsSubdomain('name', name));
    const cidrs = [...props.allowedClientCidrs ?? []];
    if (props.allowedClientCidrs !== undefined && cidrs.length === 0) {
      failIf(this, KIND, 'allowedClientCidrs is empty: every client would be denied. Leave it out to admit clients from anywhere, or list the networks.');
    }
    const rules = [...props.rules ?? []];
    if (props.apiKeys === undefined && (props.jwtProviders ?? []).length === 0 && props.oidcLogin === undefined && props.basicAuth === undefined
      && props.externalAuth === undefined && props.cors === undefined && cidrs.length === 0 && rules.length === 0) {
      failIf(this, KIND, 'none of apiKeys, jwtProviders, oidcLogin, basicAuth, externalAuth, cors, allowedClientCidrs and rules is given: the policy ' +
        'would check nobody. Pass ApiKeyAuth.fromSecrets([...]) for machine clients, jwtProviders: [JwtProvider.keycloak({ ... })] for tokens, ' +
        'or oidcLogin: OidcLogin.keycloak({ ... }) for browsers.');
    }
    if (props.basicAuth !== undefined) failIf(this, KIND, props.basicAuth._problem('basicAuth'));
    if (props.externalAuth !== undefined) failIf(this, KIND, props.externalAuth._problem('externalAuth'));
    if (props.cors !== undefined) failIf(this, KIND, corsProblem('cors', props.cors));
    for (const cidr of cidrs) failIf(this, KIND, cidrProblem(cidr));
    if (props.oidcLogin !== undefined) failIf(this, KIND, props.oidcLogin._problem('oidcLogin'));
    if (props.apiKeys !== undefined) failIf(this, KIND, props.apiKeys._problem('apiKeys'));
    const providers = [...props.jwtProviders ?? []];
    if (providers.length > MAX_JWT_PROVIDERS) {
      failIf(this, KIND, `jwtProviders has ${providers.length} providers, more than the ${MAX_JWT_PROVIDERS} a SecurityPolicy holds. Split the targets over two policies.`);
    }
    for (const provider of providers) failIf(this, KIND, provider._problem('jwtProviders'));
    const names = providers.map(p => p.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) failIf(this, KIND, `jwtProviders has two providers named '${twice}'. Give each its own name.`);
    rules.forEach((rule, i) => failIf(this, KIND, ruleProblem(rule, `rules[${i}]`, providers, cidrs)));
    const ruleNames = rules.map((r, i) => r.name ?? `rule-${i + 1}`);
    const sameName = ruleNames.find((n, i) => ruleNames.indexOf(n) !== i);
    if (sameName !== undefined) failIf(this, KIND, `rules has two rules named '${sameName}'. Give each its own name.`);
    const reserved = ruleNames.find(n => /^(open-models(-\d+)?|model-access-\d+|client-cidrs)$/.test(n));
    if (reserved !== undefined) {
      failIf(this, KIND, `rules has a rule named '${reserved}', a name the policy gives the rules of its models' access and client networks. Choose another name.`);
    }
    if (props.defaultAction !== undefined && !Object.values(AccessAction).includes(props.defaultAction)) {
      failIf(this, KIND, `defaultAction '${props.defaultAction}' is not an AccessAction. Use AccessAction.ALLOW or AccessAction.DENY.`);
    }
    if (props.defaultAction === AccessAction.ALLOW && cidrs.length > 0) {
      failIf(this, KIND, 'defaultAction is AccessAction.ALLOW with allowedClientCidrs: clients from other networks would be let through by the default. ' +
        'Leave defaultAction out, or deny the networks with AccessRule.deny({ clientCidrs }).');
    }

    useRelease(this, 'envoy-gateway', ENVOY_GATEWAY_RELEASE);
    // The key Secrets are the cluster's: referenced, never written here.
    const secrets = [...props.apiKeys?.secretNames ?? [], ...props.oidcLogin === undefined ? [] : [props.oidcLogin._clientSecretName],
      ...props.basicAuth === undefined ? [] : [props.basicAuth.secretName]];
    if (props.externalAuth !== undefined) {
      const s = props.externalAuth.service;
      declareKnown(this, { apiVersion: 'v1', kind: 'Service', name: s.name, namespace: s.namespace });
      // ReferenceGrant v1beta1 is served by every Gateway API release the library targets.
      grantReference(this, GrantFrom.custom(ENVOY_GATEWAY_GROUP, 'SecurityPolicy', this.policyNamespace), s.namespace, GrantTo.service(s.name),
        GatewayApiVersion.V1_2);
    }
    for (const secret of secrets) {
      declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: secret, namespace: this.policyNamespace });
    }
    this.apiObject = emitSchemaDefaults(new SecurityPolicy(this, 'Resource', {
      metadata: { name, namespace: this.policyNamespace },
      spec: Lazy.any({
        produce: () => ({
          ...this.nonEmpty('targetRefs', this.targetReferences()),
          ...this.nonEmpty('targetSelectors', this.targetSelectors()),
          apiKeyAuth: props.apiKeys?._toSpec(),
          jwt: providers.length === 0 ? undefined : { providers: providers.map(p => p._toSpec()) },
          oidc: props.oidcLogin?._toSpec(),
          basicAuth: props.basicAuth?._toSpec(),
          extAuth: props.externalAuth?._toSpec(this.policyNamespace),
          cors: props.cors === undefined ? undefined : corsSpec(props.cors),
          authorization: this.authorization(),
        }),
      }),
    }), 'envoy-gateway', ENVOY_GATEWAY_RELEASE);

    const policies = POLICIES.get(this.node.root) ?? [];
    POLICIES.set(this.node.root, [...policies, this]);
    this._providers = providers;
    this._oidc = props.oidcLogin;
    this._apiKeys = props.apiKeys;
    this._defaultAction = props.defaultAction;
    this._cidrs = cidrs;
    this._rules = rules;
    this._ruleNames = ruleNames;
    this._readsHttp = props.apiKeys !== undefined || providers.length > 0 || props.oidcLogin !== undefined || props.basicAuth !== undefined
      || props.externalAuth !== undefined || props.cors !== undefined || rules.some(r => r._readsHttp);
    this.node.addValidation({ validate: () => this.problems() });
  }

  /**
   * The policy's authorization: its own rules in the order given, then one Allow rule per distinct model `access`
   * (its models matched on `x-ai-eg-model`) and one for the models open to every authenticated caller, or, with
   * neither an own Allow rule nor model access, one for `allowedClientCidrs`; undefined when there is no rule.
   */
  private authorization(): any {
    const cidrs = this._cidrs;
    const rules: any[] = this._rules.map((rule, i) => rule._toSpec(this._ruleNames[i], rule.jwtProvider ?? this._providers[0]?.name ?? '',
      rule.action === AccessAction.ALLOW ? cidrs : []));
    rules.push(...this.modelRules(this._providers, cidrs));
    if (!rules.some(r => r.action === AccessAction.ALLOW) && cidrs.length > 0) {
      rules.push({ name: 'client-cidrs', action: AccessAction.ALLOW, principal: { clientCidRs: [...cidrs] } });
    }
    if (rules.length === 0) return undefined;
    const allows = rules.some(r => r.action === AccessAction.ALLOW);
    return { defaultAction: this._defaultAction ?? (allows ? AccessAction.DENY : AccessAction.ALLOW), rules };
  }

  /** The Allow rules of the targets' models' access, when any model declares access. */
  private modelRules(providers: JwtProvider[], cidrs: string[]): any[] {
    const models = this.models();
    // The generated binding's name for `clientCIDRs`.
    const clientCidrs = cidrs.length === 0 ? {} : { clientCidRs: [...cidrs] };
    if (!models.some(m => m.access !== undefined)) return [];
    const groups = new Map<string, { access?: ModelAccess; provider?: string; models: string[] }>();
    for (const model of models) {
      const provider = model.access === undefined || model.access._byApiKeyClient ? '' : providerName(model.access, providers);
      const key = model.access === undefined ? '' : model.access._key(provider);
      const group = groups.get(key) ?? { access: model.access, provider, models: [] };
      group.models.push(model.name);
      groups.set(key, group);
    }
    const rules: any[] = [];
    let n = 0;
    // The open models first, then each access in the order of its first model's name.
    for (const group of [...groups.values()].sort((a, b) => (a.access === undefined ? -1 : b.access === undefined ? 1 : 0))) {
      for (let i = 0; i < group.models.length; i += MAX_HEADER_VALUES) {
        const values = group.models.slice(i, i + MAX_HEADER_VALUES);
        const headers = [{ name: MODEL_HEADER, values }];
        rules.push(group.access === undefined
          ? { name: `open-models${i === 0 ? '' : `-${i / MAX_HEADER_VALUES + 1}`}`, action: 'Allow', principal: { ...clientCidrs, headers } }
          : group.access._byApiKeyClient
            ? { name: `model-access-${++n}`, action: 'Allow', principal: { ...clientCidrs, headers: [group.access._clientHeader(this._apiKeys!.forwardClientIdHeader), ...headers] } }
            : { name: `model-access-${++n}`, action: 'Allow', principal: { ...clientCidrs, jwt: group.access._jwtPrincipal(group.provider!), headers } });
      }
    }
    return rules;
  }

  /** The targets' models, each once, in name order. */
  private models(): PolicyModel[] {
    const byName = new Map<string, PolicyModel>();
    for (const target of this._targets) {
      for (const model of target.policyModels ?? []) if (!byName.has(model.name)) byName.set(model.name, model);
    }
    return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** An OIDC redirect URL on a host none of the targets serves: the provider would send the browser elsewhere. */
  private redirectProblem(): string | undefined {
    const url = this._oidc?.redirectUrl;
    if (url === undefined) return undefined;
    const host = new URL(url).hostname;
    const perTarget = this._targets.map(t => t.hostnames ?? []);
    if (perTarget.some(h => h.length === 0)) return undefined; // a target takes any hostname
    const hosts = [...new Set(perTarget.flat())];
    if (hosts.some(h => hostnamesIntersect(h, host))) return undefined;
    return `oidcLogin redirectUrl '${url}' is on host '${host}', which none of the targets serves (${hosts.join(', ')}): the identity provider ` +
      `would send the browser where this policy does not apply. Use a URL on ${hosts.length === 1 ? `'${hosts[0]}'` : 'one of those'}, for example ` +
      `'https://${hosts[0].replace(/^\*\./, 'login.')}/oauth2/callback'.`;
  }

  private accessProblems(): string[] {
    const problems: string[] = [];
    // One model name served by two targets with different access: the policy's single rule set cannot hold both.
    const seen = new Map<string, string>();
    for (const target of this._targets) {
      for (const model of target.policyModels ?? []) {
        const key = model.access === undefined ? 'open to every authenticated caller' : model.access.description;
        const before = seen.get(model.name);
        if (before !== undefined && before !== key) {
          problems.push(`model '${model.name}' is served by two targets with different access (${before}; ${key}): a request names the model, ` +
            'not the route, so one policy cannot tell them apart. Give the model the same access on both, or one policy per route.');
        }
        seen.set(model.name, key);
      }
    }
    for (const model of this.models()) {
      const access = model.access;
      if (access === undefined) continue;
      const field = `model '${model.name}' access (${access.description})`;
      if (access._byApiKeyClient) {
        if (this._apiKeys === undefined) {
          problems.push(`${field} names API key clients, but the policy has no apiKeys: no client id is known. Add apiKeys: ApiKeyAuth.fromSecrets([...]).`);
        }
      } else {
        const problem = providerProblem(field, access.jwtProvider, this._providers);
        if (problem !== undefined) problems.push(problem);
      }
    }
    return problems;
  }

  /** A default action that contradicts the rules, or is lost for want of rules. */
  private authorizationProblems(): string[] {
    if (this._defaultAction === undefined) return [];
    const authorization = this.authorization();
    if (authorization === undefined) {
      return [`defaultAction is ${this._defaultAction === AccessAction.ALLOW ? 'AccessAction.ALLOW' : 'AccessAction.DENY'}, but the policy has no ` +
        'authorization rules for it to follow: Envoy Gateway would write no authorization. Add rules, or leave defaultAction out.'];
    }
    const allows = authorization.rules.some((r: any) => r.action === AccessAction.ALLOW);
    if (this._defaultAction === AccessAction.DENY && !allows) {
      return ['defaultAction is AccessAction.DENY and no rule allows: every request would be refused. Add an AccessRule.allow(), or leave defaultAction ' +
        'out (a policy whose rules only deny lets the rest through).'];
    }
    if (this._defaultAction === AccessAction.ALLOW && this.models().some(m => m.access !== undefined)) {
      return ['defaultAction is AccessAction.ALLOW while models of the targets declare access: a caller the access does not name would match no ' +
        'rule and be let through by the default. Leave defaultAction out.'];
    }
    return [];
  }

  private nonEmpty(field: string, list: any[]): any {
    return list.length === 0 ? {} : { [field]: list };
  }

  /** The selectors of the targets, each once, in the order given. */
  private targetSelectors(): PolicyTargetSelector[] {
    const seen = new Set<string>();
    const out: PolicyTargetSelector[] = [];
    for (const target of this._targets) {
      for (const selector of target.policyTargetSelectors ?? []) {
        const key = selectorKey(selector);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ kind: selector.kind, matchLabels: { ...selector.matchLabels } });
      }
    }
    return out;
  }

  /**
   * The objects of the app in the policy's namespace that its selectors select (an AIGatewayRoute for a selector of
   * HTTPRoutes: the AI Gateway controller copies its labels to the HTTPRoute it makes), each with its selector. Read
   * at validation only, when the tree is complete: computed once, as every other policy's conflict check asks too.
   */
  private selectedObjects(): { selector: PolicyTargetSelector; ref: PolicyTargetReference }[] {
    this._selected ??= this.selectObjects();
    return this._selected;
  }

  private selectObjects(): { selector: PolicyTargetSelector; ref: PolicyTargetReference }[] {
    const selectors = this.targetSelectors();
    if (selectors.length === 0) return [];
    const objects = this.node.root.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.metadata.namespace === this.policyNamespace);
    const out: { selector: PolicyTargetSelector; ref: PolicyTargetReference }[] = [];
    for (const selector of selectors) {
      for (const object of objects) {
        const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
        const selectable = (group === GATEWAY_API_GROUP && object.kind === selector.kind)
          || (selector.kind === PolicyTargetKind.HTTP_ROUTE && group === AI_GATEWAY_GROUP && object.kind === 'AIGatewayRoute');
        if (!selectable || object.name === undefined) continue;
        if (!Object.entries(selector.matchLabels).every(([k, v]) => object.metadata.getLabel(k) === v)) continue;
        out.push({ selector, ref: { group: GATEWAY_API_GROUP, kind: selector.kind, name: object.name } });
      }
    }
    return out;
  }

  /** The selectors that select no object the app holds, nor any of their kind in the namespace that the app knows. */
  private emptySelectors(): PolicyTargetSelector[] {
    const selected = new Set(this.selectedObjects().map(o => selectorKey(o.selector)));
    const charts = this.node.root.node.findAll().filter((c): c is Chart => Chart.isChart(c));
    const known = charts.flatMap(c => chartKnownObjects(c)).filter(o => o.namespace === this.policyNamespace);
    return this.targetSelectors().filter(s => !selected.has(selectorKey(s)) && !known.some(o => (o.kind === s.kind
      || (s.kind === PolicyTargetKind.HTTP_ROUTE && o.kind === 'AIGatewayRoute'))
      && (o.labels === undefined || Object.entries(s.matchLabels).every(([k, v]) => o.labels![k] === v))));
  }

  /** The objects the policy targets, in the order given (each once), read at synth. */
  public targetReferences(): PolicyTargetReference[] {
    const seen = new Set<string>();
    const refs: PolicyTargetReference[] = [];
    for (const target of this._targets) {
      for (const ref of target.policyTargetReferences()) {
        const key = referenceKey(ref);
        if (seen.has(key)) continue;
        seen.add(key);
        refs.push({ ...ref });
      }
    }
    return refs;
  }

  private problems(): string[] {
    const problems: string[] = [];
    for (const target of this._targets) {
      const problem = target.policyTargetProblem;
      if (problem !== undefined) problems.push(constructProblem(this, KIND, `target ${target.policyTargetDescription}: ${problem}`));
    }
    problems.push(...this.accessProblems().map(p => constructProblem(this, KIND, p)));
    const redirect = this.redirectProblem();
    if (redirect !== undefined) problems.push(constructProblem(this, KIND, redirect));
    problems.push(...this.authorizationProblems().map(p => constructProblem(this, KIND, p)));
    const refs = this.targetReferences();
    const tcp = [...refs, ...this.selectedObjects().map(o => o.ref)].filter(r => r.kind === 'TCPRoute');
    if (tcp.length > 0 && this._readsHttp) {
      problems.push(constructProblem(this, KIND, `targets TCPRoute ${tcp.map(r => `'${this.policyNamespace}/${r.name}'`).join(', ')}, which carries no HTTP: ` +
        'Envoy Gateway refuses the policy there (Invalid) unless it only checks client networks. Give the TCP route a policy of its own with ' +
        'allowedClientCidrs or rules on clientCidrs only.'));
    }
    for (const selector of this.emptySelectors()) {
      const labels = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
      problems.push(constructProblem(this, KIND, `targetSelectors selects ${selector.kind}s labelled ${labels} in '${this.policyNamespace}', and the app ` +
        `holds none and knows no ${selector.kind} there: the policy would apply to nothing (Envoy Gateway reports nothing). Label the objects ` +
        `(metadata.addLabel), target them by reference, or declare the ${selector.kind}s made elsewhere as known.`));
    }
    if (refs.length === 0 && this.targetSelectors().length === 0) {
      problems.push(constructProblem(this, KIND, `targets stand for no object at synth (${this._targets.map(t => t.policyTargetDescription).join(', ')}: ` +
        'an AiModelRoute without models makes no route). Add models, or leave the policy out.'));
    }
    // Another ClientAccessPolicy on the same object: Envoy Gateway applies the older and marks the other Conflicted.
    const mine = new Map([...refs, ...this.selectedObjects().map(o => o.ref)].map(r => [referenceKey(r), r]));
    for (const other of POLICIES.get(this.node.root) ?? []) {
      if (other === this || other.policyNamespace !== this.policyNamespace) continue;
      for (const ref of [...other.targetReferences(), ...other.selectedObjects().map(o => o.ref)]) {
        if (!mine.has(referenceKey(ref))) continue;
        problems.push(constructProblem(this, KIND, `targets ${describe(ref, this.policyNamespace)}, as ClientAccessPolicy '${other.node.path}' does: ` +
          'Envoy Gateway applies one SecurityPolicy per target and ignores the other (Conflicted). Put both ways of access into one policy.'));
      }
    }
    return problems;
  }
}

/**
 * The JWT provider a model's access reads its claims from: the one it names, else the policy's first (its only one;
 * access that names none among several, or one the policy lacks, is reported by the policy's checks).
 */
function providerName(access: ModelAccess, providers: JwtProvider[]): string {
  return access.jwtProvider ?? providers[0]?.name ?? '';
}

/**
 * Why what reads a token (a rule, or a model's access) cannot tell which of the policy's JWT providers it reads: there
 * is none, several and none named, or the one named is missing; undefined when it can.
 */
function providerProblem(field: string, named: string | undefined, providers: JwtProvider[]): string | undefined {
  const names = providers.map(p => `'${p.name}'`).join(', ');
  if (providers.length === 0) return `${field} reads a JWT, but the policy has no jwtProviders: no token would be checked. Add the provider whose tokens carry it.`;
  if (named === undefined && providers.length > 1) return `${field} names no jwtProvider, and the policy has ${providers.length} (${names}). Pass { jwtProvider: 'name' }.`;
  if (named !== undefined && !providers.some(p => p.name === named)) {
    return `${field} names jwtProvider '${named}', which the policy does not have (it has ${names}). Use one of those.`;
  }
  return undefined;
}

/** What is wrong with an authorization rule of the policy, or undefined. */
function ruleProblem(rule: AccessRule, field: string, providers: JwtProvider[], cidrs: string[]): string | undefined {
  const problem = rule._problem(field);
  if (problem !== undefined) return problem;
  if (rule._readsToken) {
    const provider = providerProblem(field, rule.jwtProvider, providers);
    if (provider !== undefined) return provider;
  }
  if (rule.action === AccessAction.ALLOW && rule._hasCidrs && cidrs.length > 0) {
    return `${field} allows its own clientCidrs while the policy has allowedClientCidrs: a rule holds one list of networks, so one of the two ` +
      'would be lost. Keep the networks in one place.';
  }
  return undefined;
}

function cidrProblem(cidr: string): string | undefined {
  return typeof cidr === 'string' && isCidr(cidr) ? undefined : `allowedClientCidrs has '${cidr}', which is not a CIDR (address/prefix length). Use, for example, '10.0.0.0/8'.`;
}

function selectorKey(selector: PolicyTargetSelector): string {
  return JSON.stringify([selector.kind, Object.entries(selector.matchLabels).sort()]);
}

function referenceKey(ref: PolicyTargetReference): string {
  return `${ref.group}/${ref.kind}/${ref.name}/${ref.sectionName ?? ''}`;
}

function describe(ref: PolicyTargetReference, namespace: string): string {
  return `${ref.kind} '${namespace}/${ref.name}'${ref.sectionName === undefined ? '' : ` (listener '${ref.sectionName}')`}`;
}

