import { httpsUrlProblem } from './jwt-provider';
import { checkDnsSubdomain } from '../kubernetes/names';
import { PlatformDomain } from '../tls/platform-domain';

/** Options shared by `OidcLogin.keycloak()` and `OidcLogin.custom()`. */
export interface OidcLoginOptions {
  /** The OAuth client id the gateway logs users in as (a confidential client of the identity provider). */
  readonly clientId: string;

  /**
   * The Secret, in the policy's namespace, whose `client-secret` entry holds the client's secret. Referenced, never
   * written by this library.
   */
  readonly clientSecretName: string;

  /**
   * Where the identity provider sends the browser back: an `https://` URL on a host the policy's targets serve.
   *
   * @default - `https://<the request's host>/oauth2/callback` (Envoy Gateway's default)
   */
  readonly redirectUrl?: string;

  /**
   * The path that logs the user out (clears the session cookies).
   *
   * @default '/logout'
   */
  readonly logoutPath?: string;

  /**
   * Scopes asked for besides `openid`.
   *
   * @default - none
   */
  readonly scopes?: string[];

  /**
   * Forward the access token to the backend as `Authorization: Bearer`.
   *
   * @default false
   */
  readonly forwardAccessToken?: boolean;
}

/** Options of `OidcLogin.keycloak()`. */
export interface KeycloakOidcLoginOptions extends OidcLoginOptions {
  /** The platform's domain: Keycloak is served on its `auth` host. */
  readonly domain: PlatformDomain;

  /** The Keycloak realm. */
  readonly realm: string;
}

/** Options of `OidcLogin.custom()`. */
export interface CustomOidcLoginOptions extends OidcLoginOptions {
  /** The identity provider's issuer: an `https://` URL. */
  readonly issuer: string;

  /** Its authorization endpoint. */
  readonly authorizationEndpoint: string;

  /** Its token endpoint. */
  readonly tokenEndpoint: string;

  /**
   * Its end-session endpoint, for logging out of the provider too.
   *
   * @default - none: logout clears the gateway's cookies only
   */
  readonly endSessionEndpoint?: string;
}

/**
 * Login for browser clients (OpenID Connect authorization code flow, Envoy Gateway's `oidc`): a request without a
 * session is sent to the identity provider and comes back with one. The endpoints are given, not discovered:
 * Envoy Gateway would otherwise fetch the provider's discovery document while it translates, and refuse the policy
 * when it cannot.
 */
export class OidcLogin {
  /** Keycloak on the platform's `auth` host: `https://<auth host>/realms/<realm>` and its OpenID Connect endpoints. */
  public static keycloak(options: KeycloakOidcLoginOptions): OidcLogin {
    const issuer = `https://${options.domain.hostFor('auth')}/realms/${encodeURIComponent(options.realm ?? '')}`;
    const base = `${issuer}/protocol/openid-connect`;
    return new OidcLogin(options, issuer, `${base}/auth`, `${base}/token`, `${base}/logout`, options.realm);
  }

  /** Any OpenID Connect provider, by its issuer and endpoints. */
  public static custom(options: CustomOidcLoginOptions): OidcLogin {
    return new OidcLogin(options, options.issuer, options.authorizationEndpoint, options.tokenEndpoint, options.endSessionEndpoint);
  }

  private constructor(
    private readonly _options: OidcLoginOptions,
    /** The issuer. */
    public readonly issuer: string,
    private readonly _authorizationEndpoint: string,
    private readonly _tokenEndpoint: string,
    private readonly _endSessionEndpoint?: string,
    private readonly _realm?: string,
  ) {}

  /** @internal The Secret holding the client secret. */
  public get _clientSecretName(): string {
    return this._options.clientSecretName;
  }

  /** The redirect URL, when given. */
  public get redirectUrl(): string | undefined {
    return this._options.redirectUrl;
  }

  /** @internal What is wrong, or undefined. */
  public _problem(field: string): string | undefined {
    if (this._realm !== undefined && !/^[A-Za-z0-9._-]+$/.test(this._realm)) {
      return `${field} realm '${this._realm}' is not a Keycloak realm name (letters, digits, '.', '_' and '-'). Pass the realm as Keycloak shows it.`;
    }
    if (typeof this._options.clientId !== 'string' || this._options.clientId.trim() === '') {
      return `${field} clientId is empty. Pass the OAuth client the gateway logs users in as, for example 'console'.`;
    }
    const secret = checkDnsSubdomain(`${field} clientSecretName`, this._options.clientSecretName ?? '');
    if (secret !== undefined) return secret;
    const urls: [string, string | undefined][] = [['issuer', this.issuer], ['authorizationEndpoint', this._authorizationEndpoint],
      ['tokenEndpoint', this._tokenEndpoint], ['endSessionEndpoint', this._endSessionEndpoint], ['redirectUrl', this._options.redirectUrl]];
    for (const [what, url] of urls) {
      if (url === undefined) continue;
      const problem = httpsUrlProblem(url);
      if (problem !== undefined) return `${field} ${what} '${url}' ${problem}`;
    }
    const logout = this._options.logoutPath;
    if (logout !== undefined && !/^\/[^\s?#]*$/.test(logout)) return `${field} logoutPath '${logout}' is not a path. Use, for example, '/logout'.`;
    for (const scope of this._options.scopes ?? []) {
      if (typeof scope !== 'string' || scope === '' || /\s/.test(scope)) return `${field} scopes has '${scope}', which is not one scope. Pass each scope on its own.`;
    }
    return undefined;
  }

  /** @internal The spec's `oidc`. */
  public _toSpec(): any {
    const scopes = [...this._options.scopes ?? []];
    return {
      provider: {
        issuer: this.issuer,
        authorizationEndpoint: this._authorizationEndpoint,
        tokenEndpoint: this._tokenEndpoint,
        endSessionEndpoint: this._endSessionEndpoint,
      },
      clientId: this._options.clientId,
      clientSecret: { group: '', kind: 'Secret', name: this._options.clientSecretName },
      redirectUrl: this._options.redirectUrl,
      logoutPath: this._options.logoutPath ?? '/logout',
      scopes: scopes.length === 0 ? undefined : scopes,
      forwardAccessToken: this._options.forwardAccessToken,
    };
  }
}
