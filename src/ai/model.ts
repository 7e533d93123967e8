import { Duration } from 'cdk8s';
import { AiBackend } from './backend';
import { IInferencePool } from '../inference/inference-pool-ref';
import { ModelAccess } from '../security/model-access';

/** One backend of a model, with what the rule says about it. */
export interface AiModelBackend {
  /** The backend. */
  readonly backend: AiBackend;

  /**
   * The model's name at the backend, when it differs from the public name (for example
   * 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8' behind 'qwen3').
   *
   * @default - the public name is sent unchanged
   */
  readonly modelNameOverride?: string;

  /**
   * Share of the traffic among the backends of the same priority (round-robin by weight). A positive integer.
   *
   * @default 1
   */
  readonly weight?: number;

  /**
   * Fallback order: 0 takes traffic first; 1 only when the priority-0 backends are unhealthy; and so on.
   * The priorities of a model's backends must start at 0 and leave no gap.
   *
   * @default 0
   */
  readonly priority?: number;
}

/** Timeouts of a model's requests. */
export interface AiModelTimeouts {
  /**
   * The whole request, streamed response included.
   *
   * @default - the route's; else Envoy AI Gateway's 60s
   */
  readonly request?: Duration;

  /**
   * One attempt at one backend. At most the request timeout.
   *
   * @default - the route's; else none
   */
  readonly backendRequest?: Duration;

  /**
   * The longest time without a byte from the backend (a per-try idle timeout, so a retry can fall over to
   * the next backend). At most the request timeout.
   *
   * @default - the route's; else none
   */
  readonly streamIdle?: Duration;
}

/** A model as clients see it: a public name, and where its requests go. */
export interface AiModel {
  /**
   * The public model name: the `model` field of requests, matched exactly on the `x-ai-eg-model` header,
   * and listed by `/v1/models`.
   */
  readonly name: string;

  /**
   * The backends serving the model. Several backends are load-balanced by weight within a priority and
   * fall back by priority.
   *
   * @default - none; then `inferencePool` is required
   */
  readonly backends?: AiModelBackend[];

  /**
   * An InferencePool serving the model instead of backends (its endpoint picker balances and falls back).
   * A rule holds one pool and never mixes it with backends.
   *
   * @default - none; then `backends` is required
   */
  readonly inferencePool?: IInferencePool;

  /**
   * Timeouts of the model's requests.
   *
   * @default - the route's
   */
  readonly timeouts?: AiModelTimeouts;

  /**
   * The owner `/v1/models` reports for the model, for example 'NRP'.
   *
   * @default - the route's `modelsOwnedBy`; else Envoy AI Gateway's 'Envoy AI Gateway'
   */
  readonly modelsOwnedBy?: string;

  /**
   * Who may call the model, enforced by the `ClientAccessPolicy` that targets the route (which must exist and
   * have a JWT provider), for example `ModelAccess.jwtClaim('groups', ['team-a'], { claimType: ClaimType.STRING_ARRAY })`.
   *
   * @default - every caller the route's access policy authenticates (or anyone, without one)
   */
  readonly access?: ModelAccess;
}
