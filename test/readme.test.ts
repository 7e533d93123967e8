import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The README's examples are code users copy: each must type-check against the library and synthesize what
 * its section says. Every `ts` block of the README is listed here, so a new block cannot go untested.
 */
const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Each `ts` block of the README, with the heading of the section it is in. */
function examples(): Array<{ heading: string; code: string }> {
  const found: Array<{ heading: string; code: string }> = [];
  let heading = '';
  let index = 0;
  const pattern = /^## (.+)$|^```ts\n([\s\S]*?)^```$/gm;
  for (let m = pattern.exec(README); m !== null; m = pattern.exec(README)) {
    if (m[1] !== undefined) {
      heading = m[1];
      index = 0;
    } else {
      // A section's second block is '<heading> #2', and so on.
      index += 1;
      found.push({ heading: index === 1 ? heading : `${heading} #${index}`, code: m[2] });
    }
  }
  return found;
}

/**
 * Runs an example as a user's app would, in a temporary folder holding `manifests.yaml` (the seed's NVCF
 * objects, for examples that read manifests), with `new App()` writing there; returns the files it wrote.
 */
function run(code: string): { files: { [name: string]: string }; logged: unknown[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  fs.writeFileSync(path.join(outdir, 'manifests.yaml'), MANIFESTS);
  // A private CA's certificate, for examples that trust one (public test material; its key was thrown away).
  fs.writeFileSync(path.join(outdir, 'internal-ca.pem'), fs.readFileSync(path.join(__dirname, 'tls', 'fixtures', 'test-acme-ca.pem')));
  const cwd = process.cwd();
  process.chdir(outdir);
  // As on the user's machine, not in a pipeline: the lock file is written, not frozen.
  const ci = process.env.CI;
  delete process.env.CI;
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir; // where `new App()` writes when no outdir is given
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = (id: string) => (id === 'cdk8s-ai-gateway' ? require('../src') : require(id));
    new Function('require', 'exports', js)(load, {});
    const files: { [name: string]: string } = {};
    for (const name of fs.readdirSync(outdir)) files[name] = fs.readFileSync(path.join(outdir, name), 'utf8');
    return { files, logged: log.mock.calls.map(call => call.join(' ')) };
  } finally {
    log.mockRestore();
    process.chdir(cwd);
    if (ci !== undefined) process.env.CI = ci;
    if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A Gateway and two HTTPRoutes: one attaches, one names a listener the Gateway does not have. */
const MANIFESTS = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: edge }
spec:
  gatewayClassName: eg
  listeners: [{ name: http, port: 80, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: api, namespace: edge }
spec:
  parentRefs: [{ name: gw, sectionName: http }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: console, namespace: edge }
spec:
  parentRefs: [{ name: gw, sectionName: https }]
`;

/** What each section's example must produce. */
const EXPECTATIONS: { [heading: string]: (output: ReturnType<typeof run>) => void } = {
  'Usage': ({ files }) => {
    const yaml = files['nvcf-platform.k8s.yaml'];
    expect(yaml).toContain('apiVersion: gateway.networking.k8s.io/v1beta1');
    expect(yaml).toContain('kind: ReferenceGrant');
    expect(yaml).toMatch(/namespace: envoy-gateway/);
    expect(yaml).toMatch(/name: api-keys\n/);
    expect(yaml).toMatch(/name: api-keys-admin\n/);
  },
  'NVCF gateway routing': ({ files }) => {
    const yaml = files['nvcf.k8s.yaml'];
    expect(yaml).toContain('kind: Gateway\n');
    expect(yaml).toMatch(/name: tcp\n\s+port: 10081/);
    expect(yaml).toContain('- llm.invocation.nvcf.example.com');
    expect(yaml).toContain('apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute');
    expect((yaml.match(/kind: ReferenceGrant/g) ?? []).length).toBe(3);
  },
  'TLS and domains': ({ files, logged }) => {
    expect(logged).toContain('api.ai-gateway.example.com');
    const yaml = files['platform-tls.k8s.yaml'];
    expect(yaml).toContain('kind: Issuer\n');
    expect(yaml).toContain('server: https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(yaml).toContain('name: cloudflare-api-token');
    expect(yaml).toContain('- "*.ai-gateway.example.com"');
    expect(yaml).toContain('secretName: ai-gateway-example-com-wildcard-tls');
  },
  'TLS and domains #2': ({ files }) => {
    const yaml = files['private-tls.k8s.yaml'];
    expect(yaml).toContain('kind: Issuer\n');
    expect(yaml).toContain('server: https://ca.corp.example/acme/acme/directory');
    expect(yaml).toMatch(/caBundle: [A-Za-z0-9+/]+=*\n/);
    expect(yaml).toContain('rfc2136:\n');
    expect(yaml).toContain('nameserver: 10.0.0.53:53');
    expect(yaml).toContain('tsigAlgorithm: HMACSHA256');
    expect(yaml).toMatch(/tsigSecretSecretRef:\n\s+key: tsig-secret-key\n\s+name: acme-tsig/);
    expect(yaml).toContain('- "*.ai.corp.example"');
  },
  'Offline validation': ({ logged }) => {
    expect(logged).toStrictEqual(['api true Accepted', 'console false NoMatchingParent']);
  },
  'Envoy AI Gateway model routing': ({ files, logged }) => {
    const yaml = files['ai-models.k8s.yaml'];
    for (const kind of ['AIGatewayRoute', 'AIServiceBackend', 'Backend', 'BackendSecurityPolicy', 'Gateway', 'GatewayClass', 'EnvoyProxy', 'ClientTrafficPolicy']) {
      expect(yaml).toContain(`kind: ${kind}\n`);
    }
    expect(yaml).toContain('value: qwen3\n');
    expect(yaml).not.toContain('applyset.kubernetes.io/part-of');
    expect(logged).toContain('bash dist/ai-models.apply.sh');
    expect(files['ai-models.apply.sh']).toContain('apply --server-side --prune --applyset=ai-models -n nrp-llm -f -');
    expect(JSON.parse(files['cdk8s-ai-gateway.lock.json']).routes['nrp-llm/nrp-models']).toStrictEqual({ 'nrp-models': ['qwen3'] });
  },
  'Client access control': ({ files }) => {
    const policy = (files['access.k8s.yaml'] ?? '').split('---').find(d => d.includes('kind: SecurityPolicy')) ?? '';
    expect(policy).toContain('apiVersion: gateway.envoyproxy.io/v1alpha1');
    expect(policy).toMatch(/targetRefs:\n\s+- group: gateway.networking.k8s.io\n\s+kind: HTTPRoute\n\s+name: models\n/);
    expect(policy).toMatch(/defaultAction: Deny\n/);
    expect(policy).toMatch(/- action: Allow\n\s+name: open-models\n\s+principal:\n\s+headers:\n\s+- name: x-ai-eg-model\n\s+values:\n\s+- embed\n/);
    expect(policy).toMatch(/- name: groups\n\s+valueType: StringArray\n\s+values:\n\s+- team-a\n/);
    expect(policy).toContain('issuer: https://auth.ai.corp.example/realms/platform');
    expect(policy).toContain('uri: https://auth.ai.corp.example/realms/platform/protocol/openid-connect/certs');
    expect(files['access.k8s.yaml']).not.toMatch(/^kind: Secret$/m); // referenced, never written
  },
  'Route map': ({ logged }) => {
    expect(logged).toStrictEqual(['true']);
  },
  'Inference pools (llm-d)': ({ files }) => {
    const yaml = files['llm.k8s.yaml'];
    expect(yaml).toMatch(/name: llama-v1\n\s+namespace: llm\n\s+weight: 90\n/);
    expect(yaml).toMatch(/name: llama-v2\n\s+namespace: llm\n\s+weight: 10\n/);
    expect(yaml).toContain('kind: ReferenceGrant');
    expect(yaml.match(/kind: DestinationRule/g)).toHaveLength(2);
  },
};

describe('README examples', () => {
  const blocks = examples();

  test('every example has expectations, is short and imports the package by its published name', () => {
    expect(blocks.map(b => b.heading).sort()).toStrictEqual(Object.keys(EXPECTATIONS).sort());
    for (const { code } of blocks) {
      expect(code).toContain("from 'cdk8s-ai-gateway'");
      expect(code.split('\n').filter(line => line.trim().length > 0).length).toBeLessThanOrEqual(30);
    }
  });

  test('every example type-checks against the library', () => {
    // Inside the project, so that 'cdk8s' and 'constructs' resolve from its node_modules.
    const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.readme-'));
    try {
      const files = blocks.map((block, index) => {
        const file = path.join(dir, `example-${index}.ts`);
        fs.writeFileSync(file, block.code.replace(/from 'cdk8s-ai-gateway'/g, `from '${path.join(ROOT, 'src')}'`));
        return file;
      });
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ['node'],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program)
        .map(d => `${path.basename(d.file?.fileName ?? '')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(diagnostics).toStrictEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(Object.keys(EXPECTATIONS))('the %s example synthesizes what it describes', (heading) => {
    const block = blocks.find(b => b.heading === heading);
    expect(block).toBeDefined();
    EXPECTATIONS[heading](run(block!.code));
  });
});
