import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ApiKeyAuth } from './api-key-auth';
import { JwtProvider } from './jwt-provider';
import { ModelAccess, PolicyModel } from './model-access';
import { OidcLogin } from './oidc-login';
import { BasicAuth, CorsOptions, corsProblem, corsSpec, ExternalAuth } from './other-auth';
import { IPolicyTarget, PolicyTargetReference } from './policy-target';
import { SecurityPolicy } from '../../imports/envoy-gateway-v1.8.1/gateway.envoyproxy.io-v1alpha1';
import { ENVOY_GATEWAY_RELEASE } from '../ai/api-version';
import { IGateway, resolveListeners, RouteKind } from '../gateway-api/gateway';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { isCidr } from '../kubernetes/addresses';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain, suggestDnsName } from '../kubernetes/names';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { declareKnown, useRelease } from '../validation/targets';

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

  private constructor() {}
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
   * listener (`PolicyTarget.listener()`), or routes (`AiModelRoute`: the HTTPRoutes the AI Gateway controller
   * generates from it; `HostnameRoute`, `InferenceRoute`, `GrpcTcpRoute`). All in one namespace, where the policy
   * lives: Envoy Gateway resolves a policy's targets in its own namespace only.
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
    if (props.apiKeys === undefined && (props.jwtProviders ?? []).length === 0 && props.oidcLogin === undefined && props.basicAuth === undefined
      && props.externalAuth === undefined && props.cors === undefined && cidrs.length === 0) {
      failIf(this, KIND, 'none of apiKeys, jwtProviders, oidcLogin, basicAuth, externalAuth, cors and allowedClientCidrs is given: the policy ' +
        'would check nobody. Pass ApiKeyAuth.fromSecrets([...]) for machine clients, jwtProviders: [JwtProvider.keycloak({ ... })] for tokens, ' +
        'or oidcLogin: OidcLogin.keycloak({ ... }) for browsers.');
    }
    if (props.basicAuth !== undefined) failIf(this, KIND, props.basicAuth._problem('basicAuth'));
    if (props.externalAuth !== undefined) failIf(this, KIND, props.externalAuth._problem('externalAuth', this.policyNamespace));
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

    useRelease(this, 'envoy-gateway', ENVOY_GATEWAY_RELEASE);
    // The key Secrets are the cluster's: referenced, never written here.
    const secrets = [...props.apiKeys?.secretNames ?? [], ...props.oidcLogin === undefined ? [] : [props.oidcLogin._clientSecretName],
      ...props.basicAuth === undefined ? [] : [props.basicAuth.secretName]];
    if (props.externalAuth !== undefined) {
      const s = props.externalAuth.service;
      declareKnown(this, { apiVersion: 'v1', kind: 'Service', name: s.name, namespace: s.namespace });
    }
    for (const secret of secrets) {
      declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: secret, namespace: this.policyNamespace });
    }
    this.apiObject = emitSchemaDefaults(new SecurityPolicy(this, 'Resource', {
      metadata: { name, namespace: this.policyNamespace },
      spec: Lazy.any({
        produce: () => ({
          targetRefs: this.targetReferences(),
          apiKeyAuth: props.apiKeys?._toSpec(),
          jwt: providers.length === 0 ? undefined : { providers: providers.map(p => p._toSpec()) },
          oidc: props.oidcLogin?._toSpec(),
          basicAuth: props.basicAuth?._toSpec(),
          extAuth: props.externalAuth?._toSpec(),
          cors: props.cors === undefined ? undefined : corsSpec(props.cors),
          authorization: this.authorization(providers, cidrs),
        }),
      }),
    }), 'envoy-gateway', ENVOY_GATEWAY_RELEASE);

    const policies = POLICIES.get(this.node.root) ?? [];
    POLICIES.set(this.node.root, [...policies, this]);
    this._providers = providers;
    this._oidc = props.oidcLogin;
    this._apiKeys = props.apiKeys;
    this.node.addValidation({ validate: () => this.problems() });
  }

  /**
   * The authorization rules of the targets' models: one Allow rule per distinct `access` (its models matched on
   * `x-ai-eg-model`), one for the models open to every authenticated caller, and Deny for anything else; undefined
   * when no model declares access.
   */
  private authorization(providers: JwtProvider[], cidrs: string[]): any {
    const models = this.models();
    // The generated binding's name for `clientCIDRs`.
    const clientCidrs = cidrs.length === 0 ? {} : { clientCidRs: [...cidrs] };
    if (!models.some(m => m.access !== undefined)) {
      return cidrs.length === 0 ? undefined : { defaultAction: 'Deny', rules: [{ name: 'client-cidrs', action: 'Allow', principal: clientCidrs }] };
    }
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
    return { defaultAction: 'Deny', rules };
  }

  /** The targets' models, each once, in name order. */
  private models(): PolicyModel[] {
    const byName = new Map<string, PolicyModel>();
    for (const target of this._targets) {
      for (const model of target.policyModels ?? []) if (!byName.has(model.name)) byName.set(model.name, model);
    }
    return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The JWT provider a model's access reads its claims from: the one it names, else the policy's only one. */
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
    const names = this._providers.map(p => `'${p.name}'`).join(', ');
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
      } else if (this._providers.length === 0) {
        problems.push(`${field} reads a JWT, but the policy has no jwtProviders: no caller could be matched. Add the provider whose tokens carry it.`);
      } else if (access.jwtProvider === undefined && this._providers.length > 1) {
        problems.push(`${field} names no jwtProvider, and the policy has ${this._providers.length} (${names}). Pass { jwtProvider: 'name' }.`);
      } else if (access.jwtProvider !== undefined && !this._providers.some(p => p.name === access.jwtProvider)) {
        problems.push(`${field} names jwtProvider '${access.jwtProvider}', which the policy does not have (it has ${names}). Use one of those.`);
      }
    }
    return problems;
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
    const refs = this.targetReferences();
    if (refs.length === 0) {
      problems.push(constructProblem(this, KIND, `targets stand for no object at synth (${this._targets.map(t => t.policyTargetDescription).join(', ')}: ` +
        'an AiModelRoute without models makes no route). Add models, or leave the policy out.'));
    }
    // Another ClientAccessPolicy on the same object: Envoy Gateway applies the older and marks the other Conflicted.
    const mine = new Map(refs.map(r => [referenceKey(r), r]));
    for (const other of POLICIES.get(this.node.root) ?? []) {
      if (other === this || other.policyNamespace !== this.policyNamespace) continue;
      for (const ref of other.targetReferences()) {
        if (!mine.has(referenceKey(ref))) continue;
        problems.push(constructProblem(this, KIND, `targets ${describe(ref, this.policyNamespace)}, as ClientAccessPolicy '${other.node.path}' does: ` +
          'Envoy Gateway applies one SecurityPolicy per target and ignores the other (Conflicted). Put both ways of access into one policy.'));
      }
    }
    return problems;
  }
}

/** Why a value is not an IPv4 or IPv6 CIDR, or undefined. */
/**
 * The JWT provider a model's access reads its claims from: the one it names, else the policy's first (its only one;
 * access that names none among several, or one the policy lacks, is reported by the policy's checks).
 */
function providerName(access: ModelAccess, providers: JwtProvider[]): string {
  return access.jwtProvider ?? providers[0]?.name ?? '';
}

function cidrProblem(cidr: string): string | undefined {
  return typeof cidr === 'string' && isCidr(cidr) ? undefined : `allowedClientCidrs has '${cidr}', which is not a CIDR (address/prefix length). Use, for example, '10.0.0.0/8'.`;
}

function referenceKey(ref: PolicyTargetReference): string {
  return `${ref.group}/${ref.kind}/${ref.name}/${ref.sectionName ?? ''}`;
}

function describe(ref: PolicyTargetReference, namespace: string): string {
  return `${ref.kind} '${namespace}/${ref.name}'${ref.sectionName === undefined ? '' : ` (listener '${ref.sectionName}')`}`;
}

