import { LlmRequestCost } from './request-cost';
import { isHeaderName } from '../security/jwt-provider';

/** The window a token budget is counted over (the BackendTrafficPolicy's `limit.unit`). */
export enum BudgetWindow {
  SECOND = 'Second',
  MINUTE = 'Minute',
  HOUR = 'Hour',
  DAY = 'Day',
  MONTH = 'Month',
  YEAR = 'Year',
}

/** The most tokens one budget may allow per window (the CRD's `limit.requests` maximum). */
const MAX_TOKENS = 4294967295;

/** What kind of client key a budget counts by. */
enum ClientKeyKind {
  HEADER = 'header',
  API_KEY_CLIENT = 'apiKeyClient',
  JWT_CLAIM = 'jwtClaim',
}

/**
 * Who a token budget counts by: a request header that the `ClientAccessPolicy` on the route sets after it has checked
 * the caller, so that a client cannot pick its own budget by sending another value.
 */
export class ClientKey {
  /** The client id of the caller's API key (the policy's `apiKeys` forwardClientIdHeader, `x-client-id` by default). */
  public static apiKeyClient(): ClientKey {
    return new ClientKey(ClientKeyKind.API_KEY_CLIENT, undefined, undefined, undefined);
  }

  /**
   * A claim of the caller's token, as the policy's JWT provider copies it into a header (`claimToHeaders`).
   *
   * @param claim the claim, for example 'azp' or 'team'
   * @param jwtProvider the provider's name @default - the policy's provider that copies the claim
   */
  public static jwtClaim(claim: string, jwtProvider?: string): ClientKey {
    return new ClientKey(ClientKeyKind.JWT_CLAIM, undefined, claim, jwtProvider);
  }

  /**
   * A header the route's `ClientAccessPolicy` sets: its API keys' client id header, or a header its JWT providers copy a
   * claim into. A header only the client sets is refused at synth: any client could send any value.
   *
   * @param name the header, for example 'x-client-id'
   */
  public static header(name: string): ClientKey {
    return new ClientKey(ClientKeyKind.HEADER, name, undefined, undefined);
  }

  private constructor(
    private readonly _kind: ClientKeyKind,
    /** The header, for `ClientKey.header()`. */
    public readonly headerName: string | undefined,
    /** The claim, for `ClientKey.jwtClaim()`. */
    public readonly claim: string | undefined,
    /** The JWT provider named, for `ClientKey.jwtClaim()`. */
    public readonly jwtProvider: string | undefined,
  ) {}

  /** A readable description, for example `the API key client id`. */
  public get description(): string {
    switch (this._kind) {
      case ClientKeyKind.API_KEY_CLIENT: return 'the API key client id';
      case ClientKeyKind.JWT_CLAIM: return `the JWT claim '${this.claim}'${this.jwtProvider === undefined ? '' : ` of provider '${this.jwtProvider}'`}`;
      default: return `the header '${this.headerName}'`;
    }
  }

  /** @internal True for `ClientKey.apiKeyClient()`. */
  public get _isApiKeyClient(): boolean {
    return this._kind === ClientKeyKind.API_KEY_CLIENT;
  }

  /** @internal What is wrong with the key itself, or undefined. */
  public _problem(field: string): string | undefined {
    if (this._kind === ClientKeyKind.HEADER && (typeof this.headerName !== 'string' || !isHeaderName(this.headerName))) {
      return `${field} header '${this.headerName}' is not an HTTP header name. Use, for example, 'x-client-id'.`;
    }
    if (this._kind === ClientKeyKind.JWT_CLAIM && (typeof this.claim !== 'string' || this.claim.trim() === '')) {
      return `${field} claim is empty. Name the claim, for example 'azp'.`;
    }
    return undefined;
  }
}

/** How many tokens, per what window. */
export interface TokenBudgetOptions {
  /** The tokens allowed per window (1 to 4294967295), counted as `cost` says. */
  readonly tokens: number;

  /** The window. */
  readonly window: BudgetWindow;

  /**
   * What a request costs: a token count the AI Gateway records per request (`llmRequestCosts`), added to the route when
   * it lacks it. A request is charged when its response has been counted, and admitted while the budget is not spent.
   *
   * @default LlmRequestCost.totalToken('llm_total_token')
   */
  readonly cost?: LlmRequestCost;
}

/** Whose tokens a budget counts. */
enum BudgetScope {
  SHARED = 'shared',
  PER_CLIENT = 'perClient',
  CLIENTS = 'clients',
}

/**
 * A token budget of one model, declared next to it (`addModel({ ..., budgets })`): "2M tokens an hour for each
 * team". Synthesized as an Envoy Gateway v1.8.1 BackendTrafficPolicy global rate limit on the model's rule of the
 * HTTPRoute the AI Gateway generates, whose cost is the token count the AI Gateway writes (request cost 0, response cost
 * from its dynamic metadata). Enforcing it needs Envoy Gateway's rate limiting enabled, with a Redis (see the README).
 */
