/**
 * Regenerates `imports/` from the pinned upstream CRDs in ../shared/crds with `cdk8s import`.
 *
 * Each imported module holds exactly one API version of one API group from one pinned upstream
 * release, so the module path says which is which (for example
 * `imports/gateway-api-v1.2.0/gateway.networking.k8s.io-v1alpha2.ts` holds the v1alpha2 TCPRoute,
 * `imports/gateway-api-v1.6.1/gateway.networking.k8s.io-v1.ts` the v1 one) and no class name depends
 * on the order of versions inside a CRD. `imports/sources.json` records, for every module, the upstream
 * project, release, tag, channel and the sha256 of each CRD file it was generated from.
 *
 * The CRD files are never copied into the project: the selected versions are written to a temporary
 * directory, imported from there, and only the generated code is kept.
 *
 * Usage: `npx projen import` (set CDK8S_AI_GATEWAY_CRDS to read the CRDs from another folder).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { CRDS_DIR, readUpstreamSources, requireCrdsDir, ROOT, sha256File } from './pinned-crds';

const OUT_DIR = path.join(ROOT, 'imports');

/** One pinned upstream release and the kinds/versions the library needs from it. */
interface ReleaseSpec {
  /** Folder under ../shared/crds, as listed in its SOURCES.md. */
  readonly folder: string;
  /** Folder under imports/ that holds this release's modules. */
  readonly module: string;
  /** kind → API versions to generate. */
  readonly kinds: Record<string, string[]>;
}

const RELEASES: ReleaseSpec[] = [
  {
    // The NVCF seed's release: TCPRoute/TLSRoute only as v1alpha2, ReferenceGrant only as v1beta1.
    folder: 'gateway-api/v1.2.0-experimental',
    module: 'gateway-api-v1.2.0',
    kinds: {
      GatewayClass: ['v1'],
      Gateway: ['v1'],
      HTTPRoute: ['v1'],
      GRPCRoute: ['v1'],
      TCPRoute: ['v1alpha2'],
      TLSRoute: ['v1alpha2'],
      ReferenceGrant: ['v1beta1'],
    },
  },
  {
    // The experimental channel is a superset of standard; TCPRoute, TLSRoute and ReferenceGrant are v1 here.
    folder: 'gateway-api/v1.6.1-experimental',
    module: 'gateway-api-v1.6.1',
    kinds: {
      GatewayClass: ['v1'],
      Gateway: ['v1'],
      HTTPRoute: ['v1'],
      GRPCRoute: ['v1'],
      TCPRoute: ['v1'],
      TLSRoute: ['v1'],
      ReferenceGrant: ['v1'],
      BackendTLSPolicy: ['v1'],
    },
  },
  {
    folder: 'envoy-gateway/v1.8.1',
    module: 'envoy-gateway-v1.8.1',
    kinds: {
      Backend: ['v1alpha1'],
      BackendTrafficPolicy: ['v1alpha1'],
      ClientTrafficPolicy: ['v1alpha1'],
      EnvoyProxy: ['v1alpha1'],
      SecurityPolicy: ['v1alpha1'],
    },
  },
  {
    // v1.1.0 serves both the seed's v1alpha1 and the current v1beta1.
    folder: 'ai-gateway/v1.1.0',
    module: 'ai-gateway-v1.1.0',
    kinds: {
      AIGatewayRoute: ['v1alpha1', 'v1beta1'],
      AIServiceBackend: ['v1alpha1', 'v1beta1'],
      BackendSecurityPolicy: ['v1alpha1', 'v1beta1'],
    },
  },
  {
    folder: 'cert-manager/v1.21.1',
    module: 'cert-manager-v1.21.1',
    kinds: {
      Certificate: ['v1'],
      ClusterIssuer: ['v1'],
      Issuer: ['v1'],
    },
  },
  {
    folder: 'inference-extension/v1.6.0',
    module: 'inference-extension-v1.6.0',
    kinds: {
      InferencePool: ['v1'],
    },
  },
];


interface CrdVersion {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly file: string;
  readonly crd: any;
}

