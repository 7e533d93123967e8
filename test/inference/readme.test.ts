import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** The README's inference example is code users copy: it must type-check and synthesize the rollout it describes. */
const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Inference pools'));
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];

describe('README inference example', () => {
  test('type-checks against the library', () => {
    expect(example).toContain("from 'cdk8s-ai-gateway'");
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
      expect(ts.getPreEmitDiagnostics(program).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toStrictEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('synthesizes the 90/10 route, the grant and the Istio rules', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-inference-'));
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      const js = ts.transpileModule(example!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const load = (id: string) => (id === 'cdk8s-ai-gateway' ? require('../../src') : require(id));
      new Function('require', 'exports', js)(load, {});
      const yaml = fs.readFileSync(path.join(outdir, 'llm.k8s.yaml'), 'utf8');
      expect(yaml).toMatch(/name: llama-v1\n\s+namespace: llm\n\s+weight: 90\n/);
      expect(yaml).toMatch(/name: llama-v2\n\s+namespace: llm\n\s+weight: 10\n/);
      expect(yaml).toContain('kind: ReferenceGrant');
      expect(yaml.match(/kind: DestinationRule/g)).toHaveLength(2);
    } finally {
      if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
