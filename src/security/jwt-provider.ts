import { PlatformDomain } from '../tls/platform-domain';

/** At most this many audiences per JWT provider (the SecurityPolicy CRD's maxItems). */
const MAX_AUDIENCES = 8;

/** A JWT claim copied into a request header for the backend. */
export interface ClaimToHeader {
  /** The claim's name, for example `sub` or `azp` (nested claims with dots: `realm_access.roles`). */
  readonly claim: string;

  /** The header it is written to, for example `x-user-id`. */
  readonly header: string;
}

/** Options of `JwtProvider.remote()`. */
export interface RemoteJwtProviderOptions {
  /** The provider's name in the policy (unique within it), an RFC 1123 label. */
  readonly name: string;

  /** The issuer (`iss`) the tokens must carry: an `https://` URL. */
  readonly issuer: string;

  /** Where the provider publishes its signing keys (a JWKS document): an `https://` URL. */
  readonly jwksUri: string;

  /**
   * The audiences (`aud`) a token must name one of (1 to 8): without them a token the issuer wrote for any other
   * client would pass.
   */
  readonly audiences: string[];

  /**
   * Claims copied into request headers, for example `[{ claim: 'sub', header: 'x-user-id' }]`.
   *
   * @default - none
   */
  readonly claimToHeaders?: ClaimToHeader[];
}

/** Options of `JwtProvider.keycloak()`. */
export interface KeycloakJwtProviderOptions {
  /** The platform's domain: Keycloak is served on its `auth` host (`domain.hostFor('auth')`). */
  readonly domain: PlatformDomain;

  /** The Keycloak realm the tokens come from. */
  readonly realm: string;

  /** The audiences (`aud`) a token must name one of (1 to 8), for example the console's client id. */
  readonly audiences: string[];

  /**
   * The provider's name in the policy.
   *
   * @default 'keycloak'
   */
  readonly name?: string;

  /**
   * Claims copied into request headers.
   *
   * @default - none
   */
  readonly claimToHeaders?: ClaimToHeader[];
}

/**
 * Who issues the JSON Web Tokens a `ClientAccessPolicy` accepts: an issuer, the audiences a token must name, and the
 * keys it is checked with (Envoy Gateway's `jwt.providers[]`).
 */
export class JwtProvider {
  /** A provider whose keys are fetched from `jwksUri`. */
  public static remote(options: RemoteJwtProviderOptions): JwtProvider {
    return new JwtProvider(options.name, options.issuer, options.jwksUri, [...options.audiences ?? []], [...options.claimToHeaders ?? []]);
  }

  /**
   * Keycloak on the platform's `auth` host: issuer `https://<auth host>/realms/<realm>`, keys from the realm's
   * `protocol/openid-connect/certs`.
   */
  public static keycloak(options: KeycloakJwtProviderOptions): JwtProvider {
    const issuer = `https://${options.domain.hostFor('auth')}/realms/${encodeURIComponent(options.realm ?? '')}`;
    return new JwtProvider(options.name ?? 'keycloak', issuer, `${issuer}/protocol/openid-connect/certs`, [...options.audiences ?? []],
      [...options.claimToHeaders ?? []], options.realm);
  }

  private constructor(
    /** The provider's name in the policy. */
    public readonly name: string,
    /** The issuer tokens must carry. */
    public readonly issuer: string,
    /** Where the signing keys are published. */
    public readonly jwksUri: string,
    private readonly _audiences: string[],
    private readonly _claimToHeaders: ClaimToHeader[],
    private readonly _realm?: string,
  ) {}

  /** The audiences a token must name one of. */
  public get audiences(): string[] {
    return [...this._audiences];
  }

  /** @internal What is wrong with the provider, or undefined. */
  public _problem(field: string): string | undefined {
    if (this._realm !== undefined && !/^[A-Za-z0-9._-]+$/.test(this._realm)) {
      return `${field} realm '${this._realm}' is not a Keycloak realm name (letters, digits, '.', '_' and '-'). Pass the realm as Keycloak shows it.`;
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(this.name) || this.name.length > 63) {
      return `${field} name '${this.name}' is not an RFC 1123 label (lower case letters, digits and '-'). Use, for example, 'keycloak'.`;
    }
    for (const [what, url] of [['issuer', this.issuer], ['jwksUri', this.jwksUri]] as const) {
      const problem = httpsUrlProblem(url);
      if (problem !== undefined) return `${field} '${this.name}' ${what} '${url}' ${problem}`;
    }
    if (this.issuer.length > 253) return `${field} '${this.name}' issuer is ${this.issuer.length} characters, more than the 253 the CRD allows.`;
    if (this.jwksUri.length > 253) return `${field} '${this.name}' jwksUri is ${this.jwksUri.length} characters, more than the 253 the CRD allows.`;
    if (this._audiences.length === 0) {
      return `${field} '${this.name}' has no audiences: any token of the issuer would pass, whichever client it was written for. ` +
        "Pass the client ids that may call, for example audiences: ['console'].";
    }
    if (this._audiences.length > MAX_AUDIENCES) {
      return `${field} '${this.name}' has ${this._audiences.length} audiences, more than the ${MAX_AUDIENCES} the CRD allows. Use a shared audience.`;
    }
    for (const audience of this._audiences) {
      if (typeof audience !== 'string' || audience.trim() === '') return `${field} '${this.name}' has an empty audience. Remove it.`;
    }
    if (new Set(this._audiences).size !== this._audiences.length) return `${field} '${this.name}' lists an audience twice. List each once.`;
    for (const c of this._claimToHeaders) {
      if (typeof c.claim !== 'string' || c.claim === '') return `${field} '${this.name}' claimToHeaders has an empty claim. Name the claim, for example 'sub'.`;
      if (!isHeaderName(c.header)) {
        return `${field} '${this.name}' claimToHeaders header '${c.header}' is not an HTTP header name. Use, for example, 'x-user-id'.`;
      }
    }
    const headers = this._claimToHeaders.map(c => c.header.toLowerCase());
    if (new Set(headers).size !== headers.length) return `${field} '${this.name}' claimToHeaders writes one header twice. Use one header per claim.`;
    return undefined;
  }

  /** @internal The provider in the policy's spec. */
  public _toSpec(): any {
    return {
      name: this.name,
      issuer: this.issuer,
      audiences: [...this._audiences],
      remoteJwks: { uri: this.jwksUri },
      claimToHeaders: this._claimToHeaders.length === 0 ? undefined : this._claimToHeaders.map(c => ({ claim: c.claim, header: c.header })),
    };
  }
}

/** Why a URL is not an absolute `https://` URL with a host, as the end of a sentence, or undefined. */
export function httpsUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL. Pass an absolute https:// URL.';
  }
  if (parsed.protocol !== 'https:') {
    return `is not HTTPS (${parsed.protocol.replace(/:$/, '')}): tokens and keys fetched over plain HTTP can be forged on the way. Use https://.`;
  }
  if (parsed.hostname === '') return 'has no host. Pass an absolute https:// URL.';
  return undefined;
}

/** Whether a value is an HTTP header name (an RFC 9110 token). */
export function isHeaderName(value: unknown): boolean {
  return typeof value === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value);
}
