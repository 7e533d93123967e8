import * as v12 from '../../imports/gateway-api-v1.2.0/gateway.networking.k8s.io-v1';
import * as v12alpha2 from '../../imports/gateway-api-v1.2.0/gateway.networking.k8s.io-v1alpha2';
import * as v12beta1 from '../../imports/gateway-api-v1.2.0/gateway.networking.k8s.io-v1beta1';
import * as v16 from '../../imports/gateway-api-v1.6.1/gateway.networking.k8s.io-v1';

/**
 * The Gateway API release a chart targets. It decides the apiVersion of every object whose API version
 * moved between releases: TCPRoute, TLSRoute and ReferenceGrant.
 *
 * Set it once and every object that depends on it follows.
 */
export enum GatewayApiVersion {
  /**
   * Gateway API v1.2 (experimental channel), the release the NVCF self-hosted guide installs:
   * TCPRoute and TLSRoute `v1alpha2`, ReferenceGrant `v1beta1`.
   */
  V1_2 = 'v1.2',

  /**
   * Gateway API v1.6: TCPRoute, TLSRoute and ReferenceGrant `v1`.
   */
  V1_6 = 'v1.6',
}

/**
 * The generated classes (imports/) of the Gateway API kinds, from the targeted release: the apiVersion of
 * TCPRoute, TLSRoute and ReferenceGrant moved between releases, and the schemas of all of them grew.
 */
export interface GatewayApiClasses {
  /** The pinned upstream release the classes were generated from. */
  readonly release: string;
  readonly Gateway: typeof v12.Gateway | typeof v16.Gateway;
  readonly GatewayClass: typeof v12.GatewayClass | typeof v16.GatewayClass;
  readonly HttpRoute: typeof v12.HttpRoute | typeof v16.HttpRoute;
  readonly GrpcRoute: typeof v12.GrpcRoute | typeof v16.GrpcRoute;
  readonly ReferenceGrant: typeof v12beta1.ReferenceGrant | typeof v16.ReferenceGrant;
  readonly TcpRoute: typeof v12alpha2.TcpRoute | typeof v16.TcpRoute;
  readonly TlsRoute: typeof v12alpha2.TlsRoute | typeof v16.TlsRoute;
}

const CLASSES: Record<GatewayApiVersion, GatewayApiClasses> = {
  [GatewayApiVersion.V1_2]: {
    release: 'v1.2.0',
    Gateway: v12.Gateway,
    GatewayClass: v12.GatewayClass,
    HttpRoute: v12.HttpRoute,
    GrpcRoute: v12.GrpcRoute,
    ReferenceGrant: v12beta1.ReferenceGrant,
    TcpRoute: v12alpha2.TcpRoute,
    TlsRoute: v12alpha2.TlsRoute,
  },
  [GatewayApiVersion.V1_6]: {
    release: 'v1.6.1',
    Gateway: v16.Gateway,
    GatewayClass: v16.GatewayClass,
    HttpRoute: v16.HttpRoute,
    GrpcRoute: v16.GrpcRoute,
    ReferenceGrant: v16.ReferenceGrant,
    TcpRoute: v16.TcpRoute,
    TlsRoute: v16.TlsRoute,
  },
};

/** The generated classes a targeted Gateway API release selects. */
export function gatewayApiClasses(version: GatewayApiVersion): GatewayApiClasses {
  return CLASSES[version];
}
