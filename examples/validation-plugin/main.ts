import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Gateway as GatewayResource,
  GatewaySpecListenersAllowedRoutesNamespacesFrom,
  HttpRoute,
} from '../../imports/gateway-api-v1.2.0/gateway.networking.k8s.io-v1';
import { GatewayApiVersion, GrantFrom, GrantTo, ReferenceGrant } from '../../src';

/**
 * A small platform: a Gateway admitting routes from namespaces labelled `nvcf/platform=true`, an
 * HTTPRoute in such a namespace, and the Service it sends to in another namespace, reachable through a
 * narrow ReferenceGrant. `cdk8s synth` in this directory runs the validation plugin on the output.
 */
export class GatewayRoutesChart extends Chart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });

    new kplus.Namespace(this, 'api-keys-namespace', { metadata: { name: 'api-keys', labels: { 'nvcf/platform': 'true' } } });

    new GatewayResource(this, 'gateway', {
      metadata: { name: 'nvcf-gateway', namespace: 'envoy-gateway' },
      spec: {
        gatewayClassName: 'envoy-gateway',
        listeners: [{
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          allowedRoutes: {
            namespaces: {
              from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
              selector: { matchLabels: { 'nvcf/platform': 'true' } },
            },
          },
        }],
      },
    });

    new HttpRoute(this, 'route', {
      metadata: { name: 'api-keys', namespace: 'api-keys' },
      spec: {
        parentRefs: [{ name: 'nvcf-gateway', namespace: 'envoy-gateway', sectionName: 'http' }],
        hostnames: ['api-keys.nvcf.example.com'],
        rules: [{ backendRefs: [{ name: 'api-keys', namespace: 'nvcf', port: 8080 }] }],
      },
    });

    new kplus.Service(this, 'service', {
      metadata: { name: 'api-keys', namespace: 'nvcf' },
      ports: [{ port: 8080 }],
    });

    new ReferenceGrant(this, 'grant', {
      namespace: 'nvcf',
      metadata: { name: 'allow-routes-to-api-keys' },
      referrers: [GrantFrom.httpRoutes('api-keys')],
      to: [GrantTo.service('api-keys')],
      gatewayApiVersion: GatewayApiVersion.V1_2,
    });
  }
}

if (require.main === module) {
  const app = new App();
  new GatewayRoutesChart(app, 'gateway-routes');
  app.synth();
}