function main() {
  requireCrdsDir();
  const upstream = readUpstreamSources();
  const cdk8s = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

  // Start from an empty imports/ so that a module dropped from RELEASES disappears too.
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });

  const sources: any[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ai-gateway-import-'));
  try {
    for (const release of RELEASES) {
      const origin = upstream.get(release.folder);
      if (!origin) {
        throw new Error(`${release.folder} is not listed in ${path.join(CRDS_DIR, 'SOURCES.md')}`);
      }
      const [project, channelSuffix] = splitFolder(release.folder);
      const found = readCrdVersions(path.join(CRDS_DIR, release.folder), release);

      // group/version → the single-version CRDs of that module.
      const modules = new Map<string, CrdVersion[]>();
      for (const v of found) {
        const key = `${v.group}-${v.version}`;
        modules.set(key, [...(modules.get(key) ?? []), v]);
      }

      for (const [key, versions] of [...modules.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const moduleDir = path.join(OUT_DIR, release.module);
        const moduleFile = `${key}.ts`;
        const staging = path.join(work, release.module, key);
        fs.mkdirSync(staging, { recursive: true });
        const input = path.join(staging, 'crds.yaml');
        fs.writeFileSync(input, versions.map(v => YAML.stringify(v.crd)).join('---\n'));

        execFileSync(process.execPath, [cdk8s, 'import', `${key}:=${input}`, '--language', 'typescript',
          '--output', staging, '--no-save', '--no-check-upgrade'], { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] });

        const generated = fs.readdirSync(staging).filter(f => f.endsWith('.ts'));
        if (generated.length !== 1) {
          throw new Error(`expected one generated module for ${release.module}/${key}, got: ${generated.join(', ')}`);
        }
        fs.mkdirSync(moduleDir, { recursive: true });
        fs.copyFileSync(path.join(staging, generated[0]), path.join(moduleDir, moduleFile));

        sources.push({
          module: `${release.module}/${key}`,
          apiVersion: `${versions[0].group}/${versions[0].version}`,
          kinds: versions.map(v => v.kind).sort(),
          project,
          channel: channelSuffix,
          repository: origin.repository,
          tag: origin.tag,
          upstreamPath: origin.path,
          crdFiles: [...new Set(versions.map(v => v.file))].sort().map(f => ({
            path: path.posix.join(release.folder, f),
            sha256: sha256File(path.join(CRDS_DIR, release.folder, f)),
          })),
        });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  const record = {
    '//': 'Generated by scripts/import-crds.ts (npx projen import) from the pinned CRDs in ../shared/crds. Do not edit.',
    'modules': sources,
  };
  fs.writeFileSync(path.join(OUT_DIR, 'sources.json'), JSON.stringify(record, null, 2) + '\n');
  console.log(`imports/: ${sources.length} modules from ${RELEASES.length} pinned releases`);
}


/** `gateway-api/v1.2.0-experimental` → ['gateway-api', 'experimental']; no suffix → the project's only channel. */
function splitFolder(folder: string): [string, string] {
  const [project, release] = folder.split('/');
  const channel = /-(experimental|standard)$/.exec(release)?.[1] ?? 'default';
  return [project, channel];
}

/** Every requested kind/version of a release, each as a CRD that serves that one version. */
function readCrdVersions(dir: string, release: ReleaseSpec): CrdVersion[] {
  const result: CrdVersion[] = [];
  const wanted = new Map(Object.entries(release.kinds));
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const kind: string = crd.spec.names.kind;
      const versions = wanted.get(kind);
      if (!versions) continue;
      for (const version of versions) {
        const served = (crd.spec.versions as any[]).find(v => v.name === version && v.served);
        if (!served) {
          throw new Error(`${release.folder}/${file}: ${kind} does not serve ${version}`);
        }
        result.push({
          kind,
          group: crd.spec.group,
          version,
          file,
          crd: { ...crd, spec: { ...crd.spec, versions: [served] } },
        });
      }
      wanted.delete(kind);
    }
  }
  if (wanted.size > 0) {
    throw new Error(`${release.folder}: no CRD for ${[...wanted.keys()].join(', ')}`);
  }
  return result;
}


main();
