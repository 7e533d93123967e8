import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** The README's model routing example is code users copy: it must type-check and synthesize what it says. */
const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Envoy AI Gateway model routing'));
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];

describe('README model routing example', () => {
  test('exists, is short and imports the package by its published name', () => {
    expect(readme).toContain('## Envoy AI Gateway model routing');
    expect(example).toBeDefined();
    expect(example).toContain("from 'cdk8s-ai-gateway'");
    expect(example!.split('\n').filter(line => line.trim().length > 0).length).toBeLessThanOrEqual(20);
  });

  test('type-checks against the library', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.readme-'));
    try {
      const file = path.join(dir, 'example.ts');
      fs.writeFileSync(file, example!.replace("from 'cdk8s-ai-gateway'", `from '${path.join(ROOT, 'src')}'`));
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        esModuleInterop: true,
        skipLibCheck: true,
        types: [],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toStrictEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('synthesizes the route, backend and policy it describes, and prints the prune command', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-ai-'));
    const previous = process.env.CDK8S_OUTDIR;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.CDK8S_OUTDIR = outdir;
    try {
      const js = ts.transpileModule(example!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const load = (id: string) => (id === 'cdk8s-ai-gateway' ? require('../../src') : require(id));
      new Function('require', 'exports', js)(load, {});

      const yaml = fs.readFileSync(path.join(outdir, 'ai-models.k8s.yaml'), 'utf8');
      for (const kind of ['AIGatewayRoute', 'AIServiceBackend', 'Backend', 'BackendSecurityPolicy', 'Gateway', 'GatewayClass', 'EnvoyProxy', 'ClientTrafficPolicy']) {
        expect(yaml).toContain(`kind: ${kind}\n`);
      }
      expect(yaml).toContain('value: qwen3\n');
      expect(yaml).toContain('applyset.kubernetes.io/part-of: applyset-');
      expect(log).toHaveBeenCalledWith('KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset=ai-models -n nrp-llm -f dist/ai-models.k8s.yaml');
    } finally {
      log.mockRestore();
      if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
