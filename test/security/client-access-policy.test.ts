import { ApiObject, Duration, Testing } from 'cdk8s';
import { app, validated } from './fixtures';
import {
  AiBackend, AiGateway, AiModelRoute, ApiKeyAuth, BackendService, BasicAuth, ClaimType, ExternalAuth, ClientAccessPolicy, Gateway, HostnameRoute,
  JwtProvider,
  ListenerProtocol, ManifestValidator, ModelAccess, OidcLogin, PlatformDomain, PolicyReason, PolicyTarget, PolicyTargetKind,
} from '../../src';
import { chartKnownObjects, declareKnown } from '../../src/validation/targets';

describe('ClientAccessPolicy', () => {
  test('API keys and a Keycloak provider on an AiModelRoute: one SecurityPolicy on the generated HTTPRoutes, valid against the v1.8.1 CRD', () => {
    const { chart, domain, route } = app();
    new ClientAccessPolicy(chart, 'access', {
      targets: [route],
      apiKeys: ApiKeyAuth.fromSecrets(['ai-clients']),
      jwtProviders: [JwtProvider.keycloak({ domain, realm: 'platform', audiences: ['console'], claimToHeaders: [{ claim: 'sub', header: 'x-user-id' }] })],
    });
    const { objects, report } = validated(chart);
    const policy = objects.find(o => o.kind === 'SecurityPolicy');
    expect(policy.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(policy.metadata).toStrictEqual({ name: 'access', namespace: 'ai' });
    // The AI Gateway controller makes an HTTPRoute named as each AIGatewayRoute: those are the targets.
    const routeNames = objects.filter(o => o.kind === 'AIGatewayRoute').map(o => o.metadata.name);
    expect(policy.spec.targetRefs).toStrictEqual(routeNames.map(name => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name })));
    expect(policy.spec.apiKeyAuth).toStrictEqual({
      credentialRefs: [{ group: '', kind: 'Secret', name: 'ai-clients' }],
      extractFrom: [{ headers: ['x-api-key'] }],
      forwardClientIDHeader: 'x-client-id',
      sanitize: true,
    });
    expect(policy.spec.jwt.providers).toStrictEqual([{
      name: 'keycloak',
      issuer: 'https://auth.ai.corp.example/realms/platform',
      audiences: ['console'],
      claimToHeaders: [{ claim: 'sub', header: 'x-user-id' }],
      remoteJWKS: { uri: 'https://auth.ai.corp.example/realms/platform/protocol/openid-connect/certs', cacheDuration: '300s' },
    }]);
    const entry = report.objects.find(o => o.kind === 'SecurityPolicy')!;
    expect(entry.errors).toStrictEqual([]);
    expect(entry.warnings).toStrictEqual([]);
    expect(entry.checkedAgainst).toMatch(/envoy-gateway v1\.8\.1/);
    // The key Secret is referenced, never written: declared as an object the cluster holds.
    expect(objects.filter(o => o.kind === 'Secret')).toStrictEqual([]);
    expect(chartKnownObjects(chart)).toContainEqual({ apiVersion: 'v1', kind: 'Secret', name: 'ai-clients', namespace: 'ai' });
  });

  test('targets read at synth: models added after the policy, past one AIGatewayRoute, are all covered', () => {
    const { chart, route } = app();
    new ClientAccessPolicy(chart, 'access', { targets: [route], apiKeys: ApiKeyAuth.fromSecrets(['keys']) });
    for (let i = 0; i < 40; i++) route.addModel({ name: `m${i}`, backends: [{ backend: AiBackend.fromFqdn(`m${i}.ai.svc`, 8000, { name: `m${i}` }) }] });
    const objects = Testing.synth(chart);
    const routes = objects.filter(o => o.kind === 'AIGatewayRoute').map(o => o.metadata.name);
    expect(routes.length).toBeGreaterThan(1);
    expect(objects.find(o => o.kind === 'SecurityPolicy').spec.targetRefs.map((r: any) => r.name)).toStrictEqual(routes);
  });

  test('a gateway, a listener and a HostnameRoute as targets; options of the API keys', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', {
      gatewayName: 'edge', gatewayNamespace: 'platform', listeners: [{ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS }, { name: 'grpc', port: 10081, protocol: ListenerProtocol.TCP }],
    });
    const console = new HostnameRoute(chart, 'console', {
      gateway, name: 'console', hostnames: ['console.corp.example'], backend: BackendService.fromName('console', 'platform', 8080),
    });
    new ClientAccessPolicy(chart, 'edge', {
      targets: [PolicyTarget.listener(gateway, 'https'), console],
      apiKeys: ApiKeyAuth.fromSecrets(['a', 'b'], { header: 'authorization', forwardClientIdHeader: 'x-team', forwardKey: true }),
    });
    new ClientAccessPolicy(chart, 'whole', { targets: [gateway], apiKeys: ApiKeyAuth.fromSecrets(['c']) });
    const { objects, report } = validated(chart);
    const [edge, whole] = objects.filter(o => o.kind === 'SecurityPolicy');
    expect(edge.spec.targetRefs).toStrictEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' },
      { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'console' },
    ]);
    expect(edge.spec.apiKeyAuth.extractFrom).toStrictEqual([{ headers: ['authorization'] }]);
    expect(edge.spec.apiKeyAuth.forwardClientIDHeader).toBe('x-team');
    expect(edge.spec.apiKeyAuth.sanitize).toBe(false);
    expect(whole.spec.targetRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }]);
    for (const o of report.objects.filter(x => x.kind === 'SecurityPolicy')) expect(o.errors).toStrictEqual([]);
  });

  test('byte-identical output on every synth', () => {
    const build = () => {
      const { chart, domain, route } = app();
      new ClientAccessPolicy(chart, 'access', { targets: [route], jwtProviders: [JwtProvider.keycloak({ domain, realm: 'r', audiences: ['a', 'b'] })] });
      return JSON.stringify(Testing.synth(chart));
    };
    expect(build()).toBe(build());
  });

  describe('refuses what Envoy Gateway would refuse or ignore', () => {
    const refuse = (make: (x: ReturnType<typeof app>) => void) => {
      const x = app();
      return () => {
        make(x);
        Testing.synth(x.chart);
      };
    };

    test.each<[string, (x: ReturnType<typeof app>) => void, RegExp]>([
      ['no targets', x => new ClientAccessPolicy(x.chart, 'p', { targets: [], apiKeys: ApiKeyAuth.fromSecrets(['k']) }),
        /ClientAccessPolicy 'test\/p': targets is empty/],
      ['nothing to check', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route] }), /none of apiKeys, jwtProviders, oidcLogin, basicAuth, externalAuth, cors, allowedClientCidrs and rules is given: the policy would check nobody/],
      ['no Secret', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets([]) }), /apiKeys names no Secret/],
      ['a bad Secret name', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['Keys']) }),
        /Secret name 'Keys' is not a valid RFC 1123 subdomain.*Use 'keys'/],
      ['a bad header', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['k'], { header: 'x api key' }) }),
        /header 'x api key' is not an HTTP header name/],
      ['client id in the key header', x => new ClientAccessPolicy(x.chart, 'p', {
        targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['k'], { header: 'X-Key', forwardClientIdHeader: 'x-key' }),
      }), /is the key's own header/],
      ['an issuer over plain HTTP', x => new ClientAccessPolicy(x.chart, 'p', {
        targets: [x.route], jwtProviders: [JwtProvider.remote({ name: 'idp', issuer: 'http://idp.example', jwksUri: 'https://idp.example/keys', audiences: ['a'] })],
      }), /jwtProviders 'idp' issuer 'http:\/\/idp.example' is not HTTPS \(http\)/],
      ['a JWKS URL that is no URL', x => new ClientAccessPolicy(x.chart, 'p', {
        targets: [x.route], jwtProviders: [JwtProvider.remote({ name: 'idp', issuer: 'https://idp.example', jwksUri: 'keys', audiences: ['a'] })],
      }), /jwksUri 'keys' is not a URL/],
      ['no audiences', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'r', audiences: [] })] }),
        /'keycloak' has no audiences: any token of the issuer would pass/],
      ['nine audiences', x => new ClientAccessPolicy(x.chart, 'p', {
        targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'r', audiences: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] })],
      }), /9 audiences, more than the 8/],
      ['a bad realm', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'a/b', audiences: ['c'] })] }),
        /realm 'a\/b' is not a Keycloak realm name/],
      ['two providers of one name', x => new ClientAccessPolicy(x.chart, 'p', {
        targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'a', audiences: ['c'] }), JwtProvider.keycloak({ domain: x.domain, realm: 'b', audiences: ['c'] })],
      }), /two providers named 'keycloak'/],
      ['targets in two namespaces', x => {
        const other = Gateway.fromGatewayAttributes(x.chart, 'other', { gatewayName: 'o', gatewayNamespace: 'elsewhere' });
        new ClientAccessPolicy(x.chart, 'p', { targets: [x.route, other], apiKeys: ApiKeyAuth.fromSecrets(['k']) });
      }, /targets lie in 2 namespaces \(AiModelRoute 'ai\/models' .* in 'ai', Gateway 'elsewhere\/o' in 'elsewhere'\)/],
      ['a listener the gateway lacks', x => new ClientAccessPolicy(x.chart, 'p', { targets: [PolicyTarget.listener(x.gateway, 'https')], apiKeys: ApiKeyAuth.fromSecrets(['k']) }),
        /target listener 'https' of Gateway 'ai\/llm': sectionName 'https' names no listener of Gateway 'ai\/llm' \(listeners: 'http'\)/],
      ['a route without models', x => {
        const empty = new AiModelRoute(x.chart, 'empty', { gateway: x.gateway, name: 'empty' });
        new ClientAccessPolicy(x.chart, 'p', { targets: [empty], apiKeys: ApiKeyAuth.fromSecrets(['k']) });
      }, /targets stand for no object at synth/],
      ['two policies on one route', x => {
        new ClientAccessPolicy(x.chart, 'keys', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['k']) });
        new ClientAccessPolicy(x.chart, 'users', { targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'r', audiences: ['c'] })] });
      }, /ClientAccessPolicy 'test\/keys': targets HTTPRoute 'ai\/models', as ClientAccessPolicy 'test\/users' does: Envoy Gateway applies one/],
    ])('%s', (_, make, message) => {
      expect(refuse(make)).toThrow(message);
    });

    test('a policy on the gateway and one on a route of it do not conflict (the route\'s overrides)', () => {
      const x = app();
      new ClientAccessPolicy(x.chart, 'gw', { targets: [x.gateway], apiKeys: ApiKeyAuth.fromSecrets(['k']) });
      new ClientAccessPolicy(x.chart, 'route', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['k2']) });
      expect(Testing.synth(x.chart).filter(o => o.kind === 'SecurityPolicy')).toHaveLength(2);
    });
  });
});

