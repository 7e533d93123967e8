import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPolyglotApp } from '../../examples/polyglot';

/** The reference the Python, Java and Go smoke apps are compared with (scripts/polyglot/run.sh). */
describe('examples/polyglot.ts: the declaration every language package is tested with', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'polyglot-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  buildPolyglotApp(outdir).synth();
  const yaml = fs.readFileSync(path.join(outdir, 'polyglot.k8s.yaml'), 'utf8');

  test('one file: the seed catalog on the NVCF gateway, with its wildcard certificate; the known objects beside it', () => {
    expect(fs.readdirSync(outdir).sort()).toStrictEqual(['cdk8s-ai-gateway.known', 'polyglot.k8s.yaml']);
    const kinds = [...yaml.matchAll(/^kind: (\S+)$/gm)].map(m => m[1]).sort();
    expect(kinds).toStrictEqual([
      'AIGatewayRoute', 'AIServiceBackend', 'AIServiceBackend', 'Backend', 'Backend', 'BackendSecurityPolicy',
      'Certificate', 'Certificate', 'Gateway', 'GatewayClass', 'Issuer', 'Issuer',
      'Namespace', 'Namespace', 'Namespace', 'Namespace',
    ]);
    for (const model of ['qwen3', 'qwen3-nairr', 'qwen3-combined']) expect(yaml).toContain(`value: ${model}\n`);
    expect(yaml).toContain('- "*.nvcf.example.com"');
  });

  test('snapshot', () => {
    expect(yaml).toMatchSnapshot();
  });

  test('snapshot of the known objects (scripts/polyglot/run.sh compares them too)', () => {
    expect(fs.readFileSync(path.join(outdir, 'cdk8s-ai-gateway.known'), 'utf8')).toMatchSnapshot();
  });
});
