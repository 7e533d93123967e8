import { isHeaderName } from './jwt-provider';
import { checkDnsSubdomain } from '../kubernetes/names';

/** Options of `ApiKeyAuth.fromSecrets()`. */
export interface ApiKeyAuthOptions {
  /**
   * The request header the key is read from. Its value is the key; Envoy drops a leading `Bearer `, so
   * `'authorization'` takes `Authorization: Bearer <key>` as OpenAI clients send it.
   *
   * @default 'x-api-key'
   */
  readonly header?: string;

  /**
   * The header the client id (the Secret entry's key whose value matched) is forwarded to the backend in, for
   * accounting per client.
   *
   * @default 'x-client-id'
   */
  readonly forwardClientIdHeader?: string;

  /**
   * Whether the key header is left on the request forwarded to the backend.
   *
   * @default false - it is removed, so that backends never see client keys
   */
  readonly forwardKey?: boolean;
}

/**
 * API keys for machine clients (Envoy Gateway's `apiKeyAuth`). The keys live in Secrets of the policy's namespace,
 * one entry per client: the entry's key is the client id, its value the client's API key. The Secrets are
 * referenced by name, never written by this library.
 */
export class ApiKeyAuth {
  /** Keys read from the given Secrets (each an Opaque Secret: client id to key). */
  public static fromSecrets(secretNames: string[], options: ApiKeyAuthOptions = {}): ApiKeyAuth {
    return new ApiKeyAuth([...secretNames ?? []], options.header ?? 'x-api-key', options.forwardClientIdHeader ?? 'x-client-id', options.forwardKey ?? false);
  }

  private constructor(
    private readonly _secretNames: string[],
    /** The header the key is read from. */
    public readonly header: string,
    /** The header the client id is forwarded in. */
    public readonly forwardClientIdHeader: string,
    /** Whether the key header reaches the backend. */
    public readonly forwardKey: boolean,
  ) {}

  /** The Secrets holding the keys, by name. */
  public get secretNames(): string[] {
    return [...this._secretNames];
  }

  /** @internal What is wrong, or undefined. */
  public _problem(field: string): string | undefined {
    if (this._secretNames.length === 0) {
      return `${field} names no Secret: no client could call. Pass the Secrets that hold the keys, for example ApiKeyAuth.fromSecrets(['ai-clients']).`;
    }
    for (const name of this._secretNames) {
      const problem = checkDnsSubdomain(`${field} Secret name`, name);
      if (problem !== undefined) return problem;
    }
    if (new Set(this._secretNames).size !== this._secretNames.length) return `${field} names a Secret twice. Name each once.`;
    if (!isHeaderName(this.header)) return `${field} header '${this.header}' is not an HTTP header name. Use, for example, 'x-api-key'.`;
    if (!isHeaderName(this.forwardClientIdHeader)) {
      return `${field} forwardClientIdHeader '${this.forwardClientIdHeader}' is not an HTTP header name. Use, for example, 'x-client-id'.`;
    }
    if (this.forwardClientIdHeader.toLowerCase() === this.header.toLowerCase()) {
      return `${field} forwardClientIdHeader '${this.forwardClientIdHeader}' is the key's own header: the backend would take the client id for a key. Use another header.`;
    }
    return undefined;
  }

  /** @internal The spec's `apiKeyAuth`. */
  public _toSpec(): any {
    return {
      credentialRefs: this._secretNames.map(name => ({ group: '', kind: 'Secret', name })),
      extractFrom: [{ headers: [this.header] }],
      forwardClientIdHeader: this.forwardClientIdHeader,
      sanitize: !this.forwardKey,
    };
  }
}