describe('per-model access', () => {
  const teams = () => {
    const { chart, domain, gateway } = app();
    const route = new AiModelRoute(chart, 'team-models', { gateway, name: 'team-models' });
    const backend = (name: string) => AiBackend.fromFqdn(`${name}.ai.svc.cluster.local`, 8000, { name });
    const teamA = ModelAccess.jwtClaim('groups', ['team-a'], { claimType: ClaimType.STRING_ARRAY });
    route.addModel({ name: 'qwen3-large', backends: [{ backend: backend('qwen-large') }], access: teamA });
    route.addModel({ name: 'llama', backends: [{ backend: backend('llama') }], access: ModelAccess.jwtClaim('groups', ['team-a', 'team-b'], { claimType: ClaimType.STRING_ARRAY }) });
    route.addModel({ name: 'mistral', backends: [{ backend: backend('mistral') }], access: ModelAccess.jwtClaim('groups', ['team-a'], { claimType: ClaimType.STRING_ARRAY }) });
    route.addModel({ name: 'embed', backends: [{ backend: backend('embed') }] });
    return { chart, domain, route };
  };

  test('each distinct access is one Allow rule matching its models on x-ai-eg-model; open models get their own; the rest is denied', () => {
    const { chart, domain, route } = teams();
    new ClientAccessPolicy(chart, 'access', { targets: [route], jwtProviders: [JwtProvider.keycloak({ domain, realm: 'platform', audiences: ['console'] })] });
    const { objects, report } = validated(chart);
    const policy = objects.find(o => o.kind === 'SecurityPolicy');
    const principal = (groups: string[], models: string[]) => ({
      jwt: { provider: 'keycloak', claims: [{ name: 'groups', valueType: 'StringArray', values: groups }] },
      headers: [{ name: 'x-ai-eg-model', values: models }],
    });
    expect(policy.spec.authorization).toStrictEqual({
      defaultAction: 'Deny',
      rules: [
        { name: 'open-models', action: 'Allow', principal: { headers: [{ name: 'x-ai-eg-model', values: ['embed'] }] } },
        { name: 'model-access-1', action: 'Allow', principal: principal(['team-a', 'team-b'], ['llama']) },
        { name: 'model-access-2', action: 'Allow', principal: principal(['team-a'], ['mistral', 'qwen3-large']) },
      ],
    });
    expect(report.objects.find(o => o.kind === 'SecurityPolicy')!.errors).toStrictEqual([]);
  });

  test('scopes, and a provider named among several', () => {
    const { chart, domain, gateway } = app();
    const route = new AiModelRoute(chart, 'premium', { gateway, name: 'premium' });
    route.addModel({
      name: 'big',
      backends: [{ backend: AiBackend.fromFqdn('big.ai.svc', 8000, { name: 'big' }) }],
      access: ModelAccess.jwtScopes(['models:premium'], { jwtProvider: 'partners' }),
    });
    new ClientAccessPolicy(chart, 'access', {
      targets: [route],
      jwtProviders: [
        JwtProvider.keycloak({ domain, realm: 'platform', audiences: ['console'] }),
        JwtProvider.remote({ name: 'partners', issuer: 'https://idp.partner.example', jwksUri: 'https://idp.partner.example/jwks', audiences: ['ai'] }),
      ],
    });
    const { objects, report } = validated(chart);
    const policy = objects.find(o => o.kind === 'SecurityPolicy');
    expect(report.objects.find(o => o.kind === 'SecurityPolicy')!.errors.map(e => e.message)).toStrictEqual([]);
    expect(policy.spec.authorization.rules).toStrictEqual([
      { name: 'model-access-1', action: 'Allow', principal: { jwt: { provider: 'partners', scopes: ['models:premium'] }, headers: [{ name: 'x-ai-eg-model', values: ['big'] }] } },
    ]);
    expect(report.objects.find(o => o.kind === 'SecurityPolicy')!.errors).toStrictEqual([]);
  });

  test('more than 256 open models continue in a second rule', () => {
    const { chart, domain, gateway } = app();
    const route = new AiModelRoute(chart, 'many', { gateway, name: 'many' });
    for (let i = 0; i < 300; i++) route.addModel({ name: `m${String(i).padStart(3, '0')}`, backends: [{ backend: AiBackend.fromFqdn(`m${i}.ai.svc`, 8000, { name: `m${i}` }) }] });
    route.addModel({ name: 'vip', backends: [{ backend: AiBackend.fromFqdn('vip.ai.svc', 8000, { name: 'vip' }) }], access: ModelAccess.jwtClaim('team', ['a']) });
    new ClientAccessPolicy(chart, 'access', { targets: [route], jwtProviders: [JwtProvider.keycloak({ domain, realm: 'p', audiences: ['c'] })] });
    const rules = Testing.synth(chart).find(o => o.kind === 'SecurityPolicy').spec.authorization.rules;
    expect(rules.map((r: any) => [r.name, r.principal.headers[0].values.length])).toStrictEqual([['open-models', 256], ['open-models-2', 44], ['model-access-1', 1]]);
  });

  test.each<[string, (x: ReturnType<typeof teams>) => void, RegExp]>([
    ['access without a policy on the route', () => undefined,
      /AiModelRoute 'test\/team-models': models 'llama', 'mistral', 'qwen3-large' declare access, but no ClientAccessPolicy targets this route/],
    ['access without a JWT provider', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['k']) }),
      /model 'llama' access \(claim groups in \[team-a, team-b\]\) reads a JWT, but the policy has no jwtProviders/],
    ['a provider that is not the policy\'s', x => {
      x.route.addModel({ name: 'x', backends: [{ backend: AiBackend.fromFqdn('x.ai.svc', 8000, { name: 'x' }) }], access: ModelAccess.jwtScopes(['s'], { jwtProvider: 'other' }) });
      new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'r', audiences: ['c'] })] });
    }, /names jwtProvider 'other', which the policy does not have \(it has 'keycloak'\)/],
    ['a claim without values', x => x.route.addModel({ name: 'x', backends: [{ backend: AiBackend.fromFqdn('x.ai.svc', 8000, { name: 'x' }) }], access: ModelAccess.jwtClaim('groups', []) }),
      /model 'x' access claim 'groups' has no values: nobody could call the model/],
    ['a scope with a space', x => x.route.addModel({ name: 'x', backends: [{ backend: AiBackend.fromFqdn('x.ai.svc', 8000, { name: 'x' }) }], access: ModelAccess.jwtScopes(['a b']) }),
      /has a scope that is empty, holds a space/],
  ])('%s', (_, make, message) => {
    const x = teams();
    expect(() => {
      make(x);
      Testing.synth(x.chart);
    }).toThrow(message);
  });
});

