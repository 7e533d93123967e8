import { Testing } from 'cdk8s';
import { app as baseApp, validated } from './fixtures';
import {
  AccessAction, AccessRule, AiBackend, AiGateway, AiModelRoute, ApiKeyAuth, BackendService, ClaimType, ClientAccessPolicy, GrpcTcpRoute, HttpMethod,
  JwtProvider, ManifestValidator, ModelAccess, NvcfGateway, PlatformDomain,
} from '../../src';

function app() {
  const x = baseApp();
  return { ...x, keycloak: JwtProvider.keycloak({ domain: x.domain, realm: 'platform', audiences: ['console'] }) };
}

function policyOf(chart: ReturnType<typeof Testing.chart>) {
  const { objects, report } = validated(chart);
  for (const o of report.objects.filter(x => x.kind === 'SecurityPolicy')) expect(o.errors).toStrictEqual([]);
  return objects.filter(o => o.kind === 'SecurityPolicy');
}

describe('AccessRule', () => {
  test('own rules come first, in order, then the models\' access; each field as the CRD names it; valid against v1.8.1', () => {
    const { chart, route, keycloak } = app();
    route.addModel({ name: 'vip', backends: [{ backend: AiBackend.fromFqdn('vip.ai.svc', 8000, { name: 'vip' }) }], access: ModelAccess.jwtClaim('team', ['a']) });
    new ClientAccessPolicy(chart, 'access', {
      targets: [route],
      jwtProviders: [keycloak],
      rules: [
        AccessRule.deny({ name: 'blocked-office', clientCidrs: ['198.51.100.0/24', '2001:db8::/32'] }),
        AccessRule.allow({ jwtClaims: [{ claim: 'groups', values: ['admins'], claimType: ClaimType.STRING_ARRAY }], jwtScopes: ['models:all'], methods: [HttpMethod.POST] }),
        AccessRule.deny({ headers: [{ name: 'x-debug', values: ['1', 'true'] }] }),
      ],
    });
    const [policy] = policyOf(chart);
    expect(policy.spec.authorization).toStrictEqual({
      defaultAction: 'Deny',
      rules: [
        { name: 'blocked-office', action: 'Deny', principal: { clientCIDRs: ['198.51.100.0/24', '2001:db8::/32'] } },
        {
          name: 'rule-2',
          action: 'Allow',
          operation: { methods: ['POST'] },
          principal: { jwt: { provider: 'keycloak', claims: [{ name: 'groups', valueType: 'StringArray', values: ['admins'] }], scopes: ['models:all'] } },
        },
        { name: 'rule-3', action: 'Deny', principal: { headers: [{ name: 'x-debug', values: ['1', 'true'] }] } },
        { name: 'open-models', action: 'Allow', principal: { headers: [{ name: 'x-ai-eg-model', values: ['qwen3'] }] } },
        {
          name: 'model-access-1',
          action: 'Allow',
          principal: { jwt: { provider: 'keycloak', claims: [{ name: 'team', valueType: 'String', values: ['a'] }] }, headers: [{ name: 'x-ai-eg-model', values: ['vip'] }] },
        },
      ],
    });
  });

  test('rules that only deny let the rest through; a given defaultAction is written as given', () => {
    const { chart, gateway, route } = app();
    new ClientAccessPolicy(chart, 'deny', { targets: [route], apiKeys: ApiKeyAuth.fromSecrets(['keys']), rules: [AccessRule.deny({ clientCidrs: ['203.0.113.0/24'] })] });
    new ClientAccessPolicy(chart, 'explicit', {
      targets: [gateway],
      apiKeys: ApiKeyAuth.fromSecrets(['keys']),
      defaultAction: AccessAction.DENY,
      rules: [AccessRule.allow({ headers: [{ name: 'x-client-id', values: ['ci'] }] })],
    });
    const [deny, explicit] = policyOf(chart);
    expect(deny.spec.authorization).toStrictEqual({ defaultAction: 'Allow', rules: [{ name: 'rule-1', action: 'Deny', principal: { clientCIDRs: ['203.0.113.0/24'] } }] });
    expect(explicit.spec.authorization).toStrictEqual({
      defaultAction: 'Deny', rules: [{ name: 'rule-1', action: 'Allow', principal: { headers: [{ name: 'x-client-id', values: ['ci'] }] } }],
    });
  });

  test('allowedClientCidrs joins the Allow rules, not the Deny ones; with only Deny rules the networks get their own Allow rule', () => {
    const { chart, gateway, route } = app();
    new ClientAccessPolicy(chart, 'both', {
      targets: [route],
      allowedClientCidrs: ['10.0.0.0/8'],
      rules: [AccessRule.deny({ clientCidrs: ['10.9.0.0/16'] }), AccessRule.allow({ headers: [{ name: 'x-client-id', values: ['ci'] }] })],
      apiKeys: ApiKeyAuth.fromSecrets(['keys']),
    });
    new ClientAccessPolicy(chart, 'deny-only', { targets: [gateway], allowedClientCidrs: ['10.0.0.0/8'], rules: [AccessRule.deny({ clientCidrs: ['10.9.0.0/16'] })] });
    const [both, denyOnly] = policyOf(chart);
    expect(both.spec.authorization.rules.map((r: any) => [r.name, r.action, r.principal.clientCIDRs])).toStrictEqual([
      ['rule-1', 'Deny', ['10.9.0.0/16']], ['rule-2', 'Allow', ['10.0.0.0/8']],
    ]);
    expect(both.spec.authorization.defaultAction).toBe('Deny');
    expect(denyOnly.spec.authorization).toStrictEqual({
      defaultAction: 'Deny',
      rules: [
        { name: 'rule-1', action: 'Deny', principal: { clientCIDRs: ['10.9.0.0/16'] } },
        { name: 'client-cidrs', action: 'Allow', principal: { clientCIDRs: ['10.0.0.0/8'] } },
      ],
    });
  });

  test('a TCP route takes rules on client networks only', () => {
    const tcpApp = (rule: AccessRule) => {
      const chart = Testing.chart();
      const gateway = new NvcfGateway(chart, 'nvcf', { domain: 'nvcf.example.com' });
      const tcp = new GrpcTcpRoute(chart, 'grpc', { gateway, backend: BackendService.fromName('grpc-proxy', 'nvcf', 10081) });
      new ClientAccessPolicy(chart, 'tcp', { targets: [tcp], rules: [rule] });
      return chart;
    };
    const [policy] = policyOf(tcpApp(AccessRule.deny({ clientCidrs: ['203.0.113.0/24'] })));
    expect(policy.spec.targetRefs.map((r: any) => r.kind)).toStrictEqual(['TCPRoute']);
    expect(policy.spec.authorization.rules).toStrictEqual([{ name: 'rule-1', action: 'Deny', principal: { clientCIDRs: ['203.0.113.0/24'] } }]);
    expect(() => Testing.synth(tcpApp(AccessRule.deny({ headers: [{ name: 'x-a', values: ['1'] }] }))))
      .toThrow(/ClientAccessPolicy '[^']*tcp': targets TCPRoute '[^']+', which carries no HTTP: Envoy Gateway refuses the policy there \(Invalid\)/);
  });

  test.each<[string, (x: ReturnType<typeof app>) => void, RegExp]>([
    ['a rule that matches no caller', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], rules: [AccessRule.allow({ methods: [HttpMethod.GET] })] }),
      /rules\[0\] matches no caller: give it jwtClaims, jwtScopes, clientCidrs or headers/],
    ['an empty list', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], rules: [AccessRule.deny({ clientCidrs: [] })] }), /rules\[0\] clientCidrs is empty/],
    ['a claim without a provider', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], rules: [AccessRule.allow({ jwtScopes: ['a'] })] }),
      /rules\[0\] reads a JWT, but the policy has no jwtProviders/],
    ['a provider the policy lacks', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], jwtProviders: [x.keycloak], rules: [AccessRule.allow({ jwtScopes: ['a'], jwtProvider: 'okta' })] }),
      /rules\[0\] names jwtProvider 'okta', which the policy does not have \(it has 'keycloak'\)/],
    ['a bad CIDR', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], rules: [AccessRule.deny({ clientCidrs: ['10.0.0.1'] })] }),
      /rules\[0\] clientCidrs has '10.0.0.1', which is not a CIDR/],
    ['a bad header', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], rules: [AccessRule.deny({ headers: [{ name: 'x a', values: ['1'] }] })] }),
      /rules\[0\] header 'x a' is not an HTTP header name/],
    ['a method that is none', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], rules: [AccessRule.deny({ clientCidrs: ['10.0.0.0/8'], methods: ['get' as HttpMethod] })] }),
      /rules\[0\] methods has 'get', which is not an HttpMethod/],
    ['two rules of one name', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route], rules: [AccessRule.deny({ name: 'a', clientCidrs: ['10.0.0.0/8'] }), AccessRule.deny({ name: 'a', clientCidrs: ['11.0.0.0/8'] })],
    }), /rules has two rules named 'a'/],
    ['a name the policy gives its own rules', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], rules: [AccessRule.deny({ name: 'open-models', clientCidrs: ['10.0.0.0/8'] })] }),
      /rules has a rule named 'open-models'/],
    ['own networks beside allowedClientCidrs', x => new ClientAccessPolicy(x.chart, 'p', {
      targets: [x.route], allowedClientCidrs: ['10.0.0.0/8'], rules: [AccessRule.allow({ clientCidrs: ['11.0.0.0/8'] })],
    }), /rules\[0\] allows its own clientCidrs while the policy has allowedClientCidrs/],
    ['default Allow with allowedClientCidrs', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], allowedClientCidrs: ['10.0.0.0/8'], defaultAction: AccessAction.ALLOW }),
      /defaultAction is AccessAction.ALLOW with allowedClientCidrs/],
    ['default Deny and nothing allows', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], defaultAction: AccessAction.DENY, rules: [AccessRule.deny({ clientCidrs: ['10.0.0.0/8'] })] }),
      /defaultAction is AccessAction.DENY and no rule allows: every request would be refused/],
    ['default Allow over models with access', (x) => {
      x.route.addModel({ name: 'vip', backends: [{ backend: AiBackend.fromFqdn('vip.ai.svc', 8000, { name: 'vip' }) }], access: ModelAccess.jwtClaim('team', ['a']) });
      new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], jwtProviders: [x.keycloak], defaultAction: AccessAction.ALLOW });
    }, /defaultAction is AccessAction.ALLOW while models of the targets declare access/],
    ['a default action without rules', x => new ClientAccessPolicy(x.chart, 'p', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['k']), defaultAction: AccessAction.DENY }),
      /defaultAction is AccessAction.DENY, but the policy has no authorization rules for it to follow/],
  ])('refuses %s, naming the construct', (_, make, message) => {
    const x = app();
    expect(() => {
      make(x);
      Testing.synth(x.chart);
    }).toThrow(new RegExp(`ClientAccessPolicy '${x.chart.node.path}/p': (.|\\n)*${message.source}`));
  });
});
