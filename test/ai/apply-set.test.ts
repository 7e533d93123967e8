import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { AiBackend, AiGateway, AiModelRoute, ApplySet, Gateway } from '../../src';

function appIn(dir: string): App {
  return new App({ outdir: dir });
}

/** The heredoc bodies of the script, per kubectl command line that reads them. */
function commands(script: string): { command: string; body: string }[] {
  const out: { command: string; body: string }[] = [];
  const re = /^(.*) <<'([A-Z0-9_]+)'\n([\s\S]*?)^\2$/gm;
  for (let m = re.exec(script); m !== null; m = re.exec(script)) out.push({ command: m[1], body: m[3] });
  return out;
}

describe('ApplySet', () => {
  test('the id is the one kubectl derives from the parent Secret; members carry no part-of label (kubectl sets it and refuses input with it)', () => {
    const chart = Testing.chart();
    const set = new ApplySet(chart, 'prune', { name: 'ai-models', namespace: 'llm' });
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
    new AiModelRoute(chart, 'r', { gateway, name: 'r', models: [{ name: 'm', backends: [{ backend: AiBackend.fromFqdn('v.llm.svc', 80, { name: 'v' }) }] }] });
    // applyset-<base64url(sha256("<name>.<namespace>.Secret.")) without padding>-v1, as kubectl 1.36 labels members.
    expect(set.id).toBe('applyset-lr8gltMsTWslEtSzNTxKoZickeaMG8qb3n_dcMoIjag-v1');
    expect(ApplySet.idOf('ai-models', 'llm')).toBe(set.id);
    for (const o of Testing.synth(chart)) expect(o.metadata.labels?.['applyset.kubernetes.io/part-of']).toBeUndefined();
    expect(set.pruneCommand()).toBe('bash dist/ai-models.apply.sh');
    expect(set.pruneCommand('dist/example')).toBe('bash dist/example/ai-models.apply.sh');
  });

  test('a chart in one namespace: one set, its cluster-scoped objects in it, the declared namespace applied first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'applyset-'));
    const app = appIn(dir);
    const chart = new Chart(app, 'ai');
    const set = new ApplySet(chart, 'prune', { name: 'ai-models', namespace: 'llm' });
    new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm' }); // creates its namespace
    app.synth();
    expect(set.namespaces).toStrictEqual(['llm']);
    expect(set.applyCommands).toStrictEqual(['KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset=ai-models -n llm -f -']);
    const script = fs.readFileSync(path.join(dir, 'ai-models.apply.sh'), 'utf8');
    expect(() => fs.accessSync(path.join(dir, 'ai-models.apply.sh'), fs.constants.X_OK)).not.toThrow();
    const parts = commands(script);
    expect(parts.map(p => p.command)).toStrictEqual([
      '"$KUBECTL" "$@" apply --server-side -f -',
      '"$KUBECTL" "$@" apply --server-side --prune --applyset=ai-models -n llm -f -',
    ]);
    expect(parts[0].body).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: llm\nspec:\n  finalizers:\n    - kubernetes\n');
    // Every object of the chart is in the set, exactly once, cluster-scoped ones (Namespace, GatewayClass) included.
    const yaml = fs.readFileSync(path.join(dir, 'ai.k8s.yaml'), 'utf8').split('---\n').sort();
    expect(parts[1].body.split('---\n').sort()).toStrictEqual(yaml);
    expect(script).toContain('current=" llm "');
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain('set -euo pipefail');
  });

  test('a chart spanning namespaces: one set per namespace, the home set first, each with only its namespace\'s objects', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'applyset-'));
    const app = appIn(dir);
    const chart = new Chart(app, 'ai');
    const set = new ApplySet(chart, 'prune', { name: 'ai-models', namespace: 'llm' });
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm' });
    const route = new AiModelRoute(chart, 'r', { gateway, name: 'r' });
    route.addModel({ name: 'a', backends: [{ backend: AiBackend.fromFqdn('a.example.com', 443, { name: 'a', namespace: 'zeta' }) }] });
    route.addModel({ name: 'b', backends: [{ backend: AiBackend.fromFqdn('b.example.com', 443, { name: 'b', namespace: 'beta' }) }] });
    app.synth();
    expect(set.namespaces).toStrictEqual(['llm', 'beta', 'zeta']);
    const [namespaceFirst, ...parts] = commands(fs.readFileSync(path.join(dir, 'ai-models.apply.sh'), 'utf8'));
    expect(namespaceFirst.command).toBe('"$KUBECTL" "$@" apply --server-side -f -'); // the gateway's namespace 'llm'
    expect(parts.map(p => p.command)).toStrictEqual(['llm', 'beta', 'zeta'].map(ns =>
      `"$KUBECTL" "$@" apply --server-side --prune --applyset=ai-models -n ${ns} -f -`));
    for (const [i, ns] of ['llm', 'beta', 'zeta'].entries()) {
      const namespaces = [...parts[i].body.matchAll(/^ {2}namespace: (.*)$/gm)].map(m => m[1]);
      expect(new Set(namespaces)).toStrictEqual(new Set([ns]));
    }
    // The GatewayClass (cluster-scoped) is in the home set.
    expect(parts[0].body).toContain('kind: GatewayClass');
  });

  test('refuses members that carry the part-of label, and an empty chart', () => {
    const chart = Testing.chart();
    new ApplySet(chart, 'prune', { name: 'ai-models', namespace: 'llm' });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'llm', labels: { 'applyset.kubernetes.io/part-of': 'x' } } });
    expect(() => Testing.synth(chart)).toThrow(/ApplySet 'test\/prune': ConfigMap 'c' \(construct test\/cm\) carries the label 'applyset.kubernetes.io\/part-of'.*Remove the label/);
    const empty = Testing.chart();
    new ApplySet(empty, 'prune', { name: 'ai-models', namespace: 'llm' });
    expect(() => Testing.synth(empty)).toThrow(/has no object to apply/);
  });

  test('a name or namespace that is not a valid Kubernetes name fails at construction, naming the field', () => {
    expect(() => new ApplySet(Testing.chart(), 'prune', { name: 'Bad_Name', namespace: 'llm' })).toThrow(/ApplySet 'test\/prune': name 'Bad_Name'/);
    expect(() => new ApplySet(Testing.chart(), 'prune', { name: 'ok', namespace: 'no.dots' })).toThrow(/namespace 'no.dots'/);
  });
});