export class TokenBudget {
  /** One budget for every caller of the model together. */
  public static shared(options: TokenBudgetOptions): TokenBudget {
    return new TokenBudget(BudgetScope.SHARED, undefined, [], options);
  }

  /** A budget of its own for each client, by `key` (each distinct value counts on its own). */
  public static perClient(key: ClientKey, options: TokenBudgetOptions): TokenBudget {
    return new TokenBudget(BudgetScope.PER_CLIENT, key, [], options);
  }

  /**
   * A budget of its own for each of the clients named, by `key`, for example `['team-a', 'team-b']`; other clients
   * are not limited by it.
   *
   * @param clients the key's values (1 to 256)
   */
  public static clients(key: ClientKey, clients: string[], options: TokenBudgetOptions): TokenBudget {
    return new TokenBudget(BudgetScope.CLIENTS, key, [...clients ?? []], options);
  }

  private constructor(
    private readonly _scope: BudgetScope,
    /** Who the budget counts by, for per-client budgets. */
    public readonly clientKey: ClientKey | undefined,
    private readonly _clients: string[],
    private readonly _options: TokenBudgetOptions,
  ) {}

  /** The tokens allowed per window. */
  public get tokens(): number {
    return this._options.tokens;
  }

  /** The window. */
  public get window(): BudgetWindow {
    return this._options.window;
  }

  /** What a request costs. */
  public get cost(): LlmRequestCost {
    return this._options.cost ?? LlmRequestCost.totalToken('llm_total_token');
  }

  /** A readable description, for example `2000000 tokens per Hour for each client by the API key client id`. */
  public get description(): string {
    const who = this._scope === BudgetScope.SHARED ? 'shared by every caller'
      : this._scope === BudgetScope.PER_CLIENT ? `for each client by ${this.clientKey!.description}`
        : `for each of ${this._clients.join(', ')} by ${this.clientKey!.description}`;
    return `${this.tokens} tokens per ${this.window} ${who}`;
  }

  /** @internal What is wrong with the budget itself, or undefined. */
  public _problem(field: string): string | undefined {
    const t = this._options.tokens;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > MAX_TOKENS) {
      return `${field} tokens ${t} is not a whole number from 1 to ${MAX_TOKENS}. Give the tokens allowed per window, for example 2000000.`;
    }
    if (!Object.values(BudgetWindow).includes(this._options.window)) {
      return `${field} window '${this._options.window}' is not a BudgetWindow. Use, for example, BudgetWindow.HOUR.`;
    }
    const key = this.clientKey?._problem(`${field} client key`);
    if (key !== undefined) return key;
    if (this._scope === BudgetScope.CLIENTS) {
      if (this._clients.length === 0) return `${field} names no client. Name the clients, or use TokenBudget.perClient() for every client.`;
      if (this._clients.length > 256) return `${field} names ${this._clients.length} clients, more than the 256 rules one policy holds.`;
      if (this._clients.some(c => typeof c !== 'string' || c === '' || c.length > 1024)) return `${field} has an empty client, or one longer than 1024 characters.`;
      if (new Set(this._clients).size !== this._clients.length) return `${field} names a client twice. Name each once.`;
    }
    return undefined;
  }

  /** @internal How many rate limit rules the budget takes. */
  public get _ruleCount(): number {
    return this._scope === BudgetScope.CLIENTS ? this._clients.length : 1;
  }

  /**
   * @internal The budget's `rateLimit.global.rules[]` entries, counting by `header` (the header the access policy sets
   * for its client key).
   */
  public _rules(header: string | undefined): any[] {
    const rule = (clientSelectors: any[] | undefined) => ({
      clientSelectors,
      limit: { requests: this.tokens, unit: this.window },
      cost: {
        request: { from: 'Number', number: 0 },
        response: { from: 'Metadata', metadata: { namespace: AI_GATEWAY_METADATA_NAMESPACE, key: this.cost.metadataKey } },
      },
    });
    switch (this._scope) {
      case BudgetScope.PER_CLIENT: return [rule([{ headers: [{ name: header, type: 'Distinct' }] }])];
      case BudgetScope.CLIENTS: return this._clients.map(c => rule([{ headers: [{ name: header, type: 'Exact', value: c }] }]));
      // Every request of the rule's route: a selector on any method (the CRD requires one selector field).
      default: return [rule(undefined)];
    }
  }
}

/** The dynamic metadata namespace the AI Gateway writes its request costs into. */
export const AI_GATEWAY_METADATA_NAMESPACE = 'io.envoy.ai_gateway';