describe('OIDC login', () => {
  const consoleApp = () => {
    const chart = Testing.chart();
    const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai.corp.example' });
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'edge', gatewayNamespace: 'platform', listeners: [{ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS }] });
    const route = new HostnameRoute(chart, 'console', {
      gateway, name: 'console', hostnames: [domain.hostFor('console')], backend: BackendService.fromName('console', 'platform', 8080),
    });
    return { chart, domain, route };
  };

  test('Keycloak login for the console: endpoints given (never discovered), the client secret a Secret reference, valid against the CRD', () => {
    const { chart, domain, route } = consoleApp();
    new ClientAccessPolicy(chart, 'login', {
      targets: [route],
      oidcLogin: OidcLogin.keycloak({
        domain, realm: 'platform', clientId: 'console', clientSecretName: 'console-oidc', redirectUrl: 'https://console.ai.corp.example/oauth2/callback', scopes: ['email'],
      }),
    });
    const { objects, report } = validated(chart);
    const policy = objects.find(o => o.kind === 'SecurityPolicy');
    const base = 'https://auth.ai.corp.example/realms/platform';
    expect(policy.spec.oidc).toStrictEqual({
      provider: {
        issuer: base,
        authorizationEndpoint: `${base}/protocol/openid-connect/auth`,
        tokenEndpoint: `${base}/protocol/openid-connect/token`,
        endSessionEndpoint: `${base}/protocol/openid-connect/logout`,
      },
      clientID: 'console',
      clientSecret: { group: '', kind: 'Secret', name: 'console-oidc' },
      redirectURL: 'https://console.ai.corp.example/oauth2/callback',
      logoutPath: '/logout',
      refreshToken: true, // the CRD's default, written so that what the API server stores reads back equal
      scopes: ['email'],
    });
    expect(report.objects.find(o => o.kind === 'SecurityPolicy')!.errors).toStrictEqual([]);
    expect(chartKnownObjects(chart)).toContainEqual({ apiVersion: 'v1', kind: 'Secret', name: 'console-oidc', namespace: 'platform' });
    expect(objects.filter(o => o.kind === 'Secret')).toStrictEqual([]);
  });

  test.each<[string, (x: ReturnType<typeof consoleApp>) => void, RegExp]>([
    ['a redirect URL on a host the targets do not serve', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route], oidcLogin: OidcLogin.keycloak({ domain: x.domain, realm: 'r', clientId: 'c', clientSecretName: 's', redirectUrl: 'https://evil.example/cb' }),
    }), /redirectUrl 'https:\/\/evil.example\/cb' is on host 'evil.example', which none of the targets serves \(console.ai.corp.example\)/],
    ['a redirect URL over plain HTTP', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route], oidcLogin: OidcLogin.keycloak({ domain: x.domain, realm: 'r', clientId: 'c', clientSecretName: 's', redirectUrl: 'http://console.ai.corp.example/cb' }),
    }), /redirectUrl 'http:\/\/console.ai.corp.example\/cb' is not HTTPS/],
    ['an empty client id', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route], oidcLogin: OidcLogin.keycloak({ domain: x.domain, realm: 'r', clientId: ' ', clientSecretName: 's' }),
    }), /oidcLogin clientId is empty/],
    ['a bad client secret name', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route],
      oidcLogin: OidcLogin.custom({
        issuer: 'https://idp.example', authorizationEndpoint: 'https://idp.example/auth', tokenEndpoint: 'https://idp.example/token', clientId: 'c', clientSecretName: 'Secret_1',
      }),
    }), /clientSecretName 'Secret_1' is not a valid RFC 1123 subdomain/],
    ['a token endpoint over plain HTTP', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route],
      oidcLogin: OidcLogin.custom({
        issuer: 'https://idp.example', authorizationEndpoint: 'https://idp.example/auth', tokenEndpoint: 'http://idp.example/token', clientId: 'c', clientSecretName: 's',
      }),
    }), /tokenEndpoint 'http:\/\/idp.example\/token' is not HTTPS/],
    ['a logout path that is no path', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route], oidcLogin: OidcLogin.keycloak({ domain: x.domain, realm: 'r', clientId: 'c', clientSecretName: 's', logoutPath: 'logout' }),
    }), /logoutPath 'logout' is not a path/],
  ])('%s', (_, make, message) => {
    const x = consoleApp();
    expect(() => {
      make(x);
      Testing.synth(x.chart);
    }).toThrow(message);
  });
});

