import { ClaimType, claimProblem, scopesProblem } from './jwt-claims';
import { isHeaderName } from './jwt-provider';
import { isCidr } from '../kubernetes/addresses';

/** At most this many claims, headers and values per rule (the SecurityPolicy CRD's maxItems). */
const MAX_CLAIMS = 16;
const MAX_HEADERS = 256;
const MAX_HEADER_VALUES = 256;

/** What an authorization rule does with the requests it matches, and what a policy does with the rest. */
export enum AccessAction {
  /** Let the request through. */
  ALLOW = 'Allow',
  /** Refuse it (403). */
  DENY = 'Deny',
}

/** An HTTP method an authorization rule matches. */
export enum HttpMethod {
  GET = 'GET',
  HEAD = 'HEAD',
  POST = 'POST',
  PUT = 'PUT',
  DELETE = 'DELETE',
  CONNECT = 'CONNECT',
  OPTIONS = 'OPTIONS',
  TRACE = 'TRACE',
  PATCH = 'PATCH',
}

/** A JWT claim an authorization rule matches. */
export interface ClaimMatch {
  /** The claim, for example 'groups' (nested claims with dots: 'realm_access.roles'). */
  readonly claim: string;

  /** The values, one of which the claim must hold (1 to 128). */
  readonly values: string[];

  /**
   * How the claim holds its values.
   *
   * @default ClaimType.STRING
   */
  readonly claimType?: ClaimType;
}

/** A request header an authorization rule matches. */
export interface HeaderMatch {
  /** The header's name, for example 'x-client-id'. */
  readonly name: string;

  /** The values, one of which the header must have (1 to 256). */
  readonly values: string[];
}

/**
 * What an authorization rule matches. Every field given must match (a claim, the scopes, a client network, a header,
 * a method); within one field, one of its values.
 */
export interface AccessRuleOptions {
  /**
   * The rule's name in the policy (1 to 253 characters, unique within it).
   *
   * @default - 'rule-N', N its place among the policy's rules (from 1)
   */
  readonly name?: string;

  /**
   * JWT claims the caller's token must carry, each with one of its values (up to 16). Header matches are only as
   * trustworthy as what sets the header: match claims, scopes or the client id header of the policy's API keys
   * (Envoy writes it), not a header a client may send.
   *
   * @default - no claim is required
   */
  readonly jwtClaims?: ClaimMatch[];

  /**
   * Scopes the caller's token must carry, every one of them (up to 16).
   *
   * @default - no scope is required
   */
  readonly jwtScopes?: string[];

  /**
   * The JWT provider (of the policy) whose tokens carry `jwtClaims` and `jwtScopes`.
   *
   * @default - the policy's only JWT provider
   */
  readonly jwtProvider?: string;

  /**
   * Client networks, one of which the client's address must lie in, for example `['203.0.113.0/24']`.
   *
   * @default - from anywhere
   */
  readonly clientCidrs?: string[];

  /**
   * Request headers, each with one of its values (up to 256).
   *
   * @default - no header is required
   */
  readonly headers?: HeaderMatch[];

  /**
   * HTTP methods, one of which the request must use (up to 16).
   *
   * @default - any method
   */
  readonly methods?: HttpMethod[];
}

/**
 * One authorization rule of a `ClientAccessPolicy`: requests that match it are allowed or denied. A policy judges its
 * rules in the order given, before the rules of its models' access; the first rule that matches decides, and a
 * request no rule matches gets the policy's `defaultAction`.
 */
export class AccessRule {
  /** Requests that match are let through (by the first rule that matches). */
  public static allow(options: AccessRuleOptions): AccessRule {
    return new AccessRule(AccessAction.ALLOW, options ?? {});
  }

  /** Requests that match are refused, for example `AccessRule.deny({ clientCidrs: ['198.51.100.0/24'] })`. */
  public static deny(options: AccessRuleOptions): AccessRule {
    return new AccessRule(AccessAction.DENY, options ?? {});
  }

  private constructor(
    /** What the rule does with the requests it matches. */
    public readonly action: AccessAction,
    private readonly _options: AccessRuleOptions,
  ) {}

  /** The rule's name, when given. */
  public get name(): string | undefined {
    return this._options.name;
  }

  /** The JWT provider the rule names, when given. */
  public get jwtProvider(): string | undefined {
    return this._options.jwtProvider;
  }

  /** @internal True when the rule reads a token (claims or scopes). */
  public get _readsToken(): boolean {
    return (this._options.jwtClaims ?? []).length > 0 || (this._options.jwtScopes ?? []).length > 0;
  }

  /** @internal True when the rule matches something other than the client's network (which a TCPRoute cannot judge). */
  public get _readsHttp(): boolean {
    return this._readsToken || (this._options.headers ?? []).length > 0 || (this._options.methods ?? []).length > 0;
  }

  /** @internal True when the rule names client networks of its own. */
  public get _hasCidrs(): boolean {
    return (this._options.clientCidrs ?? []).length > 0;
  }

