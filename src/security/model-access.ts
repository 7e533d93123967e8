import { ClaimType, claimProblem, scopesProblem } from './jwt-claims';

/** Options of `ModelAccess.jwtClaim()` and `ModelAccess.jwtScopes()`. */
export interface ModelAccessOptions {
  /**
   * How the claim holds its values (`ModelAccess.jwtClaim()` only).
   *
   * @default ClaimType.STRING
   */
  readonly claimType?: ClaimType;

  /**
   * The name of the JWT provider (of the `ClientAccessPolicy` on the route) whose tokens carry the claim.
   *
   * @default - the policy's only JWT provider
   */
  readonly jwtProvider?: string;
}

/**
 * Who may call one model of an `AiModelRoute`, declared next to the model (`addModel({ ..., access })`): callers
 * whose token, checked by the `ClientAccessPolicy` on the route, carries a claim value or scopes. The policy renders
 * it as an authorization rule that matches the model on `x-ai-eg-model` (which the AI Gateway sets from the
 * request body before Envoy's authorization filter runs); models without `access` stay open to every caller the
 * policy authenticates, and a request for a model no rule allows is denied.
 */
export class ModelAccess {
  /**
   * Callers whose JWT claim `claim` holds one of `values` (a string claim, or with `claimType:
   * ClaimType.STRING_ARRAY` a list claim such as Keycloak's `groups` holding one of them).
   *
   * @param claim the claim, for example 'groups' (nested claims with dots: 'realm_access.roles')
   * @param values the values that grant access, for example ['team-a'] (1 to 128)
   */
  public static jwtClaim(claim: string, values: string[], options: ModelAccessOptions = {}): ModelAccess {
    return new ModelAccess(options.jwtProvider, claim, [...values ?? []], [], options.claimType ?? ClaimType.STRING);
  }

  /**
   * API key clients, by the client id their key is stored under (the entry's key in the policy's API key Secrets).
   * Envoy's API key filter writes the client id of a valid key into the policy's `forwardClientIdHeader`, replacing
   * any value the client sent, before the authorization filter runs; the rule matches on that header.
   *
   * @param clientIds the client ids that may call the model, for example ['team-a-ci'] (1 to 256)
   */
  public static apiKeyClients(clientIds: string[]): ModelAccess {
    return new ModelAccess(undefined, undefined, [...clientIds ?? []], [], ClaimType.STRING, true);
  }

  /**
   * Callers whose token carries every one of `scopes` (the `scope` or `scp` claim, as OAuth 2.0 writes it).
   *
   * @param scopes the scopes, for example ['models:premium'] (1 to 16)
   */
  public static jwtScopes(scopes: string[], options: ModelAccessOptions = {}): ModelAccess {
    return new ModelAccess(options.jwtProvider, undefined, [], [...scopes ?? []], ClaimType.STRING);
  }

  private constructor(
    /** The JWT provider's name, when given. */
    public readonly jwtProvider: string | undefined,
    private readonly _claim: string | undefined,
    private readonly _values: string[],
    private readonly _scopes: string[],
    private readonly _claimType: ClaimType,
    private readonly _apiKeyClients = false,
  ) {}

  /** @internal True when the access names API key clients rather than token claims. */
  public get _byApiKeyClient(): boolean {
    return this._apiKeyClients;
  }

  /** A readable description, for example `claim groups in [team-a]`. */
  public get description(): string {
    if (this._apiKeyClients) return `API key clients [${this._values.join(', ')}]`;
    return this._claim !== undefined ? `claim ${this._claim} in [${this._values.join(', ')}]` : `scopes [${this._scopes.join(', ')}]`;
  }

  /** @internal What is wrong, or undefined. */
  public _problem(field: string): string | undefined {
    if (this._apiKeyClients) {
      if (this._values.length === 0) return `${field} names no API key client: nobody could call the model. Pass the client ids that may.`;
      if (this._values.length > 256) return `${field} names ${this._values.length} API key clients, more than the 256 a rule matches.`;
      if (this._values.some(v => typeof v !== 'string' || v === '')) return `${field} has an empty client id. Remove it.`;
      if (new Set(this._values).size !== this._values.length) return `${field} names a client twice. Name each once.`;
      return undefined;
    }
    return this._claim !== undefined
      ? claimProblem(field, this._claim, this._values, 'nobody could call the model')
      : scopesProblem(field, this._scopes, 'nobody could call the model');
  }

  /** @internal The same access, whatever the model: models with equal keys share one rule. */
  public _key(provider: string): string {
    return JSON.stringify([this._apiKeyClients ? '' : provider, this._apiKeyClients, this._claim, this._claimType, [...this._values].sort(),
      [...this._scopes].sort()]);
  }

  /** @internal The rule principal's `headers` entry of API key clients, on the header the client id is forwarded in. */
  public _clientHeader(header: string): any {
    return { name: header, values: [...this._values] };
  }

  /** @internal The rule principal's `jwt`, for the provider named. */
  public _jwtPrincipal(provider: string): any {
    return this._claim !== undefined
      ? { provider, claims: [{ name: this._claim, valueType: this._claimType, values: [...this._values] }] }
      : { provider, scopes: [...this._scopes] };
  }
}

/** A model a policy target serves, with who may call it. */
export interface PolicyModel {
  /** The model's public name (`x-ai-eg-model`). */
  readonly name: string;

  /**
   * Who may call it.
   *
   * @default - every caller the policy authenticates
   */
  readonly access?: ModelAccess;
}
