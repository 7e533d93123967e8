import { App, Chart } from 'cdk8s';
import {
  AccessRule, AiBackend, AiGateway, AiModelRoute, ApiKeyAuth, BackendService, ClaimType, ClientAccessPolicy, ExternalAuth, HostnameRoute,
  JwtProvider, ModelAccess, OidcLogin, PlatformDomain, PolicyTarget, PolicyTargetKind,
} from '../../../src';

/**
 * Client access control as Envoy Gateway judges it: an AI gateway whose models are open to two teams by a JWT claim
 * (Keycloak on the platform's `auth` host), a console route behind API keys, Grafana behind a Keycloak login (OIDC
 * with its endpoints given, so that Envoy Gateway fetches nothing), a docs route chosen by its label whose requests an
 * external authorization Service of another namespace judges (granted by a ReferenceGrant), and a policy on the
 * gateway's listener beside them (a route's policy applies to its route, the listener's to the rest); the model
 * policy's own rules deny a network and let admins call every model. Proof 1 requires each
 * SecurityPolicy Accepted on every ancestor, and the AI routes still Accepted.
 */
export function build(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'access', { disableResourceNameHashes: true });
  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai.access.example' });
  const gateway = new AiGateway(chart, 'gateway', { name: 'it-access', namespace: 'it-access' });
  const route = new AiModelRoute(chart, 'models', { gateway, name: 'it-access-models' });
  const backend = (name: string) => AiBackend.fromFqdn(`${name}.it-access.svc.cluster.local`, 8000, { name: `it-access-${name}` });
  const groups = (...values: string[]) => ModelAccess.jwtClaim('groups', values, { claimType: ClaimType.STRING_ARRAY });
  route.addModel({ name: 'qwen3', backends: [{ backend: backend('qwen') }], access: groups('team-a') });
  route.addModel({ name: 'llama', backends: [{ backend: backend('llama') }], access: groups('team-a', 'team-b') });
  route.addModel({ name: 'embed', backends: [{ backend: backend('embed') }] });
  new ClientAccessPolicy(chart, 'callers', {
    targets: [route],
    jwtProviders: [JwtProvider.keycloak({ domain, realm: 'platform', audiences: ['console', 'ci'], claimToHeaders: [{ claim: 'sub', header: 'x-user-id' }] })],
    rules: [
      AccessRule.deny({ name: 'blocked-network', clientCidrs: ['198.51.100.0/24'] }),
      AccessRule.allow({ name: 'admins', jwtClaims: [{ claim: 'groups', values: ['admins'], claimType: ClaimType.STRING_ARRAY }] }),
    ],
  });

  const console = new HostnameRoute(chart, 'console', {
    gateway, name: 'it-access-console', hostnames: [domain.hostFor('console')], backend: BackendService.fromName('it-access-console', 'it-access', 8080),
  });
  new ClientAccessPolicy(chart, 'console-keys', { targets: [console], apiKeys: ApiKeyAuth.fromSecrets(['it-access-clients']) });
  const grafana = new HostnameRoute(chart, 'grafana', {
    gateway, name: 'it-access-grafana', hostnames: [domain.hostFor('grafana')], backend: BackendService.fromName('it-access-grafana', 'it-access', 3000),
  });
  new ClientAccessPolicy(chart, 'grafana-login', {
    targets: [grafana],
    oidcLogin: OidcLogin.keycloak({
      domain, realm: 'platform', clientId: 'grafana', clientSecretName: 'it-access-grafana-oidc', redirectUrl: `https://${domain.hostFor('grafana')}/oauth2/callback`,
    }),
  });
  const docs = new HostnameRoute(chart, 'docs', {
    gateway, name: 'it-access-docs', hostnames: [domain.hostFor('api')], backend: BackendService.fromName('it-access-docs', 'it-access', 8080),
  });
  docs.apiObject.metadata.addLabel('it-access/tier', 'public');
  new ClientAccessPolicy(chart, 'public-routes', {
    targets: [PolicyTarget.selector('it-access', PolicyTargetKind.HTTP_ROUTE, { 'it-access/tier': 'public' })],
    externalAuth: ExternalAuth.http(BackendService.fromName('it-access-authz', 'it-access-security', 9000), { path: '/check' }),
  });
  new ClientAccessPolicy(chart, 'listener', { targets: [PolicyTarget.listener(gateway, 'http')], apiKeys: ApiKeyAuth.fromSecrets(['it-access-operators']) });
  return app;
}
