import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  GatewayApiVersion, HttpsTermination, LoadBalancer, LoadBalancerScheme, NvcfGateway, NvcfPlatformRoutes, TlsCertificate,
} from '../src';

/**
 * Options of the example NVCF platform chart.
 */
export interface NvcfPlatformChartProps extends ChartProps {
  /**
   * The Gateway API release the cluster runs.
   *
   * @default GatewayApiVersion.V1_2, the release the NVCF self-hosted guide installs
   */
  readonly gatewayApiVersion?: GatewayApiVersion;
}

/**
 * The NVCF self-hosted ingress of the guide, in production form: the platform namespaces, Envoy Gateway's
 * GatewayClass, the Gateway (http 80, tcp 10081 for gRPC, https 443) behind an internet-facing AWS NLB,
 * plain HTTP redirected to HTTPS, and every platform route with the narrow ReferenceGrants they need.
 */
export class NvcfPlatformChart extends Chart {
  /** The gateway, for more routes. */
  public readonly gateway: NvcfGateway;

  public constructor(scope: Construct, id: string, props: NvcfPlatformChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true, ...props });

    this.gateway = new NvcfGateway(this, 'gateway', {
      domain: 'nvcf.example.com',
      gatewayApiVersion: props.gatewayApiVersion ?? GatewayApiVersion.V1_2,
      loadBalancer: LoadBalancer.awsNlb(LoadBalancerScheme.INTERNET_FACING),
      // A wildcard certificate kept in cert-manager's namespace: the Gateway gets a grant to read exactly that Secret.
      https: HttpsTermination.atGateway({
        certificate: TlsCertificate.fromTlsCertificateAttributes(this, 'Tls', {
          secretName: 'nvcf-wildcard-tls',
          secretNamespace: 'cert-manager',
          dnsNames: ['*.nvcf.example.com', '*.invocation.nvcf.example.com'],
        }),
      }),
      redirectHttpToHttps: true,
    });

    new NvcfPlatformRoutes(this, 'routes', {
      gateway: this.gateway,
      llmInvocation: {},
      routeAnnotations: { 'external-dns.alpha.kubernetes.io/ttl': '300' },
    });
  }
}

/** Adds the NVCF platform to the example app, for a cluster that runs Gateway API v1.2 (the guide's release). */
export function addNvcfPlatform(app: App): NvcfPlatformChart {
  return new NvcfPlatformChart(app, 'nvcf-platform');
}

/**
 * Adds the same platform for a cluster that runs Gateway API v1.6 (TCPRoute and ReferenceGrant `v1`). It has the
 * same objects as `addNvcfPlatform()`'s chart, so it goes into an app of its own, written to its own folder: a
 * cluster runs one Gateway API release, and one folder holds what one cluster applies.
 */
export function addNvcfPlatformGatewayApiV16(app: App): NvcfPlatformChart {
  return new NvcfPlatformChart(app, 'nvcf-platform-gateway-api-v1-6', { gatewayApiVersion: GatewayApiVersion.V1_6 });
}
