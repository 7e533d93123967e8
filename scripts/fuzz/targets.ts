/**
 * What the fuzzer aims at: every served version of every pinned CRD (../shared/crds, read at run time, never
 * copied), with its schema, and the valid objects the project's tests already hold for it (seed corpus).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { readKubeDocuments } from '../../src/validation/kube-yaml';
import { CRDS_DIR, ROOT, requireCrdsDir } from '../pinned-crds';

/** One served version of one CRD of one pinned release folder. */
export interface Target {
  /** The release folder under shared/crds: 'gateway-api/v1.6.1-standard'. */
  readonly release: string;
  /** The project: 'gateway-api', 'envoy-gateway', ... (the CRD family of the report). */
  readonly project: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespaced: boolean;
  readonly statusSubresource: boolean;
  readonly schema: any;
  /** The offline validator's release option for this folder. */
  readonly releases: { [project: string]: string };
}

/** '<release>/<group>/<version>/<Kind>'. */
export function targetKey(t: Target): string {
  return `${t.release}/${t.group}/${t.version}/${t.kind}`;
}

/** Every served version of every CRD under the pinned CRDs folder, in a stable order. */
export function loadTargets(): Target[] {
  requireCrdsDir();
  const targets: Target[] = [];
  for (const project of fs.readdirSync(CRDS_DIR).sort()) {
    const projectDir = path.join(CRDS_DIR, project);
    if (!fs.statSync(projectDir).isDirectory()) continue;
    for (const folder of fs.readdirSync(projectDir).sort()) {
      const dir = path.join(projectDir, folder);
      if (!fs.statSync(dir).isDirectory()) continue;
      const release = `${project}/${folder}`;
      const releases = { [project]: releaseOption(project, folder) };
      for (const file of fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort()) {
        for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
          const crd = doc.toJS({ maxAliasCount: -1 });
          if (crd?.kind !== 'CustomResourceDefinition') continue;
          for (const v of crd.spec.versions ?? []) {
            if (!v.served) continue;
            targets.push({
              release,
              project,
              group: crd.spec.group,
              version: v.name,
              kind: crd.spec.names.kind,
              apiVersion: `${crd.spec.group}/${v.name}`,
              namespaced: crd.spec.scope === 'Namespaced',
              statusSubresource: v.subresources?.status !== undefined,
              schema: v.schema?.openAPIV3Schema ?? {},
              releases,
            });
          }
        }
      }
    }
  }
  return targets;
}

/** 'v1.2.0-experimental' → 'v1.2.0' (experimental is the default channel), 'v1.6.1-standard' stays. */
function releaseOption(project: string, folder: string): string {
  return project === 'gateway-api' ? folder.replace(/-experimental$/, '') : folder;
}

/**
 * Objects of the project's tests, keyed by 'apiVersion/Kind': seeds of the fuzzer beside the ones it builds from the
 * schemas. They are what our constructs emit (the example app and the integration test charts, synthesized here in
 * memory) and the hand-written YAML of the integration corpus and fixtures.
 */
export function loadCorpus(): Map<string, any[]> {
  const result = new Map<string, any[]>();
  const add = (object: any) => {
    if (!object || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return;
    const key = `${object.apiVersion}/${object.kind}`;
    result.set(key, [...result.get(key) ?? [], object]);
  };
  for (const object of chartObjects()) add(object);
  const dirs = ['corpus', 'fixtures'].map(d => path.join(ROOT, 'test', 'integration', d));
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
      for (const doc of readKubeDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) add(doc.value);
    }
  }
  return result;
}

/**
 * Every object of the example apps (examples/nvcf-platform.ts: the app and its Gateway API v1.6 variant) and of the integration test charts
 * (test/integration/charts/*.ts, each exporting `build(outdir): App`), in chart order. Nothing is written: the
 * charts are rendered with `toJson()`, which also runs the synth-time validation they carry.
 */
function chartObjects(): any[] {
  const apps: App[] = [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(path.join(ROOT, 'examples', 'nvcf-platform')) as { EXAMPLE_APPS: { build(outdir: string): App }[] };
  apps.push(...example.EXAMPLE_APPS.map(({ build }) => build(path.join(ROOT, 'dist', 'fuzz-seeds'))));
  const chartsDir = path.join(ROOT, 'test', 'integration', 'charts');
  if (fs.existsSync(chartsDir)) {
    // The ACME chart trusts the run's Pebble root, which exists only during an integration run; any CA certificate
    // gives the same objects but for the bundle's bytes.
    process.env.INTEGRATION_ACME_CA_FILE ??= path.join(ROOT, 'test', 'tls', 'fixtures', 'test-acme-ca.pem');
    for (const file of fs.readdirSync(chartsDir).filter(f => f.endsWith('.ts')).sort()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const chart = require(path.join(chartsDir, file)) as { build(outdir: string): App };
      apps.push(chart.build(path.join(ROOT, 'dist', 'fuzz-seeds')));
    }
  }
  return apps.flatMap(app => app.charts.flatMap(chart => chart.toJson()));
}
