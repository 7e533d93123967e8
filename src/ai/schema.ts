/** The API schemas an AIServiceBackend can speak (the CRD's `schema.name` enum in Envoy AI Gateway v1.1.0). */
export enum ApiSchemaName {
  /** OpenAI's API, and every OpenAI-compatible server (vLLM, SGLang, TGI, Ollama, DeepSeek, ...). */
  OPENAI = 'OpenAI',
  /** Cohere's API. */
  COHERE = 'Cohere',
  /** Amazon Bedrock's API. */
  AWS_BEDROCK = 'AWSBedrock',
  /** Anthropic models on Amazon Bedrock. */
  AWS_ANTHROPIC = 'AWSAnthropic',
  /** Azure OpenAI's API. */
  AZURE_OPENAI = 'AzureOpenAI',
  /** Google Cloud Vertex AI's API. */
  GCP_VERTEX_AI = 'GCPVertexAI',
  /** Anthropic models on Google Cloud Vertex AI. */
  GCP_ANTHROPIC = 'GCPAnthropic',
  /** Anthropic's own API. */
  ANTHROPIC = 'Anthropic',
}

/**
 * The API schema of a backend: which API the gateway translates requests to. Each factory takes only the
 * settings the CRD honours for that schema (`prefix` for OpenAI, Cohere and Anthropic, `version` for
 * Azure OpenAI).
 *
 * @see https://aigateway.envoyproxy.io/docs/capabilities/llm-integrations/supported-providers
 */
export class ApiSchema {
  /**
   * OpenAI or an OpenAI-compatible server.
   *
   * @param prefix path prefix of the API, for example '/v1beta/openai' for Gemini's OpenAI-compatible API
   * @default prefix - none: '/v1/chat/completions'
   */
  public static openAi(prefix?: string): ApiSchema {
    return new ApiSchema(ApiSchemaName.OPENAI, undefined, prefix);
  }

  /**
   * Cohere.
   *
   * @param prefix path prefix of the API, for example '/compatibility/v1'
   */
  public static cohere(prefix?: string): ApiSchema {
    return new ApiSchema(ApiSchemaName.COHERE, undefined, prefix);
  }

  /** Amazon Bedrock. */
  public static awsBedrock(): ApiSchema {
    return new ApiSchema(ApiSchemaName.AWS_BEDROCK);
  }

  /** Anthropic models on Amazon Bedrock. */
  public static awsAnthropic(): ApiSchema {
    return new ApiSchema(ApiSchemaName.AWS_ANTHROPIC);
  }

  /**
   * Azure OpenAI.
   *
   * @param version the Azure OpenAI "API Version", for example '2025-01-01-preview'
   */
  public static azureOpenAi(version?: string): ApiSchema {
    return new ApiSchema(ApiSchemaName.AZURE_OPENAI, version);
  }

  /** Google Cloud Vertex AI. */
  public static gcpVertexAi(): ApiSchema {
    return new ApiSchema(ApiSchemaName.GCP_VERTEX_AI);
  }

  /** Anthropic models on Google Cloud Vertex AI. */
  public static gcpAnthropic(): ApiSchema {
    return new ApiSchema(ApiSchemaName.GCP_ANTHROPIC);
  }

  /**
   * Anthropic's own API.
   *
   * @param prefix path prefix of the API
   */
  public static anthropic(prefix?: string): ApiSchema {
    return new ApiSchema(ApiSchemaName.ANTHROPIC, undefined, prefix);
  }

  private constructor(
    /** The schema's name, as the CRD spells it. */
    public readonly name: ApiSchemaName,
    /** The API version (Azure OpenAI only). */
    public readonly version?: string,
    /** The API path prefix (OpenAI, Cohere, Anthropic). */
    public readonly prefix?: string,
  ) {}

  /** The same schema, as a comparable string. @internal */
  public _key(): string {
    return `${this.name}\0${this.version ?? ''}\0${this.prefix ?? ''}`;
  }

  /** The `spec.schema` of an AIServiceBackend. @internal */
  public _toSpec(): { name: string; version?: string; prefix?: string } {
    return { name: this.name, version: this.version, prefix: this.prefix };
  }
}