  /** @internal What is wrong with the rule itself, or undefined; `field` names it, for example `rules[0]`. */
  public _problem(field: string): string | undefined {
    const o = this._options;
    if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === '' || o.name.length > 253)) {
      return `${field} name '${o.name}' is empty or longer than 253 characters. Name the rule, for example 'deny-office-guests'.`;
    }
    const given = ['jwtClaims', 'jwtScopes', 'clientCidrs', 'headers'].filter(k => (o as any)[k] !== undefined);
    for (const k of given) {
      if (!Array.isArray((o as any)[k]) || (o as any)[k].length === 0) {
        return `${field} ${k} is empty: a rule that requires none of them is not what was meant. Leave ${k} out, or list what it matches.`;
      }
    }
    if (o.methods !== undefined && o.methods.length === 0) return `${field} methods is empty. Leave methods out to match any method, or list them.`;
    if (!this._readsToken && !this._hasCidrs && (o.headers ?? []).length === 0) {
      return `${field} matches no caller: give it jwtClaims, jwtScopes, clientCidrs or headers (methods alone name no caller, and Envoy ` +
        'Gateway requires one of those).';
    }
    if (o.jwtProvider !== undefined && !this._readsToken) return `${field} names jwtProvider '${o.jwtProvider}' but reads no token. Add jwtClaims or jwtScopes, or leave jwtProvider out.`;
    const claims = o.jwtClaims ?? [];
    if (claims.length > MAX_CLAIMS) return `${field} jwtClaims has ${claims.length} claims, more than the ${MAX_CLAIMS} a rule holds.`;
    for (const c of claims) {
      const problem = claimProblem(`${field} jwtClaims`, c?.claim, c?.values ?? [], 'nobody would match');
      if (problem !== undefined) return problem;
      if (c.claimType !== undefined && !Object.values(ClaimType).includes(c.claimType)) {
        return `${field} claim '${c.claim}' claimType '${c.claimType}' is not a ClaimType. Use ClaimType.STRING or ClaimType.STRING_ARRAY.`;
      }
    }
    if (o.jwtScopes !== undefined) {
      const problem = scopesProblem(`${field} jwtScopes`, o.jwtScopes, 'nobody would match');
      if (problem !== undefined) return problem;
    }
    for (const cidr of o.clientCidrs ?? []) {
      if (typeof cidr !== 'string' || !isCidr(cidr)) return `${field} clientCidrs has '${cidr}', which is not a CIDR (address/prefix length). Use, for example, '10.0.0.0/8'.`;
    }
    const headers = o.headers ?? [];
    if (headers.length > MAX_HEADERS) return `${field} headers has ${headers.length} headers, more than the ${MAX_HEADERS} a rule holds.`;
    for (const h of headers) {
      if (typeof h?.name !== 'string' || !isHeaderName(h.name) || h.name.length > 256) return `${field} header '${h?.name}' is not an HTTP header name.`;
      const values = h.values ?? [];
      if (!Array.isArray(values) || values.length === 0) return `${field} header '${h.name}' has no values: nobody would match. List the values.`;
      if (values.length > MAX_HEADER_VALUES) return `${field} header '${h.name}' has ${values.length} values, more than the ${MAX_HEADER_VALUES} a rule holds.`;
      if (values.some(v => typeof v !== 'string')) return `${field} header '${h.name}' has a value that is not a string.`;
    }
    const methods = o.methods ?? [];
    if (methods.length > 16) return `${field} methods has ${methods.length} methods, more than the 16 a rule holds.`;
    const bad = methods.find(m => !Object.values(HttpMethod).includes(m));
    if (bad !== undefined) return `${field} methods has '${bad}', which is not an HttpMethod. Use, for example, HttpMethod.POST.`;
    if (new Set(methods).size !== methods.length) return `${field} methods names a method twice. Name each once.`;
    return undefined;
  }

  /**
   * @internal The rule as the spec's `authorization.rules[]` entry: named `name`, with the token read from `provider`,
   * and `requiredCidrs` as its client networks when it names none of its own.
   */
  public _toSpec(name: string, provider: string, requiredCidrs: string[]): any {
    const o = this._options;
    const cidrs = this._hasCidrs ? [...o.clientCidrs!] : requiredCidrs;
    const claims = (o.jwtClaims ?? []).map(c => ({ name: c.claim, valueType: c.claimType ?? ClaimType.STRING, values: [...c.values] }));
    const scopes = [...o.jwtScopes ?? []];
    return {
      name,
      action: this.action,
      ...(o.methods ?? []).length === 0 ? {} : { operation: { methods: [...o.methods!] } },
      principal: {
        // The generated binding's name for `clientCIDRs`.
        ...cidrs.length === 0 ? {} : { clientCidRs: [...cidrs] },
        ...this._readsToken ? { jwt: { provider, ...claims.length === 0 ? {} : { claims }, ...scopes.length === 0 ? {} : { scopes } } } : {},
        ...(o.headers ?? []).length === 0 ? {} : { headers: o.headers!.map(h => ({ name: h.name, values: [...h.values] })) },
      },
    };
  }
}
