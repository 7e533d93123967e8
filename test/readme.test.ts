import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The README's usage example is code users copy: it must type-check against the library and synthesize
 * what it says.
 */
const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];

describe('README usage example', () => {
  test('exists and imports the package by its published name', () => {
    expect(example).toBeDefined();
    expect(example).toContain("from 'cdk8s-ai-gateway'");
    expect(example!.split('\n').filter(line => line.trim().length > 0).length).toBeLessThanOrEqual(20);
  });

  test('type-checks against the library', () => {
    // Inside the project, so that 'cdk8s' and 'constructs' resolve from its node_modules.
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

  test('synthesizes the grant it describes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir; // where `new App()` writes when no outdir is given
    try {
      const js = ts.transpileModule(example!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const load = (id: string) => (id === 'cdk8s-ai-gateway' ? require('../src') : require(id));
      new Function('require', 'exports', js)(load, {});

      const yaml = fs.readFileSync(path.join(outdir, 'nvcf-platform.k8s.yaml'), 'utf8');
      expect(yaml).toContain('apiVersion: gateway.networking.k8s.io/v1beta1');
      expect(yaml).toContain('kind: ReferenceGrant');
      expect(yaml).toMatch(/namespace: envoy-gateway/);
      expect(yaml).toMatch(/name: api-keys\n/);
      expect(yaml).toMatch(/name: api-keys-admin\n/);
    } finally {
      if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