describe('basic auth, external authorization, CORS and client networks', () => {
  test('each renders as the CRD wants, references only, valid against v1.8.1; networks join every Allow rule', () => {
    const { chart, domain, gateway, route } = app();
    route.addModel({ name: 'vip', backends: [{ backend: AiBackend.fromFqdn('vip.ai.svc', 8000, { name: 'vip' }) }], access: ModelAccess.jwtClaim('team', ['a']) });
    new ClientAccessPolicy(chart, 'all', {
      targets: [route],
      basicAuth: BasicAuth.fromSecret('htpasswd', { forwardUsernameHeader: 'x-user' }),
      externalAuth: ExternalAuth.http(BackendService.fromName('authz', 'ai', 9000), { path: '/check', headersToBackend: ['x-team'], timeout: Duration.seconds(2) }),
      cors: { allowOrigins: ['https://console.ai.corp.example'], allowMethods: ['GET', 'POST'], allowHeaders: ['authorization', 'content-type'], maxAge: Duration.minutes(10), allowCredentials: true },
      allowedClientCidrs: ['10.0.0.0/8', 'fd00::/8'],
      jwtProviders: [JwtProvider.keycloak({ domain, realm: 'p', audiences: ['c'] })],
    });
    new ClientAccessPolicy(chart, 'grpc-authz', {
      targets: [gateway], externalAuth: ExternalAuth.grpc(BackendService.fromName('authz', 'ai', 9001)), allowedClientCidrs: ['192.0.2.0/24'],
    });
    const { objects, report } = validated(chart);
    const [all, grpc] = objects.filter(o => o.kind === 'SecurityPolicy');
    expect(all.spec.basicAuth).toStrictEqual({ users: { group: '', kind: 'Secret', name: 'htpasswd' }, forwardUsernameHeader: 'x-user' });
    expect(all.spec.extAuth).toMatchObject({
      http: { backendRefs: [{ group: '', kind: 'Service', name: 'authz', port: 9000 }], path: '/check', headersToBackend: ['x-team'] }, timeout: '2s', failOpen: false,
    });
    expect(all.spec.cors).toStrictEqual({
      allowOrigins: ['https://console.ai.corp.example'], allowMethods: ['GET', 'POST'], allowHeaders: ['authorization', 'content-type'], maxAge: '600s', allowCredentials: true,
    });
    expect(all.spec.authorization.rules.map((r: any) => [r.name, r.principal.clientCIDRs])).toStrictEqual([
      ['open-models', ['10.0.0.0/8', 'fd00::/8']], ['model-access-1', ['10.0.0.0/8', 'fd00::/8']],
    ]);
    expect(grpc.spec.extAuth).toMatchObject({ grpc: { backendRefs: [{ group: '', kind: 'Service', name: 'authz', port: 9001 }] }, failOpen: false });
    expect(grpc.spec.authorization).toStrictEqual({ defaultAction: 'Deny', rules: [{ name: 'client-cidrs', action: 'Allow', principal: { clientCIDRs: ['192.0.2.0/24'] } }] });
    for (const o of report.objects.filter(x => x.kind === 'SecurityPolicy')) expect(o.errors).toStrictEqual([]);
    expect(chartKnownObjects(chart)).toEqual(expect.arrayContaining([
      { apiVersion: 'v1', kind: 'Secret', name: 'htpasswd', namespace: 'ai' }, { apiVersion: 'v1', kind: 'Service', name: 'authz', namespace: 'ai' },
    ]));
  });

  test.each<[string, (x: ReturnType<typeof app>) => void, RegExp]>([
    ['a gRPC service with an HTTP path', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], externalAuth: ExternalAuth.grpc(BackendService.fromName('authz', 'ai', 9000), { path: '/x' }) }),
      /only an HTTP service takes/],
    ['credentials from any origin', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], cors: { allowOrigins: ['*'], allowCredentials: true } }),
      /allows credentials from any origin/],
    ['an origin that is none', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], cors: { allowOrigins: ['console.example.com'] } }),
      /allowOrigins has 'console.example.com', which is not an origin/],
    ['a lower-case method', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], cors: { allowOrigins: ['*'], allowMethods: ['get'] } }),
      /allowMethods has 'get'/],
    ['a CIDR that is none', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], allowedClientCidrs: ['10.0.0.0/33'] }),
      /allowedClientCidrs has '10.0.0.0\/33', which is not a CIDR/],
    ['no networks at all', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], allowedClientCidrs: [] }), /allowedClientCidrs is empty/],
    ['a bad htpasswd Secret name', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], basicAuth: BasicAuth.fromSecret('Users') }),
      /basicAuth Secret name 'Users' is not a valid RFC 1123 subdomain/],
  ])('%s', (_, make, message) => {
    const x = app();
    expect(() => {
      make(x);
      Testing.synth(x.chart);
    }).toThrow(message);
  });
});

