import { App, Chart, Testing } from 'cdk8s';
import {
  GatewayApiVersion, HttpsTermination, LoadBalancer, LoadBalancerScheme, NvcfGateway, NvcfPlatformRoutes, TlsCertificate,
} from '../../src';

/** A chart with its gateway and routes. */
export interface Deployment {
  readonly chart: Chart;
  readonly gateway: NvcfGateway;
  readonly routes: NvcfPlatformRoutes;
}

/** The NVCF guide's deployment: namespaces, GatewayClass, Gateway (http 80, tcp 10081) on an EKS NLB, and every route. */
export function seedDeployment(version: GatewayApiVersion, app: App = Testing.app()): Deployment {
  const chart = new Chart(app, 'nvcf', { disableResourceNameHashes: true });
  const gateway = new NvcfGateway(chart, 'gateway', {
    domain: 'a1b2c3d4.us-west-2.elb.amazonaws.com',
    gatewayApiVersion: version,
    loadBalancer: LoadBalancer.awsNlb(LoadBalancerScheme.INTERNET_FACING),
  });
  const routes = new NvcfPlatformRoutes(chart, 'routes', { gateway, llmInvocation: {} });
  return { chart, gateway, routes };
}

/** The production variant: a custom domain, HTTPS at the Gateway with a wildcard certificate in another namespace, redirect. */
export function productionDeployment(version: GatewayApiVersion): Deployment {
  const chart = new Chart(Testing.app(), 'nvcf', { disableResourceNameHashes: true });
  const gateway = new NvcfGateway(chart, 'gateway', {
    domain: 'nvcf.example.com',
    gatewayApiVersion: version,
    loadBalancer: LoadBalancer.awsNlb(LoadBalancerScheme.INTERNAL),
    https: HttpsTermination.atGateway({
      certificate: TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', {
        secretName: 'nvcf-wildcard-tls',
        secretNamespace: 'cert-manager',
        dnsNames: ['*.nvcf.example.com', '*.invocation.nvcf.example.com'],
      }),
    }),
    redirectHttpToHttps: true,
  });
  const routes = new NvcfPlatformRoutes(chart, 'routes', {
    gateway,
    llmInvocation: {},
    routeAnnotations: { 'external-dns.alpha.kubernetes.io/ttl': '60' },
  });
  return { chart, gateway, routes };
}

/** The synthesized objects of a kind. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/**
 * Runs the validations of every construct of the chart's app, as `app.synth()` does, and returns the
 * constructs' own errors. The app-wide manifest validation, which reports the same faults from the
 * output's side, is left out here; test/validation covers it.
 */
export function validationErrors(chart: Chart): string[] {
  return chart.node.root.node.findAll()
    .filter(c => c.node.id !== 'cdk8s-ai-gateway-validation')
    .flatMap(c => c.node.validate());
}

/** The errors of the app-wide manifest validation alone. */
export function manifestValidationErrors(chart: Chart): string[] {
  return chart.node.root.node.findAll()
    .filter(c => c.node.id === 'cdk8s-ai-gateway-validation')
    .flatMap(c => c.node.validate());
}
