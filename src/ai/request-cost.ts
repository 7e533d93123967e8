/** What an LlmRequestCost counts (the CRD's `type` enum in Envoy AI Gateway v1.1.0). */
export enum LlmRequestCostType {
  /** Tokens of the request. */
  INPUT_TOKEN = 'InputToken',
  /** Input tokens read from the provider's cache. */
  CACHED_INPUT_TOKEN = 'CachedInputToken',
  /** Input tokens written to the provider's cache. */
  CACHE_CREATION_INPUT_TOKEN = 'CacheCreationInputToken',
  /** Tokens of the response. */
  OUTPUT_TOKEN = 'OutputToken',
  /** Input and output tokens together. */
  TOTAL_TOKEN = 'TotalToken',
  /** Reasoning tokens of the response. */
  REASONING_TOKEN = 'ReasoningToken',
  /** A CEL expression over the token counts, the model and the backend. */
  CEL = 'CEL',
}

/**
 * A cost the gateway records per request in Envoy's dynamic metadata (namespace `io.envoy.ai_gateway`,
 * under `metadataKey`), for example for token rate limits with a BackendTrafficPolicy.
 *
 * @see https://aigateway.envoyproxy.io/docs/capabilities/traffic/usage-based-ratelimiting
 */
export class LlmRequestCost {
  /** Counts the request's tokens. */
  public static inputToken(metadataKey: string): LlmRequestCost {
    return new LlmRequestCost(metadataKey, LlmRequestCostType.INPUT_TOKEN);
  }

  /** Counts the response's tokens. */
  public static outputToken(metadataKey: string): LlmRequestCost {
    return new LlmRequestCost(metadataKey, LlmRequestCostType.OUTPUT_TOKEN);
  }

  /** Counts input and output tokens together. */
  public static totalToken(metadataKey: string): LlmRequestCost {
    return new LlmRequestCost(metadataKey, LlmRequestCostType.TOTAL_TOKEN);
  }

  /** Counts input tokens read from the provider's cache. */
  public static cachedInputToken(metadataKey: string): LlmRequestCost {
    return new LlmRequestCost(metadataKey, LlmRequestCostType.CACHED_INPUT_TOKEN);
  }

  /** Counts input tokens written to the provider's cache. */
  public static cacheCreationInputToken(metadataKey: string): LlmRequestCost {
    return new LlmRequestCost(metadataKey, LlmRequestCostType.CACHE_CREATION_INPUT_TOKEN);
  }

  /** Counts reasoning tokens. */
  public static reasoningToken(metadataKey: string): LlmRequestCost {
    return new LlmRequestCost(metadataKey, LlmRequestCostType.REASONING_TOKEN);
  }

  /**
   * A CEL expression returning an integer, over `model`, `backend`, `input_tokens`, `cached_input_tokens`,
   * `cache_creation_input_tokens`, `output_tokens`, `total_tokens` and `reasoning_tokens`.
   *
   * @param metadataKey where the cost is stored
   * @param expression for example "input_tokens + output_tokens * 4u" (the token counts are uints: integer literals beside them take the `u` suffix)
   */
  public static cel(metadataKey: string, expression: string): LlmRequestCost {
    return new LlmRequestCost(metadataKey, LlmRequestCostType.CEL, expression);
  }

  private constructor(
    /** The dynamic metadata key the cost is stored under. */
    public readonly metadataKey: string,
    /** What is counted. */
    public readonly costType: LlmRequestCostType,
    /** The CEL expression, for `LlmRequestCostType.CEL`. */
    public readonly expression?: string,
  ) {}

  /** The `spec.llmRequestCosts` entry. @internal */
  public _toSpec(): any {
    return { metadataKey: this.metadataKey, type: this.costType, cel: this.expression };
  }
}