describe('per-model access by API key client', () => {
  test('the client id header Envoy writes for a valid key is matched beside the model; other rules unchanged', () => {
    const { chart, gateway } = app();
    const route = new AiModelRoute(chart, 'keyed', { gateway, name: 'keyed' });
    route.addModel({ name: 'big', backends: [{ backend: AiBackend.fromFqdn('big.ai.svc', 8000, { name: 'big' }) }], access: ModelAccess.apiKeyClients(['team-a-ci', 'team-b-ci']) });
    route.addModel({ name: 'small', backends: [{ backend: AiBackend.fromFqdn('small.ai.svc', 8000, { name: 'small' }) }] });
    new ClientAccessPolicy(chart, 'keys', { targets: [route], apiKeys: ApiKeyAuth.fromSecrets(['ai-clients'], { header: 'authorization', forwardClientIdHeader: 'x-team' }) });
    const { objects, report } = validated(chart);
    const policy = objects.find(o => o.kind === 'SecurityPolicy');
    expect(policy.spec.authorization).toStrictEqual({
      defaultAction: 'Deny',
      rules: [
        { name: 'open-models', action: 'Allow', principal: { headers: [{ name: 'x-ai-eg-model', values: ['small'] }] } },
        {
          name: 'model-access-1',
          action: 'Allow',
          principal: { headers: [{ name: 'x-team', values: ['team-a-ci', 'team-b-ci'] }, { name: 'x-ai-eg-model', values: ['big'] }] },
        },
      ],
    });
    expect(policy.spec.jwt).toBeUndefined();
    expect(report.objects.find(o => o.kind === 'SecurityPolicy')!.errors).toStrictEqual([]);
  });

  test('API key clients without apiKeys on the policy, and an empty client list, are refused', () => {
    const x = app();
    x.route.addModel({ name: 'vip', backends: [{ backend: AiBackend.fromFqdn('vip.ai.svc', 8000, { name: 'vip' }) }], access: ModelAccess.apiKeyClients(['a']) });
    new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'r', audiences: ['c'] })] });
    expect(() => Testing.synth(x.chart)).toThrow(/model 'vip' access \(API key clients \[a\]\) names API key clients, but the policy has no apiKeys/);
    const y = app();
    expect(() => y.route.addModel({ name: 'vip', backends: [{ backend: AiBackend.fromFqdn('vip.ai.svc', 8000, { name: 'vip' }) }], access: ModelAccess.apiKeyClients([]) }))
      .toThrow(/names no API key client: nobody could call the model/);
  });
});

