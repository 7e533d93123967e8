import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** The README's TLS example is code users copy: it must type-check and synthesize what it says. */
const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## TLS and domains\n'));
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];

describe('README TLS example', () => {
  test('exists and imports the package by its published name', () => {
    expect(readme).toContain('\n## TLS and domains\n');
    expect(example).toContain("from 'cdk8s-ai-gateway'");
  });

  test('type-checks against the library', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.readme-tls-'));
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
        types: ['node'],
      });
      expect(ts.getPreEmitDiagnostics(program).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toStrictEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('synthesizes the issuer and the wildcard certificate it describes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-tls-'));
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const js = ts.transpileModule(example!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const load = (id: string) => (id === 'cdk8s-ai-gateway' ? require('../../src') : require(id));
      new Function('require', 'exports', js)(load, {});

      expect(log).toHaveBeenCalledWith('api.ai-gateway.example.com');
      const yaml = fs.readFileSync(path.join(outdir, 'platform-tls.k8s.yaml'), 'utf8');
      expect(yaml).toContain('kind: Issuer\n');
      expect(yaml).toContain('server: https://acme-staging-v02.api.letsencrypt.org/directory');
      expect(yaml).toContain('name: cloudflare-api-token');
      expect(yaml).toContain('- "*.ai-gateway.example.com"');
      expect(yaml).toContain('secretName: ai-gateway-example-com-wildcard-tls');
    } finally {
      log.mockRestore();
      if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
