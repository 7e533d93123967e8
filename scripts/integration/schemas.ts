// JSON schemas for kubeconform, converted from the same pinned CRDs the API server serves (../shared/crds).
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { env } from './lib';

const SETS: Record<string, string[]> = {
  'v1.6.1': ['gateway-api/v1.6.1-experimental', 'envoy-gateway/v1.8.1', 'ai-gateway/v1.1.0', 'cert-manager/v1.21.1', 'inference-extension/v1.6.0'],
  'v1.2.0': ['gateway-api/v1.2.0-experimental'],
};

/** OpenAPI v3 (structural, with Kubernetes extensions) to the JSON Schema kubeconform reads; strict objects. */
function convert(s: any): any {
  if (Array.isArray(s)) return s.map(convert);
  if (!s || typeof s !== 'object') return s;
  const out: any = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-')) continue;
    out[k] = (k === 'properties' || k === 'patternProperties')
      ? Object.fromEntries(Object.entries(v as any).map(([pk, pv]) => [pk, convert(pv)]))
      : convert(v);
  }
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.oneOf = [{ type: 'string' }, { type: 'integer' }];
  }
  if (s.properties && out.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  if (s.nullable) {
    delete out.nullable;
    if (out.type) out.type = [out.type, 'null'];
  }
  return out;
}

/** Writes the schemas of one release set into the run directory; returns kubeconform's -schema-location template. */
export function schemaLocations(runDir: string, set: 'v1.2.0' | 'v1.6.1'): string {
  const dir = path.join(runDir, 'schemas', set);
  if (!fs.existsSync(dir)) {
    for (const d of SETS[set]) {
      const crdDir = path.join(env('INTEGRATION_CRDS'), d);
      for (const f of fs.readdirSync(crdDir).filter((x) => x.endsWith('.yaml'))) {
        for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(crdDir, f), 'utf8'))) {
          const crd = doc.toJSON();
          if (crd?.kind !== 'CustomResourceDefinition') continue;
          for (const v of crd.spec.versions) {
            if (!v.served || !v.schema?.openAPIV3Schema) continue;
            const schema = convert(v.schema.openAPIV3Schema);
            schema.properties = { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
            const file = path.join(dir, crd.spec.group, `${crd.spec.names.kind.toLowerCase()}_${v.name}.json`);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, JSON.stringify(schema));
          }
        }
      }
    }
  }
  return `${dir}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
}