describe('targets by label (targetSelectors)', () => {
  function routes() {
    const x = app();
    const svc = BackendService.fromName('web', 'ai', 8080);
    const pub = new HostnameRoute(x.chart, 'pub', { gateway: x.gateway, name: 'pub', hostnames: ['pub.ai.corp.example'], backend: svc });
    const internal = new HostnameRoute(x.chart, 'internal', { gateway: x.gateway, name: 'internal', hostnames: ['in.ai.corp.example'], backend: svc });
    pub.apiObject.metadata.addLabel('tier', 'public');
    internal.apiObject.metadata.addLabel('tier', 'internal');
    return { ...x, pub, internal };
  }

  test('a selector is written as targetSelectors, without targetRefs; the offline analysis finds the labelled route only', () => {
    const x = routes();
    new ClientAccessPolicy(x.chart, 'public', {
      targets: [PolicyTarget.selector('ai', PolicyTargetKind.HTTP_ROUTE, { tier: 'public' })], apiKeys: ApiKeyAuth.fromSecrets(['keys']),
    });
    const { objects, report } = validated(x.chart);
    const policy = objects.find(o => o.kind === 'SecurityPolicy');
    expect(policy.spec.targetRefs).toBeUndefined();
    expect(policy.spec.targetSelectors).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', matchLabels: { tier: 'public' } }]);
    expect(report.policies.map(p => [p.targetRef.name, p.ancestor?.name, p.reason])).toStrictEqual([['pub', 'llm', PolicyReason.ACCEPTED]]);
    expect(report.objects.find(o => o.kind === 'SecurityPolicy')!.errors).toStrictEqual([]);
  });

  test('an AiModelRoute is selected by the labels of its AIGatewayRoutes (the AI Gateway controller copies them to its HTTPRoutes)', () => {
    const x = app();
    for (const o of x.chart.node.findAll()) if (o instanceof ApiObject && o.kind === 'AIGatewayRoute') o.metadata.addLabel('tier', 'models');
    new ClientAccessPolicy(x.chart, 'model-keys', { targets: [PolicyTarget.selector('ai', PolicyTargetKind.HTTP_ROUTE, { tier: 'models' })], apiKeys: ApiKeyAuth.fromSecrets(['keys']) });
    const { report } = validated(x.chart);
    expect(report.policies.map(p => [p.targetRef.name, p.reason])).toStrictEqual([['models', PolicyReason.ACCEPTED]]);
  });

  test.each<[string, (x: ReturnType<typeof routes>) => void, RegExp]>([
    ['a selector that selects nothing of the app', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [PolicyTarget.selector('ai', PolicyTargetKind.HTTP_ROUTE, { tier: 'nobody' })], apiKeys: ApiKeyAuth.fromSecrets(['keys']),
    }), /targetSelectors selects HTTPRoutes labelled tier=nobody in 'ai', and the app holds none and knows no HTTPRoute there/],
    ['a selector without labels', x => new ClientAccessPolicy(x.chart, 'p', { targets: [PolicyTarget.selector('ai', PolicyTargetKind.HTTP_ROUTE, {})], apiKeys: ApiKeyAuth.fromSecrets(['keys']) }),
      /matchLabels is empty: it would select every HTTPRoute of 'ai'/],
    ['a bad label', x => new ClientAccessPolicy(x.chart, 'p', { targets: [PolicyTarget.selector('ai', PolicyTargetKind.HTTP_ROUTE, { tier: 'a b' })], apiKeys: ApiKeyAuth.fromSecrets(['keys']) }),
      /matchLabels 'tier' value 'a b' is not a valid label value/],
    ['a selected route another policy names', (x) => {
      new ClientAccessPolicy(x.chart, 'named', { targets: [x.pub], apiKeys: ApiKeyAuth.fromSecrets(['keys']) });
      new ClientAccessPolicy(x.chart, 'p', { targets: [PolicyTarget.selector('ai', PolicyTargetKind.HTTP_ROUTE, { tier: 'public' })], apiKeys: ApiKeyAuth.fromSecrets(['keys']) });
    }, /targets HTTPRoute 'ai\/pub', as ClientAccessPolicy '[^']*named' does/],
  ])('refuses %s', (_, make, message) => {
    const x = routes();
    expect(() => {
      make(x);
      Testing.synth(x.chart);
    }).toThrow(new RegExp(`ClientAccessPolicy '${x.chart.node.path}/p': (.|\\n)*${message.source}`));
  });

  test('a selector of a kind the app only knows passes the synth check (the objects are made elsewhere)', () => {
    const x = routes();
    declareKnown(x.chart, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', name: 'made-elsewhere', namespace: 'ai' });
    new ClientAccessPolicy(x.chart, 'p', { targets: [PolicyTarget.selector('ai', PolicyTargetKind.GRPC_ROUTE, { tier: 'public' })], apiKeys: ApiKeyAuth.fromSecrets(['keys']) });
    expect(Testing.synth(x.chart).find(o => o.kind === 'SecurityPolicy').spec.targetSelectors[0].kind).toBe('GRPCRoute');
  });
});

