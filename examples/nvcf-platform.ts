import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { addAiModelCatalog } from './ai';
import { GatewayApiVersion, GrantFrom, GrantTo, ReferenceGrant } from '../src';

/**
 * Options of the example platform chart.
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
 * The example NVCF platform: the routes live in the gateway's namespace and reach the services in their
 * own namespaces, each through a grant that admits exactly that route kind and that Service.
 *
 * It grows as the library does: gateway, routes, TLS and model routing join it in later releases.
 */
export class NvcfPlatformChart extends Chart {
  public constructor(scope: Construct, id: string, props: NvcfPlatformChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true, ...props });
    const gatewayApiVersion = props.gatewayApiVersion ?? GatewayApiVersion.V1_2;
    const routesNamespace = 'envoy-gateway';

    new ReferenceGrant(this, 'api-keys', {
      namespace: 'api-keys',
      metadata: { name: 'allow-routes-to-api-keys' },
      from: [GrantFrom.httpRoutes(routesNamespace)],
      to: [GrantTo.service('api-keys')],
      gatewayApiVersion,
    });

    // One grant per route kind, so the TCPRoute reaches only the gRPC service and the HTTPRoutes only theirs.
    new ReferenceGrant(this, 'nvcf-http', {
      namespace: 'nvcf',
      metadata: { name: 'allow-http-routes-to-nvcf' },
      from: [GrantFrom.httpRoutes(routesNamespace)],
      to: [GrantTo.service('nvcf-api'), GrantTo.service('invocation-service')],
      gatewayApiVersion,
    });

    new ReferenceGrant(this, 'nvcf-grpc', {
      namespace: 'nvcf',
      metadata: { name: 'allow-tcp-routes-to-nvcf-grpc' },
      from: [GrantFrom.tcpRoutes(routesNamespace)],
      to: [GrantTo.service('grpc-proxy')],
      gatewayApiVersion,
    });
  }
}

/** Builds the example app: one chart per targeted Gateway API release, written to `outdir`. */
export function buildExampleApp(outdir: string): App {
  const app = new App({ outdir });
  new NvcfPlatformChart(app, 'nvcf-platform');
  new NvcfPlatformChart(app, 'nvcf-platform-gateway-api-v1-6', { gatewayApiVersion: GatewayApiVersion.V1_6 });
  addAiModelCatalog(app);
  return app;
}
