import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** The README's NVCF example is code users copy: it must type-check and synthesize what it describes. */
const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## NVCF gateway routing\n'));
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];

describe('README NVCF example', () => {
  test('exists, is short and imports the package by its published name', () => {
    expect(readme).toContain('\n## NVCF gateway routing\n');
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

  test('synthesizes the gateway and routes it describes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-nvcf-'));
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      const js = ts.transpileModule(example!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const load = (id: string) => (id === 'cdk8s-ai-gateway' ? require('../../src') : require(id));
      new Function('require', 'exports', js)(load, {});

      const yaml = fs.readFileSync(path.join(outdir, 'nvcf.k8s.yaml'), 'utf8');
      expect(yaml).toContain('kind: Gateway\n');
      expect(yaml).toMatch(/name: tcp\n\s+port: 10081/);
      expect(yaml).toContain('- llm.invocation.nvcf.example.com');
      expect(yaml).toContain('apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute');
      expect((yaml.match(/kind: ReferenceGrant/g) ?? []).length).toBe(3);
    } finally {
      if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