describe('external authorization in another namespace', () => {
  test('the Service is named with its namespace and granted to SecurityPolicies of the policy\'s namespace, that Service only', () => {
    const x = app();
    new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], externalAuth: ExternalAuth.http(BackendService.fromName('authz', 'security', 9000)) });
    const { objects, report } = validated(x.chart);
    const policy = objects.find(o => o.kind === 'SecurityPolicy');
    expect(policy.spec.extAuth.http.backendRefs).toStrictEqual([{ group: '', kind: 'Service', name: 'authz', namespace: 'security', port: 9000, weight: 1 }]);
    const grants = objects.filter(o => o.kind === 'ReferenceGrant' && o.metadata.namespace === 'security');
    expect(grants.map(g => g.spec)).toStrictEqual([{
      from: [{ group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', namespace: 'ai' }], to: [{ group: '', kind: 'Service', name: 'authz' }],
    }]);
    expect(report.policies.map(p => p.reason)).toStrictEqual([PolicyReason.ACCEPTED]);
    expect(report.objects.flatMap(o => o.errors)).toStrictEqual([]);
  });
});

describe('a route this app does not create', () => {
  test('PolicyTarget.existingRoute() names it in targetRefs and declares it known; synth validation accepts it unverified', () => {
    const x = app();
    new ClientAccessPolicy(x.chart, 'p', {
      targets: [PolicyTarget.existingRoute(x.chart, PolicyTargetKind.HTTP_ROUTE, 'ai', 'team-b-chat')], apiKeys: ApiKeyAuth.fromSecrets(['keys']),
    });
    const { objects, report } = validated(x.chart);
    expect(objects.find(o => o.kind === 'SecurityPolicy').spec.targetRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'team-b-chat' }]);
    expect(chartKnownObjects(x.chart)).toContainEqual({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', name: 'team-b-chat', namespace: 'ai' });
    expect(report.policies.map(p => [p.targetRef.name, p.reason, p.verified])).toStrictEqual([['team-b-chat', PolicyReason.ACCEPTED, false]]);
  });

  test.each<[string, () => any, RegExp]>([
    ['a Gateway kind', () => PolicyTargetKind.GATEWAY, /kind 'Gateway' is not a route kind/],
    ['a bad name', () => PolicyTargetKind.HTTP_ROUTE, /PolicyTarget.existingRoute\(\) name 'Chat' is not a valid RFC 1123 subdomain/],
  ])('refuses %s', (_, kind, message) => {
    const x = app();
    new ClientAccessPolicy(x.chart, 'p', { targets: [PolicyTarget.existingRoute(x.chart, kind(), 'ai', kind() === PolicyTargetKind.GATEWAY ? 'chat' : 'Chat')], apiKeys: ApiKeyAuth.fromSecrets(['keys']) });
    expect(() => Testing.synth(x.chart)).toThrow(message);
  });
});
