import { Duration } from 'cdk8s';
import { isHeaderName } from './jwt-provider';
import { BackendService } from '../gateway-api/backend';
import { formatDuration } from '../kubernetes/duration';
import { checkDnsSubdomain } from '../kubernetes/names';

/** Options of `BasicAuth.fromSecret()`. */
export interface BasicAuthOptions {
  /**
   * The header the authenticated user name is forwarded to the backend in.
   *
   * @default - not forwarded
   */
  readonly forwardUsernameHeader?: string;
}

/**
 * HTTP basic authentication (Envoy Gateway's `basicAuth`): users and password hashes in the `.htpasswd` entry of a
 * Secret of the policy's namespace (SHA hashes, as `htpasswd -s` writes them). The Secret is referenced, never
 * written by this library.
 */
export class BasicAuth {
  /** Users from the `.htpasswd` entry of the Secret `secretName`. */
  public static fromSecret(secretName: string, options: BasicAuthOptions = {}): BasicAuth {
    return new BasicAuth(secretName, options.forwardUsernameHeader);
  }

  private constructor(
    /** The Secret holding `.htpasswd`. */
    public readonly secretName: string,
    /** The header the user name is forwarded in. */
    public readonly forwardUsernameHeader?: string,
  ) {}

  /** @internal What is wrong, or undefined. */
  public _problem(field: string): string | undefined {
    const secret = checkDnsSubdomain(`${field} Secret name`, this.secretName ?? '');
    if (secret !== undefined) return secret;
    if (this.forwardUsernameHeader !== undefined && !isHeaderName(this.forwardUsernameHeader)) {
      return `${field} forwardUsernameHeader '${this.forwardUsernameHeader}' is not an HTTP header name. Use, for example, 'x-user'.`;
    }
    return undefined;
  }

  /** @internal The spec's `basicAuth`. */
  public _toSpec(): any {
    return { users: { group: '', kind: 'Secret', name: this.secretName }, forwardUsernameHeader: this.forwardUsernameHeader };
  }
}

/** The protocol an external authorization service speaks. */
export enum ExternalAuthProtocol {
  /** Envoy's `ext_authz` over HTTP: the service answers 200 to allow. */
  HTTP = 'http',
  /** Envoy's `ext_authz` gRPC service (`envoy.service.auth.v3.Authorization`). */
  GRPC = 'grpc',
}

/** Options of `ExternalAuth.http()` and `ExternalAuth.grpc()`. */
export interface ExternalAuthOptions {
  /**
   * (HTTP only) The path prefix of the check requests.
   *
   * @default - the request's own path
   */
  readonly path?: string;

  /**
   * Request headers sent to the service besides the defaults (HTTP: the service's answer headers copied to the
   * request are listed in `headersToBackend`).
   *
   * @default - Envoy's defaults
   */
  readonly headersToExtAuth?: string[];

  /**
   * (HTTP only) Headers of the service's answer copied onto the request for the backend, for example `x-user-id`.
   *
   * @default - none
   */
  readonly headersToBackend?: string[];

  /**
   * How long a check may take.
   *
   * @default - Envoy Gateway's default (10 seconds)
   */
  readonly timeout?: Duration;

  /**
   * Let requests through when the service cannot be reached.
   *
   * @default false - a request the service cannot judge is refused
   */
  readonly failOpen?: boolean;
}

/**
 * An external authorization service that judges each request (Envoy Gateway's `extAuth`), reached as a Service. A
 * Service in another namespace than the policy's is granted to the policy with a ReferenceGrant there, naming that
 * Service only.
 */
export class ExternalAuth {
  /** An HTTP `ext_authz` service. */
  public static http(service: BackendService, options: ExternalAuthOptions = {}): ExternalAuth {
    return new ExternalAuth(ExternalAuthProtocol.HTTP, service, options);
  }

  /** A gRPC `ext_authz` service. */
  public static grpc(service: BackendService, options: ExternalAuthOptions = {}): ExternalAuth {
    return new ExternalAuth(ExternalAuthProtocol.GRPC, service, options);
  }

  private constructor(
    /** The protocol. */
    public readonly protocol: ExternalAuthProtocol,
    /** The service. */
    public readonly service: BackendService,
    private readonly _options: ExternalAuthOptions,
  ) {}

