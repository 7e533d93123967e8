import { PolicyModel } from './model-access';

/** One object an Envoy Gateway policy targets, as the policy's `targetRefs` entry names it. */
export interface PolicyTargetReference {
  /** The object's API group, for example `gateway.networking.k8s.io`. */
  readonly group: string;

  /** The object's kind: `Gateway`, `HTTPRoute`, `GRPCRoute` or `TCPRoute`. */
  readonly kind: string;

  /** The object's metadata.name. */
  readonly name: string;

  /**
   * A listener of a Gateway, by name, when the policy applies to that listener only.
   *
   * @default - the whole object
   */
  readonly sectionName?: string;
}

/** The kinds a policy's target selector may select (those a SecurityPolicy targets). */
export enum PolicyTargetKind {
  /** Gateways. */
  GATEWAY = 'Gateway',
  /** HTTPRoutes, the AI Gateway controller's too (they carry their AIGatewayRoute's labels). */
  HTTP_ROUTE = 'HTTPRoute',
  /** GRPCRoutes. */
  GRPC_ROUTE = 'GRPCRoute',
  /** TCPRoutes (a policy there may only check client networks). */
  TCP_ROUTE = 'TCPRoute',
}

/** Objects an Envoy Gateway policy targets by their labels, as the policy's `targetSelectors` entry names them. */
export interface PolicyTargetSelector {
  /** The kind selected. */
  readonly kind: PolicyTargetKind;

  /** The labels an object must carry, every one of them, for example `{ 'platform.example/tier': 'public' }`. */
  readonly matchLabels: { [key: string]: string };
}

/**
 * Something an Envoy Gateway policy (a SecurityPolicy) can apply to: a Gateway, one of its listeners, or the
 * routes a route construct makes. A policy's `targetRefs` name objects of its own namespace only, so a target says
 * its namespace, and the objects it stands for, read at synth time (an `AiModelRoute` makes more AIGatewayRoutes
 * as models are added, and the AI Gateway controller makes an HTTPRoute of the same name for each).
 *
 * Every gateway (`GatewayBase`) and every route construct of this library implements it (a route's `hostnames` are
 * those of `IGatewayRoute`); `PolicyTarget.listener()` targets one listener of a gateway.
 */
export interface IPolicyTarget {
  /** The namespace of the objects targeted: a policy on them lives there. */
  readonly policyTargetNamespace: string;

  /** A short description for messages, for example `Gateway 'ai-gateway/llm'`. */
  readonly policyTargetDescription: string;

  /**
   * Why a policy cannot target this (for example a listener the gateway does not have), as a sentence that says how
   * to fix it; read at synth time.
   *
   * @default - none: a policy can target it
   */
  readonly policyTargetProblem?: string;

  /**
   * The models the target serves with who may call each (an `AiModelRoute`'s), for the policy's authorization
   * rules; read at synth time.
   *
   * @default - none: the target serves no models
   */
  readonly policyModels?: PolicyModel[];

  /**
   * The hostnames requests to the target carry (a route's, for checks such as an OIDC redirect URL); empty when
   * they may carry any.
   *
   * @default - any hostname
   */
  readonly hostnames?: string[];

  /**
   * The objects targeted by their labels, as `targetSelectors` entries (objects of the target's namespace).
   *
   * @default - none: the target names its objects (`policyTargetReferences()`)
   */
  readonly policyTargetSelectors?: PolicyTargetSelector[];

  /** The objects targeted, as `targetRefs` entries; read at synth time. */
  policyTargetReferences(): PolicyTargetReference[];
}
