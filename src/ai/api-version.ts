import * as v1alpha1 from '../../imports/ai-gateway-v1.1.0/aigateway.envoyproxy.io-v1alpha1';
import * as v1beta1 from '../../imports/ai-gateway-v1.1.0/aigateway.envoyproxy.io-v1beta1';

/** The pinned Envoy AI Gateway release whose CRDs the library targets. */
export const AI_GATEWAY_RELEASE = 'v1.1.0';

/** The pinned Envoy Gateway release Envoy AI Gateway v1.1.0 builds on. */
export const ENVOY_GATEWAY_RELEASE = 'v1.8.1';

/**
 * The Envoy AI Gateway API version the emitted AIGatewayRoutes, AIServiceBackends and
 * BackendSecurityPolicies use. Envoy AI Gateway v1.1.0 serves both, with the same schema except that
 * `v1beta1` BackendSecurityPolicies also accept a credential override and a GCP credential without a file.
 */
export enum AiGatewayApiVersion {
  /** `aigateway.envoyproxy.io/v1alpha1`: the version of Envoy AI Gateway v0.x, still served by v1.1.0. */
  V1ALPHA1 = 'v1alpha1',

  /** `aigateway.envoyproxy.io/v1beta1`: the storage version of Envoy AI Gateway v1.x. */
  V1BETA1 = 'v1beta1',
}

/** The generated classes of one Envoy AI Gateway API version, and the limits its CRDs set. */
export interface AiGatewayClasses {
  readonly AiGatewayRoute: typeof v1alpha1.AiGatewayRoute | typeof v1beta1.AiGatewayRoute;
  readonly AiServiceBackend: typeof v1alpha1.AiServiceBackend | typeof v1beta1.AiServiceBackend;
  readonly BackendSecurityPolicy: typeof v1alpha1.BackendSecurityPolicy | typeof v1beta1.BackendSecurityPolicy;
  /**
   * Rules per AIGatewayRoute: the CRD's `rules` maxItems (15 in v1.1.0, both versions: the HTTPRoute limit
   * of 16 minus the controller's reserved `route-not-found` rule).
   */
  readonly maxRulesPerRoute: number;
  /** `targetRefs` per BackendSecurityPolicy: the CRD's maxItems (16). */
  readonly maxTargetsPerPolicy: number;
  /** `llmRequestCosts` per AIGatewayRoute: the CRD's maxItems (36). */
  readonly maxRequestCosts: number;
  /** Whether a GCP credential may omit both the credentials file and workload identity federation. */
  readonly gcpAmbientCredentials: boolean;
}

const CLASSES: Record<AiGatewayApiVersion, AiGatewayClasses> = {
  [AiGatewayApiVersion.V1ALPHA1]: {
    AiGatewayRoute: v1alpha1.AiGatewayRoute,
    AiServiceBackend: v1alpha1.AiServiceBackend,
    BackendSecurityPolicy: v1alpha1.BackendSecurityPolicy,
    maxRulesPerRoute: 15,
    maxTargetsPerPolicy: 16,
    maxRequestCosts: 36,
    gcpAmbientCredentials: false,
  },
  [AiGatewayApiVersion.V1BETA1]: {
    AiGatewayRoute: v1beta1.AiGatewayRoute,
    AiServiceBackend: v1beta1.AiServiceBackend,
    BackendSecurityPolicy: v1beta1.BackendSecurityPolicy,
    maxRulesPerRoute: 15,
    maxTargetsPerPolicy: 16,
    maxRequestCosts: 36,
    gcpAmbientCredentials: true,
  },
};

/** The generated classes and CRD limits of an Envoy AI Gateway API version. */
export function aiGatewayClasses(version: AiGatewayApiVersion): AiGatewayClasses {
  return CLASSES[version];
}