  /** @internal What is wrong, or undefined. */
  public _problem(field: string): string | undefined {
    const problem = this.service?.problem(`${field} service`);
    if (problem !== undefined) return problem;
    if (this.protocol === ExternalAuthProtocol.GRPC && (this._options.path !== undefined || this._options.headersToBackend !== undefined)) {
      return `${field} sets path or headersToBackend, which only an HTTP service takes. Use ExternalAuth.http(), or leave them out.`;
    }
    if (this._options.path !== undefined && !/^\/[^\s?#]*$/.test(this._options.path)) return `${field} path '${this._options.path}' is not a path. Use, for example, '/check'.`;
    for (const h of [...this._options.headersToExtAuth ?? [], ...this._options.headersToBackend ?? []]) {
      if (!isHeaderName(h)) return `${field} header '${h}' is not an HTTP header name.`;
    }
    if (this._options.timeout !== undefined && this._options.timeout.toMilliseconds() <= 0) return `${field} timeout must be positive.`;
    return undefined;
  }

  /** @internal The spec's `extAuth`, for a policy in `policyNamespace` (a Service elsewhere is named with its namespace). */
  public _toSpec(policyNamespace: string): any {
    const namespace = this.service.namespace === policyNamespace ? {} : { namespace: this.service.namespace };
    const backendRefs = [{ group: '', kind: 'Service', name: this.service.name, ...namespace, port: this.service.port }];
    const o = this._options;
    return {
      ...this.protocol === ExternalAuthProtocol.HTTP
        ? { http: { backendRefs, path: o.path, headersToBackend: o.headersToBackend === undefined ? undefined : [...o.headersToBackend] } }
        : { grpc: { backendRefs } },
      headersToExtAuth: o.headersToExtAuth === undefined ? undefined : [...o.headersToExtAuth],
      timeout: o.timeout === undefined ? undefined : formatDuration(o.timeout),
      failOpen: o.failOpen ?? false,
    };
  }
}

/** Cross-origin requests a browser may make (Envoy Gateway's `cors`). */
export interface CorsOptions {
  /** The origins allowed, for example `https://console.example.com` (`https://*.example.com`, or `*` for any). */
  readonly allowOrigins: string[];

  /**
   * The methods allowed.
   *
   * @default - the CORS default (GET, HEAD, POST)
   */
  readonly allowMethods?: string[];

  /**
   * The request headers allowed, for example `authorization`, `content-type`.
   *
   * @default - none beyond the CORS-safelisted ones
   */
  readonly allowHeaders?: string[];

  /**
   * Response headers the browser may read.
   *
   * @default - none beyond the CORS-safelisted ones
   */
  readonly exposeHeaders?: string[];

  /**
   * How long a browser may cache the preflight answer.
   *
   * @default - Envoy's default
   */
  readonly maxAge?: Duration;

  /**
   * Whether credentials (cookies, Authorization) may be sent; never with the origin `*`.
   *
   * @default false
   */
  readonly allowCredentials?: boolean;
}

const ORIGIN = /^(\*|https?:\/\/(\*|(\*\.)?(([\w-]+\.?)+)?[\w-]+)(:\d{1,5})?)$/;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*']);

/** @internal What is wrong with CORS options, or undefined. */
export function corsProblem(field: string, cors: CorsOptions): string | undefined {
  const origins = cors.allowOrigins ?? [];
  if (origins.length === 0) return `${field} allowOrigins is empty: no browser origin could call. Pass the origins, for example ['https://console.example.com'].`;
  for (const origin of origins) {
    if (typeof origin !== 'string' || origin.length > 253 || !ORIGIN.test(origin)) {
      return `${field} allowOrigins has '${origin}', which is not an origin (scheme://host[:port], a '*.' wildcard host, or '*'). Use, for example, 'https://console.example.com'.`;
    }
  }
  if (cors.allowCredentials === true && origins.includes('*')) {
    return `${field} allows credentials from any origin ('*'): browsers refuse that, and it would let any site call with the user's cookies. List the origins.`;
  }
  for (const method of cors.allowMethods ?? []) {
    if (!METHODS.has(method)) return `${field} allowMethods has '${method}', which is not an HTTP method in upper case. Use, for example, 'POST'.`;
  }
  for (const h of [...cors.allowHeaders ?? [], ...cors.exposeHeaders ?? []]) {
    if (h !== '*' && !isHeaderName(h)) return `${field} header '${h}' is not an HTTP header name.`;
  }
  if (cors.maxAge !== undefined && cors.maxAge.toSeconds() < 1) return `${field} maxAge must be at least one second.`;
  return undefined;
}

/** @internal The spec's `cors`. */
export function corsSpec(cors: CorsOptions): any {
  return {
    allowOrigins: [...cors.allowOrigins],
    allowMethods: cors.allowMethods === undefined ? undefined : [...cors.allowMethods],
    allowHeaders: cors.allowHeaders === undefined ? undefined : [...cors.allowHeaders],
    exposeHeaders: cors.exposeHeaders === undefined ? undefined : [...cors.exposeHeaders],
    maxAge: cors.maxAge === undefined ? undefined : formatDuration(cors.maxAge),
    allowCredentials: cors.allowCredentials,
  };
}
